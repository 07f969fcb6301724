import { describe, expect, it } from 'vitest';
import { haversineKm, pointToLineKm, pointToSegmentKm, shapeContains } from '../../src/matching/geometry.js';
import { REGIONS } from './helpers.js';

describe('geometry', () => {
  it('haversine: Bamako–Kayes is about 415 km', () => {
    expect(haversineKm([-8.0, 12.65], [-11.44, 14.45])).toBeGreaterThan(400);
    expect(haversineKm([-8.0, 12.65], [-11.44, 14.45])).toBeLessThan(430);
  });
  it('point to segment: perpendicular inside, nearest endpoint outside', () => {
    // One degree of latitude is ~111 km; the segment runs along the equator.
    expect(pointToSegmentKm([0.5, 1], [0, 0], [1, 0])).toBeCloseTo(111.2, 0);
    expect(pointToSegmentKm([2, 0], [0, 0], [1, 0])).toBeCloseTo(111.2, 0);
    expect(pointToSegmentKm([-1, 0], [0, 0], [1, 0])).toBeCloseTo(111.2, 0);
    expect(pointToLineKm([1.5, 0.1], [[0, 0], [1, 0], [2, 0]])).toBeCloseTo(11.1, 0);
  });
  it('circle and polygon', () => {
    expect(shapeContains({ kind: 'circle', name: 'c', center: [0, 0], radiusKm: 50 }, [0.3, 0.3])).toBe(true);
    expect(shapeContains({ kind: 'circle', name: 'c', center: [0, 0], radiusKm: 40 }, [0.3, 0.3])).toBe(false);
    const square = { kind: 'polygon' as const, name: 's', rings: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]] };
    expect(shapeContains(square, [0.5, 0.5])).toBe(true);
    expect(shapeContains(square, [1.5, 0.5])).toBe(false);
  });
});

describe('shipped regions', () => {
  const inside = (region: string, p: [number, number]) => Boolean(REGIONS.get(region)?.find(p));
  it.each([
    ['Diboli', [-12.19, 14.47]],
    ['Kayes', [-11.44, 14.45]],
    ['Nioro du Sahel', [-9.59, 15.23]],
    ['Diéma', [-9.18, 14.54]],
    ['Didiéni', [-8.08, 13.88]],
    ['Kolokani', [-8.03, 13.57]],
    ['Kati', [-7.96, 12.74]],
  ] as const)('kayes-corridors includes %s', (_name, p) => expect(inside('kayes-corridors', [p[0], p[1]])).toBe(true));
  it.each([
    ['Bamako', [-8.0, 12.65]],
    ['Bougouni (Côte d’Ivoire route)', [-7.48, 11.42]],
    ['Kolondiéba', [-6.89, 11.09]],
    ['Dori', [-0.03, 14.03]],
  ] as const)('kayes-corridors excludes %s', (_name, p) => expect(inside('kayes-corridors', [p[0], p[1]])).toBe(false));
  it.each([
    ['Porga', [0.97, 11.04]],
    ['Karimama', [3.19, 12.07]],
    ['Banikoara', [2.44, 11.3]],
    ['Kérou', [2.11, 10.83]],
    ['Diapaga', [1.79, 12.07]],
    ['Pama', [0.7, 11.25]],
    ['Tamou', [2.17, 12.77]],
    ['Say', [2.37, 13.1]],
    ['Tanguiéta', [1.27, 10.62]],
    ['Tanougou (the falls, at the edge of Pendjari)', [1.43, 10.8]],
  ] as const)('w-arly-pendjari includes %s', (_name, p) => expect(inside('w-arly-pendjari', [p[0], p[1]])).toBe(true));
  it.each([
    ['Niamey', [2.11, 13.51]],
    ['Kouré giraffe reserve', [2.58, 13.32]],
    ['Dapaong (Togo)', [0.21, 10.86]],
    ['Djibo', [-1.63, 14.1]],
    ['Kaiama (Nigeria)', [3.94, 9.6]],
    ['New Bussa (Kainji)', [4.6, 9.87]],
    ['Malanville (not a park commune)', [3.39, 11.87]],
    ['Kandi', [2.94, 11.13]],
    ['Natitingou', [1.38, 10.3]],
  ] as const)('w-arly-pendjari excludes %s', (_name, p) => expect(inside('w-arly-pendjari', [p[0], p[1]])).toBe(false));
});
