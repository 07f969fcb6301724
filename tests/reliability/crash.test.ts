import { afterAll, describe, expect, it } from 'vitest';
import { generateItems } from '../helpers/generated-news.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from './harness.js';

const ITEMS = 2000;
const prefix = uniquePrefix('kill9');
const processes: ServiceProcess[] = [];
let rig: Rig | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await rig?.close();
  await deletePrefix(prefix);
});

describe('a worker killed with SIGKILL in the middle of a replay', () => {
  it('loses no alert and delivers none twice once a worker is back', async () => {
    const items = generateItems(ITEMS, { matchShare: 0.1 });
    const positives = items.filter((i) => i.positive).length;
    rig = await startRig(prefix, items);
    const configFile = writeConfig(rig.raw);
    const first = await startServiceProcess(configFile, 'fetch,analyze,deliver');
    processes.push(first);

    expect(await pushFeed(rig, items)).toBe(ITEMS);
    const receipts = rig.receipts;
    await waitFor('a third of the alerts', () => receipts.alertIds().size >= positives / 3, 60_000);
    await first.kill('SIGKILL');
    const delivered = receipts.alertIds().size;
    expect(delivered).toBeLessThan(positives);

    processes.push(await startServiceProcess(configFile, 'fetch,analyze,deliver'));
    await waitFor('every alert', () => receipts.alertIds().size >= positives, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything still in flight would arrive now

    // One alert per positive item (each is its own story), every version under one key.
    expect(receipts.alertIds().size).toBe(positives);
    expect(receipts.versionsOnce()).toBe(true);
    // Repeats of a key are the receiver-deduplicated edge of at-least-once: only jobs in flight at the kill.
    expect(receipts.repeats).toBeLessThanOrEqual(8);
  }, 180_000);
});
