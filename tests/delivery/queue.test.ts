import { Writable } from 'node:stream';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/log.js';
import { type DeliveryConfig, DeliveryConfigSchema, registerDeliverySecrets } from '../../src/delivery/config.js';
import {
  createDeliveryProcessor,
  DeadLetters,
  DELIVERY_QUEUE,
  deliveryKey,
  enqueueDeliveries,
  waitForDeliveriesSettled,
} from '../../src/delivery/deliver.js';
import { sampleAlert, T0 } from '../alerts/fixtures.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const prefix = uniquePrefix('deliver');
const clock = new ManualClock(T0);
const receiver = new WebhookReceiver();
const logLines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});
const log = createLogger({ level: 'info', pretty: false, destination: capture });
const FAST = { attempts: 5, backoff_ms: 100 };
let redis: Redis;
let workerRedis: Redis;
let queue: Queue;
let worker: Worker;
let store: AlertStore;
let silences: SilenceStore;
let config: DeliveryConfig;

beforeAll(async () => {
  const base = await receiver.start();
  redis = testRedis();
  workerRedis = testRedis();
  config = DeliveryConfigSchema.parse({
    receivers: {
      flaky: { type: 'webhook', url: `${base}/flaky/SECRETPATH-flaky`, secret: 'whsec_dGVzdC1zZWNyZXQta2V5LTEyMzQ1Njc4OTA=', timeout_ms: 400 },
      throttled: { type: 'discord', url: `${base}/throttled/SECRETPATH-t`, rate_limit: { max: 2, per_seconds: 1 } },
      broken: { type: 'slack', url: `${base}/broken/SECRETPATH-broken` },
      gone: { type: 'mattermost', url: `${base}/gone/SECRETPATH-gone` },
      chat: { type: 'slack', url: `${base}/chat/SECRETPATH-chat`, rate_limit: { max: 100, per_seconds: 1 } },
    },
    route: { receivers: ['chat'] },
  });
  registerDeliverySecrets(config);
  store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
  silences = new SilenceStore(redis, prefix, clock);
  queue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
  const processor = createDeliveryProcessor({ config, store, redis, prefix, log, clock, silences });
  worker = new Worker(DELIVERY_QUEUE, processor, { connection: workerRedis, prefix, concurrency: 4 });
});

afterAll(async () => {
  await worker.close();
  await queue.close();
  await receiver.close();
  redis.disconnect();
  workerRedis.disconnect();
  await deletePrefix(prefix);
});

function byPath(path: string) {
  return receiver.requests.filter((r) => r.path.startsWith(path));
}

async function storedAlert(id: string, version = 1): Promise<Alert> {
  const alert = sampleAlert({ id, version });
  await store.save(alert);
  return alert;
}

describe('delivery queue against a misbehaving receiver', () => {
  it('500, then 429 with Retry-After, then a hang, then success: every version arrives exactly once', async () => {
    receiver.script.push({ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, 'hang', { status: 500 });
    const versions = [1, 2, 3].map((v) => sampleAlert({ id: 'al_flaky', version: v }));
    await store.save(versions[2]!);
    for (const alert of versions) await enqueueDeliveries(queue, alert, ['flaky'], FAST);
    expect(await waitForDeliveriesSettled(queue, 25_000)).toBe(true);

    const accepted = byPath('/flaky').filter((r) => r.answered === 200);
    const ids = accepted.map((r) => String(r.headers['webhook-id']));
    expect(ids.sort()).toEqual(versions.map((a) => deliveryKey(a, 'flaky')).sort());
    // The hung request and the retries carried the same idempotency key as the accepted one.
    const allIds = new Set(byPath('/flaky').map((r) => String(r.headers['webhook-id'])));
    expect(allIds.size).toBe(3);
    expect(byPath('/flaky').length).toBeGreaterThanOrEqual(7);
    expect(await new DeadLetters({ redis, prefix }).list()).toEqual([]);
  });

  it('a re-enqueue after a crash is recognised: neither BullMQ nor the delivered-log lets it through twice', async () => {
    const alert = sampleAlert({ id: 'al_flaky', version: 1 });
    const before = byPath('/flaky').length;
    await enqueueDeliveries(queue, alert, ['flaky'], FAST);
    // Simulate the job record being gone (removed, or lost with Redis's last second): the delivered-log still holds.
    const job = await queue.getJob(deliveryKey(alert, 'flaky'));
    await job?.remove();
    await enqueueDeliveries(queue, alert, ['flaky'], FAST);
    await waitForDeliveriesSettled(queue, 10_000);
    expect(byPath('/flaky').length).toBe(before);
  });

  it('429 waits do not spend attempts, and the per-receiver rate limit spaces sends', async () => {
    receiver.script.push({ status: 429, headers: { 'content-type': 'application/json' }, body: '{"retry_after": 0.3}' });
    receiver.script.push({ status: 429, headers: { 'content-type': 'application/json' }, body: '{"retry_after": 0.3}' });
    const alerts = Array.from({ length: 6 }, (_, i) => sampleAlert({ id: `al_thr${i}`, version: 1 }));
    for (const alert of alerts) await enqueueDeliveries(queue, alert, ['throttled'], { attempts: 1, backoff_ms: 100 });
    expect(await waitForDeliveriesSettled(queue, 20_000)).toBe(true);
    const delivered = byPath('/throttled').filter((r) => r.answered === 200);
    expect(delivered).toHaveLength(6);
    expect(await new DeadLetters({ redis, prefix }).list()).toEqual([]);
    // 8 requests (2 throttled + 6) at 2 per one-second window need at least 4 windows: over a second apart.
    const times = byPath('/throttled').map((r) => r.at);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1000);
  });
});

describe('dead letters', () => {
  it('after the last attempt the delivery is dead-lettered; a manual retry delivers it once', async () => {
    const alert = await storedAlert('al_dead');
    receiver.script.push({ status: 500 }, { status: 502 }, { status: 503 });
    await enqueueDeliveries(queue, alert, ['broken'], { attempts: 3, backoff_ms: 50 });
    expect(await waitForDeliveriesSettled(queue, 15_000)).toBe(true);
    const letters = new DeadLetters({ redis, prefix, queue });
    const list = await letters.list();
    expect(list.map((l) => [l.key, l.attempts, l.error])).toEqual([[deliveryKey(alert, 'broken'), 3, 'broken: HTTP 503']]);
    expect((await store.get(alert.id))?.history.at(-1)).toMatchObject({ kind: 'dead-lettered', version: 1 });

    // The retry follows the deployment's policy (here 2 attempts, 50 ms), not the built-in 10 attempts and 5 s.
    const retrying = new DeadLetters({ redis, prefix, queue, retryPolicy: { attempts: 2, backoff_ms: 50 } });
    receiver.script.push({ status: 500 });
    expect(await retrying.retry(deliveryKey(alert, 'broken'))).toBe(true);
    expect((await queue.getJob(deliveryKey(alert, 'broken')))?.opts).toMatchObject({ attempts: 2, backoff: { delay: 50 } });
    expect(await waitForDeliveriesSettled(queue, 15_000)).toBe(true);
    expect(byPath('/broken').filter((r) => r.answered === 200)).toHaveLength(1);
    expect(await letters.list()).toEqual([]);
    expect((await store.get(alert.id))?.history.at(-1)).toMatchObject({ kind: 'delivered', note: 'delivered to broken' });
  });

  it('a permanent 4xx is dead-lettered at once, without retries', async () => {
    const alert = await storedAlert('al_gone');
    receiver.script.push({ status: 410, body: 'channel_is_archived' });
    await enqueueDeliveries(queue, alert, ['gone'], FAST);
    await waitForDeliveriesSettled(queue, 10_000);
    expect(byPath('/gone')).toHaveLength(1);
    const letter = (await new DeadLetters({ redis, prefix }).list()).find((l) => l.receiver === 'gone');
    expect(letter).toMatchObject({ attempts: 1, error: 'gone: HTTP 410' });
  });

  it('logs never contain a receiver URL or secret', () => {
    const all = logLines.join('\n');
    expect(all).toContain('Delivery dead-lettered');
    expect(all).not.toMatch(/SECRETPATH/);
  });
});

describe('silences', () => {
  it('a silenced alert is recorded but not delivered; after expiry it is delivered', async () => {
    const alert = await storedAlert('al_silenced');
    const silence = await silences.add({ matchers: { indicator: 'kayes-convoy', country: 'ML' }, expires_at: T0 + 3_600_000, comment: 'known operation', created_by: 'duty' });
    await enqueueDeliveries(queue, alert, ['chat'], FAST);
    await waitForDeliveriesSettled(queue, 10_000);
    expect(byPath('/chat')).toHaveLength(0);
    const stored = await store.get(alert.id);
    expect(stored?.history.at(-1)).toMatchObject({ kind: 'silenced' });
    expect(stored?.silenced).toBe(true);

    // An hour later the silence has lapsed on its own.
    clock.advance(3_600_001);
    expect(await silences.isSilenced(alert)).toBe(false);
    const v2 = await storedAlert('al_silenced', 2);
    await enqueueDeliveries(queue, v2, ['chat'], FAST);
    await waitForDeliveriesSettled(queue, 10_000);
    expect(byPath('/chat')).toHaveLength(1);

    // Expiring by hand works too.
    const another = await silences.add({ matchers: { place: 'Diboli' }, expires_at: clock.now() + 86_400_000, comment: 'noise', created_by: 'duty' });
    expect(await silences.isSilenced(alert)).toBe(true);
    expect(await silences.expire(another.id)).toBe(true);
    expect(await silences.isSilenced(alert)).toBe(false);
    expect((await silences.list()).map((s) => s.id).sort()).toEqual([silence.id, another.id].sort());
  });
});
