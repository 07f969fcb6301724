import type { Extraction } from '../extraction/extraction.js';
import { getEntry, resolveName } from '../extraction/extract.js';
import { foldPhrase } from '../extraction/text.js';
import type { CorpusItem } from './corpus.js';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export type EntityField = 'actors' | 'people' | 'countries' | 'places';
export const ENTITY_FIELDS: readonly EntityField[] = ['actors', 'people', 'countries', 'places'];

export interface EntityError {
  id: string;
  field: EntityField;
  missing: string[];
  extra: string[];
}

export type EntityScores = Record<EntityField, Score> & { errors: EntityError[] };

// Places that are not geotagged points: countries (scored separately), corridors
// (reported with their towns) and concepts such as "coastal states".
const UNSCORED_PLACE_KINDS = new Set(['country', 'corridor']);

export function score(tp: number, fp: number, fn: number): Score {
  // No predictions and nothing expected is perfect, not 0/0.
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Key under which an expected name and an extracted entity compare equal: the gazetteer's canonical name. */
function canonicalKey(name: string, kind: 'actor' | 'person' | 'place'): string {
  const entry = resolveName(name, kind);
  return foldPhrase(entry ? entry.name : name);
}

/** Names predicted for one field, as display names keyed for comparison. */
function predicted(extraction: Extraction, field: EntityField): Map<string, string> {
  const out = new Map<string, string>();
  if (field === 'countries') for (const c of extraction.countries) out.set(c, c);
  if (field === 'actors') for (const a of extraction.actors) if (a.nonState !== false) out.set(canonicalKey(a.name, 'actor'), a.name);
  if (field === 'people') for (const p of extraction.people) out.set(canonicalKey(p.name, 'person'), p.name);
  if (field === 'places') {
    for (const p of extraction.places) {
      // Region-level references ("coastal states", "western Mali") are not places a reader geotags.
      if (UNSCORED_PLACE_KINDS.has(p.placeKind) || getEntry(p.id)?.abstract) continue;
      out.set(canonicalKey(p.name, 'place'), p.name);
    }
  }
  return out;
}

function expected(item: CorpusItem, field: EntityField): Map<string, string> {
  const out = new Map<string, string>();
  const kind = field === 'actors' ? 'actor' : field === 'people' ? 'person' : 'place';
  for (const name of item.expect[field]) out.set(field === 'countries' ? name : canonicalKey(name, kind), name);
  return out;
}

/**
 * Precision/recall/F1 of actors (non-state only), people, countries and places
 * over a corpus, micro-averaged, plus per item what was missing or extra.
 * `extractions[i]` is the extraction of `items[i]`.
 */
export function scoreEntities(items: readonly CorpusItem[], extractions: readonly Extraction[]): EntityScores {
  if (items.length !== extractions.length) throw new Error(`scoreEntities: ${items.length} items but ${extractions.length} extractions`);
  const counts = Object.fromEntries(ENTITY_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<EntityField, { tp: number; fp: number; fn: number }>;
  const errors: EntityError[] = [];
  items.forEach((item, i) => {
    const extraction = extractions[i] as Extraction;
    for (const field of ENTITY_FIELDS) {
      const want = expected(item, field);
      const got = predicted(extraction, field);
      const missing = [...want].filter(([k]) => !got.has(k)).map(([, v]) => v);
      const extra = [...got].filter(([k]) => !want.has(k)).map(([, v]) => v);
      const c = counts[field];
      c.tp += want.size - missing.length;
      c.fn += missing.length;
      c.fp += extra.length;
      if (missing.length || extra.length) errors.push({ id: item.id, field, missing, extra });
    }
  });
  const result = Object.fromEntries(ENTITY_FIELDS.map((f) => [f, score(counts[f].tp, counts[f].fp, counts[f].fn)])) as Record<EntityField, Score>;
  return { ...result, errors };
}
