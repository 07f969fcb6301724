import type { FastifyInstance } from 'fastify';
import type { FeedStatus } from '../../feeds/feed-status.js';
import type { FeedConfig } from '../../feeds/sources/index.js';
import { QUEUE_NAMES } from '../../queue/queues.js';
import type { ConsoleContext } from '../deps.js';
import { indicatorSummaries } from '../alert-queries.js';
import { timeline } from '../timeline.js';
import type { RouteDeps } from '../deps.js';
import { HttpError, parseInput } from '../errors.js';
import { receiverHealth } from '../deadletters.js';
import { countryOutlines, indicatorRegions } from '../geo.js';
import { TimelineQuerySchema } from '../../record/timeline-query.js';
import { DeadLetterParamsSchema, NoQuerySchema, StoriesQuerySchema, StoryIdParamsSchema } from '../schemas.js';
import { getStory, listStories } from '../stories.js';

const PING_TIMEOUT_MS = 1500;

async function redisReachable(ctx: ConsoleContext): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, PING_TIMEOUT_MS, false).unref());
  const ping = ctx.redis.ping().then((r) => r === 'PONG', () => false);
  return Promise.race([ping, timeout]);
}

/**
 * A feed is stale when nothing succeeded for three of its intervals: the
 * operator's first warning. Disabled: its URL answered 410 Gone (`disabled` says so).
 */
function feedHealth(status: { lastSuccess?: string; consecutiveFailures: number; disabled?: string; disabledUrl?: string } | undefined, intervalSecs: number, now: number, url?: string): string {
  if (status?.disabled && (url === undefined || status.disabledUrl === url)) return 'disabled';
  if (!status?.lastSuccess) return status && status.consecutiveFailures > 0 ? 'failing' : 'never-polled';
  if (status.consecutiveFailures >= 3) return 'failing';
  return now - Date.parse(status.lastSuccess) > 3 * intervalSecs * 1000 ? 'stale' : 'ok';
}

const DEFAULT_INTERVAL_SECS = 900;

/** Poll status without the conditional-GET validators (internal, and noise to an operator). */
function shownStatus(status: FeedStatus | undefined, feedId: string) {
  const { etag: _etag, lastModified: _lastModified, ...shown } = status ?? { feedId, consecutiveFailures: 0, itemsSeen: 0, lastItemCount: 0 };
  return shown;
}

/** The interval a feed is polled at now and why (`pollIntervalReason`); its configured one before its first poll. */
async function pollSchedule(ctx: ConsoleContext, feed: FeedConfig): Promise<{ pollIntervalSecs: number; pollIntervalReason: string }> {
  const decision = await ctx.feedSchedule.decision(feed.id);
  return decision ? { pollIntervalSecs: decision.intervalSecs, pollIntervalReason: decision.reason } : { pollIntervalSecs: feed.interval_secs, pollIntervalReason: 'configured interval (not polled yet)' };
}

export function registerOperationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx } = deps;

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const checks = {
      redis: await redisReachable(ctx),
      indicators: ctx.indicators.current().indicators.length > 0,
      scheduler: deps.readiness().scheduler,
    };
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.render();
    return reply.header('content-type', deps.metrics.contentType).send(body);
  });

  app.get('/api/feeds', async (request) => {
    parseInput(NoQuerySchema, request.query, 'filter');
    const statuses = new Map((await ctx.feedStatus.list()).map((s) => [s.feedId, s]));
    const now = ctx.clock.now();
    const configured = await Promise.all(
      [...ctx.feeds.values()].map(async (feed) => {
        const status = statuses.get(feed.id);
        const shown = { ...shownStatus(status, feed.id), id: feed.id, name: feed.name ?? feed.id, url: feed.url, type: feed.type, intervalSecs: feed.interval_secs };
        return { ...shown, ...(await pollSchedule(ctx, feed)), configured: true, health: feedHealth(status, feed.interval_secs, now, feed.url) };
      }),
    );
    // Feeds polled by replays or removed from the config still have status worth seeing.
    const others = [...statuses.values()]
      .filter((s) => !ctx.feeds.has(s.feedId))
      .map((s) => ({ ...shownStatus(s, s.feedId), id: s.feedId, name: s.feedId, configured: false, health: feedHealth(s, DEFAULT_INTERVAL_SECS, now) }));
    return { feeds: [...configured, ...others] };
  });

  app.get('/api/queues', async () => {
    const queues = await Promise.all(
      QUEUE_NAMES.map(async (name) => ({ name, counts: await ctx.queues[name].getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed', 'completed') })),
    );
    return { queues };
  });

  app.get('/api/indicators', async (request) => {
    parseInput(NoQuerySchema, request.query, 'filter');
    return { indicators: await indicatorSummaries(ctx.alerts, ctx.indicators.current().indicators, ctx.clock.now()) };
  });

  app.get('/api/timeline', async (request) => timeline(ctx, parseInput(TimelineQuerySchema, request.query, 'filter')));

  app.get('/api/stories', async (request) => {
    const { limit } = parseInput(StoriesQuerySchema, request.query, 'filter');
    return { stories: await listStories(ctx, limit) };
  });

  app.get('/api/stories/:id', async (request) => {
    const { id } = parseInput(StoryIdParamsSchema, request.params, 'story id');
    const story = await getStory(ctx, id);
    if (!story) throw new HttpError(404, `no story ${id}`);
    return { story };
  });

  app.get('/api/regions', async () => indicatorRegions(ctx.indicators.dir));
  app.get('/api/outlines', async (_request, reply) => reply.header('cache-control', 'max-age=86400').send(countryOutlines()));

  app.get('/api/deadletters', async (request) => {
    const { limit } = parseInput(StoriesQuerySchema, request.query, 'filter');
    // The receivers' circuit state beside the letters: a parked receiver explains a run of them.
    const [deadletters, receivers] = await Promise.all([deps.deadLetters.list(limit), receiverHealth(ctx)]);
    return { deadletters, receivers };
  });

  app.get('/api/receivers', async (request) => {
    parseInput(NoQuerySchema, request.query, 'filter');
    return { receivers: await receiverHealth(ctx) };
  });

  app.post('/api/deadletters/:id/retry', async (request) => {
    const { id } = parseInput(DeadLetterParamsSchema, request.params, 'dead-letter id');
    if (!(await deps.deadLetters.retry(id))) throw new HttpError(404, `no dead letter ${id}`);
    return { retried: id };
  });
}
