import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { multiPolygon, polygon } from '@turf/helpers';

/** [longitude, latitude], GeoJSON order. */
export type LonLat = readonly [number, number];

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine). */
export function haversineKm(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, radians. */
function bearing(a: LonLat, b: LonLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x =
    Math.cos(rad(a[1])) * Math.sin(rad(b[1])) - Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  return Math.atan2(y, x);
}

/**
 * Distance in km from p to the great-circle segment a–b: the cross-track
 * distance when p projects inside the segment, otherwise the nearer endpoint.
 */
export function pointToSegmentKm(p: LonLat, a: LonLat, b: LonLat): number {
  const dAP = haversineKm(a, p);
  const dAB = haversineKm(a, b);
  if (dAB === 0) return dAP;
  const angle = bearing(a, p) - bearing(a, b);
  // p lies "behind" a: a is the nearest point of the segment.
  if (Math.cos(angle) <= 0) return dAP;
  const crossTrack = Math.asin(Math.sin(dAP / EARTH_RADIUS_KM) * Math.sin(angle)) * EARTH_RADIUS_KM;
  const alongTrack =
    Math.acos(Math.min(1, Math.cos(dAP / EARTH_RADIUS_KM) / Math.cos(crossTrack / EARTH_RADIUS_KM))) * EARTH_RADIUS_KM;
  if (alongTrack > dAB) return haversineKm(b, p);
  return Math.abs(crossTrack);
}

/** Distance in km from p to a polyline. */
export function pointToLineKm(p: LonLat, line: readonly LonLat[]): number {
  if (line.length === 1) return haversineKm(p, line[0]!);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) best = Math.min(best, pointToSegmentKm(p, line[i - 1]!, line[i]!));
  return best;
}

/** One part of a named region. */
export type Shape =
  | { kind: 'polygon'; name: string; rings: number[][][][] }
  | { kind: 'line'; name: string; line: LonLat[]; bufferKm: number }
  | { kind: 'circle'; name: string; center: LonLat; radiusKm: number };

/** Whether p falls in the shape (inside the polygon, within the line's buffer or the circle's radius). */
export function shapeContains(shape: Shape, p: LonLat): boolean {
  switch (shape.kind) {
    case 'polygon':
      return shape.rings.length === 1
        ? booleanPointInPolygon([p[0], p[1]], polygon(shape.rings[0]!))
        : booleanPointInPolygon([p[0], p[1]], multiPolygon(shape.rings));
    case 'line':
      return pointToLineKm(p, shape.line) <= shape.bufferKm;
    case 'circle':
      return haversineKm(p, shape.center) <= shape.radiusKm;
  }
}
