import { countryInfo } from '../exports/index.js';
import type { ConsoleContext } from './deps.js';
import { MAX_WEEKS, type TimelineCounts, type TimelineQuery, WEEK_MS, weekStart } from '../record/timeline-query.js';
import { HttpError } from './errors.js';

/** What the chart shows when the request names no range: the last 26 weeks. */
const DEFAULT_WEEKS = 26;

export interface Timeline extends Omit<TimelineCounts, 'series'> {
  since: string;
  until: string;
  series: (TimelineCounts['series'][number] & { label: string })[];
  /** Why there is nothing to draw: the process keeps no record. */
  unavailable?: string;
}

/**
 * Events per week per country, or stories per week per indicator, from the
 * record, each series labelled (country name, indicator title). A process
 * keeping no record answers an empty chart that says why, so the console
 * shows it instead of failing a request every refresh.
 */
export async function timeline(ctx: ConsoleContext, query: TimelineQuery): Promise<Timeline> {
  const until = query.until ?? new Date(ctx.clock.now()).toISOString();
  const since = query.since ?? new Date(weekStart(Date.parse(until)) - (DEFAULT_WEEKS - 1) * WEEK_MS).toISOString();
  if (Date.parse(until) - Date.parse(since) > MAX_WEEKS * WEEK_MS) throw new HttpError(400, `since: at most ${MAX_WEEKS} weeks before until (${until})`);
  if (Date.parse(since) >= Date.parse(until)) throw new HttpError(400, `since: must be before until (${until})`);
  if (!ctx.record) return { by: query.by, since, until, weeks: [], series: [], unavailable: 'the timeline reads the record, and this process keeps none (database.enabled is false)' };
  const counts = await ctx.record.timeline(query.by, since, until);
  const titles = new Map(ctx.indicators.current().indicators.map((i) => [i.id, i.title]));
  const label = (key: string) => (query.by === 'country' ? (countryInfo(key)?.name ?? key) : (titles.get(key) ?? key));
  return { ...counts, since, until, series: counts.series.map((s) => ({ ...s, label: label(s.key) })) };
}
