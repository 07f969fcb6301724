import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { multiPolygon } from '@turf/helpers';
import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { parseYamlWith, readDataFile, ValidationError } from '../core/validate.js';
import type { Attribution, EntityMention, Evidence, Frame, PlaceMention } from './extraction.js';
import type { Gazetteer } from './gazetteer.js';

// Which JNIM component a report is about (AttributionSchema in extraction.ts):
// named, or likely from the place. The areas of influence are data
// (data/attribution/*.geojson), each with a note on the public analysis it rests on.

/** "likely Ansarul Islam", or "Katiba Macina" when the text names it. */
export function attributionLabel(attribution: Pick<Attribution, 'name' | 'likely'>): string {
  return attribution.likely ? `likely ${attribution.name}` : attribution.name;
}

/** "likely Ansarul Islam (“JNIM” at Djibo, in …)". */
export function attributionLine(attribution: Pick<Attribution, 'name' | 'likely' | 'reason'>): string {
  return `${attributionLabel(attribution)} (${attribution.reason})`;
}

export const JNIM = 'actor/jnim';

/** Of two reports' attributions, a component named outright wins over one read from the place; otherwise the one held stands. */
export function strongerAttribution<T extends Pick<Attribution, 'likely'>>(held: T | undefined, next: T | undefined): T | undefined {
  if (!held) return next;
  return held.likely && next && !next.likely ? next : held;
}

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Ring = z.array(Position).min(4, 'a polygon ring needs at least 4 positions (closed)');
const AreaGeometry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
]);

/** One component's area of influence: a GeoJSON FeatureCollection with what it stands for at its top. */
export const ComponentAreaSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  /** Gazetteer id of the component (an actor whose parent is JNIM). */
  actor: z.string().regex(/^actor\/[a-z0-9-]+$/, 'a gazetteer actor id, e.g. actor/flm'),
  /** The name shown to people. */
  label: z.string().min(1),
  /** The area in words, shown with the attribution. */
  area: z.string().min(1),
  /** ISO2 codes a place must be in (empty: any). */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code in capitals')).default([]),
  /** Where areas overlap, the higher wins (Katiba Serma's Gourma inside Katiba Macina's central Mali). */
  priority: z.number().int().default(0),
  /** Gazetteer place ids inside the area whatever their coordinates (regions, parks, places without a point). */
  places: z.array(z.string().regex(/^place\/[a-z0-9/._-]+$/, 'a gazetteer place id')).default([]),
  /** What public analysis says about the area, in our words. */
  note: z.string().min(1),
  /** The analysis it rests on: publisher, title, year, address. */
  sources: z.array(z.string().min(1)).min(1),
  features: z
    .array(z.strictObject({ type: z.literal('Feature'), properties: z.strictObject({ name: z.string().min(1) }), geometry: AreaGeometry }))
    .min(1),
});

export interface ComponentArea {
  file: string;
  actor: string;
  label: string;
  area: string;
  countries: ReadonlySet<string>;
  priority: number;
  places: ReadonlySet<string>;
  contains(lon: number, lat: number): boolean;
}

export const COMPONENT_AREAS_DIR = packagePath('data', 'attribution');

/** Parses one area file; a problem is one line naming the file, line, column and field. */
export function parseComponentArea(text: string, file: string): ComponentArea {
  const data = parseYamlWith(ComponentAreaSchema, text, file);
  const shape = multiPolygon(data.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)) as number[][][][]);
  return {
    file: basename(file).replace(/\.geojson$/, ''),
    actor: data.actor,
    label: data.label,
    area: data.area,
    countries: new Set(data.countries),
    priority: data.priority,
    places: new Set(data.places),
    contains: (lon, lat) => booleanPointInPolygon([lon, lat], shape),
  };
}

/** Every `*.geojson` area in dir. */
export function loadComponentAreas(dir = COMPONENT_AREAS_DIR): ComponentArea[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((f) => parseComponentArea(readDataFile(join(dir, f), 'region'), join(dir, f)));
}

/**
 * What is wrong with the area files, one line each (`sahelwatch check`): a
 * file that does not parse, an actor that is not a JNIM component of the
 * gazetteer, a listed place the gazetteer lacks.
 */
export function componentAreaProblems(gz: Gazetteer, dir = COMPONENT_AREAS_DIR): string[] {
  let areas: ComponentArea[];
  try {
    areas = loadComponentAreas(dir);
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  return areas.flatMap((area) => {
    const file = join(dir, `${area.file}.geojson`);
    const problems: string[] = [];
    if (gz.byId.get(area.actor)?.parent !== JNIM) problems.push(`${file} actor: ${area.actor} is not a JNIM component in the gazetteer (an actor with parent: ${JNIM})`);
    for (const place of area.places) if (gz.byId.get(place)?.kind !== 'place') problems.push(`${file} places: ${place} is not a gazetteer place`);
    return problems;
  });
}

let cachedAreas: ComponentArea[] | undefined;
function defaultAreas(): ComponentArea[] {
  cachedAreas ??= loadComponentAreas();
  return cachedAreas;
}

// Places come from the gazetteer, so the same ones are asked about in report after report: remembered by id,
// with the country and point they had (a key string built from the coordinates cost more than the lookup saved).
type PlaceAt = Pick<PlaceMention, 'id' | 'country' | 'lat' | 'lon'>;
const knownAreas = new WeakMap<readonly ComponentArea[], Map<string, { place: PlaceAt; area: ComponentArea | undefined }>>();
const MAX_REMEMBERED_PLACES = 50_000;

/** The area holding a place (listed, or its point inside, in one of the area's countries), the highest priority first. */
export function areaOf(place: PlaceAt, areas: readonly ComponentArea[]): ComponentArea | undefined {
  let known = knownAreas.get(areas);
  if (!known) {
    known = new Map();
    knownAreas.set(areas, known);
  }
  const remembered = known.get(place.id);
  if (remembered && samePoint(remembered.place, place)) return remembered.area;
  const area = findArea(place, areas);
  if (known.size < MAX_REMEMBERED_PLACES) known.set(place.id, { place: { id: place.id, country: place.country, lat: place.lat, lon: place.lon }, area });
  return area;
}

function samePoint(a: PlaceAt, b: PlaceAt): boolean {
  return a.country === b.country && a.lat === b.lat && a.lon === b.lon;
}

function findArea(place: Pick<PlaceMention, 'id' | 'country' | 'lat' | 'lon'>, areas: readonly ComponentArea[]): ComponentArea | undefined {
  let best: ComponentArea | undefined;
  for (const area of areas) {
    const inCountry = area.countries.size === 0 || (place.country !== undefined && area.countries.has(place.country));
    const inside = area.places.has(place.id) || (inCountry && place.lat !== undefined && place.lon !== undefined && area.contains(place.lon, place.lat));
    if (inside && (!best || area.priority > best.priority)) best = area;
  }
  return best;
}

export interface AttributionInput {
  actors: readonly EntityMention[];
  places: readonly PlaceMention[];
  frames: readonly Frame[];
  /** The first generic word for militants ("jihadists", "hommes armés"), if any. */
  militantWord?: Evidence;
}

const firstStart = (m: { evidence: readonly Evidence[] }) => m.evidence[0]?.start ?? Number.POSITIVE_INFINITY;

/** A place named only as an origin, a destination or far away says nothing about where the group acted. */
const namedOnlyElsewhere = (p: PlaceMention) => (p.elsewhere?.length ?? 0) >= p.evidence.length;

/**
 * The component a report is about: a named one (JNIM's child in the
 * gazetteer) wins; else, when the report names JNIM or only a generic word for
 * militants and no other armed group, the component whose area holds the
 * places of its asserted events (else any place it names plainly), when one
 * area holds more of them than any other.
 */
export function attributeComponent(gz: Gazetteer, input: AttributionInput, areas: readonly ComponentArea[] = defaultAreas()): Attribution | undefined {
  const label = (actorId: string) => areas.find((a) => a.actor === actorId)?.label ?? gz.byId.get(actorId)?.name ?? actorId;
  const named = input.actors.filter((a) => gz.byId.get(a.id)?.parent === JNIM).sort((a, b) => firstStart(a) - firstStart(b))[0];
  if (named) {
    const said = named.evidence[0];
    return { actorId: named.id, name: label(named.id), likely: false, basis: 'named', reason: `named: “${said?.quote ?? named.name}”`, evidence: said ? [said] : [] };
  }
  const jnim = input.actors.find((a) => a.id === JNIM);
  if ((!jnim && input.actors.some((a) => a.nonState)) || input.places.length === 0) return undefined;
  const said = jnim?.evidence[0] ?? input.militantWord;
  if (!said) return undefined;
  const plain = input.places.filter((p) => !namedOnlyElsewhere(p));
  const eventPlaces = new Set(input.frames.filter((f) => f.modality === 'asserted').flatMap((f) => f.places));
  const atEvents = plain.filter((p) => eventPlaces.has(p.id));
  const found = pickArea(atEvents, areas) ?? pickArea(plain, areas);
  if (!found) return undefined;
  const { area, place } = found;
  const where = place.evidence.find((e) => !(place.elsewhere ?? []).includes(e.start)) ?? place.evidence[0];
  return {
    actorId: area.actor,
    name: area.label,
    likely: true,
    basis: 'place',
    said: said.quote,
    place: { id: place.id, name: place.name },
    area: area.area,
    areaFile: area.file,
    reason: `“${said.quote}” at ${place.name}, in ${area.label}'s area: ${area.area}`,
    evidence: where && where.start !== said.start ? [said, where] : [said],
  };
}

/** The area most of the places fall in (ties: higher priority; still tied: none), with its first place. */
function pickArea(places: readonly PlaceMention[], areas: readonly ComponentArea[]): { area: ComponentArea; place: PlaceMention } | undefined {
  const tally = new Map<ComponentArea, { count: number; place: PlaceMention }>();
  for (const place of [...places].sort((a, b) => firstStart(a) - firstStart(b))) {
    const area = areaOf(place, areas);
    if (!area) continue;
    const seen = tally.get(area);
    tally.set(area, { count: (seen?.count ?? 0) + 1, place: seen?.place ?? place });
  }
  const ranked = [...tally].sort(([a, x], [b, y]) => y.count - x.count || b.priority - a.priority);
  const [first, second] = ranked;
  if (!first) return undefined;
  if (second && second[1].count === first[1].count && second[0].priority === first[0].priority) return undefined;
  return { area: first[0], place: first[1].place };
}
