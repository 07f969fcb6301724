import type { Item } from '../feeds/item.js';
import { stageJobOptions } from '../queue/queues.js';
import type { StageContext } from './context.js';

const SEEN_TTL_SECS = 60 * 24 * 3600;

/**
 * Queues a fetch for each item not seen before and returns the new ones.
 * The "seen" mark is written only after the fetch job exists, so a crash in
 * between re-discovers the item on the next poll; the job id, derived from the
 * item, absorbs the repeat. A page of items is three round trips to Redis,
 * not three per item: on a busy worker every round trip waits its turn.
 */
export async function enqueueNewItems(ctx: StageContext, items: readonly Item[]): Promise<Item[]> {
  if (items.length === 0) return [];
  const seenKey = (item: Item) => `${ctx.prefix}:seen:${item.id}`;
  const seen = await ctx.redis.mget(items.map(seenKey));
  const fresh = uniqueById(items.filter((_, i) => seen[i] === null));
  if (fresh.length === 0) return [];
  const enqueuedAt = ctx.clock.now();
  await ctx.queues.fetch.addBulk(fresh.map((item) => ({ name: 'fetch', data: { item, enqueuedAt }, opts: { ...stageJobOptions, jobId: item.id } })));
  const marks = ctx.redis.pipeline();
  for (const item of fresh) marks.set(seenKey(item), '1', 'EX', SEEN_TTL_SECS);
  await marks.exec();
  return fresh;
}

/** A feed listing one item twice queues it once. */
function uniqueById(items: readonly Item[]): Item[] {
  const byId = new Map<string, Item>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}
