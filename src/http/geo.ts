import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { mappedCountryIds } from '../exports/countries.js';
import type { Shape } from '../matching/geometry.js';
import { loadRegions } from '../matching/regions.js';

const require = createRequire(import.meta.url);

export interface GeoFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

let outlines: GeoCollection | undefined;

/**
 * West and North-West African country outlines from world-atlas (Natural Earth
 * 1:50m, public domain), converted once and kept: the map needs no tile server.
 */
export function countryOutlines(): GeoCollection {
  if (outlines) return outlines;
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const wanted = mappedCountryIds();
  const all = feature(topology, topology.objects.countries);
  outlines = {
    type: 'FeatureCollection',
    features: all.features
      .filter((f) => wanted.has(String(f.id)))
      .map((f) => ({ type: 'Feature', id: String(f.id), properties: { name: f.properties?.name ?? '' }, geometry: f.geometry as GeoFeature['geometry'] })),
  };
  return outlines;
}

function shapeGeometry(shape: Shape): GeoFeature['geometry'] {
  switch (shape.kind) {
    case 'polygon':
      return shape.rings.length === 1 ? { type: 'Polygon', coordinates: shape.rings[0] } : { type: 'MultiPolygon', coordinates: shape.rings };
    case 'line':
      return { type: 'LineString', coordinates: shape.line };
    case 'circle':
      return { type: 'Point', coordinates: shape.center };
  }
}

/**
 * The indicators' named regions as GeoJSON, read through the matcher's own
 * loader so the map draws exactly what the rules use (bad files are skipped).
 * Lines carry `buffer_km` and points `radius_km` so the map can draw the area that counts.
 */
export function indicatorRegions(indicatorDir: string): GeoCollection & { errors: string[] } {
  const { regions, errors } = loadRegions(join(indicatorDir, 'regions'));
  const features: GeoFeature[] = [];
  for (const region of regions.values()) {
    for (const shape of region.shapes) {
      features.push({
        type: 'Feature',
        properties: {
          region: region.name,
          name: shape.name,
          description: region.description,
          ...(shape.kind === 'line' ? { buffer_km: shape.bufferKm } : {}),
          ...(shape.kind === 'circle' ? { radius_km: shape.radiusKm } : {}),
        },
        geometry: shapeGeometry(shape),
      });
    }
  }
  return { type: 'FeatureCollection', features, errors: errors.map((e) => e.split('\n')[0] ?? e) };
}
