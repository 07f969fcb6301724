import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import type { Article } from '../articles/article.js';
import { contentId } from '../core/ids.js';
import type { StoryEvent } from '../events/story-event.js';
import { type Extraction, placeRef } from '../extraction/extraction.js';
import type { Story } from '../stories/story.js';
import type { DatabaseConfig, RetentionKind } from './config.js';
import type { Region } from '../matching/regions.js';
import type { EventFilter } from '../matching/trend.js';
import { eventWindowCounts, type WindowCounts } from './event-counts.js';
import type { ArticleCountFilter } from '../matching/silence.js';
import { type QuietCounts, quietCounts } from './article-counts.js';
import { type SearchPage, type SearchQuery, searchArticles } from './search.js';
import { eventsNewestFirst } from './event-export.js';
import { type AlertExportQuery, alertsNewestFirst } from './alert-export.js';
import type { EventQuery } from './event-query.js';
import { type TimelineCounts, timelineCounts } from './timeline.js';
import { earlierNear, type NearbyAlert, type NearbyEvent, type NearbyQuery } from './nearby.js';
import type { RecordTables } from './tables.js';
import { locatedBoxOf } from './geo-sql.js';
import { GroupCommit } from './group-commit.js';

/** One analysed article with what analysis made of it: written in one transaction. */
export interface AnalysisRecord {
  article: Article;
  /** When the pipeline analysed it (epoch ms). */
  seenAt: number;
  story: Story;
  extraction: Extraction;
  /** Indicators the article matched. */
  indicators: readonly string[];
  /** The story's event after this article, or null when no article of it reports an incident. */
  event: StoryEvent | null;
}

export interface DeliveryRecord {
  key: string;
  alertId: string;
  version: number;
  receiver: string;
  outcome: 'delivered' | 'dead-lettered' | 'silenced';
  /** Attempts it took (the first writer's count stands: a retried job re-records, it does not recount). */
  attempts: number;
  at: number;
  error?: string;
}

/** An article kept without a pipeline run behind it (an archive import, the bench). */
export interface ArticleImport {
  article: Article;
  seenAt: number;
  extraction: Extraction;
  indicators: readonly string[];
  storyId?: string;
}

/** The row of an article: the text and what extraction found, flattened where search filters on it; the JSON columns as values. */
function articleFields({ article, seenAt, extraction, indicators, storyId }: ArticleImport) {
  const places = extraction.places.map(placeRef);
  return {
    id: article.id,
    url: article.url,
    canonical_url: article.url,
    outlet: article.outlet,
    feed_id: article.feedId,
    language: article.language ?? extraction.language ?? null,
    title: article.title,
    text: article.text,
    byline: article.byline ?? null,
    text_source: article.textSource,
    published_at: timeOrNull(article.published),
    seen_at: iso(seenAt),
    story_id: storyId ?? null,
    countries: extraction.countries.map((c) => c.toUpperCase()),
    actors: extraction.actors.map((a) => a.id),
    event_types: [...new Set(extraction.events.map((e) => e.type))],
    indicators: [...indicators],
    places,
    bbox: locatedBoxOf(places),
    extraction: extraction as unknown,
  };
}

/** The articles table's columns and types, as `json_to_recordset` reads a batch of rows. */
const ARTICLE_COLUMNS = [
  ['id', 'text'],
  ['url', 'text'],
  ['canonical_url', 'text'],
  ['outlet', 'text'],
  ['feed_id', 'text'],
  ['language', 'text'],
  ['title', 'text'],
  ['text', 'text'],
  ['byline', 'text'],
  ['text_source', 'text'],
  ['published_at', 'timestamptz'],
  ['seen_at', 'timestamptz'],
  ['story_id', 'text'],
  ['countries', 'text[]'],
  ['actors', 'text[]'],
  ['event_types', 'text[]'],
  ['indicators', 'text[]'],
  ['places', 'jsonb'],
  ['bbox', 'box'],
  ['extraction', 'json'],
] as const satisfies ReadonlyArray<readonly [keyof ReturnType<typeof articleFields>, string]>;
const ARTICLE_NAMES = sql.raw(ARTICLE_COLUMNS.map(([name]) => name).join(', '));
const ARTICLE_RECORD = sql.raw(ARTICLE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '));

export type Backend = 'postgres' | 'pglite';

/** An article as a backtest reads it back: the text to extract and match, and its story's corroboration. */
export interface StoredArticle {
  id: string;
  url: string;
  title: string;
  text: string;
  outlet: string;
  language: string | null;
  /** Publication time, else the first sighting (ISO). */
  at: string;
  story: { id: string; title: string; outlets: number; firstReport: string | null } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `SET col = excluded.col` for each column: an upsert that takes the incoming row's values. */
function fromExcluded<C extends string>(...columns: C[]): Record<C, RawBuilder<never>> {
  return Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as Record<C, RawBuilder<never>>;
}

/** A write the record refused: one line naming the backend and the row, so the failed job's log says what to fix. */
export class RecordWriteError extends Error {}

async function guarded<T>(backend: Backend, what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    throw new RecordWriteError(`record (${backend}): could not save ${what}: ${reason}; the job will retry`);
  }
}
const json = (value: unknown) => JSON.stringify(value);

/** A date the feed gave, or null when it is not one (a row must not fail for a feed's bad date). */
function timeOrNull(value: string | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? iso(ms) : null;
}

/** The stories table's columns and types, as `json_to_recordset` reads a batch of rows. */
const STORY_COLUMNS = [
  ['id', 'text'],
  ['title', 'text'],
  ['first_report', 'timestamptz'],
  ['latest_report', 'timestamptz'],
  ['outlets', 'integer'],
  ['updated_at', 'timestamptz'],
] as const satisfies ReadonlyArray<readonly [keyof ReturnType<typeof storyRow>, string]>;

function storyRow(story: Story, now: number) {
  return {
    id: story.id,
    title: story.title,
    first_report: timeOrNull(story.firstReport) ?? iso(now),
    latest_report: timeOrNull(story.latestReport) ?? iso(now),
    outlets: story.outlets,
    updated_at: iso(now),
  };
}

/** The first-level regions an event's places lie in, for the trend indicators' region filter. */
export function regionsOf(event: Pick<StoryEvent, 'places'>): string[] {
  return [...new Set(event.places.flatMap((p) => (p.admin1 ? [p.admin1] : [])))];
}

/** The row of an event, `data` the event itself (a batch's JSON carries it as it is). */
function eventFields(event: StoryEvent) {
  return {
    id: event.id,
    first_report: timeOrNull(event.story.firstReport) ?? event.updatedAt,
    updated_at: event.updatedAt,
    countries: event.countries,
    actors: event.actors.map((a) => a.id),
    event_types: event.eventTypes,
    admin1: regionsOf(event),
    bbox: locatedBoxOf(event.places),
    data: event as unknown,
  };
}

/** The row as a statement's parameters: `data` as JSON text. */
function eventRow(event: StoryEvent) {
  return { ...eventFields(event), data: json(event) };
}

/** The events table's columns and types, as `json_to_recordset` reads a batch of rows (`data` as the event itself, not its JSON text). */
const EVENT_COLUMNS = [
  ['id', 'text'],
  ['first_report', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['countries', 'text[]'],
  ['actors', 'text[]'],
  ['event_types', 'text[]'],
  ['admin1', 'text[]'],
  ['bbox', 'box'],
  ['data', 'jsonb'],
] as const satisfies ReadonlyArray<readonly [keyof ReturnType<typeof eventFields>, string]>;

const names = (columns: ReadonlyArray<readonly [string, string]>) => sql.raw(columns.map(([name]) => name).join(', '));
const recordType = (columns: ReadonlyArray<readonly [string, string]>) => sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '));
const laterTime = (a: string, b: string) => (Date.parse(b) > Date.parse(a) ? b : a);
const earlierTime = (a: string, b: string) => (Date.parse(b) < Date.parse(a) ? b : a);
const byId = <R extends { id: string }>(rows: Iterable<R>) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The rows a batch of analyses writes, one per id: a statement may not upsert
 * a row twice, so two analyses of one story (or one article) in the same batch
 * are folded here as writing them one after the other would have left them —
 * the story's earliest and latest reports and most outlets, the later title;
 * the article's first sighting with the later analysis; the later event.
 * Sorted by id, so two batches (two processes) lock shared rows in one order.
 */
function analysisRows(records: readonly AnalysisRecord[]) {
  const stories = new Map<string, ReturnType<typeof storyRow>>();
  const articles = new Map<string, ReturnType<typeof articleFields>>();
  const links = new Map<string, { story_id: string; article_id: string }>();
  const events = new Map<string, ReturnType<typeof eventFields>>();
  for (const record of records) {
    const story = storyRow(record.story, record.seenAt);
    const kept = stories.get(story.id);
    stories.set(
      story.id,
      kept
        ? { ...story, first_report: earlierTime(kept.first_report, story.first_report), latest_report: laterTime(kept.latest_report, story.latest_report), outlets: Math.max(kept.outlets, story.outlets) }
        : story,
    );
    const article = articleFields({ ...record, storyId: record.story.id });
    const first = articles.get(article.id);
    articles.set(
      article.id,
      first
        ? { ...first, story_id: article.story_id, indicators: article.indicators, extraction: article.extraction, countries: article.countries, actors: article.actors, event_types: article.event_types, places: article.places }
        : article,
    );
    links.set(`${record.story.id}\u0000${record.article.id}`, { story_id: record.story.id, article_id: record.article.id });
    if (record.event) events.set(record.event.id, eventFields(record.event));
  }
  return { stories: byId(stories.values()), articles: byId(articles.values()), links: [...links.values()], events: byId(events.values()) };
}

/**
 * The record: articles, stories, events, alerts and deliveries, in PostgreSQL
 * or PGlite behind the same SQL. Every write is keyed by a natural id with
 * ON CONFLICT, so a job that runs twice writes nothing twice.
 */
export class RecordStore {
  constructor(
    readonly db: Kysely<RecordTables>,
    readonly backend: Backend,
    private readonly onClose: () => Promise<void>,
  ) {}

  private readonly analyses = new GroupCommit<AnalysisRecord>((records) => this.writeAnalyses(records));

  /**
   * Story, article, story link and event, kept once the statement holding them
   * has committed. Analyses of concurrent jobs are written together (group
   * commit, see GroupCommit): one statement for all of them, atomic like a
   * transaction, instead of one each.
   */
  saveAnalysis(record: AnalysisRecord): Promise<void> {
    return this.analyses.add(record);
  }

  /** How many statements the analysis writes took so far, and how many writes were retried alone after their batch failed. */
  get analysisWrites(): Readonly<GroupCommit<AnalysisRecord>['stats']> {
    return this.analyses.stats;
  }

  /**
   * Stories, articles, story links and events of a batch of analyses in one
   * statement of data-modifying CTEs, each table's rows one JSON parameter read
   * by `json_to_recordset` (as the import does): no per-article statement to
   * build, send, parse and plan, and one commit for the batch.
   */
  private async writeAnalyses(records: readonly AnalysisRecord[]): Promise<void> {
    const first = records[0]?.article;
    const what = records.length === 1 ? `article ${first?.id} (${first?.url})` : `${records.length} articles (${records.map((r) => r.article.id).join(', ')})`;
    await guarded(this.backend, what, async () => {
      const rows = analysisRows(records);
      const event =
        rows.events.length === 0
          ? sql``
          : sql`, event as (insert into events (${names(EVENT_COLUMNS)})
              select ${names(EVENT_COLUMNS)} from json_to_recordset(${json(rows.events)}::json) as r(${recordType(EVENT_COLUMNS)})
              on conflict (id) do update set updated_at = excluded.updated_at, countries = excluded.countries, actors = excluded.actors,
                event_types = excluded.event_types, admin1 = excluded.admin1, bbox = excluded.bbox, data = excluded.data)`;
      await sql`with story as (insert into stories (${names(STORY_COLUMNS)})
          select ${names(STORY_COLUMNS)} from json_to_recordset(${json(rows.stories)}::json) as r(${recordType(STORY_COLUMNS)})
          on conflict (id) do update set title = excluded.title, updated_at = excluded.updated_at,
            first_report = least(stories.first_report, excluded.first_report),
            latest_report = greatest(stories.latest_report, excluded.latest_report),
            outlets = greatest(stories.outlets, excluded.outlets)),
        article as (insert into articles (${ARTICLE_NAMES})
          select ${ARTICLE_NAMES} from json_to_recordset(${json(rows.articles)}::json) as r(${ARTICLE_RECORD})
          on conflict (id) do update set story_id = excluded.story_id, indicators = excluded.indicators, extraction = excluded.extraction,
            countries = excluded.countries, actors = excluded.actors, event_types = excluded.event_types, places = excluded.places),
        link as (insert into story_articles (story_id, article_id)
          select story_id, article_id from json_to_recordset(${json(rows.links)}::json) as r(story_id text, article_id text)
          on conflict do nothing)${event}
        select 1 as done`.execute(this.db);
    });
  }

  /**
   * The alert as it now stands, its version and every history entry, in one
   * statement (data-modifying CTEs: atomic like a transaction, one round trip
   * instead of five). An older copy arriving late (a retried job) never
   * replaces a newer one; history entries are keyed by their content, so none repeats.
   */
  async saveAlert(alert: Alert): Promise<void> {
    await guarded(this.backend, `alert ${alert.id} v${alert.version}`, () => this.writeAlert(alert));
  }

  private async writeAlert(alert: Alert): Promise<void> {
    const data = json(alert);
    const row = {
      id: alert.id,
      indicator_id: alert.indicatorId,
      story_id: alert.story.id,
      severity: alert.severity,
      version: alert.version,
      countries: alert.countries,
      created_at: alert.createdAt,
      updated_at: alert.updatedAt,
      bbox: locatedBoxOf(alert.places),
      data,
    };
    const writes = this.db
      .with('alert', (db) =>
        db
          .insertInto('alerts')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet(fromExcluded('severity', 'version', 'countries', 'updated_at', 'bbox', 'data'))
              .where(sql<boolean>`(excluded.version, excluded.updated_at, jsonb_array_length(excluded.data->'history')) >= (alerts.version, alerts.updated_at, jsonb_array_length(alerts.data->'history'))`),
          ),
      )
      .with('version', (db) => db.insertInto('alert_versions').values({ alert_id: alert.id, version: alert.version, at: alert.updatedAt, data }).onConflict((oc) => oc.doNothing()));
    const history = alert.history.map((h) => ({ id: contentId('ah', alert.id, h.at, h.kind, String(h.version), h.note), alert_id: alert.id, ...h }));
    const done = sql<number>`1`.as('done');
    const statement =
      history.length > 0 ? writes.with('history', (db) => db.insertInto('alert_history').values(history).onConflict((oc) => oc.doNothing())).selectNoFrom(done) : writes.selectNoFrom(done);
    await statement.execute();
  }

  async saveDelivery(delivery: DeliveryRecord): Promise<void> {
    await guarded(this.backend, `delivery ${delivery.key} (${delivery.outcome})`, () => this.writeDelivery(delivery));
  }

  private async writeDelivery(delivery: DeliveryRecord): Promise<void> {
    await this.db
      .insertInto('deliveries')
      .values({
        key: delivery.key,
        outcome: delivery.outcome,
        attempts: delivery.attempts,
        alert_id: delivery.alertId,
        version: delivery.version,
        receiver: delivery.receiver,
        at: iso(delivery.at),
        error: delivery.error ?? null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /**
   * Many articles in one statement per batch; an article already kept is left
   * as it is, so importing the same archive twice adds nothing. Returns how many were new.
   */
  async importArticles(articles: readonly ArticleImport[]): Promise<number> {
    if (articles.length === 0) return 0;
    const first = articles[0]?.article;
    return guarded(this.backend, `${articles.length} articles from ${first?.id} (${first?.url})`, async () => {
      // The batch is one JSON parameter read by json_to_recordset: one value to encode and send instead of nineteen per article.
      const rows = JSON.stringify(articles.map(articleFields));
      const result = await sql`insert into articles (${ARTICLE_NAMES})
        select ${ARTICLE_NAMES} from json_to_recordset(${rows}::json) as r(${ARTICLE_RECORD})
        on conflict (id) do nothing`.execute(this.db);
      return Number(result.numAffectedRows ?? 0n);
    });
  }

  /**
   * Refreshes the planner's statistics of the tables an import fills. After a
   * bulk import they describe the empty table until autovacuum comes round
   * (PGlite runs Postgres single-user, without an autovacuum worker), and the planner, taking a common
   * word or filter for a rare one, walks the whole table for a search: 0.1–0.4 s
   * instead of a few ms at 100,000 articles. An import ends with it.
   */
  async analyze(tables: ReadonlyArray<'articles' | 'events'>): Promise<void> {
    for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(this.db);
  }

  /**
   * Articles in time order (publication time, else the first sighting) within
   * [since, until), a batch at a time: keyset paging on the time and the id, so
   * a year of articles never sits in memory at once. Each comes with its story's
   * outlet count when it belongs to one.
   */
  async *articlesInTime(range: { since: Date; until?: Date; batch?: number }): AsyncGenerator<StoredArticle[]> {
    const batch = range.batch ?? 500;
    const at = sql<Date>`coalesce(a.published_at, a.seen_at)`;
    let after: { at: string; id: string } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom('articles as a')
        .leftJoin('stories as s', 's.id', 'a.story_id')
        .select(['a.id', 'a.url', 'a.title', 'a.text', 'a.outlet', 'a.language', 'a.story_id', 's.title as story_title', 's.outlets as story_outlets', 's.first_report as story_first_report'])
        .select(at.as('at'))
        .where(sql<SqlBool>`${at} >= ${range.since.toISOString()}::timestamptz`);
      if (range.until) query = query.where(sql<SqlBool>`${at} < ${range.until.toISOString()}::timestamptz`);
      if (after) query = query.where(sql<SqlBool>`(${at}, a.id) > (${after.at}::timestamptz, ${after.id})`);
      const rows = await query.orderBy(at).orderBy('a.id').limit(batch).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: r.id,
        url: r.url,
        title: r.title,
        text: r.text,
        outlet: r.outlet,
        language: r.language,
        at: new Date(r.at).toISOString(),
        story: r.story_id ? { id: r.story_id, title: r.story_title ?? r.title, outlets: r.story_outlets ?? 1, firstReport: r.story_first_report ? new Date(r.story_first_report).toISOString() : null } : null,
      }));
      const last = rows[rows.length - 1];
      if (!last || rows.length < batch) return;
      after = { at: new Date(last.at).toISOString(), id: last.id };
    }
  }

  /**
   * Events from an archive (an ACLED-style CSV) in one statement per batch.
   * One kept from a file before is updated when its row changed, else left
   * as it is; an event the pipeline observed is never replaced by a row.
   * Returns how many were new and how many changed.
   */
  async importEvents(events: readonly (StoryEvent & { source: 'csv'; acled: unknown })[]): Promise<{ added: number; updated: number }> {
    if (events.length === 0) return { added: 0, updated: 0 };
    return guarded(this.backend, `${events.length} events from ${events[0]?.id}`, async () => {
      const rows = await this.db
        .insertInto('events')
        // One row per id: a file naming an event twice must not update it twice in one statement.
        .values([...new Map(events.map((e) => [e.id, e])).values()].map(eventRow))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(fromExcluded('first_report', 'updated_at', 'countries', 'actors', 'event_types', 'admin1', 'bbox', 'data'))
            .where(sql<SqlBool>`events.data->>'source' = 'csv' and events.data->'acled' is distinct from excluded.data->'acled'`),
        )
        .returning(sql<boolean>`xmax = 0`.as('inserted'))
        .execute();
      const added = rows.filter((r) => r.inserted).length;
      return { added, updated: rows.length - added };
    });
  }

  /** Matching events per window ending at `now`, and the current window's events (trend indicators). */
  eventWindowCounts(filter: EventFilter, now: number, windowMs: number, baseline: number, areas?: readonly Region[]): Promise<WindowCounts> {
    return eventWindowCounts(this.db, filter, now, windowMs, baseline, areas);
  }

  /** Matching articles seen in the quiet period and the baseline before it, and the newest one (silence indicators). */
  quietCounts(filter: ArticleCountFilter, now: number, baselineMs: number, quietMs: number): Promise<QuietCounts> {
    return quietCounts(this.db, filter, now, baselineMs, quietMs);
  }

  /** Matching events newest first, a batch at a time (the streamed events exports). */
  events(query: EventQuery, batch?: number): AsyncGenerator<StoryEvent[]> {
    return eventsNewestFirst(this.db, query, batch);
  }

  /** Events per country, or stories per indicator, per ISO week within [since, until) (the console's timeline). */
  timeline(by: TimelineCounts['by'], since: string, until: string): Promise<TimelineCounts> {
    return timelineCounts(this.db, by, since, until);
  }

  /** Matching alerts as they now stand, newest first, a batch at a time (the streamed alert exports). */
  alerts(query: AlertExportQuery, batch?: number): AsyncGenerator<Alert[]> {
    return alertsNewestFirst(this.db, query, batch);
  }

  /** Alerts and events first reported before a time with a place near a point, newest first (an alert's "earlier near here"). */
  earlierNear(query: NearbyQuery): Promise<{ alerts: NearbyAlert[]; events: NearbyEvent[] }> {
    return earlierNear(this.db, query);
  }

  search(query: SearchQuery): Promise<SearchPage> {
    return searchArticles(this.db, query);
  }

  /** Deletes what is older than each kind's retention; returns rows deleted per kind. */
  async prune(retention: DatabaseConfig['retention_days'], now: number): Promise<Partial<Record<RetentionKind, number>>> {
    const cutoff = (days: number) => new Date(now - days * 86_400_000);
    const deleted: Partial<Record<RetentionKind, number>> = {};
    const count = (r: { numDeletedRows: bigint }[]) => r.reduce((n, x) => n + Number(x.numDeletedRows), 0);
    if (retention.articles) {
      deleted.articles = count(await this.db.deleteFrom('articles').where('seen_at', '<', cutoff(retention.articles)).execute());
      await this.db.deleteFrom('story_articles').where(({ not, exists, selectFrom }) => not(exists(selectFrom('articles').select('id').whereRef('articles.id', '=', 'story_articles.article_id')))).execute();
    }
    if (retention.stories) deleted.stories = count(await this.db.deleteFrom('stories').where('updated_at', '<', cutoff(retention.stories)).execute());
    if (retention.events) deleted.events = count(await this.db.deleteFrom('events').where('updated_at', '<', cutoff(retention.events)).execute());
    if (retention.alerts) {
      const before = cutoff(retention.alerts);
      deleted.alerts = count(await this.db.deleteFrom('alerts').where('updated_at', '<', before).execute());
      const gone = (t: 'alert_versions' | 'alert_history') =>
        this.db.deleteFrom(t).where(({ not, exists, selectFrom }) => not(exists(selectFrom('alerts').select('id').whereRef('alerts.id', '=', `${t}.alert_id`)))).execute();
      await gone('alert_versions');
      await gone('alert_history');
    }
    if (retention.deliveries) deleted.deliveries = count(await this.db.deleteFrom('deliveries').where('at', '<', cutoff(retention.deliveries)).execute());
    return deleted;
  }

  async close(): Promise<void> {
    await this.analyses.settled();
    await this.onClose();
  }
}
