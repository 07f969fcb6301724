import { type Kysely, type SqlBool, sql } from 'kysely';
import type { ArticleCountFilter } from '../matching/silence.js';
import type { PlaceRef } from '../extraction/extraction.js';
import type { Region } from '../matching/regions.js';
import { areasBox, placeInAdmin1, placeInAreas } from './geo-sql.js';
import type { RecordTables } from './tables.js';

/** The newest matching article the record holds. */
export interface LastArticle {
  id: string;
  title: string;
  url: string;
  outlet: string;
  feedId: string;
  seenAt: string;
}

export interface QuietCounts {
  /** Matching articles seen in the baseline, the period before the quiet one. */
  baseline: number;
  /** Matching articles seen in the quiet period, ending now. */
  recent: number;
  last?: LastArticle;
}

function matching(db: Kysely<RecordTables>, filter: ArticleCountFilter) {
  let q = db.selectFrom('articles');
  if (filter.feedIds) q = q.where(sql<SqlBool>`feed_id = any(${[...filter.feedIds]}::text[])`);
  if (filter.countries) q = q.where(sql<SqlBool>`countries && ${[...filter.countries]}::text[]`);
  if (filter.admin1) q = q.where(placeInAdmin1(sql`places`, filter.admin1));
  return q;
}

/**
 * Matching articles by when the service saw them: in the `quietMs` up to
 * `now`, in the `baselineMs` before that, and the newest one seen by `now`.
 */
export async function quietCounts(db: Kysely<RecordTables>, filter: ArticleCountFilter, now: number, baselineMs: number, quietMs: number): Promise<QuietCounts> {
  if (filter.areas && filter.areas.length > 0) return areaQuietCounts(db, filter, filter.areas, now, baselineMs, quietMs);
  const to = new Date(now).toISOString();
  const quietFrom = new Date(now - quietMs).toISOString();
  const from = new Date(now - quietMs - baselineMs).toISOString();
  const counts = await matching(db, filter)
    .where(sql<SqlBool>`seen_at > ${from}::timestamptz and seen_at <= ${to}::timestamptz`)
    .select([
      sql<number>`count(*) filter (where seen_at <= ${quietFrom}::timestamptz)::int`.as('baseline'),
      sql<number>`count(*) filter (where seen_at > ${quietFrom}::timestamptz)::int`.as('recent'),
    ])
    .executeTakeFirst();
  const last = await matching(db, filter)
    .where(sql<SqlBool>`seen_at <= ${to}::timestamptz`)
    .select(['id', 'title', 'url', 'outlet', 'feed_id', 'seen_at'])
    .orderBy('seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    baseline: Number(counts?.baseline ?? 0),
    recent: Number(counts?.recent ?? 0),
    ...(last ? { last: lastOf(last) } : {}),
  };
}

function lastOf(r: { id: string; title: string; url: string; outlet: string; feed_id: string; seen_at: Date }): LastArticle {
  return { id: r.id, title: r.title, url: r.url, outlet: r.outlet, feedId: r.feed_id, seenAt: new Date(r.seen_at).toISOString() };
}

/** Rows read at a time, and at most, looking for the newest matching article before the windows. */
const LAST_PAGE = 200;
const LAST_PAGES = 10;

/**
 * The same counts for articles naming a place inside named areas. Polygons,
 * buffered roads and circles are not SQL, so the database narrows the rows to
 * those whose place box meets the areas' box and the areas decide here.
 */
async function areaQuietCounts(db: Kysely<RecordTables>, filter: ArticleCountFilter, areas: readonly Region[], now: number, baselineMs: number, quietMs: number): Promise<QuietCounts> {
  // Newest first up to `before` (then, past a page, before its last row: seen_at and id), from `after` on.
  const near = (before: string, after?: string, beforeId?: string) => {
    let q = matching(db, filter).where(sql<SqlBool>`bbox && ${areasBox(areas)}`);
    q = beforeId === undefined ? q.where(sql<SqlBool>`seen_at <= ${before}::timestamptz`) : q.where(sql<SqlBool>`(seen_at, id) < (${before}::timestamptz, ${beforeId})`);
    if (after) q = q.where(sql<SqlBool>`seen_at > ${after}::timestamptz`);
    return q.select(['id', 'title', 'url', 'outlet', 'feed_id', 'seen_at', 'places']).orderBy('seen_at', 'desc').orderBy('id', 'desc');
  };
  const inside = <T extends { places: unknown }>(rows: T[]) => rows.filter((r) => placeInAreas(r.places as PlaceRef[], areas));
  const quietFrom = now - quietMs;
  const from = new Date(quietFrom - baselineMs).toISOString();
  const rows = inside(await near(new Date(now).toISOString(), from).execute());
  const recent = rows.filter((r) => new Date(r.seen_at).getTime() > quietFrom).length;
  let last = rows[0];
  // None in the windows: the newest one before them, a page at a time.
  let cursor: { before: string; id?: string } = { before: from };
  for (let page = 0; !last && page < LAST_PAGES; page++) {
    const older = await near(cursor.before, undefined, cursor.id).limit(LAST_PAGE).execute();
    last = inside(older)[0];
    const oldest = older.at(-1);
    if (older.length < LAST_PAGE || !oldest) break;
    cursor = { before: new Date(oldest.seen_at).toISOString(), id: oldest.id };
  }
  return { baseline: rows.length - recent, recent, ...(last ? { last: lastOf(last) } : {}) };
}
