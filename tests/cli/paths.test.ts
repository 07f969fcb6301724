import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

// Paths in the config resolve against the config file, and zero indicators is never a green
// (issue 16): the real CLI in a child process, run from a directory that is not the checkout.

const ROOT = process.cwd();
const MAIN = CLI_SOURCES;
const away = mkdtempSync(join(tmpdir(), 'sw-cli-'));
const prefix = uniquePrefix('cli-paths');
afterAll(async () => {
  await deletePrefix(prefix);
  rmSync(away, { recursive: true, force: true });
});

function cli(args: string[], options: SpawnSyncOptions = {}) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [...MAIN, ...args], {
    cwd: away,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn', ...(options.env ?? {}) },
    timeout: 60_000,
    ...options,
  });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr), ms: Date.now() - started };
}

/** A config folder elsewhere, its indicators beside it, named relatively. */
function project(name: string, indicators: 'shipped' | 'empty' | 'none', extra = ''): string {
  const dir = join(away, name);
  mkdirSync(dir, { recursive: true });
  if (indicators === 'shipped') cpSync(join(ROOT, 'indicators'), join(dir, 'watch'), { recursive: true });
  if (indicators === 'empty') mkdirSync(join(dir, 'watch'));
  const file = join(dir, 'sahelwatch.yaml');
  writeFileSync(file, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nindicators: { dir: watch, hot_reload: false }\n${extra}`);
  return file;
}

describe('paths and zero indicators', () => {
  it('check resolves indicators.dir against the config file, not the working directory', () => {
    const config = project('relative', 'shipped');
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(join(away, 'relative', 'watch', 'kayes-convoy-interdiction.yaml'));
    expect(run.stdout.match(/^✓ .*\.yaml \(\d+\/\d+ examples pass\)$/gm)?.length).toBe(4);
  });

  it('check with no indicators fails and says where it looked', () => {
    for (const kind of ['empty', 'none'] as const) {
      const config = project(`zero-${kind}`, kind);
      const run = cli(['--config', config, 'check']);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`✗ ${join(away, `zero-${kind}`, 'watch')}`);
      expect(run.stdout).toMatch(kind === 'empty' ? /no indicators loaded .*holds no \*\.yaml indicator files/ : /no indicators loaded .*no such folder/);
    }
  });

  it('check with no config file here says that defaults apply, and fails on the missing indicators', () => {
    const run = cli(['check']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`✓ no sahelwatch.yaml in ${away}: defaults`);
    expect(run.stdout).toMatch(/✗ indicators\n {2}no indicators loaded from indicators: no such folder/);
  });

  it('start and replay refuse to run with zero indicators', () => {
    const config = project('zero-start', 'empty');
    for (const args of [['start'], ['replay', join(ROOT, 'examples/feeds/le-sahelien.atom')]]) {
      const run = cli(['--config', config, ...args]);
      expect(run.status, args[0]).toBe(1);
      expect(run.stderr).toMatch(/^sahelwatch: no indicators loaded from /);
    }
  });
});
