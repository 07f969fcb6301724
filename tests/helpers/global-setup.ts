import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/log.js';
import { ensureRedis, startedRedis } from '../../src/queue/redis.js';
import { TEST_REDIS_URL } from './redis.js';

/**
 * Before any test file: a Redis must answer at TEST_REDIS_URL. As `start` does, a
 * local URL with nothing on it gets a private redis-server (data in a temporary
 * folder, stopped after the run); otherwise the run stops at once with the way out,
 * instead of every file failing with ECONNREFUSED for minutes.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-test-redis-'));
  try {
    // The test run owns its URL: a private Redis may stand in for it, credentials aside.
    await ensureRedis(TEST_REDIS_URL, silentLogger, dir, TEST_REDIS_URL);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm test needs Redis at ${TEST_REDIS_URL} (REDIS_URL overrides). ${(err as Error).message}`);
  }
  const started = startedRedis;
  if (!started) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  process.stderr.write(`tests: no Redis answered at ${TEST_REDIS_URL}; started redis-server (pid ${started.pid}) for this run.\n`);
  return () => {
    try {
      process.kill(started.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
