import { EventEmitter } from 'node:events';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { stageWorkers } from '../../workers/index.js';
import { expireQuietAlerts } from '../alerts/expiry.js';
import { notifyContext, notifyResolved } from '../delivery/pipeline.js';
import { SilenceStore } from '../alerts/silences.js';
import { AlertStore } from '../alerts/store.js';
import { PAGE_TASK, PageReader } from '../articles/page-reader.js';
import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { type Logger, registerSecret } from '../core/log.js';
import { ThreadPool } from '../core/thread-pool.js';
import { registerDeliverySecrets } from '../delivery/config.js';
import { scheduleDigests } from '../delivery/digest.js';
import { unconfiguredReceivers } from '../delivery/route.js';
import { StoryEventStore } from '../events/story-event.js';
import { defaultGazetteer } from '../extraction/gazetteer.js';
import { FEED_TASK, FeedReader } from '../feeds/feed-reader.js';
import { FeedStatusStore } from '../feeds/feed-status.js';
import { FeedScheduleStore } from '../feeds/poll-schedule.js';
import { loadIndicators } from '../matching/indicators.js';
import { httpAuthFromEnv } from '../http/config.js';
import { metrics } from '../metrics/metrics.js';
import { closeQueues, openQueues, type QueueName } from '../queue/queues.js';
import { checkRedisPolicy, connectRedis, ensureRedis } from '../queue/redis.js';
import type { RecordStore } from '../record/store.js';
import { StoryStore } from '../stories/cluster.js';
import type { PipelineEvents, StageContext } from '../pipeline/context.js';
import { IndicatorSet } from '../pipeline/indicator-set.js';
import { scheduleFeeds } from './scheduler.js';
import { evaluateSilences } from '../pipeline/silences.js';
import { evaluateTrends } from '../pipeline/trends.js';
import { collectStartupGarbage } from '../core/startup-garbage.js';

/** What `start --only` can name: every queue stage, the feed and digest scheduler, and the HTTP console. */
export const ROLES = ['scheduler', 'poll', 'fetch', 'analyze', 'deliver', 'digest', 'http'] as const;
export type Role = (typeof ROLES)[number];

export interface ServiceOptions {
  roles?: readonly Role[];
  log: Logger;
  clock?: Clock;
  /** Start a private redis-server when none answers (the CLI does; tests do not). */
  autoStartRedis?: boolean;
  watchIndicators?: boolean;
  /**
   * Queues under this BullMQ prefix instead of the stores' (a replay's own run
   * namespace: no other process's workers take its jobs, and it waits for its own).
   */
  queuePrefix?: string;
}

export interface Service {
  ctx: StageContext;
  workers: Worker[];
  /** The console's URL when the `http` role runs. */
  httpUrl?: string;
  close(): Promise<void>;
}

export async function buildContext(config: Config, log: Logger, clock: Clock = systemClock, queuePrefix?: string, record?: RecordStore): Promise<StageContext> {
  const prefix = config.redis.prefix;
  const redis = connectRedis(config.redis.url, log);
  await checkRedisPolicy(redis, log);
  const stories = new StoryStore(redis, prefix, config.stories, clock, config.sources);
  const alerts = new AlertStore(redis, prefix, { retention_days: config.delivery.retention_days }, clock);
  if (record) alerts.onSaved = (alert) => record.saveAlert(alert);
  // One pool for pages and feed documents: one thread (~50 MB under load) serves both stages, where a pool
  // each would keep a second one loaded whenever polls come more often than its 60 s idle stop.
  // No thread starts until the first task: a process without the fetch or poll role never starts one.
  const parsing = new ThreadPool({ tasks: { ...PAGE_TASK, ...FEED_TASK }, threads: config.pages.threads });
  return {
    prefix,
    redis,
    queues: openQueues(redis, queuePrefix ?? prefix),
    ...(queuePrefix ? { queuePrefix } : {}),
    log,
    clock,
    feeds: new Map(config.feeds.map((f) => [f.id, f])),
    fetchPolicy: config.fetch,
    pages: new PageReader(config.pages, parsing),
    feedDocuments: new FeedReader(config.feed_documents, parsing),
    feedStatus: new FeedStatusStore(redis, prefix),
    feedSchedule: new FeedScheduleStore(redis, prefix, config.feeds_schedule),
    stories,
    storyEvents: new StoryEventStore(redis, prefix, stories),
    alerts,
    ...(record ? { record } : {}),
    silences: new SilenceStore(redis, prefix, clock),
    indicators: new IndicatorSet(config.indicators.dir, log),
    delivery: config.delivery,
    events: new EventEmitter<PipelineEvents>(),
  };
}

/** The stage's processor, timed into the stage latency histogram. */
function timed(queue: QueueName, processor: (job: Job) => Promise<unknown>) {
  return async (job: Job) => {
    const stop = metrics().stageLatency.startTimer({ stage: queue });
    try {
      return await processor(job);
    } finally {
      stop();
    }
  };
}

function startWorker(ctx: StageContext, queue: QueueName, config: Config['workers'], redis: Redis): Worker {
  const stage = stageWorkers.find((w) => w.queue === queue);
  if (!stage) throw new Error(`no worker registered for queue ${queue}`);
  const worker = new Worker(queue, timed(queue, stage.create(ctx)), {
    connection: redis,
    prefix: ctx.queuePrefix ?? ctx.prefix,
    concurrency: config[queue],
    maxStalledCount: 2,
    lockDuration: config.lock_duration_ms,
    // Check for stalled jobs as often as a lock can expire, so a killed worker's jobs move on promptly.
    stalledInterval: config.lock_duration_ms,
  });
  worker.on('failed', (job, err) => {
    ctx.log.warn({ stage: queue, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'Job failed.');
  });
  worker.on('completed', (job) => ctx.events.emit('settled', { queue, jobId: String(job.id) }));
  worker.on('stalled', (jobId) => ctx.log.warn({ stage: queue, jobId }, 'Job stalled; it will be retried.'));
  worker.on('error', (err) => ctx.log.warn({ stage: queue, err: err.message }, 'Worker error.'));
  return worker;
}

/**
 * The console is a convenience, not the pipeline: if its port is taken (a second
 * process on the same machine), say so and keep the workers running.
 */
async function startConsole(ctx: StageContext, config: Config, schedulerReady: () => boolean) {
  const auth = httpAuthFromEnv(process.env);
  registerSecret(auth?.bearer_token);
  registerSecret(auth?.basic?.password);
  try {
    const options = { port: config.http.port, host: config.http.host, bodyLimit: config.http.body_limit_bytes, auth };
    // Loaded only by a process that serves the console: fastify and bull-board cost a worker ~30 MB it never uses.
    const { startHttpServer } = await import('../http/server.js');
    return await startHttpServer(ctx, { ...options, readiness: () => ({ scheduler: schedulerReady() }) });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${config.http.port} is in use` : (err as Error).message;
    ctx.log.error({ host: config.http.host, port: config.http.port }, `Console not started: ${reason}. Set http.port, or leave out the http role with --only.`);
    return undefined;
  }
}

const EXPIRY_SWEEP_MS = 15 * 60_000;
const TREND_SWEEP_MS = 15 * 60_000;

/** Runs a sweep now and every `ms` after, without keeping the process alive for it. */
function repeat(ms: number, sweep: () => Promise<unknown>): NodeJS.Timeout {
  void sweep();
  const timer = setInterval(sweep, ms);
  timer.unref();
  return timer;
}
const RETENTION_SWEEP_MS = 60 * 60_000;
const STARTUP_GARBAGE_DELAY_MS = 10_000;

/** Deletes records past their kind's retention now and hourly; nothing to do (no timer) when every kind is kept forever. */
function startRecordRetention(ctx: StageContext, retention: Config['database']['retention_days']): NodeJS.Timeout | undefined {
  const { record } = ctx;
  if (!record || Object.values(retention).every((days) => days === undefined)) return undefined;
  const sweep = () =>
    record
      .prune(retention, ctx.clock.now())
      .then((deleted) => Object.values(deleted).some((n) => n > 0) && ctx.log.info({ deleted }, 'Records past their retention deleted.'))
      .catch((err: Error) => ctx.log.warn({ err: err.message }, 'Record retention sweep failed; will retry.'));
  return repeat(RETENTION_SWEEP_MS, sweep);
}

/** The record when the config keeps one; its password is a secret like Redis's. */
async function openConfiguredRecord(config: Config): Promise<RecordStore | undefined> {
  if (!config.database.enabled) return undefined;
  if (config.database.url?.includes('://') && config.database.url !== 'memory://') registerSecret(new URL(config.database.url).password);
  // Loaded only by a process that keeps a record: the query builder and the drivers cost the others memory they never use.
  const { openRecord } = await import('../record/open.js');
  return openRecord(config.database);
}

/** Marks quiet alerts expired now and every 15 minutes (idempotent, so any number of schedulers may run it). */
function startAlertExpiry(ctx: StageContext, quietDays: number): NodeJS.Timeout {
  const sweep = () =>
    expireQuietAlerts(ctx.alerts, ctx.clock.now(), quietDays, async (alert) => void (await notifyResolved(notifyContext(ctx), alert, ctx.log)))
      .then((n) => n > 0 && ctx.log.info({ expired: n }, 'Quiet alerts marked expired.'))
      .catch((err: Error) => ctx.log.warn({ err: err.message }, 'Alert expiry sweep failed; will retry.'));
  return repeat(EXPIRY_SWEEP_MS, sweep);
}

/**
 * Evaluates the trend and silence indicators over the record now and every 15
 * minutes, reading the indicator folder each time (a file edited or added
 * takes effect at the next sweep). Idempotent, like the expiry sweep.
 */
function startTrendChecks(ctx: StageContext): NodeJS.Timeout | undefined {
  if (!ctx.record) return undefined;
  const sweep = async () => {
    const { trends, silences } = loadIndicators(ctx.indicators.dir);
    if (trends.length > 0) await evaluateTrends(ctx, trends, ctx.clock.now(), ctx.log).catch((err: Error) => ctx.log.warn({ err: err.message }, 'Trend indicator sweep failed; will retry.'));
    if (silences.length > 0) await evaluateSilences(ctx, silences, ctx.clock.now(), ctx.log).catch((err: Error) => ctx.log.warn({ err: err.message }, 'Silence indicator sweep failed; will retry.'));
  };
  return repeat(TREND_SWEEP_MS, sweep);
}

/** Scheduler and the selected stage workers in one process, sharing one Redis with any others. */
export async function startService(config: Config, options: ServiceOptions): Promise<Service> {
  const { log } = options;
  const roles = new Set(options.roles ?? ROLES);
  registerSecret(new URL(config.redis.url).password);
  registerDeliverySecrets(config.delivery);
  if (options.autoStartRedis) await ensureRedis(config.redis.url, log);
  const record = await openConfiguredRecord(config);
  const ctx = await buildContext(config, log, options.clock, options.queuePrefix, record).catch(async (err) => {
    await record?.close();
    throw err;
  });
  for (const { indicator, receiver } of unconfiguredReceivers(ctx.indicators.current().indicators, config.delivery.receivers)) {
    log.warn({ indicator, receiver }, `Indicator ${indicator} names receiver "${receiver}", which is not configured; its alerts follow the routing tree only.`);
  }
  if (options.watchIndicators ?? config.indicators.hot_reload) ctx.indicators.watch();
  // Built here (~0.3 s) rather than on the first article, which would otherwise wait for it; a broken data file stops startup.
  if (roles.has('analyze')) defaultGazetteer();
  // A parse thread loads its parsers in the background (~0.5 s); one that cannot start says so now, not at the first page or poll.
  if (roles.has('fetch') || roles.has('poll')) {
    ctx.pages.warm().catch((err: Error) => log.error({ err: err.message }, `Parse threads could not start: ${err.message}. Article pages will keep their feed summaries; feed polls will fail.`));
  }
  // Workers get their own connection: blocking commands must not queue behind the stores' traffic.
  const workerRedis = connectRedis(config.redis.url, log);
  const workers = stageWorkers
    .filter((w) => roles.has(w.queue as Role))
    .map((w) => startWorker(ctx, w.queue, config.workers, workerRedis));
  let expiryTimer: NodeJS.Timeout | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let trendTimer: NodeJS.Timeout | undefined;
  // A process without the scheduler role is ready without one: another process schedules.
  let scheduled = !roles.has('scheduler');
  if (roles.has('scheduler')) {
    await scheduleFeeds(ctx.queues.poll, config.feeds, log, ctx.feedSchedule);
    await scheduleDigests(ctx.queues.digest, config.delivery, { redis: ctx.redis, prefix: ctx.prefix, clock: ctx.clock });
    expiryTimer = startAlertExpiry(ctx, config.alerts.expire_after_days);
    retentionTimer = startRecordRetention(ctx, config.database.retention_days);
    trendTimer = startTrendChecks(ctx);
    scheduled = true;
  }
  const http = roles.has('http') ? await startConsole(ctx, config, () => scheduled) : undefined;
  const service: Service = {
    ctx,
    workers,
    httpUrl: http?.url,
    async close() {
      clearInterval(expiryTimer);
      clearInterval(retentionTimer);
      clearInterval(trendTimer);
      await http?.close();
      await Promise.all(workers.map((w) => w.close()));
      await ctx.pages.close(); // the parse pool, feed documents' too
      ctx.indicators.close();
      await closeQueues(ctx.queues);
      workerRedis.disconnect();
      ctx.redis.disconnect();
      await record?.close();
    },
  };
  // A console that did not start is not a role this process runs: never report it as running.
  const running = [...roles].filter((role) => role !== 'http' || http);
  if (running.length === 0) {
    await service.close();
    throw new ConsoleUnavailableError(`the console could not listen on ${config.http.host}:${config.http.port} and it was the only role asked for; nothing is running`);
  }
  log.info({ roles: running, prefix: ctx.prefix, record: record?.backend ?? 'off', console: http?.url, ...(roles.has('http') && !http ? { notRunning: ['http'] } : {}) }, 'sahelwatch running.');
  // After the first polls have started: return what startup left behind (one pause of ~0.1 s).
  setTimeout(collectStartupGarbage, STARTUP_GARBAGE_DELAY_MS).unref();
  return service;
}

export class ConsoleUnavailableError extends Error {}
