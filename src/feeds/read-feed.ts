/**
 * readFeed: the whole feed-reading path in one call, bytes in, Items out —
 * charset → source parser (RSS/RDF/Atom/JSON Feed) → links (xml:base,
 * canonical URL) → dates → plain text — with no network and no Redis.
 * pollFeed runs the same path after its fetch, its CPU-heavy part
 * (readFeedDocument) in a parse thread; this is also the entry the
 * conformance harness (feedparser's test suite) uses. Keep its name and shape.
 */
import { MarkupTooComplex } from '../core/html-bounds.js';
import { contentId } from '../core/ids.js';
import { cleanTitle, truncate } from '../core/text.js';
import { type DecodeWarning, decodeBody } from '../net/charset.js';
import { canonicalUrl, resolveHttpUrl } from './canonical-url.js';
import { parseFeedDate } from './dates.js';
import { htmlToPlainText } from './html-text.js';
import type { ScheduleHints } from './schedule-hints.js';
import { type DraftItem, DraftItemSchema, finishItem, type Item } from './item.js';
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
  const now = options.now ?? Date.now();
  const doc = await readFeedDocument({ bytes, contentType, url, feed, now });
  if (doc.unreadable) return { items: [], feed: {}, errors: [], error: doc.unreadable };
  const iso = new Date(now).toISOString();
  const items = doc.drafts.map((draft) => finishItem(draft, iso));
  return { items, feed: { title: doc.title, language: doc.language }, errors: doc.warnings.map((w) => w.message) };
}

/** One fetched feed document, as a parse thread is handed it. */
export interface FeedDocumentInput {
  /** The body as fetched (or already decoded text). */
  bytes: Uint8Array | string;
  /** The HTTP Content-Type header ('' when none): charset and JSON Feed. */
  contentType: string;
  /** The document's final URL: base for relative links. */
  url: string;
  feed: FeedConfig;
  /** Clock for the future-date check. */
  now: number;
}

/** What the document alone says: everything of a poll but the first-seen times, which need the status store. */
export interface FeedDocument {
  /** What decoding had to repair, for the caller to log with the feed's name. */
  decodeWarnings: DecodeWarning[];
  /** Set when the document as a whole could not be read: one line, no stack; nothing else is then set. */
  unreadable?: string;
  title?: string;
  language?: string;
  /** Ids of the items kept (the newest 500): each gets a first-seen time, as before, even one dropped after. */
  keptIds: string[];
  /** The kept items that became items, in feed order. */
  drafts: DraftItem[];
  /** The parser's own errors and every entry dropped or repaired, in order, with its cause. */
  warnings: ItemWarning[];
  /** The document's polling hints (RSS ttl, skipHours, skipDays, sy:updatePeriod). */
  hints?: ScheduleHints;
}

/**
 * Everything CPU-heavy between the fetched bytes and the items: decode, parse
 * with the feed's source, links, ids, dates, plain text. No network, no Redis,
 * no logger, so pollFeed can run it in a parse thread (feed-reader.ts); readFeed
 * runs it in process. Never throws for a bad document.
 */
export async function readFeedDocument({ bytes, contentType, url, feed, now }: FeedDocumentInput): Promise<FeedDocument> {
  const decodeWarnings: DecodeWarning[] = [];
  const text = typeof bytes === 'string' ? bytes : decodeBody(bytes, contentType, (w) => decodeWarnings.push(w));
  let parsed: ParsedFeed;
  try {
    parsed = await parseWithSource(feed, { text, url, contentType });
  } catch (err) {
    return { decodeWarnings, unreadable: unreadableFeed(err), keptIds: [], drafts: [], warnings: [] };
  }
  const problems = new ItemProblems();
  const { keptIds, drafts } = draftItems(feed, parsed, url, now, problems);
  return { decodeWarnings, title: parsed.title || undefined, language: parsed.language || undefined, keptIds, drafts, warnings: problems.warnings, hints: parsed.hints };
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

/** Collects item-level problems with their cause. */
class ItemProblems {
  readonly warnings: ItemWarning[] = [];
  add(cause: ItemWarningCause, message: string): void {
    this.warnings.push({ cause, message });
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

function draftItem(feed: FeedConfig, parsed: ParsedFeed, c: Candidate, now: number, problems: ItemProblems): DraftItem | null {
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
    // Without a usable date, the first-seen time (finishItem).
    published: dated && c.publishedMs !== null ? new Date(c.publishedMs).toISOString() : undefined,
    dateSource: dated ? 'feed' : 'first-seen',
    // An entry's explicit xml:lang="" means "no language": it does not fall back to the feed's.
    language: (feed.language ?? entry.language ?? parsed.language) || undefined,
  };
  const checked = DraftItemSchema.safeParse(candidate);
  if (checked.success) return checked.data;
  problems.add('invalid-item', `feed ${feed.id} item ${c.guid}: invalid (${checked.error.issues[0]?.message ?? 'schema'})`);
  return null;
}

/**
 * Parsed entries → draft items: links resolved and canonicalised, ids, dates,
 * plain text, the newest 500 (`keptIds`); the parser's own errors and every
 * dropped or repaired entry go to `problems`.
 */
function draftItems(feed: FeedConfig, parsed: ParsedFeed, baseUrl: string, now: number, problems: ItemProblems): { keptIds: string[]; drafts: DraftItem[] } {
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
  const drafts: DraftItem[] = [];
  for (const c of kept) {
    const draft = draftItem(feed, parsed, c, now, problems);
    if (draft) drafts.push(draft);
  }
  return { keptIds: kept.map((c) => c.id), drafts };
}

