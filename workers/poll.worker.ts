import { PollJobSchema } from '../src/queue/queues.js';
import type { StageContext } from '../src/pipeline/context.js';
import { reportItemWarnings } from '../src/feeds/item-warnings.js';
import { pollFeed } from '../src/feeds/poll-feed.js';
import { enqueueNewItems } from '../src/pipeline/ingest.js';
import { feedLabel, metrics } from '../src/metrics/metrics.js';
import type { StageWorker } from './worker.js';

/**
 * Two service processes may both hold a scheduler for the same feed, and a
 * fresh start polls at once and then again at the schedule's next tick, which
 * may be seconds later. A poll therefore claims the feed for 90% of its
 * interval (the rest absorbs a late-firing scheduled job): polls of one feed
 * are never closer than that, whoever runs them.
 */
async function claimPoll(ctx: StageContext, feedId: string, intervalMs: number): Promise<boolean> {
  const ok = await ctx.redis.set(`${ctx.prefix}:poll-claim:${feedId}`, '1', 'PX', Math.floor(intervalMs * 0.9), 'NX');
  return ok === 'OK';
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
    if (!(await claimPoll(ctx, feedId, feed.interval_secs * 1000))) return { skipped: 'polled-recently' };
    const waitMs = await ctx.feedStatus.backoffRemainingMs(feedId, ctx.clock.now());
    if (waitMs > 0) return { skipped: 'backoff', waitMs };
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
    log.info({ items: result.items.length, queued, notModified: result.notModified }, 'Feed polled.');
    return { items: result.items.length, queued };
  },
};
