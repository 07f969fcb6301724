import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import type { StoryEvent } from '../events/story-event.js';
import { fatalities, latestSource, safeHttpUrl } from '../exports/alert-facts.js';
import { boxAround, distanceKm, located } from './geo-sql.js';
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
  /** Box hits up to which the candidates are read first (default 200); past it the rows are walked newest first. Both ways give the same answer. */
  fewNear?: number;
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
  const { latSpan, lonSpan } = boxAround(q.lat, q.lon, q.radiusKm);
  return sql`lateral (
    select p->>'name' as place, ${distanceKm(sql`p`, q.lat, q.lon)} as km
    from jsonb_array_elements(${places}) p
    where p ? 'lat' and p ? 'lon' and ${located(sql`p`)}
      and abs((p->>'lat')::float8 - ${q.lat}) <= ${latSpan} and abs((p->>'lon')::float8 - ${q.lon}) <= ${lonSpan}
    order by 2 limit 1) n`;
}

const FEW_NEAR = 200;

/**
 * The newest rows of a table (alerts or events, with `data` and its `places`)
 * before the time with a place within the radius. The box of each row's places
 * (GiST) decides how: when few rows' boxes meet the box around the point, those
 * are read and ordered (nothing is read when nothing is near; the planner,
 * which cannot estimate a box overlap, would otherwise walk the time index
 * testing every row before the time: 0.8–3.5 s at 200,000 events); when many
 * do, the newest rows are walked until enough are near, which then ends soon.
 */
async function newestNear<T>(db: Kysely<RecordTables>, q: NearbyQuery, t: { table: RawBuilder<unknown>; row: RawBuilder<unknown>; time: RawBuilder<unknown>; other: RawBuilder<unknown> }) {
  const { box } = boxAround(q.lat, q.lon, q.radiusKm);
  const where = sql`${t.row}.bbox && ${box} and ${t.time} < ${q.before}::timestamptz and ${t.other}`;
  const few = q.fewNear ?? FEW_NEAR;
  const boxed = await sql<{ id: string }>`select ${t.row}.id from ${t.table} where ${where} limit ${few + 1}`.execute(db);
  const candidates = boxed.rows.length <= few ? sql`and ${t.row}.id = any(${boxed.rows.map((r) => r.id)}::text[])` : sql``;
  const { rows } = await sql<{ data: T; place: string; km: number }>`
    select ${t.row}.data, n.place, n.km from ${t.table} cross join ${nearest(sql`${t.row}.data->'places'`, q)}
    where ${where} ${candidates} and n.km <= ${q.radiusKm}
    order by ${t.time} desc, ${t.row}.id desc limit ${q.limit}`.execute(db);
  return rows;
}

const round = (km: number) => Math.round(km * 10) / 10;

/**
 * Alerts and events first reported before `before` with a place within the
 * radius, newest first (at most `limit` of each): what happened near here
 * before. Computed in SQL on both backends.
 */
export async function earlierNear(db: Kysely<RecordTables>, q: NearbyQuery): Promise<{ alerts: NearbyAlert[]; events: NearbyEvent[] }> {
  const alertTime = sql`(a.data->'story'->>'firstReport')::timestamptz`;
  const alerts = await newestNear<Alert>(db, q, { table: sql`alerts a`, row: sql`a`, time: alertTime, other: sql`a.story_id <> ${q.excludeStory}` });
  const events = await newestNear<StoryEvent>(db, q, { table: sql`events e`, row: sql`e`, time: sql`e.first_report`, other: sql`e.id <> ${q.excludeStory}` });
  return {
    alerts: alerts.map(({ data: a, place, km }) => ({
      id: a.id,
      indicatorId: a.indicatorId,
      indicatorTitle: a.indicatorTitle,
      severity: a.severity,
      title: a.story.title,
      firstReport: a.story.firstReport,
      place,
      distanceKm: round(Number(km)),
    })),
    events: events.map(({ data: e, place, km }) => ({
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
