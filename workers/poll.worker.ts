import { PollJobSchema } from '../src/queue/queues.js';
import type { StageContext } from '../src/pipeline/context.js';
import { reportItemWarnings } from '../src/feeds/item-warnings.js';
import { type PollResult, pollFeed } from '../src/feeds/poll-feed.js';
import { feedHost, hostPlace } from '../src/feeds/poll-schedule.js';
import { inSkipWindow } from '../src/feeds/schedule-hints.js';
import type { FeedConfig } from '../src/feeds/sources/index.js';
import { moveFeedScheduler, pollFeedAt, tickPhase } from '../src/queue/feed-schedulers.js';
import { enqueueNewItems } from '../src/pipeline/ingest.js';
import { feedLabel, metrics } from '../src/metrics/metrics.js';
import type { StageWorker } from './worker.js';

/**
 * Two service processes may both hold a scheduler for the same feed, and a
 * fresh start polls at once and then again at the schedule's next tick, which
 * may be seconds later. A poll therefore claims the feed for 90% of its
 * current interval (the rest absorbs a late-firing scheduled job): polls of one
 * feed are never closer than that, whoever runs them.
 */
const CLAIM_FRACTION = 0.9;

type PollOutcome = Record<string, unknown>;

/** Why this poll must not go out now, or null: a poll claimed elsewhere, a backoff, a skip window, or the host's turn. */
async function pollBarrier(ctx: StageContext, feed: FeedConfig, intervalSecs: number, now: number): Promise<PollOutcome | null> {
  const schedule = ctx.feedSchedule;
  if (!(await schedule.claimPoll(feed.id, now, intervalSecs * 1000 * CLAIM_FRACTION))) return { skipped: 'polled-recently' };
  const waitMs = await ctx.feedStatus.backoffRemainingMs(feed.id, now);
  if (waitMs > 0) return { skipped: 'backoff', waitMs };
  if (inSkipWindow(await schedule.hints(feed.id), now)) return { skipped: 'skip-window' };
  const hostWaitMs = await schedule.takeHostTurn(feedHost(feed.url), now);
  if (hostWaitMs === 0) return null;
  // Another feed on this host went out less than a gap ago: this poll goes out at the host's next turn instead.
  await schedule.releasePoll(feed.id);
  await pollFeedAt(ctx.queues.poll, feed.id, now + hostWaitMs, now);
  return { skipped: 'host-limit', waitMs: hostWaitMs };
}

/**
 * After a poll: its new items and hints go into the feed's schedule, and when
 * the decided interval moved, the scheduler and the claim follow it.
 */
async function reschedule(ctx: StageContext, feed: FeedConfig, result: PollResult, polledAt: number): Promise<number> {
  const schedule = ctx.feedSchedule;
  await schedule.recordArrivals(feed.id, result.fresh, polledAt);
  if (result.hints.document || result.hints.freshFor) await schedule.recordHints(feed.id, result.hints);
  const { decision, changed } = await schedule.decide(feed, hostPlace(feed, ctx.feeds.values()).feedsOnHost, ctx.clock.now());
  if (changed) {
    await moveFeedScheduler(ctx.queues.poll, feed.id, decision.intervalSecs * 1000, tickPhase(feed, ctx.feeds.values(), schedule.options));
    await schedule.holdPoll(feed.id, polledAt, decision.intervalSecs * 1000 * CLAIM_FRACTION);
  }
  return decision.intervalSecs;
}

/** A bounded label for a poll failure line (metrics must not get one series per message). */
export function fetchErrorReason(line: string): string {
  const rules: Array<[RegExp, string]> = [
    [/budget/i, 'parse_budget'],
    [/DNS/i, 'dns'],
    [/timed? ?out|timeout/i, 'timeout'],
    [/HTTP 4\d\d/, 'http_4xx'],
    [/HTTP 5\d\d/, 'http_5xx'],
    [/private|loopback|link-local|blocked|not allowed/i, 'refused'],
    [/body over|too large/i, 'too_large'],
    [/redirect/i, 'redirects'],
    [/unreadable|parse|XML/i, 'unreadable'],
    [/paywall/i, 'paywalled'],
    [/too short/i, 'too_short'],
    [/not an HTML page/i, 'not_html'],
    [/ECONNREFUSED|ECONNRESET|socket/i, 'connection'],
  ];
  return rules.find(([pattern]) => pattern.test(line))?.[1] ?? 'other';
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
    // A feed that answered 410 Gone stays off until its configured URL changes (its status says why).
    const disabled = await ctx.feedStatus.disabledReason(feedId, feed.url);
    if (disabled) return { skipped: 'disabled', reason: disabled };
    const polledAt = ctx.clock.now();
    const barrier = await pollBarrier(ctx, feed, await ctx.feedSchedule.currentIntervalSecs(feed), polledAt);
    if (barrier) return barrier;
    const result = await pollFeed(feed, { policy: ctx.fetchPolicy, status: ctx.feedStatus, clock: ctx.clock, log, feedDocuments: ctx.feedDocuments });
    const failed = result.items.length === 0 && !result.notModified && result.errors.length > 0;
    // pollFeed has already logged a failed fetch once; here only item-level problems of a good poll.
    if (failed) {
      metrics().fetchErrors.inc({ feed: feedLabel(feedId), reason: fetchErrorReason(result.errors[0] ?? '') });
      return { failed: result.errors[0] };
    }
    metrics().itemsPolled.inc({ feed: feedId }, result.items.length);
    await reportItemWarnings(ctx.redis, ctx.prefix, feedId, result.warnings, log, (cause, n) => metrics().itemWarnings.inc({ feed: feedLabel(feedId), cause }, n));
    const queued = (await enqueueNewItems(ctx, result.items)).length;
    const intervalSecs = await reschedule(ctx, feed, result, polledAt);
    log.info({ items: result.items.length, queued, notModified: result.notModified, intervalSecs }, 'Feed polled.');
    return { items: result.items.length, queued };
  },
};
