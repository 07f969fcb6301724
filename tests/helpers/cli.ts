import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEST_REDIS_URL } from './redis.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node arguments that run the CLI from the TypeScript sources, as `npm test` tests
 * them: a child process sees the code under test, never a dist/ build that may be
 * older. (`bin/sahelwatch.js` runs dist/; tests/packaging checks that path.)
 * Absolute, so a child may run in any working directory.
 */
export const CLI_SOURCES = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/main.ts')];

/** The CLI from the sources with this config file, and no DATABASE_URL of the test run's: the config says where the record is. */
export function cliWithConfig(config: string, args: string[]) {
  const run = spawnSync(process.execPath, [...CLI_SOURCES, '--config', config, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' }, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The CLI run from a scratch directory that is not the checkout, with project folders in
 * it: `project(name, indicators)` writes a config whose indicators sit beside it under a
 * relative name (`shipped` copies indicators/, `empty` makes the folder, `none` leaves it out).
 */
export function awayFromCheckout(prefix: string) {
  const root = process.cwd();
  const away = mkdtempSync(join(tmpdir(), 'sw-cli-'));
  const cleanup = () => rmSync(away, { recursive: true, force: true });
  function cli(args: string[], options: SpawnSyncOptions = {}) {
    const started = Date.now();
    const run = spawnSync(process.execPath, [...CLI_SOURCES, ...args], {
      cwd: away,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn', ...(options.env ?? {}) },
      timeout: 60_000,
      ...options,
    });
    return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr), ms: Date.now() - started };
  }
  function project(name: string, indicators: 'shipped' | 'empty' | 'none', extra = ''): string {
    const dir = join(away, name);
    mkdirSync(dir, { recursive: true });
    if (indicators === 'shipped') cpSync(join(root, 'indicators'), join(dir, 'watch'), { recursive: true });
    if (indicators === 'empty') mkdirSync(join(dir, 'watch'));
    const file = join(dir, 'sahelwatch.yaml');
    writeFileSync(file, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nindicators: { dir: watch, hot_reload: false }\n${extra}`);
    return file;
  }
  return { root, away, cli, project, cleanup };
}
