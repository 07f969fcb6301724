import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { backtestTrend, formatTrendBacktest } from '../../src/eval/record-backtest.js';
import { silentLogger } from '../../src/core/log.js';
import { loadIndicatorFile, loadIndicators } from '../../src/matching/indicators.js';
import { loadRegions } from '../../src/matching/regions.js';
import type { TrendIndicator } from '../../src/matching/trend.js';
import { closeQueues } from '../../src/queue/queues.js';
import { importEventFile } from '../../src/record/import-events.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { buildContext } from '../../src/service/service.js';
import { evaluateTrends } from '../../src/pipeline/trends.js';
import { scratchIndicator } from '../helpers/indicator-files.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-03T12:00:00Z');
const HEADER = 'event_id_cnty,event_date,event_type,sub_event_type,actor1,country,admin1,location,source,notes,fatalities';

/** ACLED-style rows: `n` events `daysAgo` days before NOW in an admin1 of Benin. */
function rows(prefix: string, daysAgo: number, n: number, admin1 = 'Alibori', sub = 'Armed clash'): string[] {
  const date = new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);
  return Array.from({ length: n }, (_, i) => `${prefix}${daysAgo}-${i},${date},Battles,${sub},JNIM,Benin,${admin1},Karimama,ORTB,JNIM attack near Karimama,1`);
}

const shipped = (): TrendIndicator => {
  const found = loadIndicators('indicators').trends.find((t) => t.id === 'alibori-atacora-attack-spike');
  if (!found) throw new Error('the shipped trend indicator did not load');
  return found;
};

describe.each(BACKENDS)('trend indicators over the record on %s', (backend) => {
  let opened: OpenedRecord;
  let ctx: StageContext;
  let dir: string;
  const prefix = uniquePrefix(`trend-${backend}`);
  const clock = new ManualClock(NOW);

  async function load(name: string, lines: string[]): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
    const totals = await importEventFile(opened.record, file, (p) => {
      throw new Error(`row ${p.line}: ${p.field}: ${p.message}`);
    });
    expect(totals.added).toBe(lines.length);
  }

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'trend');
    dir = mkdtempSync(join(tmpdir(), 'sw-trend-'));
    const config = ConfigSchema.parse({ redis: { url: TEST_REDIS_URL, prefix }, indicators: { dir: `${process.cwd()}/indicators`, hot_reload: false }, database: { enabled: false } });
    ctx = await buildContext(config, silentLogger, clock, undefined, opened.record);
    // Eight weeks of baseline, two attacks a week in Alibori or Atacora; noise that must not count.
    const baseline = Array.from({ length: 8 }, (_, w) => [...rows('B', 7 * (w + 1) + 2, 1), ...rows('A', 7 * (w + 1) + 3, 1, 'Atacora')]).flat();
    const noise = [...rows('N', 2, 3, 'Borgou'), ...rows('P', 3, 3, 'Alibori', 'Peaceful protest')];
    await load('baseline.csv', [...baseline, ...noise, ...rows('W', 1, 4)]);
  }, 60_000);
  afterAll(async () => {
    await closeQueues(ctx.queues);
    ctx.redis.disconnect();
    await opened?.close();
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not fire at 4 attacks against a mean of 2 (twice the mean, but under min_events 5)', async () => {
    expect(await evaluateTrends(ctx, [shipped()], NOW, silentLogger)).toEqual([]);
  });

  it('raises one alert at 6, through the alert store and the record, naming both numbers and the events behind them', async () => {
    await load('surge.csv', rows('S', 0.5, 2, 'Atacora'));
    const [change, ...more] = await evaluateTrends(ctx, [shipped()], NOW, silentLogger);
    expect(more).toEqual([]);
    expect(change).toMatchObject({ notify: true, reason: 'raised' });
    const alert = change!.alert;
    expect(alert.story.title).toBe('Surge of attacks in northern Benin (Alibori, Atacora): 6 events in 7 days against a mean of 2.0');
    expect(alert.evidence[0]?.detail).toContain('the 8 windows before had 2, 2, 2, 2, 2, 2, 2, 2 (mean 2.0); rule: ≥ 2× the mean and ≥ 5 events');
    expect(alert.story.sources.map((s) => s.articleId).sort()).toEqual(['acled_S0.5-0', 'acled_S0.5-1', 'acled_W1-0', 'acled_W1-1', 'acled_W1-2', 'acled_W1-3']);
    expect(alert.story.sources[0]?.title).toContain('[acled_W1-0]');
    expect(alert.window).toEqual({ stories: 6, withinDays: 7 });
    expect(await ctx.alerts.get(alert.id)).toMatchObject({ indicatorId: 'alibori-atacora-attack-spike', severity: 'high' });
    const kept = await opened.record.db.selectFrom('alerts').select(['id', 'indicator_id']).execute();
    expect(kept).toEqual([{ id: alert.id, indicator_id: 'alibori-atacora-attack-spike' }]);
  });

  it('keeps one alert while the surge lasts: the same reading changes nothing, a seventh event updates it quietly', async () => {
    expect(await evaluateTrends(ctx, [shipped()], NOW, silentLogger)).toEqual([]);
    await load('more.csv', rows('M', 0.25, 1));
    const [change] = await evaluateTrends(ctx, [shipped()], NOW + 3600_000, silentLogger);
    expect(change).toMatchObject({ notify: false, reason: 'quiet-update', alert: { version: 1, window: { stories: 7 } } });
    expect(change?.alert.history.map((h) => h.kind)).toEqual(['raised', 'updated']);
    expect((await ctx.alerts.list({ indicator: ['alibori-atacora-attack-spike'] })).alerts).toHaveLength(1);
  });

  it('backtests day by day over the stored events: one alert, on the day the surge crossed the bar', async () => {
    const report = await backtestTrend(opened.record, shipped(), { since: new Date(NOW - 5 * DAY), until: new Date(NOW) });
    expect(report).toMatchObject({ readings: 5, firing: 1, alerts: [{ at: '2025-03-03T00:00:00.000Z', count: 7, mean: 2 }] });
    expect(report.alerts[0]?.events).toHaveLength(7);
    expect(formatTrendBacktest(report)).toContain('5 daily readings, 1 over the bar; would have raised 1 alert(s)');
  });

  it('counts events inside a named region (indicators/regions): the park belt, not the rest of Benin, nor a place named only by its first-level region', async () => {
    const header = `${HEADER},latitude,longitude`;
    const at = (id: string, daysAgo: number, location: string, lat: string, lon: string, admin1 = 'Alibori') =>
      `${id},${new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10)},Battles,Armed clash,JNIM,Benin,${admin1},${location},ORTB,attack,0,${lat},${lon}`;
    const file = join(dir, 'park.csv');
    writeFileSync(
      file,
      `${header}\n${[
        at('PK1', 1, 'Karimama', '12.07', '3.18'),
        at('PK2', 2, 'Porga', '11.05', '0.97', 'Atacora'),
        at('PK3', 3, 'Tamou', '12.75', '2.18'),
        at('PK4', 20, 'Banikoara', '11.30', '2.44'),
        at('OUT1', 1, 'Cotonou', '6.37', '2.39', 'Littoral'),
        at('OUT2', 2, 'Parakou', '9.34', '2.63', 'Borgou'),
        // Only a first-level region's centre: no place to put inside the belt.
        `OUT3,${new Date(NOW - DAY).toISOString().slice(0, 10)},Battles,Armed clash,JNIM,Benin,Alibori,,ORTB,attack,0,,`,
      ].join('\n')}\n`,
    );
    await importEventFile(opened.record, file, (p) => {
      throw new Error(`row ${p.line}: ${p.field}: ${p.message}`);
    });
    const indicatorFile = join(dir, 'park-belt-trend.yaml');
    writeFileSync(indicatorFile, PARK_TREND);
    const { trend, errors } = loadIndicatorFile(indicatorFile, loadRegions('indicators/regions').regions);
    expect(errors).toEqual([]);
    expect(trend?.areas?.map((a) => a.name)).toEqual(['w-arly-pendjari']);
    {
      const reading = await opened.record.eventWindowCounts(trend!.trend.events, NOW, 7 * DAY, 4, trend!.areas);
      expect(reading.counts).toEqual([3, 0, 1, 0, 0]);
      expect(reading.events.map((e) => e.id).sort()).toEqual(['acled_PK1', 'acled_PK2', 'acled_PK3']);
      const [change] = await evaluateTrends(ctx, [trend!], NOW, silentLogger);
      expect(change?.alert.evidence[0]?.detail).toContain('3 attack events in the w-arly-pendjari area in the 7 days to 2025-03-03T12:00Z');
    }
  });
});

const PARK_TREND = `id: park-belt-trend
kind: trend
title: Attacks in the park belt
description: Attacks anywhere in the W-Arly-Pendjari outline, whatever the country.
owner: coastal-states-desk
severity: high
trend:
  events:
    regions: [w-arly-pendjari]
    event_types: [attack]
  window_days: 7
  baseline_windows: 4
  times_mean: 2
  min_events: 3
`;

describe('trend indicator files', () => {
  it('are checked like the others: one comparison with the baseline, known actors and event types, at least one filter', () => {
    const { file, problems, remove } = scratchIndicator('trend');
    expect(problems('trend:\n  events: { countries: [BJ] }\n')).toEqual([
      `${file}:8:3 trend.times_mean: give one comparison with the baseline: times_mean (e.g. 2 for ≥ 2× its mean) or above_percentile (e.g. 95)`,
    ]);
    expect(problems('trend:\n  events: { actors: [jnmi], event_types: [atack] }\n  times_mean: 2\n')).toEqual([
      `${file}:8:22 trend.events.actors[0]: unknown actor "jnmi"; did you mean "jnim"?`,
      `${file}:8:43 trend.events.event_types[0]: unknown event type "atack"; did you mean "attack"?`,
    ]);
    expect(problems('trend:\n  events: {}\n  above_percentile: 95\n')[0]).toContain('trend.events: give at least one of countries, admin1, actors, event_types');
    expect(problems('trend:\n  events: { countries: [BJ] }\n  above_percentile: 95\n')).toEqual([]);
    expect(problems('trend:\n  events: { regions: [w-arly] }\n  above_percentile: 95\n', loadRegions('indicators/regions').regions)).toEqual([
      `${file}:8:23 trend.events.regions[0]: unknown region "w-arly" (known: kayes-corridors, w-arly-pendjari)`,
    ]);
    remove();
  });
});
