import type { Alert } from '../alerts/alert.js';
import type { StoryEvent } from '../events/story-event.js';
import { attributionLabel } from '../extraction/attribution.js';
import type { Attribution } from '../extraction/extraction.js';
import { sourceScaleLabel } from '../stories/grades.js';
import { fatalities, type Located, latestSource, roundCoord, rowPlace, safeHttpUrl } from './alert-facts.js';

export interface AlertFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  /** Flat (no nested objects) so QGIS and kepler.gl show every field as a column. */
  properties: Record<string, string | number | boolean | null>;
}

export interface AlertFeatureCollection {
  type: 'FeatureCollection';
  features: AlertFeature[];
}

/** The JNIM component as flat columns: "likely Ansarul Islam", its actor id, whether it is only likely, and why. */
function componentProperties(attribution: Attribution | undefined): AlertFeature['properties'] {
  return {
    component: attribution ? attributionLabel(attribution) : null,
    component_actor: attribution?.actorId ?? null,
    component_likely: attribution?.likely ?? null,
    component_reason: attribution?.reason ?? null,
  };
}

function alertProperties(alert: Alert): AlertFeature['properties'] {
  const where = rowPlace(alert);
  const place = where?.place;
  const source = latestSource(alert);
  return {
    alert_id: alert.id,
    indicator: alert.indicatorId,
    indicator_title: alert.indicatorTitle,
    // Deprecated aliases of indicator and indicator_title, kept for one release.
    rule_id: alert.indicatorId,
    rule_title: alert.indicatorTitle,
    severity: alert.severity,
    title: alert.story.title,
    url: safeHttpUrl(source?.url) ?? null,
    source_name: source?.outlet ?? null,
    published_at: source?.published ?? null,
    event_date: alert.story.firstReport.slice(0, 10),
    place_name: place?.name ?? null,
    admin1: place?.admin1 ?? null,
    country_iso2: where?.country ?? alert.countries[0] ?? null,
    geo_precision: where?.precision ?? null,
    actors: alert.actors.map((a) => a.name).join('; '),
    ...componentProperties(alert.attribution),
    fatalities: fatalities(alert),
    outlets: alert.story.outlets,
    /** Independent sources (syndicated copies and one ownership group count once); null on alerts from before they were counted. */
    independent_sources: alert.story.sourceGroups?.length ?? null,
    sourcing: alert.story.sourcing ?? null,
    status: alert.story.status ?? null,
    /** The best Admiralty grade among the reports (`sources.grades`). */
    best_grade: alert.story.bestGrade ?? null,
    source_scale: sourceScaleLabel(alert.story.sources) || null,
    version: alert.version,
    acknowledged: alert.acknowledged !== undefined,
    silenced: alert.silenced,
    updated_at: alert.updatedAt,
  };
}

/**
 * A Point at the most precise located place ([lon, lat], WGS84, no `crs`);
 * `geometry: null` without one, as for a story that names only a region-level
 * reference ("coastal West African states"): no point stands for a region.
 */
function feature(id: string, located: Located, properties: AlertFeature['properties']): AlertFeature {
  const point = rowPlace(located)?.point;
  return { type: 'Feature', id, geometry: point ? { type: 'Point', coordinates: [roundCoord(point.lon), roundCoord(point.lat)] } : null, properties };
}

/** One alert as a feature. */
export function alertFeature(alert: Alert): AlertFeature {
  return feature(alert.id, alert, alertProperties(alert));
}

/** RFC 7946 FeatureCollection, one feature per alert. */
export function alertsToGeoJSON(alerts: readonly Alert[]): AlertFeatureCollection {
  return { type: 'FeatureCollection', features: alerts.map(alertFeature) };
}

function eventProperties(event: StoryEvent): AlertFeature['properties'] {
  const where = rowPlace(event);
  const place = where?.place;
  const source = latestSource(event);
  return {
    event_id: event.id,
    title: event.story.title,
    event_date: event.story.firstReport.slice(0, 10),
    event_types: event.eventTypes.join('; '),
    place_name: place?.name ?? null,
    admin1: place?.admin1 ?? null,
    country_iso2: where?.country ?? event.countries[0] ?? null,
    geo_precision: where?.precision ?? null,
    actors: event.actors.map((a) => a.name).join('; '),
    ...componentProperties(event.attribution),
    fatalities: fatalities(event),
    outlets: event.story.outlets,
    best_grade: event.story.bestGrade ?? null,
    source_scale: sourceScaleLabel(event.story.sources) || null,
    url: safeHttpUrl(source?.url) ?? null,
    source_name: source?.outlet ?? null,
    published_at: source?.published ?? null,
    updated_at: event.updatedAt,
  };
}

/** One event (a story that reports an incident) as a feature. */
export function eventFeature(event: StoryEvent): AlertFeature {
  return feature(event.id, event, eventProperties(event));
}

/** RFC 7946 FeatureCollection, one feature per event (a story that reports an incident), alerted or not. */
export function eventsToGeoJSON(events: readonly StoryEvent[]): AlertFeatureCollection {
  return { type: 'FeatureCollection', features: events.map(eventFeature) };
}

/** RFC 8142 GeoJSON text sequence: one feature per record (RS … LF), for streaming tools and `jq --seq`. */
export function alertsToGeoJSONSeq(alerts: readonly Alert[]): string {
  return alerts.map((alert) => `\u001e${JSON.stringify(alertFeature(alert))}\n`).join('');
}
