import type { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import { notifiedState } from '../alerts/merge.js';
import { unionById } from '../core/collections.js';
import type { StoryEvent } from '../events/story-event.js';
import type { IndicatorMetaSchema } from '../matching/indicator.js';
import type { EventFilter, Trend, TrendIndicator } from '../matching/trend.js';
import type { WindowCounts } from '../record/event-counts.js';

const DAY_MS = 86_400_000;
/** Events an alert names as its sources (the count covers them all). */
const MAX_SOURCES = 50;

/** A trend's numbers at one moment: the current window's count against its baseline. */
export interface TrendReading {
  count: number;
  /** Counts of the baseline windows, newest first. */
  baseline: number[];
  mean: number;
  /** What the count had to reach (times_mean), or exceed (above_percentile). */
  bar: number;
  fires: boolean;
  /** The sentence an analyst reads: both numbers and the rule. */
  summary: string;
  events: StoryEvent[];
  windowEnd: string;
}

/** Nearest-rank percentile of the counts. */
function percentile(counts: readonly number[], p: number): number {
  const sorted = [...counts].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** What the filter counts, in words: "attack, ambush events in BJ (Alibori, Atacora) by actor/jnim". */
export function describeFilter(filter: EventFilter): string {
  const types = filter.event_types ? `${filter.event_types.join(', ')} events` : 'events';
  const where = [filter.countries?.join(', '), filter.admin1 ? `(${filter.admin1.join(', ')})` : undefined, filter.regions ? `the ${filter.regions.join(' or ')} area` : undefined].filter(Boolean).join(' ');
  return [types, where ? `in ${where}` : '', filter.actors ? `by ${filter.actors.map((a) => a.replace(/^actor\//, '')).join(', ')}` : ''].filter(Boolean).join(' ');
}

/** Whether the window's count stands out from its baseline under the trend's rule. */
export function judgeTrend(trend: Trend, { counts, events }: WindowCounts, now: number): TrendReading {
  const [count = 0, ...baseline] = counts;
  const mean = baseline.reduce((a, b) => a + b, 0) / Math.max(1, baseline.length);
  const days = `${trend.window_days} day${trend.window_days === 1 ? '' : 's'}`;
  const what = `${count} ${describeFilter(trend.events)} in the ${days} to ${new Date(now).toISOString().slice(0, 16)}Z`;
  const history = `the ${baseline.length} windows before had ${baseline.join(', ')} (mean ${mean.toFixed(1)})`;
  let bar: number;
  let fires: boolean;
  let rule: string;
  if (trend.times_mean !== undefined) {
    bar = Math.max(trend.min_events, trend.times_mean * mean);
    fires = count >= bar;
    rule = `≥ ${trend.times_mean}× the mean and ≥ ${trend.min_events} events`;
  } else {
    const p = trend.above_percentile ?? 95;
    bar = percentile(baseline, p);
    fires = count > bar && count >= trend.min_events;
    rule = `above their ${p}th percentile (${bar}) and ≥ ${trend.min_events} events`;
  }
  return { count, baseline, mean, bar, fires, summary: `${what}; ${history}; rule: ${rule}`, events, windowEnd: new Date(now).toISOString() };
}

/** What an alert carries of the scheduled indicator (trend or silence) that raised it. */
export function indicatorFields(indicator: z.output<typeof IndicatorMetaSchema>): Pick<Alert, 'indicatorId' | 'indicatorTitle' | 'description' | 'severity' | 'tags' | 'owner'> {
  const { id, title, description, severity, tags, owner } = indicator;
  return { indicatorId: id, indicatorTitle: title, description, severity, tags, ...(owner ? { owner } : {}) };
}

/** The event as a source of the alert: its first report's link when it has one, else the event itself. */
function eventSource(event: StoryEvent): Alert['story']['sources'][number] {
  const first = event.story.sources[0];
  const where = event.places[0];
  const label = [event.story.firstReport.slice(0, 10), event.eventTypes.join('/') || 'event', where ? `${where.name}${where.admin1 ? `, ${where.admin1}` : ''}` : event.countries.join(' ')].join(' ');
  return {
    articleId: event.id,
    url: first?.url ?? '',
    outlet: first?.outlet ?? event.id,
    title: `${label}: ${event.story.title} [${event.id}]`,
    published: event.story.firstReport,
  };
}

/**
 * The alert a firing trend raises (or, given the open one, updates): its
 * story is the window, its sources the events behind the count, its evidence
 * the numbers. One alert per episode: the caller keeps its id while the
 * trend stays high.
 */
export function trendAlert(indicator: TrendIndicator, reading: TrendReading, alertId: string, previous?: Alert): Alert {
  const at = reading.windowEnd;
  const windowStart = new Date(Date.parse(at) - indicator.trend.window_days * DAY_MS).toISOString();
  const events = reading.events;
  const title = `${indicator.title}: ${reading.count} events in ${indicator.trend.window_days} days against a mean of ${reading.mean.toFixed(1)}`;
  const evidence: Alert['evidence'] = [
    { condition: 'trend', detail: reading.summary, sourceUrl: '', evidence: [{ start: 0, end: String(reading.count).length, quote: String(reading.count), sentence: reading.summary, sentenceStart: 0 }] },
  ];
  const alert: Alert = {
    id: alertId,
    ...indicatorFields(indicator),
    version: previous?.version ?? 1,
    story: {
      id: alertId,
      title,
      firstReport: previous?.story.firstReport ?? events[0]?.story.firstReport ?? windowStart,
      latestReport: events.at(-1)?.story.firstReport ?? at,
      outlets: new Set(events.flatMap((e) => e.story.sources.map((s) => s.outlet))).size,
      // One source per event: the events of earlier readings stay named, the newest last.
      sources: [...new Map([...(previous?.story.sources ?? []), ...events.map(eventSource)].map((s) => [s.articleId, s])).values()].slice(-MAX_SOURCES),
    },
    places: events.map((e) => e.places).reduce(unionById, previous?.places ?? []),
    countries: [...new Set([...(previous?.countries ?? []), ...events.flatMap((e) => e.countries)])],
    actors: events.map((e) => e.actors).reduce(unionById, previous?.actors ?? []),
    people: [],
    casualties: [],
    evidence,
    history: [
      ...(previous?.history ?? []),
      previous
        ? { at, kind: 'updated', version: previous.version, note: `now ${reading.count} events: ${reading.summary}` }
        : { at, kind: 'raised', version: 1, note: `raised: ${reading.summary}` },
    ],
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    silenced: previous?.silenced ?? false,
    receivers: indicator.receivers,
    window: { stories: reading.count, withinDays: indicator.trend.window_days },
  };
  // What receivers were told: kept through updates, set when raised.
  alert.notified = previous ? previous.notified : notifiedState(alert, Date.parse(at));
  return alert;
}
