import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

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

/** Haversine distance (km) from a JSON place `{lat, lon}` to the point. */
export function distanceKm(p: RawBuilder<unknown>, lat: number, lon: number): RawBuilder<number> {
  return sql<number>`12742 * asin(sqrt(
        power(sin(radians(((${p}->>'lat')::float8 - ${lat}) / 2)), 2)
        + cos(radians(${lat})) * cos(radians((${p}->>'lat')::float8)) * power(sin(radians(((${p}->>'lon')::float8 - ${lon}) / 2)), 2)
      ))`;
}

/** Case and accents folded, as the region filters compare names ("Ségou" is "segou"); SQL side: `lower(unaccent(x))`. */
export const foldName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
