import { type Gazetteer, type Layer, mayStartFamily, type PhraseNode, type StemIndex, type Surface } from './gazetteer.js';
import { STEM_LANGUAGES, type StemLanguage, stemWord } from './stem.js';
import { foldPhrase, isCapitalised, type Token, type TokenizedText, writtenInCapitals } from './text.js';
import { findVariant } from './variants.js';
import { TokenMarks } from './token-marks.js';
import { WordSet } from './word-set.js';

/** One gazetteer phrase found in the text: tokens [startTok, endTok). */
export interface PhraseMatch {
  startTok: number;
  endTok: number;
  layer: Layer;
  /** Every entry this span can name (homonyms are resolved later, with document context). */
  surfaces: Surface[];
}

// Words of one name may be separated by spaces, hyphens, dashes, apostrophes or a
// full stop (abbreviations), never by a comma, bracket or quote.
const JOINABLE_GAP_CHARS = new Set([' ', '\n', '\t', '\u00a0', '-', '‐', '‑', '–', '—', "'", '’', '.'].map((c) => c.charCodeAt(0)));

function joinable(text: string, left: Token, right: Token): boolean {
  if (left.sentence !== right.sentence || right.start - left.end > 3) return false;
  for (let i = left.end; i < right.start; i++) if (!JOINABLE_GAP_CHARS.has(text.charCodeAt(i))) return false;
  return true;
}

/** Letters and digits of the original span, for acronym aliases that must match case-exactly. */
function originalLetters(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/[^\p{L}\p{N}]/gu, '');
}

// Small words a Title Case headline capitalises and a sentence-case one does not.
const TITLE_CASE_PROBES = new WordSet(['in', 'on', 'at', 'of', 'for', 'after', 'near', 'with', 'as', 'from', 'to', 'the', 'and', 'by', 'over', 'into']);

/** Is the first sentence (the title) written in Title Case, where capitals say nothing about names? */
function titleIsTitleCase(tt: TokenizedText): boolean {
  let probes = 0;
  let capitalised = 0;
  for (let i = 1; i < tt.tokens.length; i++) {
    const t = tt.tokens[i] as Token;
    if (t.sentence > 0) break;
    if (!TITLE_CASE_PROBES.has(t.norm)) continue;
    probes++;
    if (isCapitalised(tt.text, t)) capitalised++;
  }
  return probes > 0 && capitalised / probes >= 0.7;
}

/** GeoNames names are trusted only where a capital means a name: not in a Title Case title, not first in a sentence. */
function geonamesPositionOk(tt: TokenizedText, startTok: number, titleCase: boolean): boolean {
  const first = tt.tokens[startTok] as Token;
  if (first.sentence === 0 && titleCase) return false;
  const previous = tt.tokens[startTok - 1];
  const sentenceInitial = !previous || previous.sentence !== first.sentence;
  return !sentenceInitial || /^\s*[,:]/.test(tt.text.slice(tt.tokens[startTok]?.end ?? 0));
}

function passesSurfaceRules(tt: TokenizedText, surface: Surface, startTok: number, endTok: number, titleCase: boolean, languages: readonly StemLanguage[]): boolean {
  if (surface.onlyIn && !languages.includes(surface.onlyIn)) return false;
  const first = tt.tokens[startTok] as Token;
  const last = tt.tokens[endTok - 1] as Token;
  if (surface.exact) {
    const letters = originalLetters(tt.text, first.start, last.end);
    if (letters !== surface.exact && letters !== `${surface.exact}s`) return false;
  }
  const entry = surface.entry;
  if (entry.caseSensitive && surface.form === 'name' && !isCapitalised(tt.text, first)) return false;
  if (entry.contextAny && !hasNearbyWord(tt.tokens, startTok, endTok, entry.contextAny, 2)) return false;
  if (entry.source === 'geonames' && (partOfLongerName(tt, startTok, endTok) || !geonamesPositionOk(tt, startTok, titleCase) || writtenAsAcronym(tt, startTok, endTok))) return false;
  return true;
}

/**
 * A GeoNames name written in capitals: an acronym ("NEMA confirmed 54 dead" is Nigeria's emergency agency, not
 * Néma in Mauritania; "l'avenue de l'OUA"). A headline in capitals throughout names no GeoNames town either: its
 * words are all capitalised (see partOfLongerName).
 */
function writtenAsAcronym(tt: TokenizedText, startTok: number, endTok: number): boolean {
  return writtenInCapitals(tt.text, tt.tokens[startTok] as Token, tt.tokens[endTok - 1] as Token);
}

// The kind of area a town gives its name to: "Bama Local Government Area", "Gwoza LGA", "Tillabéri Region" name the town's area.
const ADMIN_AFTER_NAME = new WordSet(['local', 'lga', 'state', 'province', 'region', 'district', 'department', 'division', 'council', 'area', 'commune', 'prefecture']);

/**
 * A GeoNames name directly followed by another capitalised word is usually part
 * of a person's or organisation's name ("Gora Khouma", "Kaya Ouédraogo"), not
 * the town: curated names carry their own multi-word aliases instead.
 */
function partOfLongerName(tt: TokenizedText, startTok: number, endTok: number): boolean {
  const last = tt.tokens[endTok - 1] as Token;
  const next = tt.tokens[endTok];
  if (
    next !== undefined &&
    next.sentence === last.sentence &&
    /^ $/.test(tt.text.slice(last.end, next.start)) &&
    isCapitalised(tt.text, next) &&
    !ADMIN_AFTER_NAME.has(next.norm)
  ) {
    return true;
  }
  // The surname of a person named in full: "M'Bemba Moussa Keita", "Ibrahim Boubacar Keïta" (a town in Niger).
  const first = tt.tokens[startTok] as Token;
  const before = tt.tokens[startTok - 1];
  const beforeThat = tt.tokens[startTok - 2];
  return (
    before !== undefined &&
    beforeThat !== undefined &&
    beforeThat.sentence === first.sentence &&
    /^ $/.test(tt.text.slice(before.end, first.start)) &&
    /^ $/.test(tt.text.slice(beforeThat.end, before.start)) &&
    isCapitalised(tt.text, before) &&
    isCapitalised(tt.text, beforeThat)
  );
}

/** Is one of `words` among the `window` tokens on either side of [startTok, endTok), same sentence? */
export function hasNearbyWord(tokens: Token[], startTok: number, endTok: number, words: readonly string[], window: number): boolean {
  const sentence = tokens[startTok]?.sentence;
  for (let i = Math.max(0, startTok - window); i < Math.min(tokens.length, endTok + window); i++) {
    if (i >= startTok && i < endTok) continue;
    const t = tokens[i] as Token;
    if (t.sentence === sentence && words.includes(t.norm)) return true;
  }
  return false;
}

/**
 * One pass over the tokens: at each position, follow the phrase tree down the
 * folded tokens that start there, while they are joinable. Returns every hit that
 * passes its surface rules, per layer, overlapping; selectLongest() then keeps the
 * longest non-overlapping ones. Word families are looked up in `languages` (the
 * article's, when known).
 */
export function findPhrases(gz: Gazetteer, tt: TokenizedText, languages: readonly StemLanguage[] = STEM_LANGUAGES): PhraseMatch[] {
  const { tokens } = tt;
  const hits: PhraseMatch[] = [];
  const titleCase = titleIsTitleCase(tt);
  for (let i = 0; i < tokens.length; i++) {
    const norm = (tokens[i] as Token).norm;
    const node = gz.firstWords.mayHave(norm) ? gz.tree.get(norm) : undefined;
    if (node) walkPhrases(tt, node, i, undefined, hits, titleCase, languages);
  }
  for (const language of languages) findStemmed(gz.stems[language], tt, language, hits, titleCase);
  findNameVariants(gz, tt, hits);
  return selectLongest(hits);
}

/**
 * Adds a hit for every phrase of the tree below `node` (the word at `startTok`)
 * that the following joinable tokens spell, shortest first; the tree's words are
 * the tokens themselves, or their stems in `stemLanguage`.
 */
function walkPhrases(
  tt: TokenizedText,
  start: PhraseNode,
  startTok: number,
  stemLanguage: StemLanguage | undefined,
  hits: PhraseMatch[],
  titleCase: boolean,
  languages: readonly StemLanguage[] = STEM_LANGUAGES,
): void {
  const { tokens, text } = tt;
  let node: PhraseNode | undefined = start;
  for (let end = startTok + 1; node; end++) {
    if (node.surfaces) pushByLayer(hits, tt, node.surfaces, startTok, end, titleCase, languages);
    const next = tokens[end];
    if (!node.next || !next || !joinable(text, tokens[end - 1] as Token, next)) return;
    node = node.next.get(stemLanguage ? stemWord(next.norm, stemLanguage) : next.norm);
  }
}

// Starts of exact event and equipment hits, and tokens inside names: marked per article.
const exactStarts = new TokenMarks();
const namedTokens = new TokenMarks();

/** Event and equipment terms by word family: "recovering", "récupération" (party words are matched as written). */
function findStemmed(index: StemIndex, tt: TokenizedText, language: StemLanguage, hits: PhraseMatch[], titleCase: boolean): void {
  const { tokens } = tt;
  // A term the exact pass found already starts there: its family adds nothing.
  const exact = exactStarts.zeroed(tokens.length);
  for (const h of hits) if (h.layer === 'event' || h.layer === 'equipment') exact[h.startTok] = 1;
  for (let i = 0; i < tokens.length; i++) {
    if (exact[i]) continue;
    const node = familyStart(index, (tokens[i] as Token).norm, language);
    if (node) walkPhrases(tt, node, i, language, hits, titleCase);
  }
}

/** The tree node of the family a word starts, or null; one cached lookup per word that may start one. */
function familyStart(index: StemIndex, norm: string, language: StemLanguage): PhraseNode | null {
  // Snowball stems begin with the word's own letters: most words cannot start a known family,
  // and are turned away by their first letters without a lookup in the (large) cache.
  if (!mayStartFamily(index, norm)) return null;
  let known = index.starts.get(norm);
  if (known === undefined) {
    known = index.tree.get(stemWord(norm, language)) ?? null;
    if (index.starts.size < 100_000) index.starts.set(norm, known);
  }
  return known;
}

/**
 * Capitalised words no name matched, tried as spelling variants of curated
 * names ("Pendjary", "Kouffa"): one word, or two joined ("Tin Zaouatene").
 */
function findNameVariants(gz: Gazetteer, tt: TokenizedText, hits: PhraseMatch[]): void {
  const { tokens, text } = tt;
  const named = namedTokens.zeroed(tokens.length);
  for (const h of hits) if (h.layer === 'name') for (let t = h.startTok; t < h.endTok; t++) named[t] = 1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (named[i] || !isCapitalised(text, token) || gz.stopwords.has(token.norm)) continue;
    const next = tokens[i + 1];
    const pair =
      next && !named[i + 1] && isCapitalised(text, next) && joinable(text, token, next) ? findVariant(gz.variants, token.norm + next.norm) : undefined;
    if (pair) {
      hits.push({ startTok: i, endTok: i + 2, layer: 'name', surfaces: [pair] });
      i++;
      continue;
    }
    const single = findVariant(gz.variants, token.norm);
    if (single) hits.push({ startTok: extendOverNameWords(tt, single, i, named), endTok: i + 1, layer: 'name', surfaces: [single] });
  }
}

/** "Iyad Ag Agaly": capitalised words before a variant that belong to the same name join its span. */
function extendOverNameWords(tt: TokenizedText, surface: Surface, at: number, named: Uint8Array): number {
  const words = new Set(Object.values(surface.entry.aliases).flatMap((list) => list.flatMap((a) => foldPhrase(a).split(' '))));
  let start = at;
  while (start > 0 && start > at - 3) {
    const before = tt.tokens[start - 1] as Token;
    if (named[start - 1] || !words.has(before.norm) || !joinable(tt.text, before, tt.tokens[start] as Token)) break;
    start--;
  }
  return start;
}

/** Adds one hit per layer for the surfaces of a phrase that pass their rules (usually one surface, one layer). */
function pushByLayer(hits: PhraseMatch[], tt: TokenizedText, surfaces: Surface[], startTok: number, endTok: number, titleCase: boolean, languages: readonly StemLanguage[]): void {
  // This phrase's hits are those pushed from here on.
  const first = hits.length;
  for (const s of surfaces) {
    if (!passesSurfaceRules(tt, s, startTok, endTok, titleCase, languages)) continue;
    const same = sameLayerHit(hits, first, s.layer);
    if (same) same.surfaces.push(s);
    else hits.push({ startTok, endTok, layer: s.layer, surfaces: [s] });
  }
}

function sameLayerHit(hits: PhraseMatch[], from: number, layer: Layer): PhraseMatch | undefined {
  for (let k = from; k < hits.length; k++) if ((hits[k] as PhraseMatch).layer === layer) return hits[k];
  return undefined;
}

// Tokens taken by a kept hit, one bit per layer.
const LAYER_BIT: Record<Layer, number> = { name: 1, equipment: 2, event: 4, party: 8 };
const takenTokens = new TokenMarks();

/** Longest match first, then leftmost; within each layer spans do not overlap. */
export function selectLongest(hits: PhraseMatch[]): PhraseMatch[] {
  const sorted = [...hits].sort((a, b) => b.endTok - b.startTok - (a.endTok - a.startTok) || a.startTok - b.startTok);
  let size = 0;
  for (const h of hits) size = Math.max(size, h.endTok);
  const taken = takenTokens.zeroed(size + 1);
  const kept: PhraseMatch[] = [];
  for (const hit of sorted) {
    const bit = LAYER_BIT[hit.layer];
    let free = true;
    for (let t = hit.startTok; t < hit.endTok && free; t++) if ((taken[t] as number) & bit) free = false;
    if (!free) continue;
    for (let t = hit.startTok; t < hit.endTok; t++) taken[t] = (taken[t] as number) | bit;
    kept.push(hit);
  }
  return kept.sort((a, b) => a.startTok - b.startTok);
}
