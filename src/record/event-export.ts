import { type Kysely, type SqlBool, sql } from 'kysely';
import type { StoryEvent } from '../events/story-event.js';
import type { EventQuery } from './event-query.js';
import { foldName, placeWithin } from './geo-sql.js';
import type { RecordTables } from './tables.js';

/** Events matching the query (every given filter holds). */
function matching(db: Kysely<RecordTables>, q: EventQuery) {
  let select = db.selectFrom('events');
  if (q.country) select = select.where(sql<SqlBool>`(countries && ${q.country}::text[] or exists (select 1 from jsonb_array_elements(data->'places') p where p->>'country' = any(${q.country}::text[])))`);
  if (q.admin1) select = select.where(sql<SqlBool>`exists (select 1 from unnest(admin1) r where lower(unaccent(r)) = any(${q.admin1.map(foldName)}::text[]))`);
  if (q.actor) select = select.where(sql<SqlBool>`actors && ${q.actor}::text[]`);
  if (q.event_type) select = select.where(sql<SqlBool>`event_types && ${q.event_type}::text[]`);
  if (q.since) select = select.where(sql<SqlBool>`first_report >= ${q.since}::timestamptz`);
  if (q.until) select = select.where(sql<SqlBool>`first_report < ${q.until}::timestamptz`);
  if (q.lat !== undefined && q.lon !== undefined && q.radius_km !== undefined) select = select.where(placeWithin(sql`events.data->'places'`, q.lat, q.lon, q.radius_km));
  return select;
}

/**
 * Matching events newest first (by first report, then id), a batch at a time:
 * keyset paging on (first_report, id), so only one batch is in memory however
 * many there are, on PostgreSQL and PGlite alike, and the caller decides when
 * the next batch is read (an export asks for it when the client has taken the last).
 */
export async function* eventsNewestFirst(db: Kysely<RecordTables>, q: EventQuery, batch = 1000): AsyncGenerator<StoryEvent[]> {
  let left = q.limit ?? Number.POSITIVE_INFINITY;
  let after: { at: string; id: string } | undefined;
  while (left > 0) {
    let select = matching(db, q).select(['id', 'first_report', 'data']);
    if (after) select = select.where(sql<SqlBool>`(first_report, id) < (${after.at}::timestamptz, ${after.id})`);
    const size = Math.min(batch, left);
    const rows = await select.orderBy('first_report', 'desc').orderBy('id', 'desc').limit(size).execute();
    if (rows.length === 0) return;
    left -= rows.length;
    yield rows.map((r) => r.data as StoryEvent);
    const last = rows[rows.length - 1];
    if (!last || rows.length < size) return;
    after = { at: new Date(last.first_report).toISOString(), id: last.id };
  }
}
