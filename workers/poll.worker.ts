import { PollJobSchema } from '../src/queue/queues.js';
import type { StageContext } from '../src/service/context.js';
import { pollFeed } from '../src/feeds/poll-feed.js';
import { enqueueNewItems } from '../src/service/ingest.js';
import type { StageWorker } from './worker.js';

/**
 * Two service processes may both hold a scheduler for the same feed; a per-slot
 * lock makes sure the feed is polled once per interval whatever BullMQ does.
 */
async function claimPollSlot(ctx: StageContext, feedId: string, intervalMs: number): Promise<boolean> {
  const slot = Math.floor(ctx.clock.now() / intervalMs);
  const ok = await ctx.redis.set(`${ctx.prefix}:poll-slot:${feedId}:${slot}`, '1', 'PX', intervalMs, 'NX');
  return ok === 'OK';
}

export const pollWorker: StageWorker = {
  queue: 'poll',
  description: 'Polls one feed (conditional GET, safety limits) and queues a fetch for each new item.',
  create: (ctx) => async (job) => {
    const { feedId } = PollJobSchema.parse(job.data);
    const feed = ctx.feeds.get(feedId);
    const log = ctx.log.child({ stage: 'poll', feedId, jobId: job.id });
    if (!feed) {
      log.warn('Feed is no longer configured; poll skipped.');
      return { skipped: 'unknown-feed' };
    }
    if (!(await claimPollSlot(ctx, feedId, feed.interval_secs * 1000))) return { skipped: 'slot-taken' };
    const waitMs = await ctx.feedStatus.backoffRemainingMs(feedId, ctx.clock.now());
    if (waitMs > 0) return { skipped: 'backoff', waitMs };
    const result = await pollFeed(feed, { policy: ctx.fetchPolicy, status: ctx.feedStatus, clock: ctx.clock, log });
    const failed = result.items.length === 0 && !result.notModified && result.errors.length > 0;
    // pollFeed has already logged a failed fetch once; here only item-level problems of a good poll.
    if (failed) return { failed: result.errors[0] };
    for (const error of result.errors) log.warn(error);
    const queued = (await enqueueNewItems(ctx, result.items)).length;
    log.info({ items: result.items.length, queued, notModified: result.notModified }, 'Feed polled.');
    return { items: result.items.length, queued };
  },
};
