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

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32 bits, continued from `hash`. */
function fnv1a(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a of words[start..start+count) joined by spaces, without building the string. */
function fnv1aWords(words: readonly string[], start: number, count: number): number {
  let h = FNV_OFFSET;
  for (let w = start; w < start + count; w++) {
    if (w > start) h = fnv1a(' ', h);
    h = fnv1a(words[w] as string, h);
  }
  return h;
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
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(fnv1aWords(words, i, SHINGLE_WORDS));
  return out;
}

export function fingerprint(text: string): Fingerprint {
  return fingerprintOfWords(foldedWords(text));
}

/** For callers that already hold the folded words. */
export function fingerprintOfWords(words: readonly string[]): Fingerprint {
  const shingles = Uint32Array.from(shingleHashes(words));
  // 256 seeds × a few hundred shingles: murmur's finaliser is inlined over a typed array, three times faster than calling mix().
  const signature = new Array<number>(NUM_HASHES);
  for (let k = 0; k < NUM_HASHES; k++) {
    const seed = SEEDS[k] as number;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      let h = ((shingles[i] as number) ^ seed) >>> 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < min) min = h;
    }
    signature[k] = min;
  }
  return { signature, shingles: shingles.length };
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

/** A signature as base64 of its little-endian 32-bit words: a quarter of its JSON, and quick to read back. */
export function encodeSignature(signature: readonly number[]): string {
  const bytes = Buffer.alloc(signature.length * 4);
  for (const [i, value] of signature.entries()) bytes.writeUInt32LE(value, i * 4);
  return bytes.toString('base64');
}

/** The inverse of encodeSignature; null unless it holds exactly NUM_HASHES words. */
export function decodeSignature(encoded: string): number[] | null {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== NUM_HASHES * 4) return null;
  const signature = new Array<number>(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return signature;
}
