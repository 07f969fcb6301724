import { afterAll, describe, expect, it } from 'vitest';
import { generateItems, type NewsServer, startNewsServer } from '../helpers/generated-news.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { type Rig, startRig } from '../reliability/harness.js';

const prefix = uniquePrefix('two-services');
const processes: ServiceProcess[] = [];
let rig: Rig | undefined;
let second: NewsServer | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await rig?.close();
  await second?.close();
  await deletePrefix(prefix);
});

describe('two service processes started at once against one Redis', () => {
  it('poll each feed once per interval and deliver each alert once', async () => {
    const itemsA = generateItems(40, { matchShare: 0.1, seed: 21 });
    const itemsB = generateItems(40, { matchShare: 0.1, seed: 22 }).map((i) => ({ ...i, guid: `b-${i.guid}` }));
    const positives = [...itemsA, ...itemsB].filter((i) => i.positive).length;
    rig = await startRig(prefix, itemsA);
    second = await startNewsServer(itemsB);
    const fetch = rig.raw.fetch as { allow_private: string[] };
    fetch.allow_private.push(second.origin);
    // The shortest interval a feed may have; the test watches the first one.
    rig.raw.feeds = [
      { id: 'wire-a', type: 'rss', url: `${rig.news.origin}/feed.rss`, interval_secs: 60, language: 'en' },
      { id: 'wire-b', type: 'rss', url: `${second.origin}/feed.rss`, interval_secs: 60, language: 'en' },
    ];
    const configFile = writeConfig(rig.raw);
    const roles = 'scheduler,poll,fetch,analyze,deliver';
    processes.push(...(await Promise.all([startServiceProcess(configFile, roles), startServiceProcess(configFile, roles)])));

    const receipts = rig.receipts;
    await waitFor('every alert from both feeds', () => receipts.alertIds().size >= positives, 45_000);
    await new Promise((r) => setTimeout(r, 2000)); // a second poll or delivery would show now

    expect(rig.news.hits.get('/feed.rss')).toBe(1);
    expect(second.hits.get('/feed.rss')).toBe(1);
    expect(receipts.alertIds().size).toBe(positives);
    expect(receipts.byKey.size).toBe(positives);
    expect(receipts.repeats).toBe(0);
    // Each article page fetched once, although two fetch workers were competing.
    const pageHits = [...rig.news.hits.entries(), ...second.hits.entries()].filter(([path]) => path.startsWith('/a/'));
    expect(pageHits.every(([, n]) => n === 1)).toBe(true);
  }, 90_000);
});
