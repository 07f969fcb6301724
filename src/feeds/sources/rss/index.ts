import Parser from 'rss-parser';
import { z } from 'zod';
import { baseFeedFields, type ParsedFeed, type RawEntry, type Source } from '../source.js';
import { looksLikeJsonFeed, parseJsonFeed } from './json-feed.js';
import { dropOverNestedEntries, escapeEntities, prepareXml } from './xml-prep.js';

export const RssFeedConfigSchema = z.strictObject({ ...baseFeedFields, type: z.literal('rss') });
export type RssFeedConfig = z.infer<typeof RssFeedConfigSchema>;

/** The item fields we read, including publisher namespaces (media:, dc:, content:encoded). */
interface RssItem {
  guid?: unknown;
  id?: unknown;
  link?: unknown;
  title?: unknown;
  content?: unknown;
  summary?: unknown;
  pubDate?: unknown;
  date?: unknown;
  language?: unknown;
  'rdf:about'?: unknown;
  'content:encoded'?: unknown;
  'media:title'?: unknown;
  'media:description'?: unknown;
  'media:group'?: unknown;
}

interface RssFeed {
  title?: string;
  language?: string;
}

/** Shape of xml2js output for one Atom entry: element name → array of text or {_ , $}. */
type AtomEntry = Record<string, unknown[] | undefined>;
interface AtomHook {
  parseItemAtom(entry: AtomEntry): unknown;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '_' in value && typeof value._ === 'string') return value._;
  return undefined;
}

/**
 * rss-parser 3.13 calls `new Date(published).toISOString()` unguarded for Atom,
 * so one bad date rejects the whole feed. This wraps its per-entry hook on our
 * private instance and removes just the bad date field, noting it.
 */
function guardAtomDates(parser: Parser<RssFeed, RssItem>, errors: string[]): void {
  const hook = parser as unknown as AtomHook;
  const original = hook.parseItemAtom.bind(parser);
  hook.parseItemAtom = (entry: AtomEntry) => {
    const safe: AtomEntry = { ...entry };
    for (const field of ['published', 'updated']) {
      const value = text(safe[field]?.[0]);
      if (value !== undefined && Number.isNaN(Date.parse(value.trim()))) {
        errors.push(`entry ${text(entry.id?.[0]) ?? '(no id)'}: bad <${field}> "${value.slice(0, 60)}" ignored`);
        delete safe[field];
      }
    }
    return original(safe);
  };
}

/**
 * The entry's text: Atom <summary> or RSS <description> (rss-parser's `content`),
 * else media:description. When the publisher also ships the full article in
 * content:encoded and it is longer, that wins: it is what survives if the page
 * cannot be fetched, and a one-line teaser is poor evidence.
 */
function entryText(item: RssItem): string | undefined {
  const short = text(item.summary) ?? text(item.content) ?? text(item['media:description']);
  const full = text(item['content:encoded']);
  return full && full.length > (short?.length ?? 0) ? full : short;
}

function toEntry(item: RssItem): RawEntry {
  const guid = text(item.guid) ?? text(item.id) ?? text(item['rdf:about']);
  return {
    guid: guid?.trim() || undefined,
    link: text(item.link)?.trim(),
    title: text(item.title) ?? text(item['media:title']),
    summary: entryText(item),
    published: text(item.pubDate) ?? text(item.date),
    language: text(item.language),
  };
}

/** Parses; if sax refuses an entity, retries once with entities escaped (a fresh parser each time). */
async function parseXmlFeed(xml: string): Promise<ParsedFeed> {
  // Entries nested too deep for the (recursive) XML parser are cut out and named; the others are kept.
  const { xml: bounded, errors: dropped } = dropOverNestedEntries(prepareXml(xml));
  const parsed = await parseXmlTolerant(bounded);
  parsed.errors.unshift(...dropped);
  return parsed;
}

async function parseXmlTolerant(prepared: string): Promise<ParsedFeed> {
  try {
    return await parseXmlOnce(prepared);
  } catch (err) {
    if (!(err instanceof Error) || !/Invalid character entity/i.test(err.message)) throw err;
    const retried = await parseXmlOnce(escapeEntities(prepared));
    retried.errors.unshift('unknown or invalid XML entities kept as text');
    return retried;
  }
}

async function parseXmlOnce(xml: string): Promise<ParsedFeed> {
  const errors: string[] = [];
  // A fresh parser per document: xml2js state from one bad document leaks into the next.
  const parser = new Parser<RssFeed, RssItem>({
    customFields: {
      feed: ['language'],
      item: ['media:title', 'media:description', 'media:group', 'language', 'summary'],
    },
  });
  guardAtomDates(parser, errors);
  const feed = await parser.parseString(xml);
  return {
    title: text(feed.title)?.trim(),
    language: text(feed.language)?.trim(),
    entries: feed.items.map(toEntry),
    errors,
  };
}

export const rssSource: Source<typeof RssFeedConfigSchema> = {
  type: 'rss',
  description: 'RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed documents.',
  config: RssFeedConfigSchema,
  parse: async (doc) => (looksLikeJsonFeed(doc.text) ? parseJsonFeed(doc.text) : parseXmlFeed(doc.text)),
  example: (id, url) => ({ id, type: 'rss', url, name: 'RFI Afrique', language: 'fr', interval_secs: 900, tags: ['mali'] }),
};
