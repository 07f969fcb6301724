/**
 * Text that people read: one place for cutting it and for removing what would
 * break or disguise it. Every cut of feed-derived text (notifiers, email,
 * exports, stored titles and notes) goes through `truncate`, never `slice`.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they can make a title read backwards. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls and line/paragraph separators: one line for people, nothing a header or terminal acts on. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Drops unpaired UTF-16 surrogates (from `&#xD83D;` in a feed or an old cut): JSON tools such as jq reject them. */
export function dropLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, '');
}

/** Removes bidi embedding, override and isolate controls, so `\u202Egnp.exe` shows as written. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** A title as stored at ingestion: well-formed and with no bidi controls. */
export function cleanTitle(text: string): string {
  return neutraliseBidi(dropLoneSurrogates(text));
}

/** Graphemes near the cut are enough to find a boundary; whole-text segmentation of a 100 KB page would cost milliseconds. */
const LOOKBACK = 256;
const LOOKAHEAD = 32;

/** The last grapheme boundary at or before `limit` (a UTF-16 index). */
function boundaryAtOrBefore(text: string, limit: number): number {
  let start = Math.max(0, limit - LOOKBACK);
  // Never start a window on the low half of a pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  const window = text.slice(start, Math.min(text.length, limit + LOOKAHEAD));
  let best = start;
  for (const { index } of graphemes.segment(window)) {
    const at = start + index;
    if (at > limit) break;
    best = at;
  }
  if (best === start && start > 0 && limit - start >= LOOKBACK) {
    // One grapheme longer than the window (hundreds of combining marks): cut between code points.
    return /[\uDC00-\uDFFF]/.test(text[limit] ?? '') ? limit - 1 : limit;
  }
  return best;
}

/**
 * At most `max` UTF-16 code units (the unit receivers' limits use, never
 * fewer characters than they allow), cut on a grapheme boundary: no emoji,
 * flag or accented letter is split, no lone surrogate is produced. When cut,
 * `ellipsis` is appended within `max`.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  return `${text.slice(0, boundaryAtOrBefore(text, max - ellipsis.length))}${ellipsis}`;
}

/** Feed text for people: controls out, bidi controls and lone surrogates dropped, whitespace collapsed, cut on a grapheme. */
export function displayText(text: string, max = 500): string {
  const flat = cleanTitle(text).replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/** Case and accents folded ("Ségou" is "segou"): how names and cue words are compared outside the tokenizer. */
export function foldCase(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
