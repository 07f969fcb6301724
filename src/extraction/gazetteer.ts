import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PlaceKindSchema } from './extraction.js';
import { foldPhrase } from './text.js';

/** Gazetteer entry as written in data/gazetteer/*.yaml (countries and places get their kind from the file). */
export const GazetteerEntrySchema = z.object({
  id: z.string().regex(/^[a-z]+\/[a-z0-9/._-]+$/),
  kind: z.enum(['actor', 'person', 'place', 'equipment', 'event', 'organization']),
  name: z.string().min(1),
  /** Surface forms per language: en, fr, translit. */
  aliases: z.record(z.string(), z.array(z.string())).default({}),
  /** Nationality adjectives; count towards a country, are not place names. */
  demonyms: z.record(z.string(), z.array(z.string())).optional(),
  /** Actors: jihadist | separatist | other-armed count as analyst actors; state | allied | other do not. */
  role: z.enum(['jihadist', 'separatist', 'other-armed', 'state', 'allied', 'other']).optional(),
  parent: z.string().optional(),
  /** People: the group a reader infers from the person alone. */
  group: z.string().optional(),
  /** ISO2: where a place is; an actor's or person's home country. */
  country: z.string().length(2).optional(),
  iso2: z.string().length(2).optional(),
  /** Countries outside the watched region are places but are not listed in `countries`. */
  inRegion: z.boolean().default(true),
  placeKind: PlaceKindSchema.optional(),
  admin1: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  approx: z.boolean().optional(),
  /** A concept rather than a point (e.g. "coastal states"): not geotagged. */
  abstract: z.boolean().optional(),
  /** Tie-break between homonyms: higher wins. */
  priority: z.number().default(0),
  /** The original must be capitalised (the name is also a common word). */
  caseSensitive: z.boolean().default(false),
  /** At least one of these folded words must be within two tokens of the name. */
  contextAny: z.array(z.string()).optional(),
  /**
   * Resolve to another entry when one of `before` occurs in the three preceding
   * tokens or one of `after` in the four following ones ("fleuve Niger" → river,
   * "Niger and Kwara states" → Niger State).
   */
  switchTo: z
    .array(z.object({ id: z.string(), before: z.array(z.string()).default([]), after: z.array(z.string()).default([]) }))
    .optional(),
  /** Matched only to hide the shorter term inside it ("assault rifle" is not an assault); never reported. */
  suppress: z.boolean().optional(),
  /** Places a corridor runs through: reported with it. */
  via: z.array(z.string()).optional(),
  source: z.enum(['curated', 'geonames']).default('curated'),
});
export type GazetteerEntry = z.infer<typeof GazetteerEntrySchema>;

/** Which longest-match layer a surface belongs to: names, equipment and event terms may overlap each other. */
export type Layer = 'name' | 'equipment' | 'event';

export interface Surface {
  entry: GazetteerEntry;
  layer: Layer;
  form: 'name' | 'demonym';
  /** Letters and digits of an acronym alias ("FLA", "MSA"): the original must match them exactly. */
  exact?: string;
}

export interface Gazetteer {
  entries: GazetteerEntry[];
  byId: Map<string, GazetteerEntry>;
  /** Folded phrase ("nioro du sahel") → every entry that phrase can name. */
  phrases: Map<string, Surface[]>;
  /** Folded first token → longest phrase length starting with it: bounds the n-gram lookup. */
  maxLenByFirst: Map<string, number>;
  /** Common English and French words (folded): never place names. */
  stopwords: ReadonlySet<string>;
}

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../data/gazetteer');
const CURATED_FILES = [
  ['actors.yaml', undefined],
  ['people.yaml', undefined],
  ['countries.yaml', 'country'],
  ['places.yaml', 'place'],
  ['equipment.yaml', undefined],
  ['events.yaml', undefined],
] as const;

const GeoNamesFileSchema = z.object({
  towns: z.array(z.tuple([z.string(), z.string(), z.string(), z.number(), z.number()])),
  admin1: z.array(z.tuple([z.string(), z.string(), z.number(), z.number()])),
});
const StopwordsSchema = z.object({ en: z.array(z.string()), fr: z.array(z.string()) });

function layerOf(kind: GazetteerEntry['kind']): Layer {
  return kind === 'equipment' ? 'equipment' : kind === 'event' ? 'event' : 'name';
}

function parseEntries(file: string, raw: unknown, defaultKind: 'country' | 'place' | undefined): GazetteerEntry[] {
  const list = z.array(z.record(z.string(), z.unknown())).parse(raw);
  return list.map((item, index) => {
    const withDefaults =
      defaultKind === 'country'
        ? { kind: 'place', placeKind: 'country', country: item['iso2'], ...item }
        : defaultKind === 'place'
          ? { kind: 'place', ...item }
          : item;
    const parsed = GazetteerEntrySchema.safeParse(withDefaults);
    if (!parsed.success) throw new Error(`${file}[${index}] (${String(item['id'])}): ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

function slug(name: string): string {
  return foldPhrase(name).replace(/ /g, '-');
}

/** GeoNames towns and admin1 regions, minus names that are common words or already curated. */
function geonamesEntries(dir: string, stopwords: Set<string>, curatedPhrases: Set<string>): GazetteerEntry[] {
  const file = GeoNamesFileSchema.parse(JSON.parse(readFileSync(join(dir, 'geonames-west-africa.json'), 'utf8')));
  const out: GazetteerEntry[] = [];
  const seen = new Set<string>();
  const keep = (name: string) => {
    const folded = foldPhrase(name);
    return folded.length > 2 && !stopwords.has(folded) && !curatedPhrases.has(folded);
  };
  for (const [name, country, admin1, lat, lon] of file.towns) {
    if (!keep(name)) continue;
    let id = `place/${country.toLowerCase()}/${slug(name)}`;
    for (let n = 2; seen.has(id); n++) id = `place/${country.toLowerCase()}/${slug(name)}-${n}`;
    seen.add(id);
    out.push(
      GazetteerEntrySchema.parse({
        id, kind: 'place', name, placeKind: 'town', country, admin1: admin1 || undefined, lat, lon,
        caseSensitive: true, source: 'geonames', aliases: { geonames: [name] },
      }),
    );
  }
  for (const [name, country, lat, lon] of file.admin1) {
    if (!keep(name)) continue;
    const id = `place/${country.toLowerCase()}/admin1-${slug(name)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(
      GazetteerEntrySchema.parse({
        id, kind: 'place', name, placeKind: 'admin1', country, admin1: name, lat, lon, approx: true,
        caseSensitive: true, source: 'geonames', aliases: { geonames: [name] },
      }),
    );
  }
  return out;
}

/** Plurals and French participle endings for event and equipment terms (attaque → attaques, attaquée, attaqués). */
function inflections(folded: string): string[] {
  const out = [folded];
  const plural = (w: string) => (/[a-z]$/.test(w) && !w.endsWith('s') ? `${w}s` : w);
  out.push(plural(folded));
  if (folded.endsWith('e')) out.push(`${folded}e`, `${folded}es`);
  // Compounds take the plural on the head too: "camions-citernes", "engins explosifs".
  const words = folded.split(' ');
  if (words.length > 1) out.push(words.map(plural).join(' '), [plural(words[0] as string), ...words.slice(1)].join(' '));
  return [...new Set(out)];
}

const ACRONYM = /^[A-Z0-9-]{2,8}$/;

function surfacesOf(entry: GazetteerEntry): { phrase: string; surface: Surface }[] {
  const layer = layerOf(entry.kind);
  const inflect = layer !== 'name';
  const out: { phrase: string; surface: Surface }[] = [];
  const add = (alias: string, form: Surface['form']) => {
    const folded = foldPhrase(alias);
    if (!folded) return;
    const exact = ACRONYM.test(alias) && /[A-Z]/.test(alias) ? alias.replace(/[^A-Z0-9]/g, '') : undefined;
    for (const phrase of inflect ? inflections(folded) : [folded]) {
      out.push({ phrase, surface: { entry, layer, form, ...(exact ? { exact } : {}) } });
    }
  };
  // The canonical name is not matched by itself: "Est" (a Burkina region) or
  // "Sahel" would fire on ordinary words; every matchable form is an alias.
  for (const list of Object.values(entry.aliases)) for (const alias of list) add(alias, 'name');
  for (const list of Object.values(entry.demonyms ?? {})) for (const d of list) add(d, 'demonym');
  return out;
}

/** Builds the phrase index. Same phrase and entry twice (en and fr alias) is kept once. */
export function compileGazetteer(entries: GazetteerEntry[], stopwords: ReadonlySet<string> = new Set()): Gazetteer {
  const byId = new Map<string, GazetteerEntry>();
  for (const e of entries) {
    if (byId.has(e.id)) throw new Error(`gazetteer: duplicate id ${e.id}`);
    byId.set(e.id, e);
  }
  const phrases = new Map<string, Surface[]>();
  const maxLenByFirst = new Map<string, number>();
  for (const entry of entries) {
    for (const { phrase, surface } of surfacesOf(entry)) {
      const list = phrases.get(phrase) ?? [];
      const dup = list.find((s) => s.entry === entry && s.form === surface.form && s.exact === surface.exact);
      if (dup) continue;
      list.push(surface);
      phrases.set(phrase, list);
      const words = phrase.split(' ');
      const first = words[0] as string;
      maxLenByFirst.set(first, Math.max(maxLenByFirst.get(first) ?? 0, words.length));
    }
  }
  return { entries, byId, phrases, maxLenByFirst, stopwords };
}

/** Reads curated YAML, the generated GeoNames file and the stop-words from a directory. */
export function loadGazetteer(dir: string = DATA_DIR): Gazetteer {
  const curated: GazetteerEntry[] = [];
  for (const [file, defaultKind] of CURATED_FILES) {
    curated.push(...parseEntries(file, parseYaml(readFileSync(join(dir, file), 'utf8')), defaultKind));
  }
  const stop = StopwordsSchema.parse(parseYaml(readFileSync(join(dir, 'stopwords.yaml'), 'utf8')));
  const stopwords = new Set([...stop.en, ...stop.fr]);
  const curatedPhrases = new Set<string>();
  for (const e of curated) if (layerOf(e.kind) === 'name') for (const s of surfacesOf(e)) curatedPhrases.add(s.phrase);
  return compileGazetteer([...curated, ...geonamesEntries(dir, stopwords, curatedPhrases)], stopwords);
}

let cached: Gazetteer | undefined;

/** The repository's gazetteer, loaded and compiled once per process. */
export function defaultGazetteer(): Gazetteer {
  cached ??= loadGazetteer();
  return cached;
}

/** Is this an armed group an analyst lists as an actor (not state or allied forces)? */
export function isNonStateActor(entry: GazetteerEntry): boolean {
  return entry.kind === 'actor' && entry.role !== 'state' && entry.role !== 'allied' && entry.role !== 'other';
}
