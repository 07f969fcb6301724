import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';
import { deletePrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, writeConfig } from '../helpers/worker-process.js';

// `replay` beside a running service on the same Redis and prefix (issue 16): the service's
// workers took the replay's jobs, so `replay --json` left out alerts that were raised, and
// an unrelated delivery delayed for minutes kept the replay waiting.

const ROOT = process.cwd();
const FEED = join(ROOT, 'examples/feeds/le-sahelien.atom');
const shared = uniquePrefix('replay-shared');
const alone = uniquePrefix('replay-alone');
const redis = testRedis();
let service: ServiceProcess | undefined;

afterAll(async () => {
  await service?.kill();
  await deletePrefix(shared);
  await deletePrefix(alone);
  redis.disconnect();
});

function configFor(prefix: string): string {
  return writeConfig({ redis: { url: TEST_REDIS_URL, prefix }, indicators: { dir: join(ROOT, 'indicators'), hot_reload: false } });
}

function replay(config: string) {
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [...CLI_SOURCES, '--config', config, 'replay', FEED, '--json', '--timeout', '60'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    timeout: 90_000,
  });
  const ids = String(run.stdout)
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string; indicator: string }).indicator)
    .sort();
  return { status: run.status, stderr: String(run.stderr), ids, ms: Date.now() - t0 };
}

describe('replay beside a running service', () => {
  it('prints exactly the alerts its items raise, waits only for its own work, and leaves no queue behind', async () => {
    const baseline = replay(configFor(alone));
    expect(baseline.status, baseline.stderr).toBe(0);
    expect(baseline.ids.length).toBeGreaterThan(0);

    const config = configFor(shared);
    service = await startServiceProcess(config, 'fetch,analyze,deliver');
    // Someone's dead-letter retry, due in ten minutes, in the service's delivery queue.
    const deliver = new Queue('deliver', { connection: redis, prefix: shared });
    await deliver.add('unrelated-retry', { key: 'unrelated' }, { delay: 600_000, jobId: 'unrelated-retry' });
    await deliver.close();

    const run = replay(config);
    expect(run.status, run.stderr).toBe(0);
    expect(run.ids).toEqual(baseline.ids);
    expect(run.ms).toBeLessThan(45_000);
    // The run's own queues are gone; the service's delayed job is untouched.
    expect(await redis.keys(`${shared}-replay-run-*`)).toEqual([]);
    expect(await redis.exists(`${shared}:deliver:unrelated-retry`)).toBe(1);
  }, 180_000);
});
