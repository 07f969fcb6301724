import { loadHtml } from '../core/html-dom.js';
import type { AnyNode } from 'domhandler';
import { assertMarkupBounded } from '../core/html-bounds.js';
import { dropLoneSurrogates } from '../core/text.js';

// C0/C1 controls except tab and newline: they break XML, JSON consumers and terminals.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** What windows-1252 puts at 0x80–0x9F; undefined where it has nothing (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const C1 = /[\u0080-\u009f]/g;

/**
 * C1 code points in text are windows-1252 punctuation sent as `&#146;` or as
 * raw bytes mislabelled: read them as browsers do (’ “ ” – … €) instead of
 * deleting them, so "l&#146;armée" stays "l’armée", not "larmée".
 */
export function demoroniseC1(text: string): string {
  return text.replace(C1, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/** C1 punctuation mapped, controls out, and unpaired surrogates (a `&#xD83D;` in a feed) dropped, so stored text is well-formed. */
export function stripControlChars(text: string): string {
  return dropLoneSurrogates(demoroniseC1(text).replace(CONTROL_CHARS, ''));
}

/** Elements whose content is never summary text. */
const UNREAD = new Set(['script', 'style', 'noscript', 'iframe', 'object', 'embed']);
/** Elements followed by a space, so `<p>a</p><p>b</p>` reads "a b", not "ab". */
const SPACED = new Set(['br', 'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'blockquote']);

/**
 * Text of a tree in document order, a space after each SPACED element, UNREAD
 * ones left out. One walk: inserting a space node after each block (cheerio's
 * .after) spliced the parent's child list every time, quadratic in siblings.
 */
function spacedText(root: AnyNode): string {
  let out = '';
  const stack: Array<AnyNode | 'space'> = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'space') out += ' ';
    else if (node.type === 'text') out += node.data;
    else if ('children' in node) {
      if ('name' in node && UNREAD.has(node.name)) continue;
      if ('name' in node && SPACED.has(node.name)) stack.push('space');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return out;
}

/**
 * Plain text of an HTML fragment (feed summaries): tags and scripts dropped,
 * entities decoded, whitespace collapsed. Throws MarkupTooComplex, before any
 * DOM is built, for a fragment nested too deep or with too many elements.
 */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return stripControlChars(html).replace(/\s+/g, ' ').trim();
  assertMarkupBounded(html);
  // Inside one element: parse5 moves a fragment's top-level nodes to the root one by one, each a search of
  // the list (190,000 flat elements: a minute). No end tag, which an unclosed <textarea> would read as text.
  const $ = loadHtml(`<div>${html}`, null, false);
  return stripControlChars(spacedText($.root()[0]!)).replace(/\s+/g, ' ').trim();
}
