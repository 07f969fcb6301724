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
 * the current window's events themselves, for the alert to name. With
 * `areas`, only events with a place inside one of them count.
 */
export async function eventWindowCounts(db: Kysely<RecordTables>, filter: EventFilter, now: number, windowMs: number, baseline: number, areas: readonly Region[] = [], listed = 50): Promise<WindowCounts> {
  const to = new Date(now).toISOString();
  // Polygons, buffered roads and circles are not SQL: for named areas the database narrows the rows to those
  // whose place box meets the areas' box (GiST on events.bbox), and the areas decide here.
  const box = areas.length > 0 ? areasBox(areas) : undefined;
  const since = (ms: number) => {
    const q = matching(db, filter, new Date(ms).toISOString(), to);
    return box ? q.where(sql<SqlBool>`bbox && ${box}`) : q;
  };
  const inside = (places: readonly PlaceRef[]) => !box || placeInAreas(places, areas);
  // Grouped by position: the same expression written twice would carry different parameters.
  const k = sql<number>`floor(extract(epoch from (${to}::timestamptz - first_report)) * 1000 / ${windowMs})::int`;
  const counts = Array.from({ length: baseline + 1 }, () => 0);
  const windowsFrom = now - (baseline + 1) * windowMs;
  if (box) {
    const rows = await since(windowsFrom).select([k.as('k'), sql<unknown>`data->'places'`.as('places')]).execute();
    for (const r of rows) if (r.k >= 0 && r.k <= baseline && inside(r.places as PlaceRef[])) counts[r.k] = (counts[r.k] ?? 0) + 1;
  } else {
    const rows = await since(windowsFrom).select([k.as('k'), sql<number>`count(*)::int`.as('n')]).groupBy(sql`1`).execute();
    for (const r of rows) if (r.k >= 0 && r.k <= baseline) counts[r.k] = Number(r.n);
  }
  const current = since(now - windowMs).select('data').orderBy('first_report').orderBy('id');
  const events = (await (box ? current : current.limit(listed)).execute()).map((r) => r.data as StoryEvent).filter((e) => inside(e.places));
  return { counts, events: events.slice(0, listed) };
}
