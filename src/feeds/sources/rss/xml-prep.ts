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
