import { defaultGazetteer, type Gazetteer, type GazetteerEntry } from '../extraction/gazetteer.js';
import { qualifyId, type Reference, type ReferenceKind } from './conditions/condition.js';

/** A gazetteer id the gazetteer does not know, at its key path from the file root. */
export interface ReferenceProblem {
  path: readonly (string | number)[];
  message: string;
}

/** One id a reference of some kind may name, with the forms a typo is compared against. */
interface Candidate {
  /** How to write it in an indicator (the shortest form that resolves to it). */
  write: string;
  /** Normalised forms: the written form, the full id, its last segment, the entry's aliases. */
  forms: string[];
}

interface KindIndex {
  has(written: string): boolean;
  /** Built on first use: only a typo needs them. */
  candidates(): Candidate[];
}

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

const LABEL: Record<ReferenceKind, string> = {
  actor: 'actor',
  person: 'person',
  equipment: 'equipment',
  place: 'place',
  event: 'event type',
  mention: 'statement mention',
};

/** Kinds whose ids may be written without their prefix (`jnim` = `actor/jnim`). */
const PREFIXED = new Set<ReferenceKind>(['actor', 'person', 'equipment', 'place']);

/** What a reported statement can mention: the names extraction reads, people aside. */
const MENTIONABLE = new Set<GazetteerEntry['kind']>(['actor', 'place', 'organization']);

/** Prefixes of ids a bare name may have been meant as, for a "that is a person" hint. */
const ID_PREFIXES = ['actor', 'person', 'equipment', 'place', 'country', 'org', 'event'];

const COMBINING_MARKS = /\p{M}/gu;

/** Case, accents and separators folded: `Nioro du Sahel` and `nioro-du-sahel` compare equal. */
function normalise(s: string): string {
  return s.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(/[\s_'’]+/g, '-');
}

/** Optimal string alignment distance (edits, including swapping two neighbours), or max + 1 once over max. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

function candidate(write: string, entry: GazetteerEntry, extra: readonly string[] = []): Candidate {
  const aliases = Object.values(entry.aliases).flat();
  return { write, forms: [...new Set([write, entry.id, lastSegment(entry.id), ...extra, ...aliases].map(normalise))] };
}

/** The shortest way to write an entry's id in a condition of this kind. */
function writeAs(kind: ReferenceKind, id: string): string {
  if (!PREFIXED.has(kind)) return id;
  const tail = id.slice(kind.length + 1);
  return id.startsWith(`${kind}/`) && !tail.includes('/') ? tail : id;
}

function buildIndex(gazetteer: Gazetteer, kind: ReferenceKind): KindIndex {
  if (kind === 'event') {
    const events = gazetteer.entries.filter((e) => e.kind === 'event' && !e.suppress);
    const names = new Set(events.map((e) => e.name));
    return { has: (w) => names.has(w), candidates: lazy(() => events.map((e) => candidate(e.name, e))) };
  }
  if (kind === 'mention') {
    const has = (w: string): boolean => {
      const entry = gazetteer.byId.get(w);
      return entry !== undefined && MENTIONABLE.has(entry.kind);
    };
    return { has, candidates: lazy(() => gazetteer.entries.filter((e) => MENTIONABLE.has(e.kind)).map((e) => candidate(e.id, e))) };
  }
  return {
    has: (w) => gazetteer.byId.get(qualifyId(kind, w))?.kind === kind,
    candidates: lazy(() => gazetteer.entries.filter((e) => e.kind === kind).map((e) => candidate(writeAs(kind, e.id), e))),
  };
}

const indexes = new WeakMap<Gazetteer, Map<ReferenceKind, KindIndex>>();

function indexFor(gazetteer: Gazetteer, kind: ReferenceKind): KindIndex {
  let byKind = indexes.get(gazetteer);
  if (!byKind) {
    byKind = new Map();
    indexes.set(gazetteer, byKind);
  }
  let index = byKind.get(kind);
  if (!index) {
    index = buildIndex(gazetteer, kind);
    byKind.set(kind, index);
  }
  return index;
}

/** The closest known ids (up to three, equally close), when any is close enough to be a typo. */
function suggest(written: string, candidates: readonly Candidate[]): string[] {
  const w = normalise(written);
  const max = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  let best = max + 1;
  let found: string[] = [];
  for (const c of candidates) {
    let d = max + 1;
    for (const form of c.forms) d = Math.min(d, editDistance(w, form, Math.min(d, best)));
    if (d > max || d > best) continue;
    if (d < best) {
      best = d;
      found = [];
    }
    if (!found.includes(c.write)) found.push(c.write);
  }
  return found.sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, 3);
}

function quoteList(items: readonly string[]): string {
  const quoted = items.map((s) => `"${s}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** "person/iyad-ag-ghali is a person", when the id names a gazetteer entry of another kind. */
function otherKind(gazetteer: Gazetteer, kind: ReferenceKind, written: string): string | undefined {
  const direct = gazetteer.byId.get(written);
  const entry = direct ?? ID_PREFIXES.map((p) => gazetteer.byId.get(`${p}/${written}`)).find((e) => e !== undefined);
  if (!entry) return undefined;
  if (kind === 'event' && entry.kind === 'event') return undefined;
  if (kind === 'mention' && MENTIONABLE.has(entry.kind)) return undefined;
  if (entry.kind === kind) return undefined;
  return `${entry.id} is ${/^[aeiou]/.test(entry.kind) ? 'an' : 'a'} ${entry.kind}`;
}

function describeUnknown(gazetteer: Gazetteer, ref: Reference, index: KindIndex): string {
  const label = LABEL[ref.kind];
  const parts = [`unknown ${label} "${ref.id}"`];
  const other = otherKind(gazetteer, ref.kind, ref.id);
  if (other) parts.push(` (${other}, not ${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label})`);
  const close = suggest(ref.id, index.candidates());
  if (close.length > 0) parts.push(`; did you mean ${quoteList(close)}?`);
  else if (!other) {
    const known = index.candidates().map((c) => c.write);
    parts.push(known.length <= 40 ? ` (known: ${known.join(', ')})` : ` (no close match among ${known.length} ${label} ids; see data/gazetteer/)`);
  }
  return parts.join('');
}

/**
 * Every reference the gazetteer does not know, with a "did you mean" from the
 * known ids of its kind. A condition naming an unknown id could never hold, so
 * the loader rejects the file instead of loading a rule that is silently dead.
 */
export function referenceProblems(references: readonly Reference[], gazetteer: Gazetteer = defaultGazetteer()): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  for (const ref of references) {
    const index = indexFor(gazetteer, ref.kind);
    if (index.has(ref.id)) continue;
    out.push({ path: ref.path, message: describeUnknown(gazetteer, ref, index) });
  }
  return out;
}
