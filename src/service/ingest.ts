import type { Item } from '../feeds/item.js';
import { stageJobOptions } from '../queue/queues.js';
import type { StageContext } from './context.js';

const SEEN_TTL_SECS = 60 * 24 * 3600;

/**
 * Queues a fetch for each item not seen before and returns how many were new.
 * The "seen" mark is written only after the fetch job exists, so a crash in
 * between re-discovers the item on the next poll; the job id, derived from the
 * item, absorbs the repeat.
 */
export async function enqueueNewItems(ctx: StageContext, items: readonly Item[]): Promise<Item[]> {
  const fresh: Item[] = [];
  for (const item of items) {
    const seenKey = `${ctx.prefix}:seen:${item.id}`;
    if (await ctx.redis.exists(seenKey)) continue;
    await ctx.queues.fetch.add('fetch', { item, enqueuedAt: ctx.clock.now() }, { ...stageJobOptions, jobId: item.id });
    await ctx.redis.set(seenKey, '1', 'EX', SEEN_TTL_SECS);
    fresh.push(item);
  }
  return fresh;
}
