import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { logDecodeWarnings } from '../net/charset.js';
import { parseRetryAfter } from '../net/retry-after.js';
import { type FetchPolicy, FetchRefused, safeFetch } from '../net/safe-fetch.js';
import { FeedOverBudget, type FeedReader, sharedFeedReader } from './feed-reader.js';
import type { FeedStatusStore } from './feed-status.js';
import { finishItem, type Item } from './item.js';
import { httpFreshness, type ScheduleHints } from './schedule-hints.js';
import type { ItemWarning } from './read-feed.js';

export type { ItemWarning, ItemWarningCause } from './read-feed.js';
import type { FeedConfig } from './sources/index.js';

export { MAX_ITEMS_PER_POLL } from './read-feed.js';

export interface PollContext {
  policy: FetchPolicy;
  status: FeedStatusStore;
  clock: Clock;
  log: Logger;
  /** Reads fetched documents in worker threads, each within its time budget (default: this process's shared reader). */
  feedDocuments?: FeedReader;
}

export interface PollResult {
  /** Every item currently in the feed (newest MAX_ITEMS_PER_POLL), deduplicated by id. */
  items: Item[];
  /** One line each, naming the feed and URL or item. */
  errors: string[];
  /** The item-level lines of `errors` (a good poll's), each with its cause. */
  warnings: ItemWarning[];
  notModified: boolean;
  /** The items of `items` seen for the first time in this poll. */
  fresh: Item[];
  /** What the document (a full response) and the HTTP cache headers (any response) say about polling it. */
  hints: { document?: ScheduleHints; freshFor?: ScheduleHints['freshFor'] };
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

/** Fetch + read (in a parse thread); returns the document or throws FetchRefused with a one-line reason. */
async function fetchAndRead(feed: FeedConfig, ctx: PollContext) {
  const previous = await ctx.status.get(feed.id);
  const result = await safeFetch(feed.url, ctx.policy, { etag: previous?.etag, lastModified: previous?.lastModified });
  if (result.notModified) return { result, doc: null, readAt: 0 };
  if (result.status === 410) throw new FeedGone(result.url, 'HTTP 410 Gone: feed disabled; change its url in the config to poll it again');
  if (result.status === 429 || result.status === 503) {
    const retryAfterMs = parseRetryAfter(result.headers['retry-after'], '', ctx.clock.now(), MAX_FEED_RETRY_AFTER_MS);
    if (retryAfterMs !== undefined) throw new PollDeferred(result.url, `HTTP ${result.status}, Retry-After ${Math.ceil(retryAfterMs / 1000)} s honoured`, retryAfterMs);
  }
  if (result.status < 200 || result.status >= 300) throw new FetchRefused(feed.url, `HTTP ${result.status}`);
  const input = { bytes: result.body, contentType: result.headers['content-type'] ?? '', url: result.url, feed, now: ctx.clock.now() };
  const doc = await (ctx.feedDocuments ?? sharedFeedReader()).read(input).catch((err: unknown) => {
    throw err instanceof FeedOverBudget ? new FetchRefused(result.url, err.reason) : err;
  });
  doc.decodeWarnings.forEach(logDecodeWarnings(ctx.log, { feed: feed.id, url: result.url }, `feed ${feed.id} ${result.url}`));
  if (doc.unreadable) throw new FetchRefused(result.url, doc.unreadable);
  return { result, doc, readAt: input.now };
}

type FirstSeen = Awaited<ReturnType<FeedStatusStore['firstSeen']>>;

/**
 * A status store with the earlier contract, a Map of first-seen times (the in-memory
 * store of the feedparser conformance harness in ../shared/peers has it), still works:
 * the new items are those first seen at this read.
 */
function firstSeenResult(seen: FirstSeen | Map<string, string>, readAt: number): FirstSeen {
  if (!(seen instanceof Map)) return seen;
  const now = new Date(readAt).toISOString();
  return { times: seen, fresh: new Set([...seen].filter(([, at]) => at === now).map(([id]) => id)) };
}

/**
 * Polls one feed: conditional GET through safeFetch, then in a parse thread
 * decode, parse with the feed's source plugin and normalise each entry into an
 * item; here, the first-seen times. Never throws: a failure (a document over
 * its parse budget too) is recorded in the status store (backoff) and
 * returned in `errors`.
 */
export async function pollFeed(feed: FeedConfig, ctx: PollContext): Promise<PollResult> {
  const now = ctx.clock.now();
  try {
    const { result, doc, readAt } = await fetchAndRead(feed, ctx);
    const freshFor = httpFreshness(result.headers, now);
    if (!doc) {
      await ctx.status.recordSuccess(feed.id, now, {});
      return { items: [], errors: [], warnings: [], notModified: true, fresh: [], hints: { freshFor } };
    }
    const firstSeen = firstSeenResult(await ctx.status.firstSeen(feed.id, doc.keptIds, readAt), readAt);
    const items = doc.drafts.map((draft) => finishItem(draft, firstSeen.times.get(draft.id) ?? new Date(readAt).toISOString()));
    await ctx.status.recordSuccess(feed.id, now, {
      itemCount: items.length,
      validators: { etag: result.headers.etag, lastModified: result.headers['last-modified'] },
    });
    const fresh = items.filter((item) => firstSeen.fresh.has(item.id));
    return { items, errors: doc.warnings.map((w) => w.message), warnings: doc.warnings, notModified: false, fresh, hints: { document: doc.hints ?? {}, freshFor } };
  } catch (err) {
    const reason = err instanceof FetchRefused ? err.reason : err instanceof Error ? err.message : String(err);
    const url = err instanceof FetchRefused ? err.url : feed.url;
    ctx.log.warn({ feed: feed.id, url, reason }, `feed ${feed.id} poll failed: ${url}: ${reason}`);
    if (err instanceof FeedGone) await ctx.status.recordGone(feed.id, now, feed.url, reason).catch(() => undefined);
    else await ctx.status.recordFailure(feed.id, now, reason, err instanceof PollDeferred ? err.retryAfterMs : undefined).catch(() => undefined);
    return { items: [], errors: [`feed ${feed.id} (${url}): ${reason}`], warnings: [], notModified: false, fresh: [], hints: {} };
  }
}
