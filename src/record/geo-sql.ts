import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { foldCase } from '../core/text.js';
import type { PlaceRef } from '../extraction/extraction.js';
import { type Region, regionBox } from '../matching/regions.js';

/**
 * Some place in a JSON array of places (`[{lat, lon, id, placeKind, …}]`) lies
 * within `km` of the point (great-circle distance). Region-level references and
 * countries are left out: their coordinates are a rough centre, not a place.
 */
export function placeWithin(places: RawBuilder<unknown>, lat: number, lon: number, km: number): Expression<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from jsonb_array_elements(${places}) p
    where p ? 'lat' and p ? 'lon' and ${located(sql`p`)}
      and ${distanceKm(sql`p`, lat, lon)} <= ${km})`;
}

/** A place that stands for a point: neither a country nor a region-level reference. */
export function located(p: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`coalesce(${p}->>'placeKind', '') <> 'region' and ${p}->>'id' not like 'place/region/%' and ${p}->>'id' not like 'country/%'`;
}

/**
 * The box (x = longitude, y = latitude) around the located places of a JSON
 * place array, null when none is located: what events.bbox and alerts.bbox
 * hold, written with the row and indexed (GiST), so a search near a point skips
 * rows whose places all lie far away without reading their JSON.
 */
export function locatedBox(places: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select box(point(min((p->>'lon')::float8), min((p->>'lat')::float8)), point(max((p->>'lon')::float8), max((p->>'lat')::float8)))
    from jsonb_array_elements(${places}) p where p ? 'lat' and p ? 'lon' and ${located(sql`p`)})`;
}

/** A place as the record keeps it, as far as where it lies goes. */
export type PlacePoint = Pick<PlaceRef, 'id' | 'lat' | 'lon' | 'placeKind'>;

/** `located` on this side of the database: a place with coordinates that is neither a country nor a region-level reference. */
export function isLocated(p: PlacePoint): p is PlacePoint & { lat: number; lon: number } {
  return typeof p.lat === 'number' && typeof p.lon === 'number' && p.placeKind !== 'region' && !p.id.startsWith('place/region/') && !p.id.startsWith('country/');
}

/** Place kinds too coarse to put inside an area: their coordinates are a rough centre (as the `region` condition leaves them out). */
const COARSE_KINDS = new Set(['country', 'admin1', 'region']);

/** Some place, finer than a first-level region, lies inside one of the named areas (their polygons, road buffers and circles). */
export function placeInAreas(places: readonly PlacePoint[], areas: readonly Region[]): boolean {
  return places.some((p) => isLocated(p) && !COARSE_KINDS.has(p.placeKind ?? '') && areas.some((a) => a.find([p.lon, p.lat])));
}

/** The box around the areas (PostgreSQL `box`), to meet a row's place box: a prefilter, `placeInAreas` decides. */
export function areasBox(areas: readonly Region[]): RawBuilder<string> {
  const boxes = areas.map(regionBox);
  const [minLon, minLat] = [Math.min(...boxes.map((b) => b.minLon)), Math.min(...boxes.map((b) => b.minLat))];
  const [maxLon, maxLat] = [Math.max(...boxes.map((b) => b.maxLon)), Math.max(...boxes.map((b) => b.maxLat))];
  return sql<string>`box(point(${minLon}::float8, ${minLat}::float8), point(${maxLon}::float8, ${maxLat}::float8))`;
}

/** Some place of a JSON place array lies in one of the first-level regions (ACLED's admin1), case and accents ignored. */
export function placeInAdmin1(places: RawBuilder<unknown>, names: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from jsonb_array_elements(${places}) p where lower(unaccent(p->>'admin1')) = any(${names.map(foldName)}::text[]))`;
}

/**
 * The same box computed from the places before writing (`locatedBox` is for
 * rows already kept): a subquery per row of a multi-row insert cost the
 * planner ~0.6 ms a row. "Located" as `located` says in SQL.
 */
export function locatedBoxOf(places: ReadonlyArray<PlacePoint>): string | null {
  const points = places.filter(isLocated);
  if (points.length === 0) return null;
  const lons = points.map((p) => p.lon as number);
  const lats = points.map((p) => p.lat as number);
  return `(${Math.max(...lons)},${Math.max(...lats)}),(${Math.min(...lons)},${Math.min(...lats)})`;
}

/** The box of points within `km` of the point, a little larger (degrees of latitude taken as 110 km): a prefilter, the distance decides. */
export function boxAround(lat: number, lon: number, km: number): { latSpan: number; lonSpan: number; box: RawBuilder<string> } {
  const latSpan = km / 110;
  const lonSpan = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { latSpan, lonSpan, box: sql<string>`box(point(${lon - lonSpan}::float8, ${lat - latSpan}::float8), point(${lon + lonSpan}::float8, ${lat + latSpan}::float8))` };
}

/** Haversine distance (km) from a JSON place `{lat, lon}` to the point. */
export function distanceKm(p: RawBuilder<unknown>, lat: number, lon: number): RawBuilder<number> {
  return sql<number>`12742 * asin(sqrt(
        power(sin(radians(((${p}->>'lat')::float8 - ${lat}) / 2)), 2)
        + cos(radians(${lat})) * cos(radians((${p}->>'lat')::float8)) * power(sin(radians(((${p}->>'lon')::float8 - ${lon}) / 2)), 2)
      ))`;
}

/** Case and accents folded, as the region filters compare names ("Ségou" is "segou"); SQL side: `lower(unaccent(x))`. */
export const foldName = foldCase;
