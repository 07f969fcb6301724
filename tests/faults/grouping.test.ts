import { afterAll, describe, expect, it } from 'vitest';
import { generateItems } from '../helpers/generated-news.js';
import { PrivateRedis } from '../helpers/processes.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../reliability/harness.js';

/**
 * Grouped delivery (route group_by) under the faults the single-delivery path
 * is tested against: its group state, what each flush took and the per-version
 * markers are in Redis, so every alert version still reaches the receiver in
 * exactly one group message.
 */
const ROLES = 'fetch,analyze,deliver';
const GROUPED_ROUTE = { receivers: ['chat'], group_by: ['indicator'], group_wait: '1s', group_interval: '1s' };
const processes: ServiceProcess[] = [];
const prefixes: string[] = [];
const rigs: Rig[] = [];
let redis: PrivateRedis | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  for (const rig of rigs) await rig.close();
  for (const prefix of prefixes) await deletePrefix(prefix);
  await redis?.destroy();
});

/** The rig with its route grouped, and a config file for service processes. */
async function groupedRig(prefix: string, items: ReturnType<typeof generateItems>, redisUrl: string, sinkStatus?: () => number): Promise<{ rig: Rig; configFile: string }> {
  const rig = await startRig(prefix, items, redisUrl, sinkStatus);
  rigs.push(rig);
  (rig.raw.delivery as Record<string, unknown>).route = GROUPED_ROUTE;
  return { rig, configFile: writeConfig(rig.raw) };
}

function expectEachVersionOnceInGroups(rig: Rig, positives: number): void {
  const receipts = rig.receipts;
  expect(receipts.alertIds().size).toBe(positives);
  expect(receipts.versionsOnce()).toBe(true);
  // Grouping happened: fewer messages than alert versions told.
  expect(receipts.messages.size).toBeLessThan(receipts.byKey.size);
}

describe('grouped delivery under faults', () => {
  it('two services, a flaky receiver, one service killed with SIGKILL: every alert version arrives in exactly one group message', async () => {
    const prefix = uniquePrefix('grouping-kill9');
    prefixes.push(prefix);
    const items = generateItems(600, { matchShare: 0.1, seed: 51 });
    const positives = items.filter((i) => i.positive).length;
    let requests = 0;
    // Every other request fails with a 500, the first one included (grouping can leave as few as three messages): retried, never doubled.
    const { rig, configFile } = await groupedRig(prefix, items, TEST_REDIS_URL, () => (++requests % 2 === 1 ? 500 : 200));
    const first = await startServiceProcess(configFile, ROLES);
    processes.push(first, await startServiceProcess(configFile, ROLES));

    expect(await pushFeed(rig, items)).toBe(600);
    await waitFor('a third of the alerts', () => rig.receipts.alertIds().size >= positives / 3, 60_000);
    await first.kill('SIGKILL');
    expect(rig.receipts.alertIds().size).toBeLessThan(positives);
    await waitFor('every alert', () => rig.receipts.alertIds().size >= positives, 90_000);
    await new Promise((r) => setTimeout(r, 2500)); // a doubled message would arrive now

    expectEachVersionOnceInGroups(rig, positives);
    expect(requests).toBeGreaterThan(rig.receipts.messages.size); // the receiver did fail some
  }, 180_000);

  it('Redis (append-only) killed and restarted: every alert version still arrives in exactly one group message', async () => {
    redis = await PrivateRedis.start();
    const items = generateItems(400, { matchShare: 0.1, seed: 52 });
    const positives = items.filter((i) => i.positive).length;
    const { rig, configFile } = await groupedRig(uniquePrefix('grouping-redis'), items, redis.url);
    const service = await startServiceProcess(configFile, ROLES);
    processes.push(service);

    expect(await pushFeed(rig, items)).toBe(400);
    await waitFor('the first alerts', () => rig.receipts.alertIds().size >= 3, 60_000);
    await redis.stop('SIGKILL');
    expect(rig.receipts.alertIds().size).toBeLessThan(positives);
    await new Promise((r) => setTimeout(r, 1500));
    await redis.restart();
    await waitFor('every alert after the restart', () => rig.receipts.alertIds().size >= positives, 90_000);
    await new Promise((r) => setTimeout(r, 2500));

    expectEachVersionOnceInGroups(rig, positives);
    expect(service.child.exitCode).toBeNull();
  }, 150_000);
});
