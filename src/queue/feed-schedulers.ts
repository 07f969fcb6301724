import { createHash } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import { type FeedsSchedule, feedHost, hostPlace } from '../feeds/poll-schedule.js';
import type { FeedConfig } from '../feeds/sources/index.js';

/**
 * The poll queue's job schedulers, one per feed. Why schedulers and not
 * self-re-enqueuing one-shot jobs: a scheduler is one record per feed that any
 * number of processes upsert to the same state (same id, same `every`, same
 * deterministic offset), so there is never a second chain of polls to lose or
 * to double; an adaptive interval is just an upsert with a new `every` (BullMQ
 * then replaces the pending tick), done only when the interval moves by more
 * than a fifth (poll-schedule.ts settle), so schedulers are not rewritten on
 * every poll. The per-feed claim (90% of the interval) still makes any two
 * ticks that land close together one poll.
 */
export const FEED_SCHEDULER_PREFIX = 'feed-';

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

/** Where a feed's ticks fall within its host's cycle: the `hostTurn` given by the schedule, else its own jitter. */
export interface TickPhase {
  /** One jitter for the whole host, plus `index × gapMs`: feeds on a host tick `gapMs` apart. */
  hostTurn?: { host: string; index: number; feedsOnHost: number; gapMs: number };
}

/** A feed's phase among the configured feeds on its host. */
export function tickPhase(feed: FeedConfig, feeds: Iterable<FeedConfig>, options: FeedsSchedule): TickPhase {
  const { feedsOnHost, index } = hostPlace(feed, feeds);
  return { hostTurn: { host: feedHost(feed.url), index, feedsOnHost, gapMs: options.host_gap_secs * 1000 } };
}

/** The scheduler's offset: its own jitter for a feed alone on its host, else its turn in the host's cycle. */
export function tickOffsetMs(feedId: string, everyMs: number, phase: TickPhase = {}): number {
  const turn = phase.hostTurn;
  if (!turn || turn.feedsOnHost < 2) return jitterMs(feedId, everyMs);
  return (jitterMs(turn.host, turn.feedsOnHost * turn.gapMs) + turn.index * turn.gapMs) % everyMs;
}

const SCHEDULED_POLL: { name: string; opts: JobsOptions } = { name: 'poll', opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } };

/** Creates or moves one feed's scheduler to tick every `everyMs` at its phase. */
export async function upsertFeedScheduler(pollQueue: Queue, feedId: string, everyMs: number, phase?: TickPhase): Promise<void> {
  await pollQueue.upsertJobScheduler(
    `${FEED_SCHEDULER_PREFIX}${feedId}`,
    { every: everyMs, offset: tickOffsetMs(feedId, everyMs, phase) },
    { ...SCHEDULED_POLL, data: { feedId } },
  );
}

/**
 * Moves a feed's existing scheduler to a new interval. Only the scheduler role
 * creates or removes schedulers (scheduleFeeds): a poll-only process, or one
 * whose polls are queued by hand, never starts a schedule of its own.
 */
export async function moveFeedScheduler(pollQueue: Queue, feedId: string, everyMs: number, phase?: TickPhase): Promise<boolean> {
  const current = await pollQueue.getJobScheduler(`${FEED_SCHEDULER_PREFIX}${feedId}`);
  if (!current || current.every === everyMs) return false;
  await upsertFeedScheduler(pollQueue, feedId, everyMs, phase);
  return true;
}

/**
 * One extra poll at `at` (a feed that lost its host turn): the job id names the
 * feed and the time, so processes deferring the same poll add it once.
 */
export async function pollFeedAt(pollQueue: Queue, feedId: string, at: number, now: number): Promise<void> {
  await pollQueue.add('poll', { feedId }, { jobId: `host-wait-${feedId}-${at}`, delay: Math.max(0, at - now), removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
}
