import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import type { AlertChange } from '../../src/alerts/raise.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { lookupInhibitor } from '../../src/delivery/inhibit.js';
import { type NotifyContext, notifyAlert, notifyResolved } from '../../src/delivery/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { HOUR, sampleAlert, T0 } from '../alerts/fixtures.js';

const prefix = uniquePrefix('notify');
const clock = new ManualClock(T0 + HOUR);
let redis: Redis;
let queue: Queue;
let ctx: NotifyContext;
let run = 0;

const delivery = (extra: object = {}) =>
  DeliveryConfigSchema.parse({
    receivers: { desk: { type: 'webhook', url: 'http://127.0.0.1:9/desk' }, chat: { type: 'webhook', url: 'http://127.0.0.1:9/chat' } },
    route: { receivers: ['desk', 'chat'] },
    ...extra,
  });

/** A fresh alert (own id and story) stored as raise.ts would leave it. */
async function stored(overrides: Partial<Alert> = {}): Promise<Alert> {
  run += 1;
  const base = sampleAlert();
  const alert = sampleAlert({ id: `al_${String(run).padStart(24, '0')}`, story: { ...base.story, id: `st_${run}` }, ...overrides });
  await ctx.alerts.save(alert);
  return alert;
}

const raised = (alert: Alert): AlertChange => ({ alert, notify: true, reason: 'raised' });
const queuedFor = async (alert: Alert) => (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.alert.id === alert.id).map((j) => j.data.receiver).sort();
const historyKinds = async (alert: Alert) => (await ctx.alerts.get(alert.id))?.history.map((h) => h.kind);

beforeAll(() => {
  redis = testRedis();
  queue = new Queue('deliver', { connection: redis, prefix });
  ctx = { alerts: new AlertStore(redis, prefix, { retention_days: 30 }, clock), silences: new SilenceStore(redis, prefix, clock), delivery: delivery(), deliverQueue: queue, clock };
});
beforeEach(() => {
  ctx.delivery = delivery();
});
afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('the notify pipeline: decide → silence → inhibit → route → enqueue', () => {
  it('sends a new version to every routed receiver, and nothing for a change with no news', async () => {
    const alert = await stored();
    expect(await notifyAlert(ctx, raised(alert), silentLogger)).toMatchObject({ stage: 'enqueue', delivered: true, receivers: ['desk', 'chat'] });
    expect(await queuedFor(alert)).toEqual(['chat', 'desk']);
    const quiet = await stored();
    expect(await notifyAlert(ctx, { alert: quiet, notify: false, reason: 'quiet-update' }, silentLogger)).toMatchObject({ stage: 'decide', delivered: false });
    expect(await queuedFor(quiet)).toEqual([]);
  });

  it('records a silenced version once, however often it is notified (a re-run job) or checked again at delivery', async () => {
    const alert = await stored({ indicatorId: 'silenced-indicator' });
    const silence = await ctx.silences.add({ matchers: { indicator: 'silenced-indicator' }, expires_at: T0 + 10 * HOUR, comment: 'exercise', created_by: 'duty' });
    const first = await notifyAlert(ctx, raised(alert), silentLogger);
    await notifyAlert(ctx, raised(alert), silentLogger);
    expect(first).toMatchObject({ stage: 'silence', delivered: false, reason: expect.stringContaining(silence.id) });
    expect(await queuedFor(alert)).toEqual([]);
    expect((await historyKinds(alert))?.filter((k) => k === 'silenced')).toHaveLength(1);
    // The next version is a new fact for the history.
    await ctx.alerts.save({ ...(await ctx.alerts.get(alert.id))!, version: 2 });
    await notifyAlert(ctx, raised({ ...alert, version: 2 }), silentLogger);
    expect((await historyKinds(alert))?.filter((k) => k === 'silenced')).toHaveLength(2);
  });

  it('stops an alert that no route and no indicator sends anywhere, saying so', async () => {
    ctx.delivery = DeliveryConfigSchema.parse({ route: { receivers: [] } });
    const alert = await stored();
    expect(await notifyAlert(ctx, raised(alert), silentLogger)).toMatchObject({ stage: 'route', delivered: false, reason: expect.stringMatching(/no route/) });
  });

  it('tells only the receivers that set send_resolved that an alert is over, under its own delivery key, and nothing for a silenced one', async () => {
    ctx.delivery = delivery({ receivers: { desk: { type: 'webhook', url: 'http://127.0.0.1:9/desk', send_resolved: true }, chat: { type: 'webhook', url: 'http://127.0.0.1:9/chat' } } });
    const alert = await stored();
    const resolved = await ctx.alerts.resolve(alert.id, 'duty', 'analyst', 'resolved by duty');
    expect(resolved?.resolved).toMatchObject({ by: 'duty', reason: 'analyst' });
    expect(await ctx.alerts.resolve(alert.id, 'duty', 'analyst', 'again')).toBeUndefined();
    expect(await notifyResolved(ctx, resolved!, silentLogger)).toEqual(['desk']);
    const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.alert.id === alert.id);
    expect(jobs.map((j) => [j.id, j.data.kind])).toEqual([[`dl_${alert.id}_v1_resolved_desk`, 'resolved']]);
    const quiet = await stored({ indicatorId: 'muted-resolution' });
    await ctx.silences.add({ matchers: { indicator: 'muted-resolution' }, expires_at: T0 + 10 * HOUR, comment: 'drill', created_by: 'duty' });
    expect(await notifyResolved(ctx, (await ctx.alerts.resolve(quiet.id, 'duty', 'analyst', 'x'))!, silentLogger)).toEqual([]);
  });

  it('inhibits by key: the source is found among 1,500 newer active alerts (the old scan read the newest 1,000 and missed it)', async () => {
    ctx.delivery = delivery({ inhibit_rules: [{ source: { indicator: 'convoy', severity_at_least: 'critical' }, target: { indicator: 'drone' }, equal: ['story'] }] });
    const source = await stored({ indicatorId: 'convoy', severity: 'critical', updatedAt: new Date(T0).toISOString() });
    const later = new Date(T0 + 60_000).toISOString();
    for (let i = 0; i < 1500; i++) await stored({ indicatorId: 'other', updatedAt: later });
    const target = await stored({ indicatorId: 'drone', severity: 'medium', story: source.story, updatedAt: later });
    const outcome = await notifyAlert(ctx, raised(target), silentLogger);
    expect(outcome).toMatchObject({ stage: 'inhibit', delivered: false, reason: expect.stringContaining(source.id) });
    await notifyAlert(ctx, raised(target), silentLogger);
    expect((await historyKinds(target))?.filter((k) => k === 'inhibited')).toHaveLength(1);
    // The same drone alert on another story is delivered.
    const elsewhere = await stored({ indicatorId: 'drone', severity: 'medium' });
    expect(await notifyAlert(ctx, raised(elsewhere), silentLogger)).toMatchObject({ stage: 'enqueue', delivered: true });
  });

  it('looks inhibitors up by a shared country through the country index, and ignores stale sources', async () => {
    const rules = delivery({ inhibit_rules: [{ source: { indicator: 'blockade' }, target: { indicator: 'raid' }, equal: ['country'], active_hours: 2 }] }).inhibit_rules;
    const source = await stored({ indicatorId: 'blockade', countries: ['BF', 'NE'], updatedAt: new Date(T0).toISOString() });
    const target = await stored({ indicatorId: 'raid', countries: ['NE'] });
    expect((await lookupInhibitor(ctx.alerts, rules, target, clock.now()))?.by.id).toBe(source.id);
    expect(await lookupInhibitor(ctx.alerts, rules, { ...target, countries: ['ML'] }, clock.now())).toBeUndefined();
    expect(await lookupInhibitor(ctx.alerts, rules, target, T0 + 3 * HOUR)).toBeUndefined();
  });
});
