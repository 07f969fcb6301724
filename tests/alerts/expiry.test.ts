import { afterAll, describe, expect, it } from 'vitest';
import { type Alert, isResolved } from '../../src/alerts/alert.js';
import { expireQuietAlerts } from '../../src/alerts/expiry.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { arrive, article, DAY, HOUR, indicator, story, T0 } from './fixtures.js';

const prefix = uniquePrefix('expiry');
const redis = testRedis();
const clock = new ManualClock(T0);
const store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
const ctx = { store, redis, prefix, clock };

afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('alert expiry', () => {
  it('expires an alert whose story has gone quiet, once, and leaves a live one alone', async () => {
    const quiet = await arrive(ctx, indicator('kayes'), story('st_quiet', [article(1, 'RFI')]), article(1, 'RFI'));
    clock.set(T0 + 5 * DAY);
    const live = await arrive(ctx, indicator('kayes'), story('st_live', [article(2, 'AFP', T0 + 5 * DAY)]), article(2, 'AFP', T0 + 5 * DAY));
    clock.set(T0 + 7 * DAY + HOUR);

    expect(await expireQuietAlerts(store, clock.now(), 7)).toBe(1);
    expect(await expireQuietAlerts(store, clock.now(), 7)).toBe(0);

    const expired = await store.get(quiet.alert.id);
    expect(expired?.history.at(-1)).toMatchObject({ kind: 'expired', note: 'no new report for 7 days' });
    expect((await store.get(live.alert.id))?.history.map((h) => h.kind)).not.toContain('expired');
  });

  it('resolves the quiet alert once (each resolution handed on once), and a new report on its story makes it active again', async () => {
    clock.set(T0);
    const quiet = await arrive(ctx, indicator('convoy'), story('st_revived', [article(3, 'RFI')]), article(3, 'RFI'));
    clock.set(T0 + 8 * DAY);
    const told: string[] = [];
    const onResolved = async (alert: Alert) => void told.push(`${alert.id} ${alert.resolved?.reason}`);
    await expireQuietAlerts(store, clock.now(), 7, onResolved);
    await expireQuietAlerts(store, clock.now(), 7, onResolved);
    expect(told.filter((t) => t.startsWith(quiet.alert.id))).toEqual([`${quiet.alert.id} expired`]);
    expect(isResolved((await store.get(quiet.alert.id))!)).toBe(true);
    const revived = await arrive(ctx, indicator('convoy'), story('st_revived', [article(3, 'RFI'), article(4, 'AFP', clock.now())]), article(4, 'AFP', clock.now()));
    expect(revived.alert.resolved).toBeUndefined();
    expect(isResolved((await store.get(quiet.alert.id))!)).toBe(false);
  });

  it('resolves once when two resolvers race: only one of them is told it resolved the alert', async () => {
    clock.set(T0);
    const raced = await arrive(ctx, indicator('raced'), story('st_raced', [article(5, 'RFI')]), article(5, 'RFI'));
    const results = await Promise.all([store.resolve(raced.alert.id, 'amina', 'analyst', 'a'), store.resolve(raced.alert.id, 'ousmane', 'analyst', 'b')]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect((await store.get(raced.alert.id))?.history.filter((h) => h.kind === 'resolved')).toHaveLength(1);
  });
});
