import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { type DeliveryConfig, DeliveryConfigSchema, registerDeliverySecrets } from '../../src/delivery/config.js';
import { createDeliveryProcessor, DeadLetters, DELIVERY_QUEUE, waitForDeliveriesSettled } from '../../src/delivery/deliver.js';
import { groupId } from '../../src/delivery/grouping.js';
import { type NotifyContext, notifyAlert } from '../../src/delivery/pipeline.js';
import { routePlan } from '../../src/delivery/route.js';
import { sampleAlert, T0 } from '../alerts/fixtures.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { TestSmtpServer } from '../helpers/smtp.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Grouping end to end: alerts go through the notify pipeline into their
 * route's groups in Redis, a real deliver worker sends each group's message to
 * real HTTP receivers and a real SMTP server on 127.0.0.1.
 */
const prefix = uniquePrefix('grouping');
const clock = new ManualClock(T0);
const http = new WebhookReceiver();
/** A receiver that refuses every message (400, final) until told otherwise. */
const refusing = new WebhookReceiver();
const smtp = new TestSmtpServer();
const CHAT = ['hook', 'slack', 'teams', 'discord', 'mattermost'] as const;
const EXTERNAL = 'https://sahelwatch.example.org';
let redis: Redis;
let workerRedis: Redis;
let queue: Queue;
let worker: Worker;
let config: DeliveryConfig;
let notify: NotifyContext;
let store: AlertStore;

beforeAll(async () => {
  const base = await http.start();
  refusing.fallback = { status: 400 };
  const refusingBase = await refusing.start();
  const smtpUrl = await smtp.start();
  redis = testRedis();
  workerRedis = testRedis();
  const fast = { rate_limit: { max: 100, per_seconds: 1 } };
  config = DeliveryConfigSchema.parse({
    receivers: {
      ...Object.fromEntries(CHAT.map((type) => [type, { type: type === 'hook' ? 'webhook' : type, url: `${base}/${type}`, ...fast }])),
      mail: { type: 'email', to: ['desk@example.org'], ...fast },
      reminded: { type: 'webhook', url: `${base}/reminded`, ...fast },
      refusing: { type: 'webhook', url: `${refusingBase}/refusing`, ...fast },
    },
    route: {
      routes: [
        { match: { indicator: 'reminded' }, receivers: ['reminded'], repeat_interval: '1s' },
        { match: { indicator: 'refused' }, receivers: ['refusing'], group_by: ['indicator'], group_wait: '1s' },
        // Long enough that each burst lands inside one wait on a busy machine.
        { match: {}, receivers: [...CHAT, 'mail'], group_by: ['country'], group_wait: '4s', group_interval: '4s' },
      ],
    },
    smtp: { url: smtpUrl },
    external_url: EXTERNAL,
  });
  registerDeliverySecrets(config);
  store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
  const silences = new SilenceStore(redis, prefix, clock);
  queue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
  notify = { alerts: store, silences, delivery: config, deliverQueue: queue, clock };
  const processor = createDeliveryProcessor({ config, store, redis, prefix, log: silentLogger, clock, silences, queue });
  worker = new Worker(DELIVERY_QUEUE, processor, { connection: workerRedis, prefix, concurrency: 4 });
});

afterAll(async () => {
  await worker.close();
  await queue.close();
  await http.close();
  await refusing.close();
  await smtp.close();
  redis.disconnect();
  workerRedis.disconnect();
  await deletePrefix(prefix);
});

let run = 0;
/** A new alert on its own story, stored as raise.ts leaves it. */
async function raised(overrides: Partial<Alert> = {}): Promise<Alert> {
  run += 1;
  const base = sampleAlert();
  const alert = sampleAlert({ id: `al_grp${String(run).padStart(4, '0')}`, story: { ...base.story, id: `st_grp${run}`, title: `Attaque numéro ${run} près de Kayes` }, ...overrides });
  await store.save(alert);
  await notifyAlert(notify, { alert, notify: true, reason: 'raised' }, silentLogger);
  return alert;
}

const arrivedAt = (path: string) => http.requests.filter((r) => r.path === `/${path}`);
const mailsTo = (who: string) => smtp.messages.filter((m) => m.envelopeTo.includes(who));
const link = (alert: Alert) => `${EXTERNAL}/#alert=${alert.id}`;

async function settle(): Promise<void> {
  expect(await waitForDeliveriesSettled(queue, 60_000)).toBe(true);
}

async function until(what: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('group_by, group_wait, group_interval', () => {
  const burst: Alert[] = [];

  it('tells a burst of 20 alerts on one incident to each receiver as one message listing all 20, each with its console link', async () => {
    for (let i = 0; i < 20; i++) burst.push(await raised({ indicatorId: `kayes-convoy-${i % 4}` }));
    await settle();
    for (const path of CHAT) {
      const got = arrivedAt(path);
      expect(got, path).toHaveLength(1);
      const text = got[0]!.body;
      expect(text).toContain('20 alerts');
      expect(text).toContain('country=ML');
      for (const alert of burst) expect(text, `${path} lists ${alert.id}`).toContain(link(alert));
    }
    const hook = arrivedAt('hook')[0]!.json as { type: string; data: { alerts_total: number; alerts: Array<{ id: string; dedupe_key: string }> } };
    expect(hook.type).toBe('alert.group');
    expect(hook.data.alerts_total).toBe(20);
    expect(hook.data.alerts.map((a) => a.id).sort()).toEqual(burst.map((a) => a.id).sort());
    expect(hook.data.alerts[0]?.dedupe_key).toMatch(/^dl_al_grp\d{4}_v1_hook$/);
    // The idempotency key is the group message's, the same on every retry.
    expect(arrivedAt('slack')[0]!.headers['idempotency-key']).toMatch(/^gr_g[0-9a-f]{16}_n1_slack$/);
    const mails = mailsTo('desk@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toContain('20 alerts');
    for (const alert of burst) expect(mails[0]!.parsed.text).toContain(link(alert));
  });

  it("records in each alert's history which group message delivered it, per receiver", async () => {
    const history = (await store.get(burst[7]!.id))!.history.filter((h) => h.kind === 'delivered');
    expect(history.map((h) => h.note.split(' ')[2]).sort()).toEqual([...CHAT, 'mail'].sort());
    expect(history[0]?.note).toMatch(/^delivered to \w+ in group message gr_g[0-9a-f]{16}_n1_\w+ \(20 alerts, country=ML\)$/);
  });

  it('tells what came after the first message (new alerts and new versions) in the next one, and nothing twice', async () => {
    const before = arrivedAt('discord').length;
    const late = [await raised(), await raised()];
    const v2 = { ...burst[0]!, version: 2, updatedAt: new Date(T0 + 60_000).toISOString() };
    await store.save(v2);
    await notifyAlert(notify, { alert: v2, notify: true, reason: 'corroborated' }, silentLogger);
    // An analyze job run again re-notifies a version already told: nothing is added.
    await notifyAlert(notify, { alert: burst[3]!, notify: true, reason: 'raised' }, silentLogger);
    await settle();
    const second = arrivedAt('discord').slice(before);
    expect(second).toHaveLength(1);
    expect(second[0]!.body).toContain('3 alerts');
    for (const alert of [...late, v2]) expect(second[0]!.body).toContain(alert.id);
    expect(second[0]!.body).not.toContain(link(burst[3]!));
    const hook = arrivedAt('hook').at(-1)!.json as { data: { alerts: Array<{ id: string; version: number }> } };
    expect(hook.data.alerts.find((a) => a.id === burst[0]!.id)?.version).toBe(2);
  });

  it('keeps another country in a group of its own, and sends a group of one as the single-alert message', async () => {
    const before = arrivedAt('hook').length;
    const other = await raised({ countries: ['BF'], places: [{ id: 'place/djibo', name: 'Djibo', country: 'BF' }] });
    await settle();
    const got = arrivedAt('hook').slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.json).toMatchObject({ type: 'alert.created', data: { id: other.id } });
    expect(got[0]!.headers['webhook-id']).toMatch(/^gr_g[0-9a-f]{16}_n1_hook$/);
  });
});

describe('a group message that fails for good', () => {
  it('dead-letters each alert version it carried, and a retry sends each alone', async () => {
    const alerts = [await raised({ indicatorId: 'refused' }), await raised({ indicatorId: 'refused' }), await raised({ indicatorId: 'refused' })];
    await settle();
    expect(refusing.requests).toHaveLength(1);
    expect((refusing.requests[0]!.json as { data: { alerts_total: number } }).data.alerts_total).toBe(3);
    const deadLetters = new DeadLetters({ redis, prefix, queue, retryPolicy: { attempts: 2, backoff_ms: 100 } });
    const letters = (await deadLetters.list()).filter((l) => l.receiver === 'refusing');
    expect(letters.map((l) => l.key).sort()).toEqual(alerts.map((a) => `dl_${a.id}_v1_refusing`).sort());
    for (const alert of alerts) expect((await store.get(alert.id))!.history.some((h) => h.kind === 'dead-lettered' && h.note.startsWith('delivery to refusing failed: refusing: HTTP 400'))).toBe(true);
    refusing.fallback = { status: 200 };
    for (const letter of letters) expect(await deadLetters.retry(letter.key)).toBe(true);
    await settle();
    const retried = refusing.requests.slice(1);
    expect(retried.map((r) => (r.json as { type: string; data: { id: string } }).data.id).sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(retried.every((r) => (r.json as { type: string }).type === 'alert.created')).toBe(true);
  });
});

describe('repeat_interval', () => {
  const over: Array<[string, (alert: Alert) => Promise<unknown>]> = [
    ['acknowledged', (alert) => store.acknowledge(alert.id, 'duty')],
    ['resolved by an analyst', (alert) => store.resolve(alert.id, 'duty', 'analyst', 'handled')],
    ['silenced', (alert) => notify.silences.add({ matchers: { story: alert.story.id }, expires_at: T0 + 86_400_000, comment: 'known', created_by: 'duty' })],
  ];

  it.each(over)('tells a still-active alert again after repeat_interval, and stops once it is %s', async (_how, end) => {
    const alert = await raised({ indicatorId: 'reminded' });
    const [routed] = routePlan(config, alert);
    expect(routed).toMatchObject({ receiver: 'reminded', path: 'route.routes[0]', grouping: { by: ['...'], waitMs: 0, intervalMs: 0, repeatMs: 1000 } });
    const mine = () => arrivedAt('reminded').filter((r) => JSON.stringify(r.json).includes(alert.id));
    await until(() => mine().length >= 2);
    const [first, reminder] = mine();
    expect(first!.json).toMatchObject({ type: 'alert.created', data: { id: alert.id } });
    expect(reminder!.json).toMatchObject({ type: 'alert.group', data: { reminder: true, alerts_total: 1, summary: expect.stringContaining('Reminder: 1 alert still active') } });
    expect(reminder!.headers['webhook-id']).not.toBe(first!.headers['webhook-id']);
    const group = groupId('route.routes[0]', 'reminded', { alert: alert.id });
    await end(alert);
    const told = mine().length;
    // The reminder chain ends: the next reminder finds the alert over, tells nothing and schedules none.
    await until(async () => (await queue.getJobs(['delayed', 'waiting', 'active'])).every((j) => !String(j.id).startsWith(`grepeat_${group}_`)));
    await settle();
    // A reminder already taken when the alert ended may still have gone out; none after it.
    expect(mine().length).toBeLessThanOrEqual(told + 1);
    expect((await store.get(alert.id))!.history.filter((h) => h.kind === 'delivered').map((h) => h.note)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^delivered to reminded in reminder group message gr_/)]),
    );
  });
});

describe('config', () => {
  const parse = (route: object) => DeliveryConfigSchema.safeParse({ receivers: { a: { type: 'webhook', url: 'https://x.example/h' } }, route: { receivers: ['a'], ...route } });

  it('reads Alertmanager durations, inherits grouping down the tree, and keeps ungrouped routes as they were', () => {
    const parsed = parse({ group_by: ['story'], group_wait: '1m30s', routes: [{ match: { country: 'ML' }, receivers: ['a'], group_interval: 600 }, { match: { country: 'BF' }, receivers: ['a'], group_by: ['indicator'] }] });
    expect(parsed.success).toBe(true);
    const route = parsed.data!.route;
    const ml = sampleAlert({ countries: ['ML'] });
    expect(routePlan({ route }, ml)[0]?.grouping).toEqual({ by: ['story'], waitMs: 90_000, intervalMs: 600_000 });
    expect(routePlan({ route }, sampleAlert({ countries: ['BF'] }))[0]?.grouping).toEqual({ by: ['indicator'], waitMs: 90_000, intervalMs: 300_000 });
    expect(routePlan({ route: parse({}).data!.route }, ml)[0]?.grouping).toBeUndefined();
  });

  it('refuses a bad duration or an unknown label with the field named', () => {
    const bad = parse({ group_wait: '30 seconds' });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['route', 'group_wait'], message: expect.stringContaining('30s, 5m, 4h') });
    expect(parse({ repeat_interval: -1 }).error?.issues[0]?.path).toEqual(['route', 'repeat_interval']);
    const label = parse({ group_by: ['region'] });
    expect(label.error?.issues[0]?.path).toEqual(['route', 'group_by', 0]);
  });
});
