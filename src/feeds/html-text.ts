import * as cheerio from 'cheerio';
import { assertMarkupBounded } from '../core/html-bounds.js';
import { dropLoneSurrogates } from '../core/text.js';

// C0/C1 controls except tab and newline: they break XML, JSON consumers and terminals.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Controls out, and unpaired surrogates (a `&#xD83D;` in a feed) dropped, so stored text is well-formed. */
export function stripControlChars(text: string): string {
  return dropLoneSurrogates(text.replace(CONTROL_CHARS, ''));
}

/**
 * Plain text of an HTML fragment (feed summaries): tags and scripts dropped,
 * entities decoded, whitespace collapsed. Throws MarkupTooComplex, before any
 * DOM is built, for a fragment nested too deep or with too many elements.
 */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return stripControlChars(html).replace(/\s+/g, ' ').trim();
  assertMarkupBounded(html);
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, iframe, object, embed').remove();
  $('br, p, div, li, h1, h2, h3, h4, blockquote').after(' ');
  return stripControlChars($.root().text()).replace(/\s+/g, ' ').trim();
}
