import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlerts } from '../../src/alerts/raise.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { arrive, article, casualty, DAY, extraction, HOUR, indicator, match, story, T0 } from './fixtures.js';

const prefix = uniquePrefix('raise');
let redis: Redis;
const clock = new ManualClock(T0);
let store: AlertStore;
const ctx = () => ({ store, redis, prefix, clock });

beforeAll(() => {
  redis = testRedis();
  store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
});
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('raiseAlerts', () => {
  it('raises one alert per story and indicator; more reports of the story update it', async () => {
    const ind = indicator('one-story', { cooldown_hours: 0 });
    const a1 = article(101, 'Studio Tamani');
    const first = await arrive(ctx(), ind, story('st_one', [a1]), a1);
    expect(first).toMatchObject({ notify: true, reason: 'raised' });
    expect(first.alert.version).toBe(1);
    expect(first.alert.places[0]).toMatchObject({ name: 'Diboli', country: 'ML', lat: 14.41 });
    expect(first.alert.evidence[0]?.sourceUrl).toBe(a1.url);

    // Same outlet again: nothing an analyst cares about changed.
    const a2 = article(102, 'Studio Tamani');
    clock.advance(HOUR);
    const second = await arrive(ctx(), ind, story('st_one', [a1, a2]), a2);
    expect(second).toMatchObject({ notify: false, reason: 'quiet-update' });
    expect(second.alert.id).toBe(first.alert.id);
    expect(second.alert.version).toBe(1);

    const page = await store.list({ indicator: [ind.id]});
    expect(page.alerts).toHaveLength(1);
  });

  it('notifies when corroboration crosses 2, 3 and 5 outlets, not at 4', async () => {
    const ind = indicator('corroboration', { cooldown_hours: 0 });
    const outlets = ['Studio Tamani', 'RFI', 'Jeune Afrique', 'AFP', 'Le Monde'];
    const arts = outlets.map((o, i) => article(200 + i, o));
    const results = [];
    for (let i = 0; i < arts.length; i++) {
      clock.advance(HOUR);
      results.push(await arrive(ctx(), ind, story('st_corr', arts.slice(0, i + 1)), arts[i]!));
    }
    expect(results.map((r) => [r.reason, r.notify, r.alert.version])).toEqual([
      ['raised', true, 1],
      ['corroborated', true, 2],
      ['corroborated', true, 3],
      ['quiet-update', false, 3],
      ['corroborated', true, 4],
    ]);
  });

  it('escalates per policy (outlets, casualties) and always notifies an escalation, even in cooldown', async () => {
    const ind = indicator('escalate', { cooldown_hours: 24, escalate: [{ severity: 'high', outlets: 2 }, { severity: 'critical', casualties: 10 }] });
    const a1 = article(301, 'Studio Tamani');
    const a2 = article(302, 'RFI');
    const a3 = article(303, 'AFP');
    expect((await arrive(ctx(), ind, story('st_esc', [a1]), a1)).alert.severity).toBe('medium');
    clock.advance(HOUR);
    const high = await arrive(ctx(), ind, story('st_esc', [a1, a2]), a2);
    expect(high).toMatchObject({ reason: 'escalated', notify: true, alert: { severity: 'high', version: 2 } });
    clock.advance(HOUR);
    const critical = await arrive(ctx(), ind, story('st_esc', [a1, a2, a3]), a3, [casualty('killed', 12)]);
    expect(critical).toMatchObject({ reason: 'escalated', notify: true, alert: { severity: 'critical', version: 3 } });
    expect(critical.alert.history.filter((h) => h.kind === 'escalated')).toHaveLength(2);
  });

  it('folds updates inside the cooldown and tells them once it has passed', async () => {
    const ind = indicator('cooldown', { cooldown_hours: 6 });
    const a = ['Studio Tamani', 'RFI', 'AFP', 'Le Monde'].map((o, i) => article(400 + i, o));
    await arrive(ctx(), ind, story('st_cool', [a[0]!]), a[0]!);
    clock.advance(HOUR);
    const folded = await arrive(ctx(), ind, story('st_cool', a.slice(0, 2)), a[1]!, [casualty('killed', 3)]);
    expect(folded).toMatchObject({ reason: 'quiet-update', notify: false, alert: { version: 1 } });
    expect(folded.alert.story.outlets).toBe(2);
    clock.advance(6 * HOUR);
    const told = await arrive(ctx(), ind, story('st_cool', a.slice(0, 3)), a[2]!);
    // 3 outlets against the 1 last told: corroboration step crossed.
    expect(told).toMatchObject({ reason: 'corroborated', notify: true, alert: { version: 2 } });
  });

  it('notifies new or higher casualty figures', async () => {
    const ind = indicator('casualties', { cooldown_hours: 0 });
    const a1 = article(501, 'Studio Tamani');
    const a2 = article(502, 'Studio Tamani');
    const a3 = article(503, 'Studio Tamani');
    await arrive(ctx(), ind, story('st_cas', [a1]), a1, [casualty('killed', 4)]);
    clock.advance(HOUR);
    const same = await arrive(ctx(), ind, story('st_cas', [a1, a2]), a2, [casualty('killed', 4)]);
    expect(same.notify).toBe(false);
    clock.advance(HOUR);
    const higher = await arrive(ctx(), ind, story('st_cas', [a1, a2, a3]), a3, [casualty('killed', 9)]);
    expect(higher).toMatchObject({ reason: 'casualties', notify: true, alert: { version: 2 } });
  });

  it('holds alerts until N matching stories fall within D days, and needs min_outlets', async () => {
    const ind = indicator('threshold', { threshold: { stories: 3, within_days: 7 }, cooldown_hours: 0 });
    const results = [];
    for (let i = 0; i < 3; i++) {
      const a = article(600 + i, 'RFI', clock.now());
      results.push(await arrive(ctx(), ind, story(`st_thr_${i}`, [a]), a));
      clock.advance(2 * DAY);
    }
    expect(results.map((r) => r.reason)).toEqual(['below-threshold', 'below-threshold', 'raised']);
    expect(results[2]?.alert.window).toEqual({ stories: 3, withinDays: 7 });
    expect(await store.get(results[0]!.alert.id)).toBeUndefined();
    // A fourth story ten days later sees only one other story in its window.
    clock.advance(10 * DAY);
    const late = article(610, 'RFI', clock.now());
    expect((await arrive(ctx(), ind, story('st_thr_late', [late]), late)).reason).toBe('below-threshold');

    const two = indicator('two-outlets', { min_outlets: 2, cooldown_hours: 0 });
    const b1 = article(620, 'RFI');
    const b2 = article(621, 'AFP');
    expect((await arrive(ctx(), two, story('st_min', [b1]), b1)).reason).toBe('below-threshold');
    expect((await arrive(ctx(), two, story('st_min', [b1, b2]), b2)).reason).toBe('raised');
  });

  it('decides the threshold alike whatever order a story\'s reports arrive in and however often they are re-run', async () => {
    // Two outlets needed; the later report arrives first. Its window entry must move back
    // when the earlier report joins, or the story counts 0 stories in its own window.
    clock.advance(DAY); // both reports are in the past
    const decide = async (id: string, order: 'late-first' | 'early-first', runs: number) => {
      const ind = indicator(id, { min_outlets: 2, cooldown_hours: 0 });
      const early = article(900, 'AFP', T0);
      const late = article(901, 'RFI', T0 + 6 * HOUR);
      const arrivals = order === 'late-first' ? [late, early] : [early, late];
      const reasons: string[] = [];
      for (let i = 0; i < arrivals.length; i++) {
        const seen = arrivals.slice(0, i + 1).sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
        for (let run = 0; run < runs; run++) reasons.push((await arrive(ctx(), ind, story(`st_${id}`, seen), arrivals[i]!)).reason);
      }
      const alerts = (await store.list({ indicator: [ind.id]})).alerts;
      return { reasons, alerts: alerts.map((a) => ({ story: a.story.id, version: a.version, outlets: a.story.outlets, firstReport: a.story.firstReport })) };
    };
    const lateFirst = await decide('order-late', 'late-first', 1);
    const earlyFirst = await decide('order-early', 'early-first', 1);
    const twice = await decide('order-twice', 'late-first', 2);
    expect(lateFirst.reasons).toEqual(['below-threshold', 'raised']);
    expect(earlyFirst.reasons).toEqual(['below-threshold', 'raised']);
    expect(twice.reasons).toEqual(['below-threshold', 'below-threshold', 'raised', 'raised']);
    const shape = (r: typeof lateFirst) => r.alerts.map((a) => ({ ...a, story: a.story.replace(/^st_order-\w+$/, 'st') }));
    expect(shape(lateFirst)).toEqual([{ story: 'st', version: 1, outlets: 2, firstReport: new Date(T0).toISOString() }]);
    expect(shape(earlyFirst)).toEqual(shape(lateFirst));
    expect(shape(twice)).toEqual(shape(lateFirst));
  });

  it('raises the same alerts across stories whatever order they are analysed in (threshold of 3 stories in 7 days)', async () => {
    clock.set(Math.max(clock.now(), T0 + 20 * DAY));
    const days = [0, 1, 2, 12]; // the fourth story is too late for the others' window, and alone in its own
    const orders = [
      [0, 1, 2, 3],
      [0, 2, 1, 3],
      [1, 0, 2, 3],
      [1, 2, 0, 3],
      [2, 0, 1, 3],
      [3, 2, 1, 0],
    ];
    const outcomes: string[][] = [];
    for (const [n, order] of orders.entries()) {
      const ind = indicator(`perm-${n}`, { threshold: { stories: 3, within_days: 7 }, cooldown_hours: 0 });
      for (const i of order) {
        const a = article(1000 + 10 * n + i, 'RFI', T0 + days[i]! * DAY);
        await raiseAlerts(ctx(), { story: story(`st_perm_${i}`, [a]), article: a, extraction: extraction(), matches: [match(ind.id)], indicators: [ind] });
      }
      const alerts = (await store.list({ indicator: [ind.id]})).alerts;
      outcomes.push(alerts.map((a) => `${a.story.id} v${a.version} ${a.window?.stories}`));
    }
    // Only the story on day 2 has 3 stories (days 0, 1, 2) in the 7 days up to it.
    for (const outcome of outcomes) expect(outcome).toEqual(['st_perm_2 v1 3']);
  });

  it('tells receivers of a story raised by an earlier report analysed later, again on a re-run', async () => {
    clock.set(Math.max(clock.now(), T0 + 20 * DAY));
    const ind = indicator('promote', { threshold: { stories: 2, within_days: 7 }, cooldown_hours: 0 });
    const late = article(1100, 'RFI', T0 + 2 * DAY);
    const early = article(1101, 'AFP', T0);
    const input = (a: typeof late, id: string) => ({ story: story(id, [a]), article: a, extraction: extraction(), matches: [match(ind.id)], indicators: [ind] });
    expect((await raiseAlerts(ctx(), input(late, 'st_late'))).map((c) => c.reason)).toEqual(['below-threshold']);
    const first = await raiseAlerts(ctx(), input(early, 'st_early'));
    expect(first.map((c) => [c.alert.story.id, c.reason, c.notify])).toEqual([
      ['st_early', 'below-threshold', false],
      ['st_late', 'raised', true],
    ]);
    expect(first[1]?.alert.window).toEqual({ stories: 2, withinDays: 7 });
    // A crash before the delivery was queued: the re-run reports the promotion again, still version 1.
    const rerun = await raiseAlerts(ctx(), input(early, 'st_early'));
    expect(rerun.map((c) => [c.alert.story.id, c.reason, c.notify, c.alert.version])).toEqual([
      ['st_early', 'below-threshold', false, 1],
      ['st_late', 'raised', true, 1],
    ]);
    // The late story's own report, re-run, finds its alert and does not raise it twice.
    const own = await raiseAlerts(ctx(), input(late, 'st_late'));
    expect(own.map((c) => [c.reason, c.alert.version])).toEqual([['raised', 1]]);
    expect((await store.list({ indicator: [ind.id]})).alerts).toHaveLength(1);
  });

  it('is idempotent: re-running the same input after a crash creates no second alert or version', async () => {
    const ind = indicator('idempotent', { cooldown_hours: 0 });
    const a1 = article(701, 'Studio Tamani');
    const a2 = article(702, 'RFI');
    const first = await arrive(ctx(), ind, story('st_idem', [a1]), a1);
    const again = await arrive(ctx(), ind, story('st_idem', [a1]), a1);
    expect(again).toMatchObject({ reason: 'raised', notify: true, alert: { id: first.alert.id, version: 1 } });
    const corroborated = await arrive(ctx(), ind, story('st_idem', [a1, a2]), a2);
    const rerun = await arrive(ctx(), ind, story('st_idem', [a1, a2]), a2);
    expect(corroborated.alert.version).toBe(2);
    expect(rerun).toMatchObject({ reason: 'corroborated', notify: true, alert: { version: 2 } });
    const stored = await store.get(first.alert.id);
    expect(stored?.version).toBe(2);
    expect(stored?.history.filter((h) => h.kind === 'raised' || h.kind === 'updated')).toHaveLength(2);
  });

  it('stays one alert when two workers apply two reports of a story at once', async () => {
    const ind = indicator('concurrent', { cooldown_hours: 0 });
    const arts = ['Studio Tamani', 'RFI', 'AFP'].map((o, i) => article(800 + i, o));
    const s = story('st_conc', arts);
    const changes = await Promise.all(
      arts.map((a) => raiseAlerts(ctx(), { story: s, article: a, extraction: extraction(), matches: [match(ind.id)], indicators: [ind] })),
    );
    expect(changes.flat().filter((c) => c.reason === 'raised')).toHaveLength(1);
    const page = await store.list({ indicator: [ind.id]});
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]?.history.filter((h) => h.kind !== 'delivered')).toHaveLength(3);
  });

  it('lists by indicator, severity, country and time, with paging and acknowledgement', async () => {
    const all = await store.list({ limit: 2 });
    expect(all.alerts).toHaveLength(2);
    expect(all.nextCursor).toBeDefined();
    const next = await store.list({ limit: 2, cursor: all.nextCursor });
    expect(next.alerts[0]?.id).not.toBe(all.alerts[1]?.id);
    expect((await store.list({ severity: 'critical' })).alerts.every((a) => a.severity === 'critical')).toBe(true);
    expect((await store.list({ country: ['BF'] })).alerts).toHaveLength(0);
    expect((await store.list({ until: T0 - 1 })).alerts).toHaveLength(0);
    const target = all.alerts[0]!;
    const acked = await store.acknowledge(target.id, 'analyst@example.org');
    expect(acked?.acknowledged?.by).toBe('analyst@example.org');
    expect((await store.get(target.id))?.history.at(-1)?.kind).toBe('acknowledged');
  });
});
