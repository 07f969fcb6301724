import { EventEmitter } from 'node:events';
import { SilenceStore } from '../../src/alerts/silences.js';
import { PageReader } from '../../src/articles/page-reader.js';
import { AlertStore } from '../../src/alerts/store.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/log.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { StoryEventStore } from '../../src/events/story-event.js';
import { FeedReader } from '../../src/feeds/feed-reader.js';
import { FeedStatusStore } from '../../src/feeds/feed-status.js';
import { FeedScheduleStore } from '../../src/feeds/poll-schedule.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../../src/http/server.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import { closeQueues, openQueues } from '../../src/queue/queues.js';
import type { ConsoleContext } from '../../src/http/deps.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { IndicatorSet } from '../../src/pipeline/indicator-set.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

export const TEST_FEEDS = [
  FeedConfigSchema.parse({ type: 'rss', id: 'sahel-daily', url: 'https://news.example.org/feed.xml', name: 'Sahel Daily' }),
  FeedConfigSchema.parse({ type: 'rss', id: 'quiet-wire', url: 'https://wire.example.org/rss', name: 'Quiet Wire' }),
];

export interface TestConsole {
  ctx: StageContext;
  server: HttpServer;
  metrics: Metrics;
  /** Toggles what /readyz reports for the scheduler. */
  scheduler: { running: boolean };
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The console's context alone: real Redis, real stores and the shipped indicators under a fresh key prefix; no fetcher, no parse threads. */
export function testConsoleContext(area: string): ConsoleContext {
  const prefix = uniquePrefix(area);
  const redis = testRedis();
  const clock = systemClock;
  const log = createLogger({ level: 'silent' });
  const stories = new StoryStore(redis, prefix, {}, clock);
  return {
    prefix,
    redis,
    queues: openQueues(redis, prefix),
    log,
    clock,
    feeds: new Map(TEST_FEEDS.map((f) => [f.id, f])),
    feedStatus: new FeedStatusStore(redis, prefix),
    feedSchedule: new FeedScheduleStore(redis, prefix),
    stories,
    storyEvents: new StoryEventStore(redis, prefix, stories),
    alerts: new AlertStore(redis, prefix, { retention_days: 30 }, clock),
    silences: new SilenceStore(redis, prefix, clock),
    indicators: new IndicatorSet('indicators', log),
    delivery: DeliveryConfigSchema.parse({}),
  };
}

/** A real pipeline context: the console's, plus the fetcher's policy, the parse threads and the events analysis emits. */
export function testContext(area: string): StageContext {
  return {
    ...testConsoleContext(area),
    fetchPolicy: FetchPolicySchema.parse({}),
    pages: new PageReader(),
    feedDocuments: new FeedReader(),
    events: new EventEmitter(),
  };
}

/** Closes what testContext opened and deletes its keys. */
export async function closeTestContext(ctx: StageContext): Promise<void> {
  await closeQueues(ctx.queues);
  await ctx.pages.close();
  await deletePrefix(ctx.prefix);
  ctx.redis.disconnect();
}

export async function startTestConsole(area: string, options: Partial<HttpServerOptions> = {}): Promise<TestConsole> {
  const ctx = testContext(area);
  const scheduler = { running: true };
  const metrics = createMetrics({ defaultMetrics: false });
  const server = await startHttpServer(ctx, { port: 0, host: '127.0.0.1', readiness: () => ({ scheduler: scheduler.running }), metrics, ...options });
  return {
    ctx,
    server,
    metrics,
    scheduler,
    api: (path, init) => fetch(`${server.url}${path}`, init),
    async close() {
      await within('closing the HTTP server', server.close());
      await within('closing the queues', closeQueues(ctx.queues));
      await within('stopping the page threads', ctx.pages.close());
      await within('stopping the feed threads', ctx.feedDocuments.close());
      ctx.redis.disconnect();
      await within(`deleting the keys under ${ctx.prefix}`, deletePrefix(ctx.prefix));
    },
  };
}

/** A teardown step that hangs fails naming itself, instead of as an anonymous hook timeout. */
async function within<T>(step: string, work: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test console teardown: ${step} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
