import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node arguments that run the CLI from the TypeScript sources, as `npm test` tests
 * them: a child process sees the code under test, never a dist/ build that may be
 * older. (`bin/sahelwatch.js` runs dist/; tests/packaging checks that path.)
 * Absolute, so a child may run in any working directory.
 */
export const CLI_SOURCES = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/main.ts')];
