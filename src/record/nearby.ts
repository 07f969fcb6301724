import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import type { StoryEvent } from '../events/story-event.js';
import { fatalities, latestSource, safeHttpUrl } from '../exports/alert-facts.js';
import { distanceKm, located } from './geo-sql.js';
import type { RecordTables } from './tables.js';

/** Where to look: around a point, before a time, leaving out one story (the alert's own incident). */
export interface NearbyQuery {
  lat: number;
  lon: number;
  radiusKm: number;
  /** ISO time: only what was first reported before it. */
  before: string;
  excludeStory: string;
  limit: number;
}

/** The nearest located place of a row to the point, and how far. */
export interface Nearest {
  place: string;
  distanceKm: number;
}

export interface NearbyAlert extends Nearest {
  id: string;
  indicatorId: string;
  indicatorTitle: string;
  severity: string;
  title: string;
  firstReport: string;
}

export interface NearbyEvent extends Nearest {
  id: string;
  title: string;
  firstReport: string;
  eventTypes: string[];
  fatalities: number;
  /** The newest report of it, when it has one (an imported ACLED row has none). */
  url: string | null;
}

/**
 * The nearest located place (no country, no region-level reference) of a JSON
 * place array, when it lies within the radius: a lateral subquery. A bounding
 * box in degrees turns most places away before the trigonometry.
 */
function nearest(places: RawBuilder<unknown>, q: NearbyQuery) {
  const latSpan = q.radiusKm / 110;
  const lonSpan = q.radiusKm / (111.32 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  return sql`lateral (
    select p->>'name' as place, ${distanceKm(sql`p`, q.lat, q.lon)} as km
    from jsonb_array_elements(${places}) p
    where p ? 'lat' and p ? 'lon' and ${located(sql`p`)}
      and abs((p->>'lat')::float8 - ${q.lat}) <= ${latSpan} and abs((p->>'lon')::float8 - ${q.lon}) <= ${lonSpan}
    order by 2 limit 1) n`;
}

const round = (km: number) => Math.round(km * 10) / 10;

/**
 * Alerts and events first reported before `before` with a place within the
 * radius, newest first (at most `limit` of each): what happened near here
 * before. Computed in SQL on both backends.
 */
export async function earlierNear(db: Kysely<RecordTables>, q: NearbyQuery): Promise<{ alerts: NearbyAlert[]; events: NearbyEvent[] }> {
  const alertTime = sql`(a.data->'story'->>'firstReport')::timestamptz`;
  const alerts = await sql<{ data: Alert; place: string; km: number }>`
    select a.data, n.place, n.km from alerts a cross join ${nearest(sql`a.data->'places'`, q)}
    where n.km <= ${q.radiusKm} and ${alertTime} < ${q.before}::timestamptz and a.story_id <> ${q.excludeStory}
    order by ${alertTime} desc, a.id desc limit ${q.limit}`.execute(db);
  const events = await sql<{ data: StoryEvent; place: string; km: number }>`
    select e.data, n.place, n.km from events e cross join ${nearest(sql`e.data->'places'`, q)}
    where n.km <= ${q.radiusKm} and e.first_report < ${q.before}::timestamptz and e.id <> ${q.excludeStory}
    order by e.first_report desc, e.id desc limit ${q.limit}`.execute(db);
  return {
    alerts: alerts.rows.map(({ data: a, place, km }) => ({
      id: a.id,
      indicatorId: a.indicatorId,
      indicatorTitle: a.indicatorTitle,
      severity: a.severity,
      title: a.story.title,
      firstReport: a.story.firstReport,
      place,
      distanceKm: round(Number(km)),
    })),
    events: events.rows.map(({ data: e, place, km }) => ({
      id: e.id,
      title: e.story.title,
      firstReport: e.story.firstReport,
      eventTypes: e.eventTypes,
      fatalities: fatalities(e),
      url: safeHttpUrl(latestSource(e)?.url) ?? null,
      place,
      distanceKm: round(Number(km)),
    })),
  };
}
