import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { locateInYaml, parseYamlWith, readDataFile, ValidationError } from '../core/validate.js';
import { type LonLat, type Shape, shapeContains } from './geometry.js';

/** A named area indicators refer to (`type: region, in: [name]`), made of one or more shapes. */
export interface Region {
  name: string;
  description: string;
  shapes: Shape[];
  /** The first shape containing p, if any. */
  find(p: LonLat): Shape | undefined;
}

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Ring = z.array(Position).min(4, 'a polygon ring needs at least 4 positions (closed)');

const Geometry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
  z.strictObject({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
  z.strictObject({ type: z.literal('Point'), coordinates: Position }),
]);

const Feature = z
  .strictObject({
    type: z.literal('Feature'),
    properties: z.strictObject({
      name: z.string().min(1),
      /** For a LineString: how far either side of the road still counts, in km. */
      buffer_km: z.number().positive().optional(),
      /** For a Point: radius in km. */
      radius_km: z.number().positive().optional(),
      note: z.string().optional(),
    }),
    geometry: Geometry,
  })
  .superRefine((f, ctx) => {
    if (f.geometry.type === 'LineString' && f.properties.buffer_km === undefined)
      ctx.addIssue({ code: 'custom', path: ['properties', 'buffer_km'], message: 'a LineString needs buffer_km' });
    if (f.geometry.type === 'Point' && f.properties.radius_km === undefined)
      ctx.addIssue({ code: 'custom', path: ['properties', 'radius_km'], message: 'a Point needs radius_km' });
  });

export const RegionFileSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  /** Why the area matters and what it covers; shown by `indicators test`. */
  description: z.string().min(1),
  features: z.array(Feature).min(1),
});

function toShape(feature: z.output<typeof Feature>): Shape {
  const { name, buffer_km, radius_km } = feature.properties;
  const g = feature.geometry;
  switch (g.type) {
    case 'Polygon':
      return { kind: 'polygon', name, rings: [g.coordinates] };
    case 'MultiPolygon':
      return { kind: 'polygon', name, rings: g.coordinates };
    case 'LineString':
      return { kind: 'line', name, line: g.coordinates, bufferKm: buffer_km ?? 0 };
    case 'Point':
      return { kind: 'circle', name, center: g.coordinates, radiusKm: radius_km ?? 0 };
  }
}

// Places come from the gazetteer, so the same coordinates are asked about in document after document.
const MAX_REMEMBERED_POINTS = 50_000;

export function makeRegion(name: string, description: string, shapes: Shape[]): Region {
  // Longitude → latitude → the first shape containing the point (null: none).
  const known = new Map<number, Map<number, Shape | null>>();
  let remembered = 0;
  const find = (p: LonLat): Shape | undefined => {
    let byLat = known.get(p[0]);
    const cached = byLat?.get(p[1]);
    if (cached !== undefined) return cached ?? undefined;
    const shape = shapes.find((s) => shapeContains(s, p));
    if (remembered < MAX_REMEMBERED_POINTS) {
      if (!byLat) {
        byLat = new Map();
        known.set(p[0], byLat);
      }
      byLat.set(p[1], shape ?? null);
      remembered++;
    }
    return shape;
  };
  return { name, description, shapes, find };
}

/** The box around a region's shapes, widened by a line's buffer or a circle's radius: a prefilter, `find` decides. */
export function regionBox(region: Region): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
  const box = { minLon: 180, minLat: 90, maxLon: -180, maxLat: -90 };
  const add = ([lon, lat]: readonly number[], km = 0) => {
    const latSpan = km / 110;
    const lonSpan = km / (111.32 * Math.max(0.01, Math.cos(((lat ?? 0) * Math.PI) / 180)));
    box.minLon = Math.min(box.minLon, (lon ?? 0) - lonSpan);
    box.maxLon = Math.max(box.maxLon, (lon ?? 0) + lonSpan);
    box.minLat = Math.min(box.minLat, (lat ?? 0) - latSpan);
    box.maxLat = Math.max(box.maxLat, (lat ?? 0) + latSpan);
  };
  for (const shape of region.shapes) {
    if (shape.kind === 'polygon') for (const position of shape.rings.flat(2)) add(position);
    else if (shape.kind === 'line') for (const position of shape.line) add(position, shape.bufferKm);
    else add(shape.center, shape.radiusKm);
  }
  return box;
}

/** Parses one region file (GeoJSON, which is YAML too, so errors are located the same way). */
export function parseRegion(text: string, file: string): Region {
  const data = parseYamlWith(RegionFileSchema, text, file);
  return makeRegion(basename(file).replace(/\.(geo)?json$/, ''), data.description, data.features.map(toShape));
}

/** Loads every `*.geojson` under dir; a bad file is reported and skipped. Region name = file name. */
export function loadRegions(dir: string): { regions: Map<string, Region>; errors: string[] } {
  const regions = new Map<string, Region>();
  const errors: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort();
  } catch {
    return { regions, errors };
  }
  for (const f of files) {
    const file = join(dir, f);
    try {
      const region = parseRegion(readDataFile(file, 'region'), file);
      regions.set(region.name, region);
    } catch (err) {
      if (err instanceof ValidationError) errors.push(...err.problems);
      else errors.push(locateInYaml('', file, [], String(err)));
    }
  }
  return { regions, errors };
}
