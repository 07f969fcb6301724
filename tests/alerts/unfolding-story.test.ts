import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlerts } from '../../src/alerts/raise.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { DeliveryConfigSchema, routeAlert } from '../../src/delivery/config.js';
import { createDeliveryProcessor, DELIVERY_QUEUE, enqueueDeliveries, waitForDeliveriesSettled } from '../../src/delivery/deliver.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { article, casualty, extraction, HOUR, indicator, match, story, T0 } from './fixtures.js';

const prefix = uniquePrefix('unfolding');
const clock = new ManualClock(T0);
const receiver = new WebhookReceiver();
let redis: Redis;
let workerRedis: Redis;
let queue: Queue;
let worker: Worker;
let store: AlertStore;

beforeAll(async () => {
  const base = await receiver.start();
  redis = testRedis();
  workerRedis = testRedis();
  store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
  const config = DeliveryConfigSchema.parse({ receivers: { ops: { type: 'webhook', url: `${base}/ops`, secret: 'whsec_dGVzdC1zZWNyZXQta2V5LTEyMzQ1Njc4OTA=' } }, route: { receivers: ['ops'] } });
  queue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
  const processor = createDeliveryProcessor({ config, store, redis, prefix, log: silentLogger, clock, silences: new SilenceStore(redis, prefix, clock) });
  worker = new Worker(DELIVERY_QUEUE, processor, { connection: workerRedis, prefix, concurrency: 2 });
  // What the analyze stage does with each article: raise, route the changes worth telling, enqueue.
  const ind = indicator('kayes-convoy', { cooldown_hours: 2, escalate: [{ severity: 'critical', casualties: 20 }] });
  const reports: Array<[string, number]> = [
    ['Studio Tamani', 4],
    ['Studio Tamani', 4],
    ['RFI', 4],
    ['AFP', 6],
    ['Jeune Afrique', 6],
    ['Le Monde', 6],
    ['Reuters', 25],
    ['BBC Afrique', 25],
  ];
  const arts = reports.map(([outlet], i) => article(900 + i, outlet, T0 + i * HOUR));
  for (const [i, [, killed]] of reports.entries()) {
    clock.set(T0 + i * HOUR);
    const s = story('st_unfold', arts.slice(0, i + 1));
    const input = { story: s, article: arts[i]!, extraction: extraction([casualty('killed', killed)]), matches: [match(ind.id)], indicators: [ind] };
    for (const change of await raiseAlerts({ store, redis, prefix, clock }, input)) {
      if (change.notify) await enqueueDeliveries(queue, change.alert, routeAlert(config, change.alert), { attempts: 3, backoff_ms: 50 });
    }
  }
  await waitForDeliveriesSettled(queue, 15_000);
});

afterAll(async () => {
  await worker.close();
  await queue.close();
  await receiver.close();
  redis.disconnect();
  workerRedis.disconnect();
  await deletePrefix(prefix);
});

describe('one unfolding story, eight reports', () => {
  it('is one alert, and the channel hears only what changed the picture', () => {
    const told = receiver.requests.map((r) => r.json as { type: string; data: { id: string; version: number; severity: string; story: { outlets: number } } });
    expect(new Set(told.map((t) => t.data.id)).size).toBe(1);
    // Hourly reports, 2 h cooldown: raised at 1 outlet; the repeat outlet is silent; 2 outlets (2 h later) tell;
    // 3 outlets and 6 killed fold into the cooldown and are told with 4 outlets; 5 folds; 25 killed escalates at once.
    expect(told.map((t) => [t.type, t.data.version, t.data.severity, t.data.story.outlets])).toEqual([
      ['alert.created', 1, 'medium', 1],
      ['alert.updated', 2, 'medium', 2],
      ['alert.updated', 3, 'medium', 4],
      ['alert.updated', 4, 'critical', 6],
    ]);
  });

  it('keeps the whole history on the stored alert', async () => {
    const [alert] = (await store.list({ indicator: ['kayes-convoy']})).alerts;
    expect(alert?.version).toBe(4);
    expect(alert?.story.outlets).toBe(7);
    expect(alert?.history.filter((h) => h.kind === 'delivered')).toHaveLength(4);
    expect(alert?.history.map((h) => h.kind)).toContain('escalated');
  });
});
