import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { locatedBox } from './geo-sql.js';

/**
 * Accent-insensitive French and English text search: each configuration is the
 * stock one with `unaccent` before the stemmer, so "Ségou" finds "Segou" and
 * "pres" finds "près". Created in a DO block so a re-run (or a second process
 * migrating at once) skips what exists.
 */
const TEXT_SEARCH = sql`
do $$ begin
  if not exists (select 1 from pg_ts_config where cfgname = 'sw_french') then
    create text search configuration sw_french (copy = french);
    alter text search configuration sw_french alter mapping for hword, hword_part, word with unaccent, french_stem;
  end if;
  if not exists (select 1 from pg_ts_config where cfgname = 'sw_english') then
    create text search configuration sw_english (copy = english);
    alter text search configuration sw_english alter mapping for hword, hword_part, word with unaccent, english_stem;
  end if;
end $$`;

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create extension if not exists unaccent`.execute(db);
    await TEXT_SEARCH.execute(db);
    await sql`
      create table articles (
        id text primary key,
        url text not null,
        canonical_url text not null,
        outlet text not null,
        feed_id text not null,
        language text,
        title text not null,
        text text not null,
        byline text,
        text_source text not null,
        published_at timestamptz,
        seen_at timestamptz not null,
        story_id text,
        countries text[] not null default '{}',
        actors text[] not null default '{}',
        event_types text[] not null default '{}',
        indicators text[] not null default '{}',
        places jsonb not null default '[]',
        extraction json not null,
        search tsvector generated always as (
          case when language like 'fr%'
            then setweight(to_tsvector('sw_french', title), 'A') || setweight(to_tsvector('sw_french', text), 'B')
            else setweight(to_tsvector('sw_english', title), 'A') || setweight(to_tsvector('sw_english', text), 'B')
          end) stored
      )`.execute(db);
    for (const index of [
      'create index articles_search on articles using gin (search)',
      'create index articles_published on articles (published_at desc nulls last)',
      'create index articles_seen on articles (seen_at)',
      'create index articles_countries on articles using gin (countries)',
      'create index articles_actors on articles using gin (actors)',
      'create index articles_event_types on articles using gin (event_types)',
      'create index articles_indicators on articles using gin (indicators)',
      'create index articles_story on articles (story_id)',
    ]) {
      await sql.raw(index).execute(db);
    }
    await sql`
      create table stories (
        id text primary key,
        title text not null,
        first_report timestamptz not null,
        latest_report timestamptz not null,
        outlets integer not null,
        updated_at timestamptz not null
      )`.execute(db);
    await sql`create table story_articles (story_id text not null, article_id text not null, primary key (story_id, article_id))`.execute(db);
    await sql`create index story_articles_article on story_articles (article_id)`.execute(db);
    await sql`
      create table events (
        id text primary key,
        first_report timestamptz not null,
        updated_at timestamptz not null,
        countries text[] not null,
        actors text[] not null,
        event_types text[] not null,
        data jsonb not null
      )`.execute(db);
    await sql`create index events_first_report on events (first_report desc)`.execute(db);
    await sql`create index events_countries on events using gin (countries)`.execute(db);
    await sql`
      create table alerts (
        id text primary key,
        indicator_id text not null,
        story_id text not null,
        severity text not null,
        version integer not null,
        countries text[] not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        data jsonb not null
      )`.execute(db);
    await sql`create index alerts_updated on alerts (updated_at desc)`.execute(db);
    await sql`create index alerts_indicator on alerts (indicator_id, updated_at desc)`.execute(db);
    await sql`
      create table alert_versions (
        alert_id text not null,
        version integer not null,
        at timestamptz not null,
        data jsonb not null,
        primary key (alert_id, version)
      )`.execute(db);
    await sql`
      create table alert_history (
        id text primary key,
        alert_id text not null,
        at timestamptz not null,
        kind text not null,
        version integer not null,
        note text not null
      )`.execute(db);
    await sql`create index alert_history_alert on alert_history (alert_id, at)`.execute(db);
    await sql`
      create table deliveries (
        key text not null,
        outcome text not null,
        attempts integer not null,
        alert_id text not null,
        version integer not null,
        receiver text not null,
        at timestamptz not null,
        error text,
        primary key (key, outcome)
      )`.execute(db);
    await sql`create index deliveries_alert on deliveries (alert_id, at)`.execute(db);
    await sql`create index deliveries_at on deliveries (at)`.execute(db);
  },
};

/**
 * Backtests page through articles in time order (publication time, else the
 * first sighting), and trend indicators count events by region (admin1):
 * an index for the one, a column the record fills from each event's places
 * for the other.
 */
const timeOrderAndRegions: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index articles_time on articles ((coalesce(published_at, seen_at)), id)`.execute(db);
    await sql`alter table events add column admin1 text[] not null default '{}'`.execute(db);
    await sql`
      update events set admin1 = coalesce(
        (select array_agg(distinct p->>'admin1') from jsonb_array_elements(data->'places') p where p->>'admin1' is not null), '{}')`.execute(db);
    await sql`create index events_admin1 on events using gin (admin1)`.execute(db);
    await sql`create index events_actors on events using gin (actors)`.execute(db);
    await sql`create index events_event_types on events using gin (event_types)`.execute(db);
  },
};

/**
 * The exports read events (by first report) and alerts (by last update)
 * newest first a batch at a time, keyset paging on the time and the id.
 */
const exportOrder: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index events_time on events (first_report desc, id desc)`.execute(db);
    await sql`create index alerts_time on alerts (updated_at desc, id desc)`.execute(db);
  },
};

/**
 * An article's row is over TOAST's 2 KB threshold (the extraction as JSON is
 * ~8 KB, the text search vector ~1 KB), so every insert compresses: pglz cost
 * the server ~100 µs per imported article, lz4 a third of that. Rows written
 * before keep their compression; both backends read either.
 */
const lz4Articles: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of ['extraction', 'text', 'search', 'places']) {
      await sql`alter table articles alter column ${sql.ref(column)} set compression lz4`.execute(db);
    }
  },
};

/**
 * "Earlier near here" read every event (and alert) before the alert's time,
 * expanding each one's JSON places, and found nothing near only after the last
 * (0.8–3.5 s at 200,000 events): a box around each row's located places, kept
 * with the row and indexed, lets it read only the rows near the point.
 */
const placeBoxes: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['events', 'alerts']) {
      await sql`alter table ${sql.table(table)} add column bbox box`.execute(db);
      await sql`update ${sql.table(table)} set bbox = ${locatedBox(sql`data->'places'`)}`.execute(db);
      await sql.raw(`create index ${table}_bbox on ${table} using gist (bbox)`).execute(db);
    }
  },
};

/**
 * A silence over a region's outline counts the articles naming a place inside
 * it: the box around each article's places lets the database pass over those
 * whose places all lie elsewhere without reading their JSON. No index: the
 * counts read a time window (articles_seen), and a GiST index would cost every
 * analysed article's write for it.
 */
const articleBoxes: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table articles add column bbox box`.execute(db);
    await sql`update articles set bbox = ${locatedBox(sql`places`)}`.execute(db);
  },
};

/** Migrations in code (not files read at run time), so src/ and dist/ carry the same ones. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_record': initial,
  '0002_time_order_and_regions': timeOrderAndRegions,
  '0003_export_order': exportOrder,
  '0004_lz4_articles': lz4Articles,
  '0005_place_boxes': placeBoxes,
  '0006_article_boxes': articleBoxes,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; Kysely's Migrator takes a lock, so processes may start together. */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(`record: ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
