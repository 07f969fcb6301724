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

/** Does the text from the end of token `before` to the start of token `after` hold `mark` (",", ";")? Tokens are words, so only the gaps can. */
export function markBetween(tt: TokenizedText, before: number, after: number, mark: string): boolean {
  const start = tt.tokens[before]?.end;
  const end = tt.tokens[after]?.start;
  return start !== undefined && end !== undefined && tt.text.slice(start, end).includes(mark);
}

/**
 * Is token i the "s" of an English possessive ("JNIM's", "Koufa's video"): an "s" joined to the word before it by an
 * apostrophe, in its sentence? "Koufa s'est montré" is a French reflexive: its "s" follows a space.
 */
export function isPossessive(tt: TokenizedText, i: number): boolean {
  const s = tt.tokens[i];
  const before = tt.tokens[i - 1];
  if (s?.norm !== 's' || !before || before.sentence !== s.sentence) return false;
  return /^['’]$/.test(tt.text.slice(before.end, s.start));
}

/** Does the text between token `from - 1` and token `to` hold a semicolon (a clause boundary inside a sentence)? */
export function semicolonBetween(tt: TokenizedText, from: number, to: number): boolean {
  return markBetween(tt, from - 1, to, ';');
}

/** Is one of `words` among the folded tokens [from, to)? */
export function wordBetween(tt: TokenizedText, from: number, to: number, words: { has(word: string): boolean }): boolean {
  for (let i = Math.max(0, from); i < to; i++) if (words.has(tt.tokens[i]?.norm ?? '')) return true;
  return false;
}

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

/** Tokens from `first` to `last` written in capitals throughout ("NEMA", "GFSN"): an acronym, not a name. */
export function writtenInCapitals(text: string, first: Token, last: Token = first): boolean {
  const written = text.slice(first.start, last.end);
  return written.toUpperCase() === written && written.toLowerCase() !== written;
}

/** Does the token start with a capital letter in the original text? ASCII is decided without a string. */
export function isCapitalised(text: string, token: Token): boolean {
  const code = text.charCodeAt(token.start);
  if (code < 0x80) return code >= 65 && code <= 90;
  const c = text.charAt(token.start);
  return c !== c.toLowerCase();
}

// A sentence ends at . ! ? or … followed by whitespace, or at a blank line / line break.
const SENTENCE_END = /[.!?…]+["»”')\]]*\s+|\n+/g;

// Words that open a sentence and never follow an initial: articles, pronouns, common connectives.
const SENTENCE_OPENER = /^(?:Le|La|Les|L['’]|Un|Une|Des|Du|Ce|Cette|Ces|Il|Elle|Ils|Elles|On|Selon|Dans|Depuis|Lors|Mais|Pour|The|An?|It|He|She|They|We|This|That|These|Those|In|According|But|Its|Their)\b/;

function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const end = m.index + m[0].trimEnd().length;
    // Do not split after common abbreviations or single initials ("Gen.", "M.", "U.S.").
    const before = text.slice(Math.max(start, m.index - 4), m.index);
    if (m[0][0] === '.' && /(^|[\s(])(?:Gen|Col|Lt|Mr|Mrs|Dr|St|Sgt|Maj|Capt|Cdt|No)$/.test(before)) continue;
    // A single capital is an initial ("J. Smith", "W. Africa"), unless a sentence plainly opens after it ("le parc W. Une …");
    // "M." is Monsieur whatever follows ("M. Le Drian").
    if (m[0][0] === '.' && /(^|[\s(])[A-Z]$/.test(before) && (before.endsWith('M') || !SENTENCE_OPENER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12)))) continue;
    if (end > start) sentences.push({ start, end });
    start = m.index + m[0].length;
  }
  if (start < text.length) sentences.push({ start, end: text.length });
  return sentences;
}

// Extraction and matching tokenize the same article one after the other: the last
// article-sized text is kept, so the second call is a string comparison. Results are
// never mutated. Short texts (phrases being folded) neither use nor evict it.
const MEMO_MIN_LENGTH = 256;
let lastArticle: TokenizedText | undefined;

export function tokenize(text: string): TokenizedText {
  if (text.length < MEMO_MIN_LENGTH) return tokenizeText(text);
  if (lastArticle?.text !== text) lastArticle = tokenizeText(text);
  return lastArticle;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
// Other characters of the Basic Multilingual Plane, once classified: 1 a letter or digit, 2 not, 0 not yet seen.
const BMP_WORD_CHAR = new Uint8Array(0x10000);

/** Is the code point at i a letter or digit (the WORD class)? ASCII is decided without a RegExp, the rest of the BMP once per character. */
function isWordChar(text: string, i: number, code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  if (!surrogate) {
    const known = BMP_WORD_CHAR[code];
    if (known) return known === 1;
  }
  const cp = text.codePointAt(i) as number;
  const word = WORD_CHAR.test(String.fromCodePoint(cp));
  if (!surrogate) BMP_WORD_CHAR[code] = word ? 1 : 2;
  return word;
}

/**
 * Words are runs of letters and digits (the WORD class). A hand-written scan: most words
 * are ASCII, and an ASCII word folds by lower-casing alone, without the fold cache.
 */
function tokenizeText(text: string): TokenizedText {
  const sentences = splitSentences(text);
  const tokens: Token[] = [];
  let s = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let code = text.charCodeAt(i);
    if (!isWordChar(text, i, code)) {
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      continue;
    }
    const start = i;
    let ascii = true;
    let upper = false;
    while (i < n) {
      code = text.charCodeAt(i);
      if (!isWordChar(text, i, code)) break;
      if (code >= 0x80) ascii = false;
      else if (code >= 65 && code <= 90) upper = true;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    while (s < sentences.length - 1 && start >= (sentences[s]?.end ?? 0)) s++;
    const word = text.slice(start, i);
    tokens.push({ norm: ascii ? (upper ? word.toLowerCase() : word) : foldWord(word), start, end: i, sentence: s });
  }
  return { text, tokens, sentences };
}
