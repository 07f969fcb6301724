import { type Kysely, sql } from 'kysely';
import type { RecordTables } from './tables.js';
import { type TimelineCounts, WEEK_MS, weekStart } from './timeline-query.js';

export type { TimelineCounts } from './timeline-query.js';

/**
 * Counts per ISO week in SQL (date_trunc('week') in UTC, the same on
 * PostgreSQL and PGlite). By country: the record's events by their first
 * report. By indicator: each story an indicator matched (an article without a
 * story counts alone), in the week of the story's first report.
 */
export async function timelineCounts(db: Kysely<RecordTables>, by: 'country' | 'indicator', since: string, until: string): Promise<TimelineCounts> {
  const first = weekStart(Date.parse(since));
  const weeks = Array.from({ length: Math.floor((weekStart(Date.parse(until) - 1) - first) / WEEK_MS) + 1 }, (_, i) => new Date(first + i * WEEK_MS).toISOString().slice(0, 10));
  const week = (at: unknown) => sql<string>`to_char(date_trunc('week', ${at} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const { rows } =
    by === 'country'
      ? await sql<{ key: string; week: string; n: number }>`
          select c as key, ${week(sql.ref('first_report'))} as week, count(*)::int as n
          from events cross join lateral unnest(countries) c
          where first_report >= ${since}::timestamptz and first_report < ${until}::timestamptz
          group by 1, 2`.execute(db)
      : await sql<{ key: string; week: string; n: number }>`
          select key, ${week(sql.ref('at'))} as week, count(distinct story)::int as n
          from (
            select i as key, coalesce(a.story_id, a.id) as story, coalesce(s.first_report, a.published_at, a.seen_at) as at
            from articles a cross join lateral unnest(a.indicators) i left join stories s on s.id = a.story_id
            where coalesce(a.published_at, a.seen_at) >= ${since}::timestamptz and coalesce(a.published_at, a.seen_at) < ${until}::timestamptz
          ) m
          where at >= ${since}::timestamptz and at < ${until}::timestamptz
          group by 1, 2`.execute(db);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const series = new Map<string, number[]>();
  for (const r of rows) {
    const i = index.get(r.week);
    if (i === undefined) continue;
    const counts = series.get(r.key) ?? new Array<number>(weeks.length).fill(0);
    counts[i] = (counts[i] ?? 0) + Number(r.n);
    series.set(r.key, counts);
  }
  return {
    by,
    weeks,
    series: [...series.entries()]
      .map(([key, counts]) => ({ key, total: counts.reduce((a, b) => a + b, 0), counts }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
  };
}
