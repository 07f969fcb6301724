import { type Kysely, type SqlBool, sql } from 'kysely';
import { placeInAdmin1, placeWithin } from './geo-sql.js';
import { type SearchPage, type SearchQuery, SearchQuerySchema } from './search-query.js';
import type { RecordTables } from './tables.js';

export type { SearchHit, SearchPage, SearchQuery } from './search-query.js';
export { SearchQuerySchema } from './search-query.js';

const HEADLINE = 'MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … ", StartSel=«, StopSel=»';

/**
 * Newest first. The words are stemmed as French for French reports and as
 * English for the others, accents folded in both, so one query finds reports
 * in either language.
 */
export async function searchArticles(db: Kysely<RecordTables>, input: SearchQuery): Promise<SearchPage> {
  const query = SearchQuerySchema.parse(input);
  const french = sql`websearch_to_tsquery('sw_french', ${query.q})`;
  const english = sql`websearch_to_tsquery('sw_english', ${query.q})`;
  // Only the key and the sort column go through the filter and the sort: the wide columns are read for the page alone.
  let select = db.selectFrom('articles').select(['id', 'published_at']);
  // Each report is matched by the query stemmed in its own language (two index scans, OR-ed).
  if (query.q) select = select.where(sql<SqlBool>`((search @@ ${french} and language like 'fr%') or (search @@ ${english} and coalesce(language, '') not like 'fr%'))`);
  if (query.country) select = select.where(sql<SqlBool>`countries @> array[${query.country}]::text[]`);
  if (query.actor) select = select.where(sql<SqlBool>`actors @> array[${query.actor}]::text[]`);
  if (query.event_type) select = select.where(sql<SqlBool>`event_types @> array[${query.event_type}]::text[]`);
  if (query.indicator) select = select.where(sql<SqlBool>`indicators @> array[${query.indicator}]::text[]`);
  if (query.since) select = select.where(sql<SqlBool>`coalesce(published_at, seen_at) >= ${query.since}::timestamptz`);
  if (query.until) select = select.where(sql<SqlBool>`coalesce(published_at, seen_at) < ${query.until}::timestamptz`);
  if (query.lat !== undefined && query.lon !== undefined && query.radius_km !== undefined) select = select.where(placeWithin(sql`articles.places`, query.lat, query.lon, query.radius_km));
  if (query.admin1) select = select.where(placeInAdmin1(sql`articles.places`, query.admin1));
  const page = select.orderBy(sql`published_at desc nulls last`).orderBy('id').limit(query.limit).offset(query.offset).as('page');
  const snippet = query.q
    ? sql<string>`case when a.language like 'fr%'
        then ts_headline('sw_french', a.text, ${french}, ${HEADLINE})
        else ts_headline('sw_english', a.text, ${english}, ${HEADLINE}) end`
    : sql<string>`left(a.text, 200)`;
  const rows = await db
    .selectFrom(page)
    .innerJoin('articles as a', 'a.id', 'page.id')
    .select(['a.id', 'a.url', 'a.title', 'a.outlet', 'a.language', 'a.published_at', 'a.story_id', 'a.countries', 'a.actors', 'a.event_types', 'a.indicators'])
    .select(snippet.as('snippet'))
    .orderBy(sql`page.published_at desc nulls last`)
    .orderBy('page.id')
    .execute();
  const hits = rows.map((r) => ({
    id: r.id,
    url: r.url,
    title: r.title,
    outlet: r.outlet,
    language: r.language,
    published: r.published_at ? new Date(r.published_at).toISOString() : null,
    storyId: r.story_id,
    countries: r.countries,
    actors: r.actors,
    eventTypes: r.event_types,
    indicators: r.indicators,
    snippet: r.snippet.replace(/\s+/g, ' ').trim(),
  }));
  return { hits, ...(hits.length === query.limit ? { nextOffset: query.offset + hits.length } : {}) };
}
