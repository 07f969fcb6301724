import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.js';

// `npm test` with no Redis where it looks: it starts one as `start` does, or stops
// within seconds with the way out (it used to print ECONNREFUSED for minutes).

const ROOT = process.cwd();
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
// A quick file that needs Redis.
const PROBE = 'tests/alerts/silences.test.ts';
const bin = mkdtempSync(join(tmpdir(), 'sw-nobin-'));
symlinkSync(process.execPath, join(bin, 'node'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function vitest(env: NodeJS.ProcessEnv) {
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [VITEST, 'run', PROBE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { ...run, ms: Date.now() - t0, out: `${run.stdout}${run.stderr}` };
}

describe('the test suite without a Redis', () => {
  it('starts a private redis-server when redis-server is installed, and stops it afterwards', async () => {
    const port = await freePort();
    const run = vitest({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(run.status, run.out.slice(-3000)).toBe(0);
    const pid = Number(run.out.match(/started redis-server \(pid (\d+)\)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    const gone = () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    for (let i = 0; i < 30 && !gone(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(gone()).toBe(true); // stopped after the run
  }, 130_000);

  it('stops within seconds with the way out when none can be started', async () => {
    const port = await freePort();
    const run = vitest({ REDIS_URL: `redis://127.0.0.1:${port}`, PATH: bin });
    expect(run.status).not.toBe(0);
    expect(run.out).toContain(`npm test needs Redis at redis://127.0.0.1:${port}`);
    expect(run.out).toContain('docker compose up -d redis');
    expect(run.out).not.toContain('ECONNREFUSED');
    expect(run.ms).toBeLessThan(20_000);
  }, 130_000);
});
