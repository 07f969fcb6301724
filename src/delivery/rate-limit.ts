import type { Redis } from 'ioredis';
import type { RateLimit } from './notifiers/types.js';

/**
 * Fixed-window counter per receiver, shared by every worker through Redis.
 * Returns 0 when a send may go now, else how long to wait for the next window.
 */
export async function rateLimitWait(redis: Redis, prefix: string, receiver: string, limit: RateLimit, now: number): Promise<number> {
  const windowMs = Math.round(limit.per_seconds * 1000);
  const window = Math.floor(now / windowMs);
  const key = `${prefix}:ratelimit:${receiver}:${window}`;
  const results = await redis.multi().incr(key).pexpire(key, windowMs * 2).exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  if (count <= limit.max) return 0;
  // Spread the excess over later windows instead of stampeding the next one.
  const windowsAhead = Math.ceil((count - limit.max) / limit.max);
  return (window + windowsAhead) * windowMs - now + Math.floor(Math.random() * 50);
}
