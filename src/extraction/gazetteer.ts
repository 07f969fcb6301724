import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PlaceKindSchema } from './extraction.js';
import { isStemLanguage, MIN_STEM_LENGTH, type StemLanguage, stemWord } from './stem.js';
import { foldPhrase } from './text.js';
import { nameVariantIndex, type VariantIndex } from './variants.js';
import { WordFilter } from './word-set.js';
import { packagePath } from '../core/paths.js';

/** Gazetteer entry as written in data/gazetteer/*.yaml (countries and places get their kind from the file). */
export const GazetteerEntrySchema = z.object({
  id: z.string().regex(/^[a-z]+\/[a-z0-9/._-]+$/),
  kind: z.enum(['actor', 'person', 'place', 'equipment', 'event', 'organization', 'party']),
  name: z.string().min(1),
  /** Surface forms per language: en, fr, translit. */
  aliases: z.record(z.string(), z.array(z.string())).default({}),
  /** Nationality adjectives; count towards a country, are not place names. */
  demonyms: z.record(z.string(), z.array(z.string())).optional(),
  /** Parties (generic words for who acts: "troops", "jihadists"): which side they stand for. */
  side: z.enum(['state', 'militant', 'armed', 'civilian']).optional(),
  /** Actors: jihadist | separatist | other-armed count as analyst actors; state | allied | other do not. */
  role: z.enum(['jihadist', 'separatist', 'other-armed', 'state', 'allied', 'other']).optional(),
  parent: z.string().optional(),
  /** People: the group a reader infers from the person alone. */
  group: z.string().optional(),
  /** People: the groups they lead, so "JNIM's leader" or "le chef de la katiba Macina" stands for them as a speaker. */
  leads: z.array(z.string()).optional(),
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
  /** Aliases matched only as written, not by word family ("frappes" is an airstrike, "frappe" is any blow). */
  unstemmed: z.array(z.string()).optional(),
  /** Aliases matched only in text of their own language: ordinary words of the other ("seize" is sixteen in French). */
  ownLanguageOnly: z.array(z.string()).optional(),
  /** Matched only to hide the shorter term inside it ("assault rifle" is not an assault); never reported. */
  suppress: z.boolean().optional(),
  /**
   * The name is shared with other countries (road numbers: Mali's RN3 and Burkina's):
   * it stands for this entry only when the text names no other country more often.
   */
  countryContext: z.boolean().optional(),
  /** Places a corridor runs through: reported with it. */
  via: z.array(z.string()).optional(),
  source: z.enum(['curated', 'geonames']).default('curated'),
});
export type GazetteerEntry = z.infer<typeof GazetteerEntrySchema>;

/** Which longest-match layer a surface belongs to: names, equipment, event and party terms may overlap each other. */
export type Layer = 'name' | 'equipment' | 'event' | 'party';

export interface Surface {
  entry: GazetteerEntry;
  layer: Layer;
  form: 'name' | 'demonym';
  /** Letters and digits of an acronym alias ("FLA", "MSA"): the original must match them exactly. */
  exact?: string;
  /** Matched only in text of this language (the entry's ownLanguageOnly). */
  onlyIn?: StemLanguage;
}

/**
 * The phrases of an index word by word, from their first word: text is matched by
 * following its tokens down the tree, so no n-gram string is built and a walk
 * stops at the first word no phrase continues with.
 */
export interface PhraseNode {
  /** Every surface of the phrase that ends at this word. */
  surfaces?: Surface[];
  next?: Map<string, PhraseNode>;
}

export interface Gazetteer {
  entries: GazetteerEntry[];
  byId: Map<string, GazetteerEntry>;
  /** Folded phrase ("nioro du sahel") → every entry that phrase can name. */
  phrases: Map<string, Surface[]>;
  /** The same phrases as a tree of folded words, for matching text. */
  tree: Map<string, PhraseNode>;
  /** The tree's first words, as a filter: most words of a text start no phrase and are turned away without a lookup. */
  firstWords: WordFilter;
  /**
   * Word families: stemmed phrase ("recov", "recuper") → the event and equipment
   * terms it stems from, per language, so "recovering" and "récupération"
   * need not be listed.
   */
  stems: Record<StemLanguage, StemIndex>;
  /** Common English and French words (folded): never place names. */
  stopwords: ReadonlySet<string>;
  /** Spelling variants of curated one-word names (doubled or dropped letters, transliterations). */
  variants: VariantIndex;
}

const DATA_DIR = packagePath('data', 'gazetteer');
const CURATED_FILES = [
  ['actors.yaml', undefined],
  ['people.yaml', undefined],
  ['countries.yaml', 'country'],
  ['places.yaml', 'place'],
  ['equipment.yaml', undefined],
  ['events.yaml', undefined],
  ['parties.yaml', undefined],
] as const;

const STOPWORDS_FILE = 'stopwords.yaml';
const GEONAMES_FILE = 'geonames-west-africa.json';

const GeoNamesFileSchema = z.object({
  towns: z.array(z.tuple([z.string(), z.string(), z.string(), z.number(), z.number()])),
  admin1: z.array(z.tuple([z.string(), z.string(), z.number(), z.number()])),
});
const StopwordsSchema = z.object({ en: z.array(z.string()), fr: z.array(z.string()) });

function layerOf(kind: GazetteerEntry['kind']): Layer {
  return kind === 'equipment' ? 'equipment' : kind === 'event' ? 'event' : kind === 'party' ? 'party' : 'name';
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
  const file = GeoNamesFileSchema.parse(JSON.parse(readFileSync(join(dir, GEONAMES_FILE), 'utf8')));
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
  const add = (alias: string, form: Surface['form'], language?: string) => {
    const folded = foldPhrase(alias);
    if (!folded) return;
    const exact = ACRONYM.test(alias) && /[A-Z]/.test(alias) ? alias.replace(/[^A-Z0-9]/g, '') : undefined;
    const onlyIn = entry.ownLanguageOnly?.includes(alias) && isStemLanguage(language) ? language : undefined;
    for (const phrase of inflect ? inflections(folded) : [folded]) {
      // Only the word as written is the other language's word ("seize"); its inflections ("seized") are not.
      const own = onlyIn && phrase === folded ? { onlyIn } : {};
      out.push({ phrase, surface: { entry, layer, form, ...(exact ? { exact } : {}), ...own } });
    }
  };
  // The canonical name is not matched by itself: "Est" (a Burkina region) or
  // "Sahel" would fire on ordinary words; every matchable form is an alias.
  for (const [language, list] of Object.entries(entry.aliases)) for (const alias of list) add(alias, 'name', language);
  for (const list of Object.values(entry.demonyms ?? {})) for (const d of list) add(d, 'demonym');
  return out;
}

/** A phrase index over stemmed words, for one language. */
export interface StemIndex {
  /** Stemmed phrases as a tree of stems. */
  tree: Map<string, PhraseNode>;
  /** wordHead() of every stem a phrase starts with: words outside them are never stemmed. */
  heads: Set<number | string>;
  /** The same heads of three letters a–z, as bits: first two letters → a bit per third letter (see mayStartFamily). */
  headLetters: Uint32Array;
  /** Folded word whose head is in `heads` → the tree node of the family it starts, or null: filled as words are seen. */
  starts: Map<string, PhraseNode | null>;
}

/**
 * Whether `heads.has(wordHead(word))`: for a word whose first three letters are a–z
 * (nearly all), read from a 2.7 KB table instead of a set.
 */
export function mayStartFamily(index: StemIndex, word: string): boolean {
  const letters = threeLetters(word);
  if (letters >= 0) return ((index.headLetters[letters >> 5] as number) & (1 << (letters & 31))) !== 0;
  return index.heads.has(wordHead(word));
}

/** (first two letters) * 32 + third letter, for a word of three or more letters whose first three are a–z; else -1. */
function threeLetters(word: string): number {
  if (word.length < 3) return -1;
  const a = word.charCodeAt(0) - 97;
  const b = word.charCodeAt(1) - 97;
  const c = word.charCodeAt(2) - 97;
  if (a < 0 || a > 25 || b < 0 || b > 25 || c < 0 || c > 25) return -1;
  return (a * 26 + b) * 32 + c;
}

/**
 * A word's first three letters as a key of StemIndex.heads: packed into one small
 * integer when they are ASCII (nearly every folded word; no string is made), else the letters.
 */
export function wordHead(word: string): number | string {
  const length = Math.min(word.length, 3);
  let key = length;
  for (let k = 0; k < length; k++) {
    const code = word.charCodeAt(k);
    if (code >= 128) return word.slice(0, 3);
    key = key * 128 + code;
  }
  return key;
}

function addSurface(phrases: Map<string, Surface[]>, phrase: string, surface: Surface): void {
  const list = phrases.get(phrase) ?? [];
  if (list.some((s) => s.entry === surface.entry && s.form === surface.form && s.exact === surface.exact && s.onlyIn === surface.onlyIn)) return;
  list.push(surface);
  phrases.set(phrase, list);
}

/** The tree of space-joined phrases; its nodes share the phrases' surface lists. */
function phraseTree(phrases: Map<string, Surface[]>): Map<string, PhraseNode> {
  const root = new Map<string, PhraseNode>();
  for (const [phrase, surfaces] of phrases) {
    const [first, ...rest] = phrase.split(' ');
    let node = childNode(root, first as string);
    for (const word of rest) {
      node.next ??= new Map();
      node = childNode(node.next, word);
    }
    node.surfaces = surfaces;
  }
  return root;
}

function childNode(level: Map<string, PhraseNode>, word: string): PhraseNode {
  let node = level.get(word);
  if (!node) {
    node = {};
    level.set(word, node);
  }
  return node;
}

/**
 * Stemmed forms of the event and equipment aliases of one language.
 * Acronyms keep their exact-case rule and are not stemmed; a one-word alias
 * whose stem is shorter than MIN_STEM_LENGTH is matched only as written.
 */
function stemIndex(entries: GazetteerEntry[], language: StemLanguage): StemIndex {
  const phrases = new Map<string, Surface[]>();
  const heads = new Set<number | string>();
  const headLetters = new Uint32Array(26 * 26);
  for (const entry of entries) {
    const layer = layerOf(entry.kind);
    // Names are matched as written; party words too, since their families cross over
    // ("attacker" → attack, "insurgent" → insurgency).
    if (layer === 'name' || layer === 'party') continue;
    for (const alias of entry.aliases[language] ?? []) {
      if ((ACRONYM.test(alias) && /[A-Z]/.test(alias)) || entry.unstemmed?.includes(alias)) continue;
      for (const form of inflections(foldPhrase(alias))) {
        const stems = form.split(' ').map((w) => stemWord(w, language));
        if (stems.length === 1 && (stems[0] as string).length < MIN_STEM_LENGTH) continue;
        addSurface(phrases, stems.join(' '), { entry, layer, form: 'name' });
        heads.add(wordHead(stems[0] as string));
        const letters = threeLetters(stems[0] as string);
        if (letters >= 0) headLetters[letters >> 5] = ((headLetters[letters >> 5] as number) | (1 << (letters & 31))) >>> 0;
      }
    }
  }
  return { tree: phraseTree(phrases), heads, headLetters, starts: new Map() };
}

/** Builds the phrase index. Same phrase and entry twice (en and fr alias) is kept once. */
export function compileGazetteer(entries: GazetteerEntry[], stopwords: ReadonlySet<string> = new Set()): Gazetteer {
  const byId = new Map<string, GazetteerEntry>();
  for (const e of entries) {
    if (byId.has(e.id)) throw new Error(`gazetteer: duplicate id ${e.id}`);
    byId.set(e.id, e);
  }
  const phrases = new Map<string, Surface[]>();
  for (const entry of entries) {
    for (const { phrase, surface } of surfacesOf(entry)) addSurface(phrases, phrase, surface);
  }
  const stems = { en: stemIndex(entries, 'en'), fr: stemIndex(entries, 'fr') };
  const tree = phraseTree(phrases);
  return { entries, byId, phrases, tree, firstWords: new WordFilter(tree.keys()), stems, stopwords, variants: nameVariantIndex(entries) };
}

interface GazetteerSources {
  entries: GazetteerEntry[];
  stopwords: Set<string>;
}

/** Curated YAML, the generated GeoNames file and the stop-words of a directory, each entry validated. */
function readSources(dir: string): GazetteerSources {
  const curated: GazetteerEntry[] = [];
  for (const [file, defaultKind] of CURATED_FILES) {
    curated.push(...parseEntries(file, parseYaml(readFileSync(join(dir, file), 'utf8')), defaultKind));
  }
  const stop = StopwordsSchema.parse(parseYaml(readFileSync(join(dir, STOPWORDS_FILE), 'utf8')));
  const stopwords = new Set([...stop.en, ...stop.fr]);
  const curatedPhrases = new Set<string>();
  for (const e of curated) if (layerOf(e.kind) === 'name') for (const s of surfacesOf(e)) curatedPhrases.add(s.phrase);
  return { entries: [...curated, ...geonamesEntries(dir, stopwords, curatedPhrases)], stopwords };
}

/** Reads curated YAML, the generated GeoNames file and the stop-words from a directory. */
export function loadGazetteer(dir: string = DATA_DIR): Gazetteer {
  const { entries, stopwords } = readSources(dir);
  return compileGazetteer(entries, stopwords);
}

/**
 * The entries as read from data/gazetteer/, written by `npm run build` beside the
 * compiled module (dist/src/extraction/). Reading them from one JSON file instead
 * of parsing the YAML and GeoNames files and validating 5,000+ entries one by one
 * takes a worker's start ~1 s and ~18 MB of resident memory less (the heap V8 grows
 * for that parse is kept). The YAML stays the source: the snapshot names a hash of
 * the files it was made from, and one that no longer matches is not used. Run from
 * the sources (tsx) there is none, and the YAML is read as before.
 */
export const GAZETTEER_SNAPSHOT = fileURLToPath(new URL('./gazetteer-snapshot.json', import.meta.url));

interface Snapshot {
  sources: string;
  entries: GazetteerEntry[];
  stopwords: string[];
}

function sourcesHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of [...CURATED_FILES.map(([name]) => name), STOPWORDS_FILE, GEONAMES_FILE]) hash.update(`${file}\0`).update(readFileSync(join(dir, file))).update('\0');
  return hash.digest('hex');
}

/** Writes the snapshot of `dir` (the build runs this after compiling). */
export function writeGazetteerSnapshot(file: string = GAZETTEER_SNAPSHOT, dir: string = DATA_DIR): void {
  const { entries, stopwords } = readSources(dir);
  const snapshot: Snapshot = { sources: sourcesHash(dir), entries, stopwords: [...stopwords] };
  writeFileSync(file, JSON.stringify(snapshot));
}

/** The snapshot's entries when it exists and was made from the files now in `dir`; a stale one is named in a warning. */
export function readGazetteerSnapshot(file: string = GAZETTEER_SNAPSHOT, dir: string = DATA_DIR): GazetteerSources | undefined {
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  if (snapshot.sources !== sourcesHash(dir)) {
    process.emitWarning(`${file} was built from other gazetteer files than those in ${dir}: reading the YAML instead (about 1 s and 18 MB more per process); \`npm run build\` rewrites it`, 'GazetteerSnapshotWarning');
    return undefined;
  }
  return { entries: snapshot.entries, stopwords: new Set(snapshot.stopwords) };
}

let cached: Gazetteer | undefined;

/** The repository's gazetteer, loaded and compiled once per process: from the build's snapshot when it is current. */
export function defaultGazetteer(): Gazetteer {
  if (!cached) {
    const { entries, stopwords } = readGazetteerSnapshot() ?? readSources(DATA_DIR);
    cached = compileGazetteer(entries, stopwords);
  }
  return cached;
}

/** Is this an armed group an analyst lists as an actor (not state or allied forces)? */
export function isNonStateActor(entry: GazetteerEntry): boolean {
  return entry.kind === 'actor' && entry.role !== 'state' && entry.role !== 'allied' && entry.role !== 'other';
}
