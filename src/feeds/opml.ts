import type { CheerioAPI } from 'cheerio';
import { loadHtml } from '../core/html-dom.js';
import type { Element } from 'domhandler';
import { MAX_MARKUP_DEPTH, markupShape } from '../core/html-bounds.js';
import { canonicalUrl, resolveHttpUrl } from './canonical-url.js';
import { type FeedConfig, FeedConfigSchema } from './sources/index.js';

/** Elements an OPML list may hold (outlines, folders, head): far above any reader's export, low enough to bound time and memory. */
export const MAX_OPML_ELEMENTS = 20_000;
/** The OPML file itself, checked before it is read. */
export const MAX_OPML_BYTES = 8 * 1024 * 1024;

export interface OpmlImport {
  feeds: FeedConfig[];
  /** One line per rejected outline: `line N: reason (url)`. */
  errors: string[];
}

/**
 * Line numbers for offsets asked in increasing order (outlines in document
 * order): one pass over the text in all, where counting from the start for
 * each outline made a large import quadratic.
 */
function lineCounter(text: string): (index: number | null | undefined) => number {
  let line = 1;
  let at = 0;
  return (index) => {
    if (index === null || index === undefined) return 1;
    if (index < at) {
      line = 1;
      at = 0;
    }
    for (let i = text.indexOf('\n', at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    return line;
  };
}

/** Attribute by name, whatever case the exporting reader used (xmlUrl, xmlurl, XMLURL). */
function attr(el: Element, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(el.attribs)) if (key.toLowerCase() === lower) return value.trim() || undefined;
  return undefined;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** `base`, else `base-2`, `base-3` …; the next suffix per base is remembered, so a list of many same-named feeds stays linear. */
function uniqueId(base: string, taken: Set<string>, next: Map<string, number>): string {
  const root = base || 'feed';
  let id = root;
  for (let n = next.get(root) ?? 2; taken.has(id); n++) {
    id = `${root}-${n}`;
    next.set(root, n + 1);
  }
  taken.add(id);
  return id;
}

/** Folder names above an outline (outlines without xmlUrl) plus its own `category` paths. */
function tagsOf($: CheerioAPI, el: Element): string[] {
  const folders = $(el)
    .parents('outline')
    .toArray()
    .reverse()
    .filter((parent) => !attr(parent, 'xmlUrl'))
    .map((parent) => attr(parent, 'text') ?? attr(parent, 'title'))
    .filter((name): name is string => Boolean(name));
  const categories = (attr(el, 'category') ?? '').split(/[,/]/).map((c) => c.trim());
  return [...new Set([...folders, ...categories].filter(Boolean))];
}

/**
 * Reads an OPML 1.0/2.0 feed list (Feedly, Inoreader, Miniflux, Tiny Tiny RSS
 * exports). Every outline with an xmlUrl is a feed, whatever its `type`;
 * folders become tags; duplicates (same canonical xmlUrl) are reported, not kept.
 */
export function importOpml(text: string): OpmlImport {
  // Folders nest outlines; a list nested deeper or longer than any real one is refused before a DOM is built.
  const shape = markupShape(text, { xml: true, maxElements: MAX_OPML_ELEMENTS });
  if (shape.depth > MAX_MARKUP_DEPTH) return { feeds: [], errors: [`line 1: outlines nested deeper than ${MAX_MARKUP_DEPTH} levels; refused before parsing`] };
  if (shape.elements > MAX_OPML_ELEMENTS) return { feeds: [], errors: [`line 1: more than ${MAX_OPML_ELEMENTS} outlines; refused before parsing (split the list)`] };
  const lineAt = lineCounter(text);
  const next = new Map<string, number>();
  // htmlparser2 in XML mode never resolves DTD entities: no XXE or expansion risk here.
  const $ = loadHtml(text, { xml: { xmlMode: true, withStartIndices: true } });
  const feeds: FeedConfig[] = [];
  const errors: string[] = [];
  const seenUrls = new Map<string, number>();
  const ids = new Set<string>();
  if ($('opml').length === 0) return { feeds, errors: ['line 1: not an OPML document (no <opml> element)'] };
  for (const el of $('outline').toArray()) {
    const raw = attr(el, 'xmlUrl');
    if (!raw) continue;
    const line = lineAt(el.startIndex);
    const url = resolveHttpUrl(raw, 'invalid:/');
    if (!url) {
      errors.push(`line ${line}: xmlUrl is not an absolute http(s) URL (${raw})`);
      continue;
    }
    const key = canonicalUrl(url);
    const firstLine = seenUrls.get(key);
    if (firstLine !== undefined) {
      errors.push(`line ${line}: duplicate of the feed on line ${firstLine} (${raw})`);
      continue;
    }
    const name = attr(el, 'text') ?? attr(el, 'title');
    const interval = Number(attr(el, 'intervalSecs'));
    const candidate = {
      id: uniqueId(slug(name ?? new URL(url).hostname), ids, next),
      type: 'rss',
      url,
      name,
      language: attr(el, 'language'),
      tags: tagsOf($, el),
      ...(Number.isInteger(interval) && interval > 0 ? { interval_secs: interval } : {}),
    };
    const parsed = FeedConfigSchema.safeParse(candidate);
    if (!parsed.success) {
      errors.push(`line ${line}: ${parsed.error.issues[0]?.message ?? 'invalid feed'} (${raw})`);
      continue;
    }
    seenUrls.set(key, line);
    feeds.push(parsed.data);
  }
  return { feeds, errors };
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function outlineFor(feed: FeedConfig, indent: string): string {
  const attrs: Array<[string, string | undefined]> = [
    ['type', 'rss'],
    ['text', feed.name ?? feed.id],
    ['title', feed.name ?? feed.id],
    ['xmlUrl', feed.url],
    ['language', feed.language],
    ['category', feed.tags.slice(1).join(',') || undefined],
    ['intervalSecs', feed.interval_secs === 900 ? undefined : String(feed.interval_secs)],
  ];
  const rendered = attrs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${escapeXml(v ?? '')}"`);
  return `${indent}<outline ${rendered.join(' ')}/>`;
}

/**
 * Writes an OPML 2.0 feed list, one folder per first tag (further tags go to
 * `category`). Page sources are left out: OPML cannot carry their selectors.
 */
export function exportOpml(feeds: readonly FeedConfig[], title = 'sahelwatch feeds'): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', '  <head>', `    <title>${escapeXml(title)}</title>`, '  </head>', '  <body>'];
  const rss = feeds.filter((f) => f.type === 'rss');
  const folders = new Map<string, FeedConfig[]>();
  for (const feed of rss) {
    const folder = feed.tags[0] ?? '';
    folders.set(folder, [...(folders.get(folder) ?? []), feed]);
  }
  for (const feed of folders.get('') ?? []) lines.push(outlineFor(feed, '    '));
  for (const [folder, members] of folders) {
    if (!folder) continue;
    lines.push(`    <outline text="${escapeXml(folder)}" title="${escapeXml(folder)}">`);
    for (const feed of members) lines.push(outlineFor(feed, '      '));
    lines.push('    </outline>');
  }
  const skipped = feeds.length - rss.length;
  if (skipped > 0) lines.push(`    <!-- ${skipped} page source(s) not exported: OPML cannot describe CSS selectors -->`);
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
