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

const NAMED_ENTITY = /&(?!(?:amp|lt|gt|quot|apos);)([a-zA-Z][a-zA-Z0-9]*);/g;
const NUMERIC_REFERENCE = /&#(x[0-9a-fA-F]+|\d+);/g;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * Second chance for a feed sax rejected over one entity (`&foo;`, `&#xD800;`):
 * named entities other than XML's five are kept as literal text (the HTML
 * stripping downstream decodes the ones HTML knows), invalid character
 * references are dropped.
 */
export function escapeEntities(xml: string): string {
  return xml.replace(NAMED_ENTITY, '&amp;$1;').replace(NUMERIC_REFERENCE, (ref, body: string) => {
    const code = body.startsWith('x') ? Number.parseInt(body.slice(1), 16) : Number(body);
    return isXmlChar(code) ? ref : '';
  });
}
