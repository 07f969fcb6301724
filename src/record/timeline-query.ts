import { z } from 'zod';
import { IsoTimeSchema } from './search-query.js';

// The timeline's input and output shapes, apart from the SQL (as search-query.ts is for search).

export const WEEK_MS = 7 * 86_400_000;
/** The longest range one chart shows: five years of weeks. */
export const MAX_WEEKS = 261;

/** What `GET /api/timeline` accepts; `until` defaults to now and `since` to 26 weeks before it (the route fills them in). */
export const TimelineQuerySchema = z
  .strictObject({
    /** `country`: events per country (an event naming two counts in both); `indicator`: stories each indicator matched. */
    by: z.enum(['country', 'indicator']).default('country'),
    since: IsoTimeSchema.optional(),
    until: IsoTimeSchema.optional(),
  })
  .refine((q) => !q.since || !q.until || q.since < q.until, { message: 'since must be before until', path: ['since'] })
  .refine((q) => !q.since || !q.until || Date.parse(q.until) - Date.parse(q.since) <= MAX_WEEKS * WEEK_MS, { message: `at most ${MAX_WEEKS} weeks between since and until`, path: ['until'] });
export type TimelineQuery = z.output<typeof TimelineQuerySchema>;

export interface TimelineCounts {
  by: 'country' | 'indicator';
  /** ISO weeks (Monday, UTC) from the one holding `since` to the one holding `until`, oldest first (YYYY-MM-DD). */
  weeks: string[];
  /** Per country code or indicator id, counts per week (same order as weeks); the busiest first. */
  series: { key: string; total: number; counts: number[] }[];
}

/** The Monday (00:00 UTC) of the ISO week holding the time. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / 86_400_000);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
  return (day - ((day + 3) % 7)) * 86_400_000;
}

