import { type Kysely, type SqlBool, sql } from 'kysely';
import type { ArticleCountFilter } from '../matching/silence.js';
import { placeInAdmin1 } from './geo-sql.js';
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
    ...(last ? { last: { id: last.id, title: last.title, url: last.url, outlet: last.outlet, feedId: last.feed_id, seenAt: new Date(last.seen_at).toISOString() } } : {}),
  };
}
