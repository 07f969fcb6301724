import type { Clock } from '../core/clock.js';
import { MarkupTooComplex } from '../core/html-bounds.js';
import { contentId } from '../core/ids.js';
import { cleanTitle, truncate } from '../core/text.js';
import type { Logger } from '../core/log.js';
import { decodeBody } from '../net/charset.js';
import { parseRetryAfter } from '../net/retry-after.js';
import { type FetchPolicy, FetchRefused, safeFetch } from '../net/safe-fetch.js';
import { canonicalUrl, resolveHttpUrl } from './canonical-url.js';
import { parseFeedDate } from './dates.js';
import type { FeedStatusStore } from './feed-status.js';
import { htmlToPlainText } from './html-text.js';
import { type Item, ItemSchema } from './item.js';
import { type FeedConfig, type ParsedFeed, parseWithSource, type RawEntry } from './sources/index.js';

export interface PollContext {
  policy: FetchPolicy;
  status: FeedStatusStore;
  clock: Clock;
  log: Logger;
}

/** Why an item of a good poll was dropped or changed: a bounded label, for metrics and warn-once. */
export type ItemWarningCause = 'duplicate-guid' | 'no-link' | 'bad-date' | 'markup-refused' | 'invalid-item' | 'over-item-cap' | 'source';

export interface ItemWarning {
  cause: ItemWarningCause;
  message: string;
}

export interface PollResult {
  /** Every item currently in the feed (newest MAX_ITEMS_PER_POLL), deduplicated by id. */
  items: Item[];
  /** One line each, naming the feed and URL or item. */
  errors: string[];
  /** The item-level lines of `errors` (a good poll's), each with its cause. */
  warnings: ItemWarning[];
  notModified: boolean;
}

/** Collects item-level problems as lines (errors) and with their cause (warnings). */
class Problems {
  readonly errors: string[] = [];
  readonly warnings: ItemWarning[] = [];
  add(cause: ItemWarningCause, message: string): void {
    this.errors.push(message);
    this.warnings.push({ cause, message });
  }
}

/** Items kept per poll; a larger feed keeps its newest ones and says so. */
export const MAX_ITEMS_PER_POLL = 500;
/** A date further ahead than this is a publisher clock or timezone bug, not news from the future. */
const FUTURE_TOLERANCE_MS = 15 * 60_000;
const MAX_TITLE = 500;
/** Room for a full content:encoded article: it is the text kept when the page fails. */
const MAX_SUMMARY = 20_000;

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

function buildItem(feed: FeedConfig, parsed: ParsedFeed, c: Candidate, firstSeen: string, now: number, problems: Problems): Item | null {
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
    outlet: feed.name ?? parsed.title ?? new URL(feed.url).hostname,
    guid: c.guid,
    url: c.url,
    title,
    summary,
    published: dated && c.publishedMs !== null ? new Date(c.publishedMs).toISOString() : firstSeen,
    dateSource: dated ? 'feed' : 'first-seen',
    language: feed.language ?? entry.language ?? parsed.language ?? undefined,
    firstSeen,
  };
  const checked = ItemSchema.safeParse(candidate);
  if (checked.success) return checked.data;
  problems.add('invalid-item', `feed ${feed.id} item ${c.guid}: invalid (${checked.error.issues[0]?.message ?? 'schema'})`);
  return null;
}

async function toItems(feed: FeedConfig, parsed: ParsedFeed, baseUrl: string, ctx: PollContext, problems: Problems): Promise<Item[]> {
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
  const now = ctx.clock.now();
  const firstSeen = await ctx.status.firstSeen(feed.id, kept.map((c) => c.id), now);
  const items: Item[] = [];
  for (const c of kept) {
    const item = buildItem(feed, parsed, c, firstSeen.get(c.id) ?? new Date(now).toISOString(), now, problems);
    if (item) items.push(item);
  }
  return items;
}

/** The longest Retry-After a feed server can impose, as long as the longest failure backoff. */
const MAX_FEED_RETRY_AFTER_MS = 6 * 3600_000;

/** The server asked us to come back later (429, or 503 with Retry-After). */
class PollDeferred extends FetchRefused {
  constructor(
    url: string,
    reason: string,
    readonly retryAfterMs: number,
  ) {
    super(url, reason);
  }
}

/** The server said the feed is gone for good (410). */
class FeedGone extends FetchRefused {}

/** Fetch + parse; returns the parsed feed or a one-line reason. */
async function fetchAndParse(feed: FeedConfig, ctx: PollContext) {
  const previous = await ctx.status.get(feed.id);
  const result = await safeFetch(feed.url, ctx.policy, { etag: previous?.etag, lastModified: previous?.lastModified });
  if (result.notModified) return { result, parsed: null };
  if (result.status === 410) throw new FeedGone(result.url, 'HTTP 410 Gone: feed disabled; change its url in the config to poll it again');
  if (result.status === 429 || result.status === 503) {
    const retryAfterMs = parseRetryAfter(result.headers['retry-after'], '', ctx.clock.now(), MAX_FEED_RETRY_AFTER_MS);
    if (retryAfterMs !== undefined) throw new PollDeferred(result.url, `HTTP ${result.status}, Retry-After ${Math.ceil(retryAfterMs / 1000)} s honoured`, retryAfterMs);
  }
  if (result.status < 200 || result.status >= 300) throw new FetchRefused(feed.url, `HTTP ${result.status}`);
  const contentType = result.headers['content-type'] ?? '';
  const text = decodeBody(result.body, contentType, (w) =>
    ctx.log[w.kind === 'replaced' ? 'warn' : 'info']({ feed: feed.id, url: result.url, offset: w.offset, encoding: w.encoding }, `feed ${feed.id} ${result.url}: ${w.message}`),
  );
  try {
    const parsed = await parseWithSource(feed, { text, url: result.url, contentType });
    return { result, parsed };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new FetchRefused(result.url, `unreadable feed: ${message.split('\n')[0]?.slice(0, 200)}`);
  }
}

/**
 * Polls one feed: conditional GET through safeFetch, decode, parse with the
 * feed's source plugin, normalise each entry into an Item. Never throws: a
 * failure is recorded in the status store (backoff) and returned in `errors`.
 */
export async function pollFeed(feed: FeedConfig, ctx: PollContext): Promise<PollResult> {
  const now = ctx.clock.now();
  try {
    const { result, parsed } = await fetchAndParse(feed, ctx);
    if (!parsed) {
      await ctx.status.recordSuccess(feed.id, now, {});
      return { items: [], errors: [], warnings: [], notModified: true };
    }
    const problems = new Problems();
    for (const e of parsed.errors) problems.add('source', `feed ${feed.id} ${e}`);
    const items = await toItems(feed, parsed, result.url, ctx, problems);
    await ctx.status.recordSuccess(feed.id, now, {
      itemCount: items.length,
      validators: { etag: result.headers.etag, lastModified: result.headers['last-modified'] },
    });
    return { items, errors: problems.errors, warnings: problems.warnings, notModified: false };
  } catch (err) {
    const reason = err instanceof FetchRefused ? err.reason : err instanceof Error ? err.message : String(err);
    const url = err instanceof FetchRefused ? err.url : feed.url;
    ctx.log.warn({ feed: feed.id, url, reason }, `feed ${feed.id} poll failed: ${url}: ${reason}`);
    if (err instanceof FeedGone) await ctx.status.recordGone(feed.id, now, feed.url, reason).catch(() => undefined);
    else await ctx.status.recordFailure(feed.id, now, reason, err instanceof PollDeferred ? err.retryAfterMs : undefined).catch(() => undefined);
    return { items: [], errors: [`feed ${feed.id} (${url}): ${reason}`], warnings: [], notModified: false };
  }
}
