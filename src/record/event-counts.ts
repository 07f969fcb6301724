import { type Kysely, type SqlBool, sql } from 'kysely';
import type { StoryEvent } from '../events/story-event.js';
import type { EventFilter } from '../matching/trend.js';
import type { PlaceRef } from '../extraction/extraction.js';
import type { Region } from '../matching/regions.js';
import { areasBox, foldName, placeInAreas } from './geo-sql.js';
import type { RecordTables } from './tables.js';

/** Events within the windows that match the filter: each list given must share a value with the event. */
function matching(db: Kysely<RecordTables>, filter: EventFilter, from: string, to: string) {
  let q = db.selectFrom('events').where(sql<SqlBool>`first_report > ${from}::timestamptz and first_report <= ${to}::timestamptz`);
  if (filter.countries) q = q.where(sql<SqlBool>`countries && ${filter.countries}::text[]`);
  if (filter.actors) q = q.where(sql<SqlBool>`actors && ${filter.actors}::text[]`);
  if (filter.event_types) q = q.where(sql<SqlBool>`event_types && ${filter.event_types}::text[]`);
  if (filter.admin1) q = q.where(sql<SqlBool>`exists (select 1 from unnest(admin1) r where lower(unaccent(r)) = any(${filter.admin1.map(foldName)}::text[]))`);
  return q;
}

export interface WindowCounts {
  /** counts[0]: the window ending now; counts[k]: the k-th window before it. */
  counts: number[];
  /** The current window's events, oldest first (at most `listed`). */
  events: StoryEvent[];
}

/**
 * Matching events per window of `windowMs` ending at `now`, for the current
 * window and the `baseline` windows before it, counted in the database; and
 * the current window's events themselves, for the alert to name.
 */
export async function eventWindowCounts(db: Kysely<RecordTables>, filter: EventFilter, now: number, windowMs: number, baseline: number, areas: readonly Region[] = [], listed = 50): Promise<WindowCounts> {
  if (areas.length > 0) return areaWindowCounts(db, filter, now, windowMs, baseline, areas, listed);
  const to = new Date(now).toISOString();
  const from = new Date(now - (baseline + 1) * windowMs).toISOString();
  // Grouped by position: the same expression written twice would carry different parameters.
  const k = sql<number>`floor(extract(epoch from (${to}::timestamptz - first_report)) * 1000 / ${windowMs})::int`;
  const rows = await matching(db, filter, from, to).select([k.as('k'), sql<number>`count(*)::int`.as('n')]).groupBy(sql`1`).execute();
  const counts = Array.from({ length: baseline + 1 }, () => 0);
  for (const r of rows) if (r.k >= 0 && r.k <= baseline) counts[r.k] = Number(r.n);
  const current = await matching(db, filter, new Date(now - windowMs).toISOString(), to).select('data').orderBy('first_report').orderBy('id').limit(listed).execute();
  return { counts, events: current.map((r) => r.data as StoryEvent) };
}

/**
 * The same counts for events inside named areas. Polygons, buffered roads and
 * circles are not SQL, so the database narrows the rows to those whose place
 * box meets the areas' box (GiST on events.bbox) and the areas decide here.
 */
async function areaWindowCounts(db: Kysely<RecordTables>, filter: EventFilter, now: number, windowMs: number, baseline: number, areas: readonly Region[], listed: number): Promise<WindowCounts> {
  const to = new Date(now).toISOString();
  const from = new Date(now - (baseline + 1) * windowMs).toISOString();
  const box = areasBox(areas);
  const k = sql<number>`floor(extract(epoch from (${to}::timestamptz - first_report)) * 1000 / ${windowMs})::int`;
  const rows = await matching(db, filter, from, to)
    .where(sql<SqlBool>`bbox && ${box}`)
    .select([k.as('k'), sql<unknown>`data->'places'`.as('places')])
    .execute();
  const counts = Array.from({ length: baseline + 1 }, () => 0);
  for (const r of rows) if (r.k >= 0 && r.k <= baseline && placeInAreas(r.places as PlaceRef[], areas)) counts[r.k] = (counts[r.k] ?? 0) + 1;
  const current = await matching(db, filter, new Date(now - windowMs).toISOString(), to)
    .where(sql<SqlBool>`bbox && ${box}`)
    .select('data')
    .orderBy('first_report')
    .orderBy('id')
    .execute();
  const events = current.map((r) => r.data as StoryEvent).filter((e) => placeInAreas(e.places, areas));
  return { counts, events: events.slice(0, listed) };
}
