import type { Redis } from 'ioredis';
import { z } from 'zod';

/** What the API and `feeds status` show for one feed. */
export const FeedStatusSchema = z.object({
  feedId: z.string(),
  lastPoll: z.string().optional(),
  lastSuccess: z.string().optional(),
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
  consecutiveFailures: z.number().int().nonnegative(),
  /** Distinct items ever seen in this feed (first-seen marks live 30 days). */
  itemsSeen: z.number().int().nonnegative(),
  /** Items in the last successful poll. */
  lastItemCount: z.number().int().nonnegative(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** Set when the server answered 410 Gone: why the feed is no longer polled. */
  disabled: z.string().optional(),
  disabledAt: z.string().optional(),
  /** The URL that was gone; a feed whose configured URL has changed since is polled again. */
  disabledUrl: z.string().optional(),
  /** The server's Retry-After (429, 503): no poll before this time. */
  retryAfter: z.string().optional(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;

const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;
const FIRST_SEEN_TTL_SECS = 30 * 24 * 3600;

/** Delay after `failures` consecutive failures: 1 min, 2, 4 … capped at 6 h. */
export function backoffDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Per-feed poll state in Redis: one hash per feed plus a set of feed ids. */
export class FeedStatusStore {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.base = prefix.endsWith(':') ? prefix : `${prefix}:`;
  }

  private key(feedId: string): string {
    return `${this.base}feed-status:${feedId}`;
  }

  async get(feedId: string): Promise<FeedStatus | null> {
    const hash = await this.redis.hgetall(this.key(feedId));
    if (!hash || Object.keys(hash).length === 0) return null;
    return FeedStatusSchema.parse({
      ...hash,
      feedId,
      consecutiveFailures: Number(hash.consecutiveFailures ?? 0),
      itemsSeen: Number(hash.itemsSeen ?? 0),
      lastItemCount: Number(hash.lastItemCount ?? 0),
    });
  }

  async list(): Promise<FeedStatus[]> {
    const ids = (await this.redis.smembers(`${this.base}feed-status:ids`)).sort();
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((s): s is FeedStatus => s !== null);
  }

  /**
   * A successful poll. `validators` are the response's ETag / Last-Modified:
   * pass them for a full response (a missing one is forgotten, so a stale
   * validator is not sent forever), omit them for a 304.
   */
  async recordSuccess(
    feedId: string,
    at: number,
    result: { itemCount?: number; validators?: { etag?: string; lastModified?: string } },
  ): Promise<void> {
    const fields: Record<string, string> = { lastPoll: iso(at), lastSuccess: iso(at), consecutiveFailures: '0' };
    if (result.itemCount !== undefined) fields.lastItemCount = String(result.itemCount);
    const tx = this.redis.multi().hdel(this.key(feedId), 'retryAfter', 'disabled', 'disabledAt', 'disabledUrl');
    if (result.validators) {
      const { etag, lastModified } = result.validators;
      if (etag) fields.etag = etag;
      else tx.hdel(this.key(feedId), 'etag');
      if (lastModified) fields.lastModified = lastModified;
      else tx.hdel(this.key(feedId), 'lastModified');
    }
    await tx.hset(this.key(feedId), fields).sadd(`${this.base}feed-status:ids`, feedId).exec();
  }

  /** A failed poll; `retryAfterMs` is the server's Retry-After, honoured on top of the backoff. */
  async recordFailure(feedId: string, at: number, reason: string, retryAfterMs?: number): Promise<void> {
    const tx = this.redis.multi().hset(this.key(feedId), { lastPoll: iso(at), lastError: reason, lastErrorAt: iso(at) });
    if (retryAfterMs !== undefined) tx.hset(this.key(feedId), 'retryAfter', iso(at + retryAfterMs));
    else tx.hdel(this.key(feedId), 'retryAfter');
    await tx.hincrby(this.key(feedId), 'consecutiveFailures', 1).sadd(`${this.base}feed-status:ids`, feedId).exec();
  }

  /** The server said the feed is gone for good (410): stop polling `url`, say why. */
  async recordGone(feedId: string, at: number, url: string, reason: string): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(feedId), { lastPoll: iso(at), lastError: reason, lastErrorAt: iso(at), disabled: reason, disabledAt: iso(at), disabledUrl: url })
      .hdel(this.key(feedId), 'retryAfter')
      .hincrby(this.key(feedId), 'consecutiveFailures', 1)
      .sadd(`${this.base}feed-status:ids`, feedId)
      .exec();
  }

  /** Why this feed is not polled, when its configured `url` is the one that answered 410 Gone. */
  async disabledReason(feedId: string, url: string): Promise<string | null> {
    const [disabled, disabledUrl] = await this.redis.hmget(this.key(feedId), 'disabled', 'disabledUrl');
    return disabled && disabledUrl === url ? disabled : null;
  }

  /** Delay the consecutive failures of this feed call for (0 when healthy). */
  async backoffMs(feedId: string): Promise<number> {
    const failures = Number((await this.redis.hget(this.key(feedId), 'consecutiveFailures')) ?? 0);
    return backoffDelayMs(failures);
  }

  /** How long a poll should still wait at `now` because of the backoff (0 = poll now). */
  async backoffRemainingMs(feedId: string, now: number): Promise<number> {
    const [failures, lastErrorAt, retryAfter] = await this.redis.hmget(this.key(feedId), 'consecutiveFailures', 'lastErrorAt', 'retryAfter');
    const delay = backoffDelayMs(Number(failures ?? 0));
    const backoff = delay === 0 || !lastErrorAt ? 0 : Math.max(0, Date.parse(lastErrorAt) + delay - now);
    const asked = retryAfter ? Math.max(0, Date.parse(retryAfter) - now) : 0;
    return Math.max(backoff, Number.isFinite(asked) ? asked : 0);
  }

  /**
   * First time each item was seen (ISO), recording `now` for new ones, so an
   * undated item keeps the same date on every poll; `fresh`: the ids seen for
   * the first time now. Also counts new items.
   */
  async firstSeen(feedId: string, itemIds: readonly string[], now: number): Promise<{ times: Map<string, string>; fresh: Set<string> }> {
    const out = new Map<string, string>();
    const fresh = new Set<string>();
    if (itemIds.length === 0) return { times: out, fresh };
    const pipeline = this.redis.pipeline();
    for (const id of itemIds) pipeline.set(`${this.base}first-seen:${id}`, iso(now), 'EX', FIRST_SEEN_TTL_SECS, 'NX');
    for (const id of itemIds) pipeline.get(`${this.base}first-seen:${id}`);
    const replies = (await pipeline.exec()) ?? [];
    itemIds.forEach((id, i) => {
      if (replies[i]?.[1] === 'OK') fresh.add(id);
      const value = replies[itemIds.length + i]?.[1];
      out.set(id, typeof value === 'string' ? value : iso(now));
    });
    if (fresh.size > 0) await this.redis.hincrby(this.key(feedId), 'itemsSeen', fresh.size);
    return { times: out, fresh };
  }
}
