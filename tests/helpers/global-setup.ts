import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/log.js';
import { ensureRedis, startedRedis } from '../../src/queue/redis.js';
import { createTestDatabase, TEST_DATABASE_URL } from './record.js';
import { TEST_REDIS_URL } from './redis.js';

/**
 * Before any test file: a Redis must answer at TEST_REDIS_URL, and PostgreSQL at TEST_DATABASE_URL. As `start` does, a
 * local URL with nothing on it gets a private redis-server (data in a temporary
 * folder, stopped after the run); otherwise the run stops at once with the way out,
 * instead of every file failing with ECONNREFUSED for minutes.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const stopRedis = await setupRedis();
  const dropDatabase = await setupDatabase();
  return async () => {
    stopRedis?.();
    await dropDatabase();
  };
}

/**
 * A PostgreSQL database of the run's own, named to every test process and every
 * service it spawns through DATABASE_URL (so `start` and `replay` keep their
 * record there, not in an embedded store per temporary folder); dropped at the end.
 */
async function setupDatabase(): Promise<() => Promise<void>> {
  try {
    const db = await createTestDatabase('run');
    process.env.DATABASE_URL = db.url;
    return db.drop;
  } catch (err) {
    throw new Error(`npm test needs PostgreSQL at ${TEST_DATABASE_URL} (TEST_DATABASE_URL overrides): ${(err as Error).message}`);
  }
}

async function setupRedis(): Promise<(() => void) | undefined> {
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
