import type { Queue } from 'bullmq';
import type { Logger } from '../core/log.js';
import { type FeedScheduleStore, hostPlace, onHostCycle } from '../feeds/poll-schedule.js';
import type { FeedConfig } from '../feeds/sources/index.js';
import { FEED_SCHEDULER_PREFIX, tickPhase, upsertFeedScheduler } from '../queue/feed-schedulers.js';

export { jitterMs } from '../queue/feed-schedulers.js';

/** The interval a feed is scheduled at on start: its kept adaptive decision, else its configured interval on its host's cycle. */
async function startingIntervalSecs(feed: FeedConfig, feeds: readonly FeedConfig[], schedule: FeedScheduleStore | undefined): Promise<number> {
  const kept = await schedule?.decision(feed.id);
  if (kept) return kept.intervalSecs;
  return schedule ? onHostCycle(feed.interval_secs, schedule.options, hostPlace(feed, feeds).feedsOnHost) : feed.interval_secs;
}

/**
 * One BullMQ job scheduler per feed, upserted by id: many processes, one poll
 * per interval. The interval is the feed's adaptive one when the schedule
 * store has decided it (a restart keeps it), and the poll worker moves the
 * scheduler when it changes (see queue/feed-schedulers.ts for why schedulers).
 */
export async function scheduleFeeds(pollQueue: Queue, feeds: readonly FeedConfig[], log: Logger, schedule?: FeedScheduleStore): Promise<void> {
  const wanted = new Set(feeds.map((f) => `${FEED_SCHEDULER_PREFIX}${f.id}`));
  for (const feed of feeds) {
    const every = (await startingIntervalSecs(feed, feeds, schedule)) * 1000;
    await upsertFeedScheduler(pollQueue, feed.id, every, schedule ? tickPhase(feed, feeds, schedule.options) : undefined);
  }
  for (const existing of await pollQueue.getJobSchedulers()) {
    if (existing.key.startsWith(FEED_SCHEDULER_PREFIX) && !wanted.has(existing.key)) {
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
 * Feeds sharing a host all start now: the host turn spaces their requests.
 */
async function pollDueFeedsNow(pollQueue: Queue, feeds: readonly FeedConfig[], now: number): Promise<void> {
  for (const feed of feeds) {
    const slot = Math.floor(now / (feed.interval_secs * 1000));
    await pollQueue.add('poll', { feedId: feed.id }, { jobId: `start-${feed.id}-${slot}`, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
  }
}
