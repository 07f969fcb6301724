import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeQueues, openQueues } from '../../src/queue/queues.js';
import { generateItems } from '../helpers/generated-news.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../reliability/harness.js';

const prefix = uniquePrefix('match-all');
const redis = testRedis();
const processes: ServiceProcess[] = [];
let rig: Rig | undefined;

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  await rig?.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

/** An indicators dir whose only rule matches any English text, next to a copy of the shipped regions. */
function matchEverythingIndicators(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sw-indicators-')), 'indicators');
  mkdirSync(dir);
  cpSync('indicators/regions', join(dir, 'regions'), { recursive: true });
  writeFileSync(
    join(dir, 'everything.yaml'),
    [
      'id: everything',
      'title: Any report at all (a rule written too broadly)',
      'description: Written too broadly on purpose.',
      'owner: test-desk',
      'severity: low',
      'alerting: { min_outlets: 1, threshold: { stories: 1, within_days: 7 } }',
      'when: { type: phrase, any_of: [the, and, of] }',
      '',
    ].join('\n'),
  );
  return dir;
}

const RATE = { max: 10, per_seconds: 1 };

describe('a rule that matches everything', () => {
  it('raises one alert per story, delivers within the receiver rate limit, keeps analysing, and warns the operator', async () => {
    const unique = generateItems(100, { matchShare: 0, seed: 31 });
    // A second outlet's copy of 20 reports: same story, no new alert.
    const copies = unique.slice(0, 20).map((i) => ({ ...i, guid: `copy-${i.guid}` }));
    rig = await startRig(prefix, [...unique, ...copies]);
    rig.raw.indicators = { dir: matchEverythingIndicators(), hot_reload: false };
    const delivery = rig.raw.delivery as { receivers: { chat: Record<string, unknown> } };
    delivery.receivers.chat.rate_limit = RATE;
    const service = await startServiceProcess(writeConfig(rig.raw), 'fetch,analyze,deliver');
    processes.push(service);

    const arrivals: number[] = [];
    const receipts = rig.receipts;
    const record = receipts.record.bind(receipts);
    receipts.record = (body, headers) => {
      arrivals.push(Date.now());
      record(body, headers);
    };
    expect(await pushFeed(rig, [...unique, ...copies])).toBe(unique.length + copies.length);

    // Responsive: every item is analysed while deliveries are still being paced out.
    const queues = openQueues(redis.duplicate(), prefix);
    try {
      await waitFor('every item analysed', async () => (await queues.analyze.getJobCounts('completed')).completed === unique.length + copies.length, 60_000);
      expect(receipts.byKey.size).toBeLessThan(unique.length);
    } finally {
      await closeQueues(queues);
    }
    await waitFor('every story alerted', () => receipts.alertIds().size >= unique.length, 40_000);
    await new Promise((r) => setTimeout(r, 1000));

    // Grouping: one alert per story; the copies at most update their story's alert.
    expect(receipts.alertIds().size).toBe(unique.length);
    expect(receipts.versionsOnce()).toBe(true);
    // Rate limit: no second of arrivals holds more than the receiver's budget (small slack for window edges).
    const busiest = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(RATE.max * 2);
    // The operator is told.
    expect(service.log()).toContain('Indicator everything raised 30 new alerts within a minute');
  }, 120_000);
});
