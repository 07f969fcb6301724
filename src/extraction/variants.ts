import type { GazetteerEntry, Surface } from './gazetteer.js';
import { foldPhrase } from './text.js';

/**
 * Spelling variants of curated names. West African names reach English and
 * French outlets through several transliterations ("Kouffa"/"Koufa",
 * "Pendjari"/"Pendjary", "Djibo"/"Jibo"): a name is reduced to a skeleton
 * (doubled letters collapsed, common digraphs unified), and one dropped or
 * added letter is tolerated on longer names (the SymSpell deletion trick).
 * Only curated places, actors and people take part: GeoNames holds too many
 * short names that differ by one letter.
 */
export interface VariantIndex {
  /** Skeleton of an alias → the entries it names (several: ambiguous, never used). */
  exact: Map<string, GazetteerEntry[]>;
  /** Skeleton with one letter deleted → the entries whose alias it comes from. */
  deleted: Map<string, GazetteerEntry[]>;
  /** Answers already given, by folded word (names recur across articles). */
  seen: Map<string, Surface | null>;
}

/** Skeletons shorter than this are matched only as written; one-letter edits need MIN_EDIT_LENGTH. */
const MIN_SKELETON_LENGTH = 5;
const MIN_EDIT_LENGTH = 7;
const VARIANT_KINDS = new Set<GazetteerEntry['kind']>(['place', 'actor', 'person']);

const DIGRAPHS: [RegExp, string][] = [
  [/dj/g, 'j'],
  [/ou/g, 'u'],
  [/y/g, 'i'],
  [/ph/g, 'f'],
  [/gh/g, 'g'],
  [/kh/g, 'k'],
  [/qu/g, 'k'],
  [/ck/g, 'k'],
  [/c(?=[aou])/g, 'k'],
  [/w/g, 'u'],
];

/** The skeleton of a folded name: "pendjary" and "pendjari" → "penjari"; "kouffa" → "kufa". */
export function skeleton(folded: string): string {
  let s = folded.replace(/[^a-z]/g, '');
  for (const [from, to] of DIGRAPHS) s = s.replace(from, to);
  s = s.replace(/(.)\1+/g, '$1');
  return s.length > MIN_SKELETON_LENGTH ? s.replace(/e$/, '') : s;
}

function deletions(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

function push(map: Map<string, GazetteerEntry[]>, key: string, entry: GazetteerEntry): void {
  const list = map.get(key) ?? [];
  if (!list.includes(entry)) list.push(entry);
  map.set(key, list);
}

export function nameVariantIndex(entries: readonly GazetteerEntry[]): VariantIndex {
  const index: VariantIndex = { exact: new Map(), deleted: new Map(), seen: new Map() };
  for (const entry of entries) {
    if (entry.source !== 'curated' || !VARIANT_KINDS.has(entry.kind)) continue;
    for (const list of Object.values(entry.aliases)) {
      for (const alias of list) {
        const words = foldPhrase(alias).split(' ');
        if (words.length > 2) continue;
        const s = skeleton(words.join(''));
        if (s.length < MIN_SKELETON_LENGTH) continue;
        push(index.exact, s, entry);
        if (s.length >= MIN_EDIT_LENGTH) for (const d of deletions(s)) push(index.deleted, d, entry);
      }
    }
  }
  return index;
}

/** The one entry a written name is a variant of, or undefined (unknown or ambiguous). */
export function findVariant(index: VariantIndex, folded: string): Surface | undefined {
  const known = index.seen.get(folded);
  if (known !== undefined) return known ?? undefined;
  const found = lookupVariant(index, folded);
  if (index.seen.size < 50_000) index.seen.set(folded, found ?? null);
  return found;
}

function lookupVariant(index: VariantIndex, folded: string): Surface | undefined {
  const s = skeleton(folded);
  if (s.length < MIN_SKELETON_LENGTH) return undefined;
  const candidates = new Set<GazetteerEntry>(index.exact.get(s) ?? []);
  if (s.length >= MIN_EDIT_LENGTH - 1) {
    // A letter dropped in the text (the text's skeleton is a deletion of the alias)...
    for (const e of index.deleted.get(s) ?? []) candidates.add(e);
    // ...or added (a deletion of the text's skeleton is the alias).
    if (s.length >= MIN_EDIT_LENGTH + 1) for (const d of deletions(s)) for (const e of index.exact.get(d) ?? []) candidates.add(e);
  }
  if (candidates.size !== 1) return undefined;
  const [entry] = candidates as Set<GazetteerEntry> & Iterable<GazetteerEntry>;
  return entry ? { entry, layer: 'name', form: 'name' } : undefined;
}
