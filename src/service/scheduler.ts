import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Logger } from '../core/log.js';
import type { FeedConfig } from '../feeds/sources/index.js';

const SCHEDULER_PREFIX = 'feed-';

/**
 * Deterministic jitter per feed: spreads polls over time, and every process
 * computes the same offset, so concurrent upserts of one scheduler agree
 * (random jitter would make them overwrite each other).
 */
export function jitterMs(feedId: string, intervalMs: number): number {
  const spread = Math.min(intervalMs * 0.1, 60_000);
  const hash = createHash('sha1').update(feedId).digest().readUInt32BE(0);
  return Math.floor((hash / 0xffffffff) * spread);
}

/** One BullMQ job scheduler per feed, upserted by id: many processes, one poll per interval. */
export async function scheduleFeeds(pollQueue: Queue, feeds: readonly FeedConfig[], log: Logger): Promise<void> {
  const wanted = new Set(feeds.map((f) => `${SCHEDULER_PREFIX}${f.id}`));
  for (const feed of feeds) {
    const every = feed.interval_secs * 1000;
    await pollQueue.upsertJobScheduler(
      `${SCHEDULER_PREFIX}${feed.id}`,
      { every, offset: jitterMs(feed.id, every) },
      { name: 'poll', data: { feedId: feed.id }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }
  for (const existing of await pollQueue.getJobSchedulers()) {
    if (existing.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(existing.key)) {
      await pollQueue.removeJobScheduler(existing.key);
      log.info({ scheduler: existing.key }, 'Feed no longer configured: its poll schedule was removed.');
    }
  }
  await pollDueFeedsNow(pollQueue, feeds, Date.now());
  log.info({ feeds: feeds.length }, 'Feed polling scheduled.');
}

/**
 * BullMQ aligns `every` schedules to whole intervals, so a fresh start would
 * wait up to one interval for its first poll. Queue one poll per feed now; the
 * job id carries the interval slot, so processes starting together add it once.
 */
async function pollDueFeedsNow(pollQueue: Queue, feeds: readonly FeedConfig[], now: number): Promise<void> {
  for (const feed of feeds) {
    const slot = Math.floor(now / (feed.interval_secs * 1000));
    await pollQueue.add('poll', { feedId: feed.id }, { jobId: `start-${feed.id}-${slot}`, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
  }
}
