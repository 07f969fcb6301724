import { tokenize } from '../extraction/text.js';

/**
 * MinHash over word 2-shingles (bigrams) of folded text (lower case, accents
 * stripped, so "Ségou"/"Segou" agree), with LSH banding to find candidates.
 * Bigrams rather than 3-grams: outlets paraphrase wire copy ("set fire to at
 * least twelve fuel tankers" survives, the clause around it does not); on our
 * fixtures rewrites of one report score 0.5–0.85 and unrelated reports from the
 * same place and day at most 0.15. 256 hashes in 128 bands of 2 rows: a pair
 * with Jaccard 0.15 becomes a candidate with p ≈ 0.95; candidates are then
 * checked against the real threshold, so the bands only decide who is compared.
 */
export const NUM_HASHES = 256;
export const ROWS_PER_BAND = 2;
export const SHINGLE_WORDS = 2;
const MIN_SHINGLES_FOR_OVERLAP = 20;

export interface Fingerprint {
  signature: number[];
  /** Distinct shingles: needed to turn the Jaccard estimate into an overlap estimate. */
  shingles: number;
}

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit permutation per seed. */
function mix(value: number, seed: number): number {
  let h = (value ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: NUM_HASHES }, (_, i) => mix(i + 1, 0x9e3779b9));

export function foldedWords(text: string): string[] {
  return tokenize(text).tokens.map((t) => t.norm);
}

export function shingleHashes(words: readonly string[]): Set<number> {
  const out = new Set<number>();
  if (words.length < SHINGLE_WORDS) {
    if (words.length > 0) out.add(fnv1a(words.join(' ')));
    return out;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  return out;
}

export function fingerprint(text: string): Fingerprint {
  const shingles = shingleHashes(foldedWords(text));
  const signature = SEEDS.map((seed) => {
    let min = 0xffffffff;
    for (const s of shingles) {
      const h = mix(s, seed);
      if (h < min) min = h;
    }
    return min;
  });
  return { signature, shingles: shingles.size };
}

/** Fraction of agreeing minima: an unbiased estimate of the Jaccard index. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/**
 * Overlap coefficient |A∩B| / min(|A|,|B|), derived from the Jaccard estimate
 * and the set sizes. A rewrite that adds or drops paragraphs keeps a high
 * overlap even when its Jaccard index falls.
 */
export function estimateOverlap(a: Fingerprint, b: Fingerprint): number {
  if (a.shingles === 0 || b.shingles === 0) return 0;
  const j = estimateJaccard(a.signature, b.signature);
  // On tiny sets one chance agreement would inflate the overlap: judge them by Jaccard alone.
  if (Math.min(a.shingles, b.shingles) < MIN_SHINGLES_FOR_OVERLAP) return j;
  const intersection = (j * (a.shingles + b.shingles)) / (1 + j);
  return Math.min(1, intersection / Math.min(a.shingles, b.shingles));
}

/** One key per band: documents sharing any band key are compared. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let start = 0, band = 0; start < NUM_HASHES; start += ROWS_PER_BAND, band++) {
    keys.push(`${band}:${signature.slice(start, start + ROWS_PER_BAND).map((n) => n.toString(36)).join('.')}`);
  }
  return keys;
}
