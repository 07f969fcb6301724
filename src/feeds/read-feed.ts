/**
 * readFeed: the whole feed-reading path in one call, bytes in, Items out —
 * charset → source parser (RSS/RDF/Atom/JSON Feed) → links (xml:base,
 * canonical URL) → dates → plain text — with no network and no Redis.
 * pollFeed runs the same path after its fetch; this is also the entry the
 * conformance harness (feedparser's test suite) uses. Keep its name and shape.
 */
import { MarkupTooComplex } from '../core/html-bounds.js';
import { contentId } from '../core/ids.js';
import { cleanTitle, truncate } from '../core/text.js';
import { decodeBody } from '../net/charset.js';
import { canonicalUrl, resolveHttpUrl } from './canonical-url.js';
import { parseFeedDate } from './dates.js';
import { htmlToPlainText } from './html-text.js';
import { type Item, ItemSchema } from './item.js';
import { type FeedConfig, FeedConfigSchema, type ParsedFeed, parseWithSource, type RawEntry } from './sources/index.js';

export interface ReadFeedOptions {
  /** The document's URL: base for relative links. */
  url: string;
  /** The HTTP Content-Type header, if any (charset). */
  contentType?: string;
  /** Feed id used in item ids (default "feed"), configured name and language. */
  feedId?: string;
  name?: string;
  language?: string;
  /** Clock for first-seen times and the future-date check (default Date.now()). */
  now?: number;
}

export interface ReadFeedResult {
  items: Item[];
  feed: { title?: string; language?: string };
  /** One line per entry or field dropped or repaired. */
  errors: string[];
  /** Set when the document as a whole could not be read: one line, no stack. */
  error?: string;
}

/** The one line for a document that is not a readable feed. */
export function unreadableFeed(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `unreadable feed: ${message.split('\n')[0]?.slice(0, 200)}`;
}

/** Reads one feed document (bytes as fetched) into Items. Never throws for a bad document. */
export async function readFeed(bytes: Uint8Array | string, options: ReadFeedOptions): Promise<ReadFeedResult> {
  const { url, contentType = '' } = options;
  const feed = FeedConfigSchema.parse({ id: options.feedId ?? 'feed', type: 'rss', url, name: options.name, language: options.language });
  const text = typeof bytes === 'string' ? bytes : decodeBody(bytes, contentType);
  let parsed: ParsedFeed;
  try {
    parsed = await parseWithSource(feed, { text, url, contentType });
  } catch (err) {
    return { items: [], feed: {}, errors: [], error: unreadableFeed(err) };
  }
  const problems = new ItemProblems();
  const now = options.now ?? Date.now();
  const iso = new Date(now).toISOString();
  const items = await itemsFromParsed(feed, parsed, url, now, async (ids) => new Map(ids.map((id) => [id, iso])), problems);
  return { items, feed: { title: parsed.title || undefined, language: parsed.language || undefined }, errors: problems.errors };
}

/** Items kept per poll; a larger feed keeps its newest ones and says so. */
export const MAX_ITEMS_PER_POLL = 500;
/** A date further ahead than this is a publisher clock or timezone bug, not news from the future. */
const FUTURE_TOLERANCE_MS = 15 * 60_000;
const MAX_TITLE = 500;
/** Room for a full content:encoded article: it is the text kept when the page fails. */
const MAX_SUMMARY = 20_000;

/** Why an item of a good poll was dropped or changed: a bounded label, for metrics and warn-once. */
export type ItemWarningCause = 'duplicate-guid' | 'no-link' | 'bad-date' | 'markup-refused' | 'invalid-item' | 'over-item-cap' | 'source';

export interface ItemWarning {
  cause: ItemWarningCause;
  message: string;
}

/** Collects item-level problems as lines (errors) and with their cause (warnings). */
export class ItemProblems {
  readonly warnings: ItemWarning[] = [];
  add(cause: ItemWarningCause, message: string): void {
    this.warnings.push({ cause, message });
  }
  /** The lines alone. */
  get errors(): string[] {
    return this.warnings.map((w) => w.message);
  }
}

/** An entry with what decides identity and order, before the costlier text clean-up. */
interface Candidate {
  entry: RawEntry;
  url: string;
  guid: string;
  id: string;
  publishedMs: number | null;
}

function toCandidate(feed: FeedConfig, entry: RawEntry, baseUrl: string): Candidate | string {
  const label = entry.guid ?? entry.link ?? entry.title?.slice(0, 60) ?? '(no id)';
  const link = resolveHttpUrl(entry.link, baseUrl) ?? resolveHttpUrl(entry.guid?.startsWith('http') ? entry.guid : undefined, baseUrl);
  if (!link) return `item ${label}: no usable http(s) link`;
  const url = canonicalUrl(link);
  const guid = entry.guid || url;
  return { entry, url, guid, id: contentId('it', feed.id, guid), publishedMs: parseFeedDate(entry.published) };
}

/** Newest first when over the cap; undated entries count as newest (they get first-seen = now). */
function capNewest(candidates: Candidate[]): Candidate[] {
  if (candidates.length <= MAX_ITEMS_PER_POLL) return candidates;
  const order = (c: Candidate) => c.publishedMs ?? Number.POSITIVE_INFINITY;
  return [...candidates].sort((a, b) => order(b) - order(a)).slice(0, MAX_ITEMS_PER_POLL);
}

/** Title and summary as plain text, or the reason the entry's markup was refused. */
function plainTexts(entry: RawEntry): { title: string; summary: string } | string {
  try {
    const summary = truncate(htmlToPlainText(entry.summary ?? ''), MAX_SUMMARY, '');
    const title = truncate(cleanTitle(htmlToPlainText(entry.title ?? '')), MAX_TITLE, '…') || truncate(cleanTitle(summary), 120, '…') || '(untitled)';
    return { title, summary };
  } catch (err) {
    if (err instanceof MarkupTooComplex) return err.reason;
    throw err;
  }
}

function buildItem(feed: FeedConfig, parsed: ParsedFeed, c: Candidate, firstSeen: string, now: number, problems: ItemProblems): Item | null {
  const { entry } = c;
  const texts = plainTexts(entry);
  if (typeof texts === 'string') {
    problems.add('markup-refused', `feed ${feed.id} item ${c.url}: ${texts}; item skipped`);
    return null;
  }
  const { title, summary } = texts;
  const dated = c.publishedMs !== null && c.publishedMs <= now + FUTURE_TOLERANCE_MS;
  if (entry.published && !dated) {
    problems.add('bad-date', `feed ${feed.id} item ${c.guid}: date "${entry.published.slice(0, 60)}" ${c.publishedMs === null ? 'unreadable' : 'in the future'}, using first-seen time`);
  }
  const candidate = {
    id: c.id,
    feedId: feed.id,
    outlet: feed.name ?? (parsed.title || new URL(feed.url).hostname),
    guid: c.guid,
    url: c.url,
    title,
    summary,
    published: dated && c.publishedMs !== null ? new Date(c.publishedMs).toISOString() : firstSeen,
    dateSource: dated ? 'feed' : 'first-seen',
    // An entry's explicit xml:lang="" means "no language": it does not fall back to the feed's.
    language: (feed.language ?? entry.language ?? parsed.language) || undefined,
    firstSeen,
  };
  const checked = ItemSchema.safeParse(candidate);
  if (checked.success) return checked.data;
  problems.add('invalid-item', `feed ${feed.id} item ${c.guid}: invalid (${checked.error.issues[0]?.message ?? 'schema'})`);
  return null;
}

/** First-seen time (ISO) per item id: the status store in production, `now` for a stand-alone read. */
export type FirstSeen = (itemIds: string[], now: number) => Promise<Map<string, string>>;

/** Parsed entries → Items: links resolved and canonicalised, ids, dates, plain text, the newest 500; the parser's own errors and every dropped or repaired entry go to `problems`. */
export async function itemsFromParsed(feed: FeedConfig, parsed: ParsedFeed, baseUrl: string, now: number, firstSeenOf: FirstSeen, problems: ItemProblems): Promise<Item[]> {
  for (const e of parsed.errors) problems.add('source', `feed ${feed.id} ${e}`);
  const seenIds = new Set<string>();
  const candidates: Candidate[] = [];
  for (const entry of parsed.entries) {
    const c = toCandidate(feed, entry, baseUrl);
    if (typeof c === 'string') problems.add('no-link', `feed ${feed.id} ${c}`);
    else if (seenIds.has(c.id)) problems.add('duplicate-guid', `feed ${feed.id} item ${c.guid}: duplicate guid, kept the first`);
    else {
      seenIds.add(c.id);
      candidates.push(c);
    }
  }
  const kept = capNewest(candidates);
  if (kept.length < candidates.length) {
    problems.add('over-item-cap', `feed ${feed.id} (${feed.url}): ${candidates.length} items, kept the newest ${MAX_ITEMS_PER_POLL}`);
  }
  const firstSeen = await firstSeenOf(kept.map((c) => c.id), now);
  const items: Item[] = [];
  for (const c of kept) {
    const item = buildItem(feed, parsed, c, firstSeen.get(c.id) ?? new Date(now).toISOString(), now, problems);
    if (item) items.push(item);
  }
  return items;
}

