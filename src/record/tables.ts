import type { ColumnType, Generated } from 'kysely';

/** Row shapes as Kysely sees them; the domain shapes (Article, Alert, StoryEvent) stay the zod ones. */
type Time = ColumnType<Date, string, string>;
type Json = ColumnType<unknown, string, string>;

export interface ArticlesTable {
  id: string;
  url: string;
  canonical_url: string;
  outlet: string;
  feed_id: string;
  language: string | null;
  title: string;
  text: string;
  byline: string | null;
  text_source: string;
  published_at: Time | null;
  seen_at: Time;
  story_id: string | null;
  countries: string[];
  actors: string[];
  event_types: string[];
  indicators: string[];
  places: Json;
  /** The box around the article's located places (PostgreSQL `box`), null when it names none: silences by region narrow on it. */
  bbox: string | null;
  extraction: Json;
  search: Generated<string>;
}

export interface StoriesTable {
  id: string;
  title: string;
  first_report: Time;
  latest_report: Time;
  outlets: number;
  updated_at: Time;
}

export interface StoryArticlesTable {
  story_id: string;
  article_id: string;
}

export interface EventsTable {
  id: string;
  first_report: Time;
  updated_at: Time;
  countries: string[];
  actors: string[];
  event_types: string[];
  /** The first-level administrative regions of the event's places (ACLED's admin1), as written. */
  admin1: Generated<string[]>;
  /** The box around the event's located places (PostgreSQL `box`), null when it has none: "earlier near here" prefilters on it. */
  bbox: string | null;
  data: Json;
}

export interface AlertsTable {
  id: string;
  indicator_id: string;
  story_id: string;
  severity: string;
  version: number;
  countries: string[];
  created_at: Time;
  updated_at: Time;
  /** As events.bbox, around the alert's located places. */
  bbox: string | null;
  data: Json;
}

export interface AlertVersionsTable {
  alert_id: string;
  version: number;
  at: Time;
  data: Json;
}

export interface AlertHistoryTable {
  id: string;
  alert_id: string;
  at: Time;
  kind: string;
  version: number;
  note: string;
}

export interface DeliveriesTable {
  key: string;
  outcome: string;
  attempts: number;
  alert_id: string;
  version: number;
  receiver: string;
  at: Time;
  error: string | null;
}

export interface RecordTables {
  articles: ArticlesTable;
  stories: StoriesTable;
  story_articles: StoryArticlesTable;
  events: EventsTable;
  alerts: AlertsTable;
  alert_versions: AlertVersionsTable;
  alert_history: AlertHistoryTable;
  deliveries: DeliveriesTable;
}
