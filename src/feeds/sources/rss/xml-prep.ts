import { MAX_MARKUP_DEPTH, MarkupTooComplex, OpenElements, scanTags } from '../../../core/html-bounds.js';

/** Thrown for documents we refuse to hand to the XML parser at all. */
export class HostileXml extends Error {}

// An internal DTD subset is how XXE and entity-expansion bombs are built; real feeds never need one.
const INTERNAL_SUBSET = /<!DOCTYPE[^>[]*\[/i;
const BARE_AMPERSAND = /&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g;
// Characters XML 1.0 forbids; sax rejects the whole document for one of them.
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Makes a decoded feed acceptable to xml2js/sax without changing its meaning:
 * refuses DTD internal subsets, drops illegal characters and escapes bare '&'
 * (one "AT&T" in a title must not cost the feed).
 */
export function prepareXml(text: string): string {
  if (INTERNAL_SUBSET.test(text)) {
    throw new HostileXml('DOCTYPE with internal subset refused (external entities / entity expansion)');
  }
  return text.replace(XML_ILLEGAL, '').replace(BARE_AMPERSAND, '&amp;');
}

const NUMERIC_REFERENCE = /&#(x[0-9a-fA-F]+|\d+);/g;

/** The one line a feed gets when some of its entity references could not be read. */
export const ENTITY_NOTE = 'unknown or invalid XML entities kept as text';

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * Character references to what XML forbids (`&#xD800;`, `&#0;`) are dropped:
 * they can never be text. Unknown named entities are left for the parser,
 * which keeps them as literal text (HTML stripping downstream decodes the
 * ones HTML knows).
 */
export function dropInvalidReferences(xml: string): string {
  return xml.replace(NUMERIC_REFERENCE, (ref, body: string) => {
    const code = body.startsWith('x') || body.startsWith('X') ? Number.parseInt(body.slice(1), 16) : Number(body);
    return isXmlChar(code) ? ref : '';
  });
}

const ENTRY = /^(?:[\w.-]+:)?(?:item|entry)$/;
const ENTRY_LINK = /<link>\s*([^<\s]+)\s*<\/link>|<link\b[^>]*\bhref\s*=\s*["']([^"']+)["']|<guid\b[^>]*>\s*([^<\s]+)\s*<\/guid>|<id>\s*([^<\s]+)\s*<\/id>/;

/**
 * Cuts out every feed entry (RSS/RDF item, Atom entry) that nests deeper than
 * `maxDepth` inside itself, before the XML parser (which recurses) sees it,
 * and names each one: its link, GUID or id, else its position. The feed's
 * other entries are kept; a document still too deep outside its entries is
 * refused whole. One linear pass, nothing built.
 */
export function dropOverNestedEntries(xml: string, maxDepth = MAX_MARKUP_DEPTH): { xml: string; errors: string[] } {
  const open = new OpenElements(true);
  const cuts: Array<[number, number]> = [];
  const errors: string[] = [];
  let entry: { start: number; base: number; deepest: number; index: number } | undefined;
  let entries = 0;
  let outside = 0;
  for (const tag of scanTags(xml, true)) {
    const opened = open.apply(tag);
    if (!entry && opened && ENTRY.test(tag.name)) {
      entry = { start: tag.start, base: open.depth - 1, deepest: 0, index: entries++ };
      continue;
    }
    if (entry) {
      entry.deepest = Math.max(entry.deepest, open.depth - entry.base);
      if (open.depth > entry.base) continue;
      if (entry.deepest > maxDepth) {
        cuts.push([entry.start, tag.end]);
        const link = ENTRY_LINK.exec(xml.slice(entry.start, Math.min(tag.end, entry.start + 4096)));
        const label = link?.slice(1).find(Boolean) ?? `#${entry.index + 1}`;
        errors.push(`item ${label}: nested deeper than ${maxDepth} elements; item dropped before parsing`);
      }
      entry = undefined;
    } else if (open.depth > outside) outside = open.depth;
  }
  if (entry && entry.deepest > maxDepth) cuts.push([entry.start, xml.length]);
  if (outside > maxDepth) throw new MarkupTooComplex(`feed nested deeper than ${maxDepth} elements outside its items; refused before parsing`);
  if (cuts.length === 0) return { xml, errors };
  let kept = '';
  let from = 0;
  for (const [start, end] of cuts) {
    kept += xml.slice(from, start);
    from = end;
  }
  return { xml: kept + xml.slice(from), errors };
}
