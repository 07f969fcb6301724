import { highestPerKind } from '../extraction/casualties.js';
import type { Extraction } from '../extraction/extraction.js';
import { commonPlaces, isUnlisted, placeIndexKeys } from './place-names.js';

/**
 * What a report says happened, in gazetteer ids, which read the same in every
 * language: the specific places, event types, armed actors and casualty
 * figures. Word shingles cannot match an English report with its French
 * counterpart; these can.
 */
export interface IncidentFacts {
  language: string;
  places: string[];
  events: string[];
  actors: string[];
  /** ISO2 codes of the countries it is about: the only place a report may give ("an army outpost in the north"). */
  countries: string[];
  /** `killed:12`, `kidnapped:5`. */
  casualties: string[];
}

/** Towns, parks, districts and named sites (a mine, a border position, falls) pin an incident down; a country, a region or a road corridor does not. */
const SPECIFIC_PLACE_KINDS = new Set(['town', 'protected-area', 'admin2', 'other']);
// Places the text names as villages, hamlets or localities that the gazetteer lacks ("le village de Solhan") count too.
const isSpecificPlace = (p: Extraction['places'][number]) => SPECIFIC_PLACE_KINDS.has(p.placeKind) || isUnlisted(p.id);
/** Words about words: a statement or a claim is not an incident on the ground. */
const NOT_INCIDENTS = new Set(['statement', 'claim', 'not-an-event']);
/** Cross-language matches only for languages the extraction reads. */
const KNOWN_LANGUAGES = new Set(['en', 'fr']);
/** Reports of one incident in two languages appear within this of each other. */
export const CROSS_LANGUAGE_HOURS = 36;
/** Share of facts two reports must have in common, once nothing contradicts. */
export const CROSS_LANGUAGE_SIMILARITY = 0.4;

/** `extraction.language` is already `en`/`fr` (a feed's "en-GB" is read as "en"). */
export function incidentFacts(extraction: Extraction): IncidentFacts {
  return {
    language: extraction.language,
    places: [...new Set(extraction.places.filter(isSpecificPlace).map((p) => p.id))],
    events: [...new Set(extraction.events.map((e) => e.type).filter((t) => !NOT_INCIDENTS.has(t)))],
    actors: [...new Set(extraction.actors.filter((a) => a.nonState).map((a) => a.id))],
    countries: extraction.countries,
    casualties: Object.entries(highestPerKind(extraction.casualties)).map(([kind, count]) => `${kind}:${count}`),
  };
}

/**
 * Index keys by place and language: a report is written under its own
 * language and reads the others', so reports in one language never pull each
 * other in through a much-named town (Bamako). A village the gazetteer lacks is
 * read in the report's own language too: outlets name such a place for an
 * incident there, and two reports of it in one language need not share wording.
 */
export function incidentKeys(facts: IncidentFacts | undefined): { read: string[]; write: string[] } {
  if (!facts || !KNOWN_LANGUAGES.has(facts.language) || facts.events.length === 0) return { read: [], write: [] };
  const others = [...KNOWN_LANGUAGES].filter((language) => language !== facts.language);
  const own = placeIndexKeys(facts.places.filter(isUnlisted)).map((place) => `place=${place}|${facts.language}`);
  return {
    write: placeIndexKeys(facts.places).map((place) => `place=${place}|${facts.language}`),
    read: [...placeIndexKeys(facts.places).flatMap((place) => others.map((language) => `place=${place}|${language}`)), ...own],
  };
}

const common = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x)).length;
/**
 * A later toll this much of an earlier one, or more, fits the same incident without a word of revision: sources
 * count the same dead differently ("over 40", 43, "at least 44"; "plus de 14" after 15). Far lower is another incident.
 */
const SOURCES_DIFFER = 0.8;

/**
 * 0 unless the two are in different known languages (or in one, naming a
 * village the gazetteer lacks: see incidentKeys) and agree: a place and an
 * event type in common, an actor in common when both name one, and figures
 * that fit one incident: for every casualty kind both give, the later report's
 * figure is at least SOURCES_DIFFER of the earlier one's (tolls rise as the dead
 * are counted: "six tourists, their guide and their driver" became "8 dead"), or
 * lower only when the later report says the toll was revised. Then how much of the
 * sparser report's places and event types the other shares. `a` is the later report.
 */
export function crossLanguageSimilarity(a: IncidentFacts, b: IncidentFacts, revisesToll = false): number {
  if (!KNOWN_LANGUAGES.has(a.language) || !KNOWN_LANGUAGES.has(b.language)) return 0;
  if (a.language === b.language && commonPlaces(a.places.filter(isUnlisted), b.places) === 0) return 0;
  if (commonPlaces(a.places, b.places) === 0 || common(a.events, b.events) === 0) return 0;
  if (a.actors.length > 0 && b.actors.length > 0 && common(a.actors, b.actors) === 0) return 0;
  const figure = (f: IncidentFacts) => new Map(f.casualties.map((c) => c.split(':') as [string, string]));
  const [later, earlier] = [figure(a), figure(b)];
  for (const [kind, count] of later) {
    const before = earlier.get(kind);
    if (before !== undefined && Number(count) < Number(before) * SOURCES_DIFFER && !revisesToll) return 0;
  }
  // How much of the sparser report the other covers, places and event types alike: independent reports of one
  // incident name a different number of places and events, and a short report's few facts should not count against it.
  const placesCovered = commonPlaces(a.places, b.places) / Math.min(a.places.length, b.places.length);
  const eventsCovered = common(a.events, b.events) / Math.min(a.events.length, b.events.length);
  return (placesCovered + eventsCovered) / 2;
}

/** Compact and free of spaces, for the stored fingerprint record. */
export function encodeFacts(facts: IncidentFacts | undefined): string {
  return facts ? Buffer.from(JSON.stringify(facts)).toString('base64url') : '-';
}

export function decodeFacts(encoded: string | undefined): IncidentFacts | undefined {
  if (!encoded || encoded === '-') return undefined;
  try {
    const f = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as IncidentFacts;
    // Reports filed before countries were kept have none.
    return typeof f.language === 'string' && [f.places, f.events, f.actors, f.casualties].every(Array.isArray) ? { ...f, countries: Array.isArray(f.countries) ? f.countries : [] } : undefined;
  } catch {
    return undefined;
  }
}
