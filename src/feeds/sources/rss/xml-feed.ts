import sax from 'sax';
import { MarkupTooComplex } from '../../../core/html-bounds.js';
import { ENTITY_NOTE } from './xml-prep.js';
import { htmlToPlainText } from '../../html-text.js';
import { channelHints, type ScheduleHints } from '../../schedule-hints.js';
import type { ParsedFeed, RawEntry } from '../source.js';

/**
 * RSS 0.9x/2.0 (with or without version=), RSS 1.0/RDF (default or prefixed
 * namespaces), Atom 1.0 and 0.3, read from one namespace-aware sax tree.
 *
 * Why not rss-parser/xml2js: xml2js turns mixed content into objects, so
 * inline XHTML (`type="xhtml"`) lost its text or its order, xml:lang and
 * xml:base were unavailable, versionless <rss> and prefixed `rss:` documents
 * were refused or crashed, and one XML syntax error cost the whole feed. Here
 * sax runs in strict mode and every error is recorded and parsed past, so the
 * items before and after a broken tag are kept.
 *
 * The document has already been through prepareXml (no internal DTD subset,
 * illegal characters dropped, bare '&' escaped) and dropOverNestedEntries (no
 * entry deeper than MAX_MARKUP_DEPTH), so the recursive walks here are bounded.
 */

interface XNode {
  /** Short namespace key: 'core' (RSS, RDF-RSS, Atom or none), 'dc', 'dcterms', 'content', 'media', 'rdf', 'xhtml', else the URI. */
  ns: string;
  local: string;
  qname: string;
  /** Attributes without namespace by local name; xml:lang, xml:base, rdf:about as such; others as "uri local". */
  attrs: Map<string, string>;
  children: Array<XNode | string>;
  parent: XNode | undefined;
  /** xml:lang in scope ('' when declared empty: no language). */
  lang: string | undefined;
  /** xml:base in scope, resolved against the document URL. */
  base: string;
}

const NAMESPACES: Record<string, string> = {
  '': 'core',
  'http://www.w3.org/2005/Atom': 'core',
  'http://purl.org/atom/ns#': 'core',
  'http://purl.org/rss/1.0/': 'core',
  'http://my.netscape.com/rdf/simple/0.9/': 'core',
  'http://backend.userland.com/rss2': 'core',
  'http://backend.userland.com/rss': 'core',
  'http://purl.org/net/rss1.1#': 'core',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
};
/** Prefixes publishers use without declaring them (sax then gives the prefix as the URI). */
const UNDECLARED: Record<string, string> = { atom: 'core', rss: 'core', rdf: 'rdf', dc: 'dc', dcterms: 'dcterms', content: 'content', media: 'media', xhtml: 'xhtml', xml: 'xml', sy: 'sy' };

const nsKey = (uri: string) => NAMESPACES[uri] ?? UNDECLARED[uri] ?? uri;
const key = (n: XNode) => (n.ns === 'core' ? n.local : `${n.ns}:${n.local}`);

function resolveBase(ref: string, base: string): string {
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return base;
  }
}

/** Most errors a document may report before the rest are counted, not listed. */
const MAX_LISTED_ERRORS = 3;

function buildTree(xml: string, docUrl: string): { root: XNode | undefined; errors: string[] } {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const stack: XNode[] = [];
  const syntax: string[] = [];
  let syntaxCount = 0;
  let badEntities = false;
  let root: XNode | undefined;
  parser.onerror = (err: Error) => {
    const message = err.message.split('\n')[0] ?? 'error';
    if (/^Invalid character entity/.test(message)) badEntities = true;
    else if (!/^Unbound namespace prefix/.test(message)) {
      syntaxCount++;
      if (syntax.length < MAX_LISTED_ERRORS) syntax.push(`line ${parser.line + 1} column ${parser.column + 1}: ${message}`);
    }
    parser.resume();
  };
  parser.onopentag = (tag: sax.Tag | sax.QualifiedTag) => {
    const t = tag as sax.QualifiedTag;
    const parent = stack[stack.length - 1];
    const attrs = new Map<string, string>();
    for (const a of Object.values(t.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      const ns = a.uri ? nsKey(a.uri) : '';
      attrs.set(ns === '' ? a.local : ns === 'xml' || ns === 'rdf' ? `${ns}:${a.local}` : `${a.uri} ${a.local}`, a.value);
    }
    const lang = attrs.get('xml:lang');
    const base = attrs.get('xml:base');
    const node: XNode = {
      ns: nsKey(t.uri),
      local: t.local,
      qname: t.name,
      attrs,
      children: [],
      parent,
      lang: lang !== undefined ? lang.trim() : parent?.lang,
      base: base !== undefined ? resolveBase(base, parent?.base ?? docUrl) : (parent?.base ?? docUrl),
    };
    if (parent) parent.children.push(node);
    else root ??= node;
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = parser.oncdata = (text: string) => {
    stack[stack.length - 1]?.children.push(text);
  };
  parser.write(xml).close();
  const errors: string[] = [];
  if (syntaxCount > 0) {
    const more = syntaxCount > syntax.length ? ` (and ${syntaxCount - syntax.length} more)` : '';
    errors.push(`XML syntax errors, read past: ${syntax.join('; ')}${more}`);
  }
  if (badEntities) errors.push(ENTITY_NOTE);
  return { root, errors };
}

const elements = (n: XNode) => n.children.filter((c): c is XNode => typeof c !== 'string');
const child = (n: XNode | undefined, k: string) => (n ? elements(n).find((c) => key(c) === k) : undefined);
const childrenNamed = (n: XNode, k: string) => elements(n).filter((c) => key(c) === k);

/** First descendant with this key, at most `depth` levels down (media:group/media:content/media:description). */
function descendant(n: XNode, k: string, depth = 3): XNode | undefined {
  for (const c of elements(n)) {
    if (key(c) === k) return c;
    const found = depth > 1 ? descendant(c, k, depth - 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

function textOf(n: XNode): string {
  let out = '';
  for (const c of n.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

/** Inner markup of an element, children in document order (inline XHTML, naked markup in RSS). */
function innerMarkup(n: XNode): string {
  let out = '';
  for (const c of n.children) {
    if (typeof c === 'string') {
      out += escapeHtml(c);
      continue;
    }
    let attrs = '';
    for (const [name, value] of c.attrs) if (!name.includes(' ') && !name.includes(':')) attrs += ` ${name}="${escapeAttr(value)}"`;
    out += `<${c.local}${attrs}>${innerMarkup(c)}</${c.local}>`;
  }
  return out;
}

/**
 * A text construct as HTML: Atom's type="text" (its default) escaped,
 * type="html" as written, type="xhtml" (or mode="xml", or naked child
 * elements) serialised in order without the wrapping XHTML div, base64
 * decoded. RSS text defaults to HTML, as publishers use it.
 */
function constructHtml(n: XNode, atom: boolean): string {
  const type = (n.attrs.get('type') ?? '').trim().toLowerCase();
  const mode = (n.attrs.get('mode') ?? '').trim().toLowerCase();
  const hasElements = n.children.some((c) => typeof c !== 'string');
  const isText = type === 'text' || type === 'text/plain' || (atom && type === '' && mode !== 'escaped');
  if (mode === 'base64' || type === 'application/octet-stream') {
    const decoded = Buffer.from(textOf(n).replace(/\s+/g, ''), 'base64').toString('utf8');
    return type.includes('html') ? decoded : escapeHtml(decoded);
  }
  if (hasElements && (type === 'xhtml' || type.endsWith('xml') || mode === 'xml' || type === '' || type.includes('html'))) {
    const parts = n.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only && typeof only !== 'string' && only.local === 'div' && (only.ns === 'xhtml' || type === 'xhtml')) return innerMarkup(only);
    return innerMarkup(n);
  }
  return isText && !hasElements ? escapeHtml(textOf(n)) : textOf(n);
}

/** Plain text of a construct (the feed title: the outlet name); '' when it has no visible text. */
function constructText(n: XNode | undefined, atom: boolean): string | undefined {
  if (!n) return undefined;
  try {
    return htmlToPlainText(constructHtml(n, atom));
  } catch (err) {
    if (err instanceof MarkupTooComplex) return undefined;
    throw err;
  }
}

/** xml:lang declared on `n` or an ancestor up to and including `top`; undefined if none there. */
function ownLang(n: XNode | undefined, top: XNode): string | undefined {
  for (let at = n; at; at = at.parent) {
    if (at.attrs.has('xml:lang')) return at.lang;
    if (at === top) break;
  }
  return undefined;
}

const nonEmpty = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** Trimmed text of an element, undefined when absent or blank. */
const textIn = (n: XNode | undefined) => (n ? nonEmpty(textOf(n)) : undefined);

const ALTERNATE = new Set(['', 'alternate']);

/** The entry's article link: an alternate <link> (href, or the URL as element text), resolved against xml:base. */
function entryLink(entry: XNode): string | undefined {
  for (const link of childrenNamed(entry, 'link')) {
    const rel = (link.attrs.get('rel') ?? '').trim().toLowerCase();
    if (!ALTERNATE.has(rel) && !rel.endsWith('/alternate')) continue;
    const href = nonEmpty(link.attrs.get('href') ?? link.attrs.get('rdf:resource') ?? textOf(link));
    if (href) return resolveBase(href, link.base);
  }
  return undefined;
}

const DATE_KEYS = ['published', 'pubDate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'issued', 'created', 'updated', 'dcterms:modified', 'modified'];

function readEntry(entry: XNode, atom: boolean): RawEntry {
  const title = child(entry, 'title') ?? child(entry, 'dc:title') ?? descendant(entry, 'media:title');
  const short = child(entry, 'summary') ?? child(entry, 'description') ?? child(entry, 'dc:description') ?? descendant(entry, 'media:description');
  const full = child(entry, 'content:encoded') ?? child(entry, 'content') ?? child(entry, 'xhtml:body') ?? child(entry, 'body') ?? child(entry, 'fullitem');
  const shortHtml = short ? constructHtml(short, atom && short.ns === 'core') : undefined;
  const fullHtml = full ? constructHtml(full, atom && full.ns === 'core') : undefined;
  // The publisher's full text, when longer, beats a teaser: it is what survives if the page cannot be fetched.
  const useFull = fullHtml !== undefined && fullHtml.length > (shortHtml?.length ?? 0);
  const textNode = useFull ? full : short;
  const dateNode = DATE_KEYS.map((k) => child(entry, k)).find((n) => n && nonEmpty(textOf(n)));
  const itemLanguage = textIn(child(entry, 'dc:language') ?? child(entry, 'language'));
  // The language of the text kept: xml:lang on the text or title element or the entry, else the entry's
  // dc:language, else whatever is in scope from the feed (xml:lang on feed/channel, then channel <language>).
  const lang = ownLang(textNode, entry) ?? ownLang(title, entry) ?? itemLanguage ?? entry.lang;
  return {
    guid: textIn(child(entry, 'guid') ?? child(entry, 'id')) ?? nonEmpty(entry.attrs.get('rdf:about')),
    link: entryLink(entry),
    title: title ? constructHtml(title, atom && title.ns === 'core') : undefined,
    summary: useFull ? fullHtml : shortHtml,
    published: dateNode ? textOf(dateNode).trim() : undefined,
    // '' is an explicit "no language" (xml:lang=""): it must not fall back to the feed's.
    language: lang?.trim(),
  };
}

/**
 * A <feed> or <rss> root in a namespace nobody registered (a pre-release Atom
 * URI, a typo) is still that format: its namespace is read as the core one.
 */
function adoptRootNamespace(root: XNode): void {
  if (root.ns === 'core' || !['feed', 'rss', 'channel'].includes(root.local)) return;
  const alias = root.ns;
  const pending: XNode[] = [root];
  for (let n = pending.pop(); n; n = pending.pop()) {
    if (n.ns === alias) n.ns = 'core';
    pending.push(...elements(n));
  }
}

/** The channel's polling hints: RSS <ttl>, <skipHours>, <skipDays>, sy:updatePeriod and sy:updateFrequency. */
function readScheduleHints(channel: XNode | undefined): ScheduleHints | undefined {
  if (!channel) return undefined;
  const listed = (outer: string, inner: string) => {
    const list = child(channel, outer);
    return list ? childrenNamed(list, inner).map(textOf) : [];
  };
  const hints = channelHints({
    ttl: textIn(child(channel, 'ttl')),
    skipHours: listed('skipHours', 'hour'),
    skipDays: listed('skipDays', 'day'),
    updatePeriod: textIn(child(channel, 'sy:updatePeriod')),
    updateFrequency: textIn(child(channel, 'sy:updateFrequency')),
  });
  return Object.keys(hints).length > 0 ? hints : undefined;
}

/** Reads an XML feed document; throws a one-line Error when it is not a feed at all. */
export function readXmlFeed(xml: string, docUrl: string): ParsedFeed {
  const { root, errors } = buildTree(xml, docUrl);
  if (!root) throw new Error('no XML element found: empty document or not XML');
  adoptRootNamespace(root);
  const kind = key(root);
  let channel: XNode | undefined;
  let entries: XNode[];
  const atom = kind === 'feed';
  if (atom) {
    channel = root;
    entries = childrenNamed(root, 'entry');
  } else if (kind === 'rss' || kind === 'rdf:RDF' || kind === 'channel') {
    channel = kind === 'channel' ? root : child(root, 'channel');
    entries = [...(channel && channel !== root ? childrenNamed(channel, 'item') : []), ...childrenNamed(root, 'item')];
    if (!channel && entries.length === 0) throw new Error(`<${root.qname}> document without <channel> or items: nothing to read`);
  } else {
    throw new Error(`not a feed: the root element is <${root.qname}>, not <rss>, <rdf:RDF> or <feed>`);
  }
  const feedLanguage = textIn(child(channel, 'language') ?? child(channel, 'dc:language')) ?? nonEmpty(channel?.lang ?? root.lang);
  return {
    title: constructText(channel && (child(channel, 'title') ?? child(channel, 'dc:title')), atom),
    language: feedLanguage,
    entries: entries.map((e) => readEntry(e, atom)),
    errors,
    hints: readScheduleHints(channel),
  };
}
