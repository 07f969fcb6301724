import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DeadLetters } from '../../src/delivery/dead-letters.js';
import { closeQueues, openQueues } from '../../src/queue/queues.js';
import { generateItems } from '../helpers/generated-news.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../reliability/harness.js';
import { CLI_SOURCES } from '../helpers/cli.js';

const run = promisify(execFile);
const prefix = uniquePrefix('deadletters');
const redis = testRedis();
const processes: ServiceProcess[] = [];
let rig: Rig | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await rig?.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('a webhook receiver that is down for the whole run', () => {
  it('dead-letters every delivery, leaves the rest of the pipeline alone, and a CLI retry delivers each once', async () => {
    const items = generateItems(60, { matchShare: 0.1, seed: 11 });
    const positives = items.filter((i) => i.positive).length;
    let down = true;
    rig = await startRig(prefix, items, undefined, () => (down ? 503 : 200));
    // Few, quick retries so the letters land within the test's time.
    Object.assign(rig.raw.delivery as object, { attempts: 2, backoff_ms: 50 });
    const configFile = writeConfig(rig.raw);
    processes.push(await startServiceProcess(configFile, 'fetch,analyze,deliver'));

    expect(await pushFeed(rig, items)).toBe(items.length);
    const letters = new DeadLetters({ redis, prefix });
    const queues = openQueues(redis.duplicate(), prefix);
    try {
      // Nothing else affected: every item is fetched and analysed, none fails.
      const idle = { failed: 0, waiting: 0, active: 0, delayed: 0 };
      const types = ['failed', 'waiting', 'active', 'delayed'] as const;
      const settled = async () =>
        JSON.stringify(await queues.fetch.getJobCounts(...types)) === JSON.stringify(idle) &&
        JSON.stringify(await queues.analyze.getJobCounts(...types)) === JSON.stringify(idle);
      await waitFor('fetch and analyze settled', settled, 60_000);
      await waitFor('every delivery dead-lettered', async () => (await letters.list()).length >= positives, 60_000);
      expect(await queues.analyze.getJobCounts('completed')).toEqual({ completed: items.length });
    } finally {
      await closeQueues(queues);
    }
    expect(rig.receipts.byKey.size).toBe(0);

    down = false;
    const keys = (await letters.list()).map((l) => l.key);
    expect(keys).toHaveLength(positives);
    const { stdout } = await run(process.execPath, [...CLI_SOURCES, '--config', configFile, 'deadletters', 'retry', ...keys]);
    expect(stdout.trim().split('\n')).toHaveLength(positives);

    const receipts = rig.receipts;
    await waitFor('every retried delivery', () => receipts.byKey.size >= positives, 30_000);
    await new Promise((r) => setTimeout(r, 1000)); // a second copy would arrive now
    expect([...receipts.byKey.keys()].sort()).toEqual([...keys].sort());
    expect(receipts.repeats).toBe(0);
    expect(await letters.list()).toHaveLength(0);
  }, 120_000);
});
