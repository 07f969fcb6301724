import { afterAll, describe, expect, it } from 'vitest';
import { generateItems } from '../helpers/generated-news.js';
import { PrivateRedis } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../reliability/harness.js';

const ITEMS = 600;
const processes: ServiceProcess[] = [];
let redis: PrivateRedis | undefined;
let rig: Rig | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await rig?.close();
  await redis?.destroy();
});

describe('Redis (append-only) killed and restarted during a replay', () => {
  it('the service reconnects by itself and every queued item still ends in its alert, once', async () => {
    redis = await PrivateRedis.start();
    const items = generateItems(ITEMS, { matchShare: 0.1, seed: 41 });
    const positives = items.filter((i) => i.positive).length;
    rig = await startRig(uniquePrefix('redis-restart'), items, redis.url);
    const service = await startServiceProcess(writeConfig(rig.raw), 'fetch,analyze,deliver');
    processes.push(service);

    // Acknowledged: pushFeed returns once Redis has accepted every fetch job.
    expect(await pushFeed(rig, items)).toBe(ITEMS);
    const receipts = rig.receipts;
    await waitFor('the first alerts', () => receipts.alertIds().size >= 3, 60_000);
    await redis.stop('SIGKILL');
    expect(receipts.alertIds().size).toBeLessThan(positives); // killed mid-replay
    await new Promise((r) => setTimeout(r, 1500)); // the service sees Redis gone for a while
    await redis.restart();

    await waitFor('every alert after the restart', () => receipts.alertIds().size >= positives, 90_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receipts.alertIds().size).toBe(positives);
    expect(receipts.versionsOnce()).toBe(true);
    expect(service.child.exitCode).toBeNull(); // it rode out the outage without exiting
  }, 150_000);
});
