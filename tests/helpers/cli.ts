/**
 * Node arguments that run the CLI from the TypeScript sources, as `npm test` tests
 * them: a child process sees the code under test, never a dist/ build that may be
 * older. (`bin/sahelwatch.js` runs dist/; tests/packaging checks that path.)
 */
export const CLI_SOURCES = ['--import', 'tsx', 'src/cli/main.ts'];
