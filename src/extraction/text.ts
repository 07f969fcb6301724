/**
 * Tokens over the original text. Each token keeps its character span in the
 * original string and a folded form (lower case, accents stripped), so matching
 * works on folded tokens while evidence points at the original words.
 * Apostrophes and hyphens split tokens: "Jama'at" → jama, at; "Nioro-du-Sahel" → nioro, du, sahel.
 */
export interface Token {
  /** Folded form: lower case, no diacritics, ligatures expanded. */
  norm: string;
  start: number;
  end: number;
  /** Index of the sentence containing the token. */
  sentence: number;
}

export interface Sentence {
  start: number;
  end: number;
}

export interface TokenizedText {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const foldCache = new Map<string, string>();

/** Folds one word: NFKD, strip combining marks, lower case. Cached: vocabulary repeats. */
export function foldWord(word: string): string {
  let out = foldCache.get(word);
  if (out === undefined) {
    out = word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
    if (foldCache.size < 200_000) foldCache.set(word, out);
  }
  return out;
}

/** Folds a phrase to its space-joined folded tokens ("Parc W" → "parc w"). */
export function foldPhrase(phrase: string): string {
  return tokenize(phrase).tokens.map((t) => t.norm).join(' ');
}

const WORD = /[\p{L}\p{N}]+/gu;
// A sentence ends at . ! ? or … followed by whitespace, or at a blank line / line break.
const SENTENCE_END = /[.!?…]+["»”')\]]*\s+|\n+/g;

function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const end = m.index + m[0].trimEnd().length;
    // Do not split after common abbreviations or single initials ("Gen.", "M.", "U.S.").
    const before = text.slice(Math.max(start, m.index - 4), m.index);
    if (m[0][0] === '.' && /(^|[\s(])(?:[A-Z]|Gen|Col|Lt|Mr|Mrs|Dr|St|Sgt|Maj|Capt|Cdt|No)$/.test(before)) continue;
    if (end > start) sentences.push({ start, end });
    start = m.index + m[0].length;
  }
  if (start < text.length) sentences.push({ start, end: text.length });
  return sentences;
}

export function tokenize(text: string): TokenizedText {
  const sentences = splitSentences(text);
  const tokens: Token[] = [];
  let s = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    while (s < sentences.length - 1 && m.index >= (sentences[s]?.end ?? 0)) s++;
    tokens.push({ norm: foldWord(m[0]), start: m.index, end: m.index + m[0].length, sentence: s });
  }
  return { text, tokens, sentences };
}
