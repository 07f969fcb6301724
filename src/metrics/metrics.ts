import type { Queue } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Pipeline stages an item passes through, in order; one counter labels them all. */
export const ITEM_STAGES = ['polled', 'fetched', 'extracted', 'matched'] as const;
export type ItemStage = (typeof ITEM_STAGES)[number];

/** Job states reported as queue depth (what an operator watches for a stuck pipeline). */
export const QUEUE_STATES = ['wait', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

/** Outcomes a delivery can have; "accepted" is a 202 that does not prove the message was posted. */
export type DeliveryOutcome = 'delivered' | 'accepted' | 'retry' | 'failed' | 'dead-lettered' | 'silenced' | 'skipped';

/** Counter bound to one stage, so callers write `metrics.itemsPolled.inc({ feed })`. */
export interface FeedCounter {
  inc(labels: { feed: string }, value?: number): void;
}

export interface Metrics {
  /** This process's registry (never prom-client's global one, so tests get their own). */
  readonly registry: Registry;
  readonly itemsPolled: FeedCounter;
  readonly itemsFetched: FeedCounter;
  readonly itemsExtracted: FeedCounter;
  readonly itemsMatched: FeedCounter;
  /** Seconds one job of a stage took: `metrics.stageLatency.observe({ stage: 'fetch' }, 0.42)` or `startTimer({stage})()`. */
  readonly stageLatency: Histogram<'stage'>;
  readonly alertsRaised: Counter<'indicator' | 'severity'>;
  readonly deliveries: Counter<'receiver' | 'outcome'>;
  readonly fetchErrors: Counter<'feed' | 'reason'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** Console and API requests, by route template (bounded), method and status class. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  /** Queues whose job counts are read from Redis at each scrape. */
  watchQueues(queues: Iterable<Queue>): void;
  /** Prometheus text exposition of everything in the registry. */
  render(): Promise<string>;
  readonly contentType: string;
}

function stageCounter(counter: Counter<'feed' | 'stage'>, stage: ItemStage): FeedCounter {
  return { inc: ({ feed }, value = 1) => counter.inc({ feed: feedLabel(feed), stage }, value) };
}

/** Reads job counts on scrape: a depth gauge updated by workers would be stale when they are stuck. */
async function collectQueueDepth(gauge: Gauge<'queue' | 'state'>, queues: readonly Queue[]): Promise<void> {
  gauge.reset();
  for (const queue of queues) {
    try {
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) gauge.set({ queue: queue.name, state }, counts[state] ?? 0);
    } catch {
      // Redis unreachable: leave the queue out; /readyz reports the outage.
    }
  }
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sahelwatch_' });
  const registers = [registry];
  const items = new Counter({
    name: 'sahelwatch_items_total',
    help: 'Items that passed a pipeline stage, per feed and stage (polled, fetched, extracted, matched).',
    labelNames: ['feed', 'stage'] as const,
    registers,
  });
  const queues: Queue[] = [];
  const queueDepth = new Gauge({
    name: 'sahelwatch_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      await collectQueueDepth(this, queues);
    },
  });
  return {
    registry,
    itemsPolled: stageCounter(items, 'polled'),
    itemsFetched: stageCounter(items, 'fetched'),
    itemsExtracted: stageCounter(items, 'extracted'),
    itemsMatched: stageCounter(items, 'matched'),
    stageLatency: new Histogram({
      name: 'sahelwatch_stage_duration_seconds',
      help: 'Time one job of a stage took, in seconds.',
      labelNames: ['stage'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    alertsRaised: new Counter({
      name: 'sahelwatch_alerts_raised_total',
      help: 'Alert versions raised, by indicator and severity.',
      labelNames: ['indicator', 'severity'] as const,
      registers,
    }),
    deliveries: new Counter({
      name: 'sahelwatch_deliveries_total',
      help: 'Delivery attempts by receiver and outcome.',
      labelNames: ['receiver', 'outcome'] as const,
      registers,
    }),
    fetchErrors: new Counter({
      name: 'sahelwatch_fetch_errors_total',
      help: 'Failed feed polls and page fetches, by feed and reason (timeout, http_4xx, refused, unreadable, too_short, paywalled, ...); replayed sources count as feed="replay".',
      labelNames: ['feed', 'reason'] as const,
      registers,
    }),
    queueDepth,
    httpRequests: new Counter({
      name: 'sahelwatch_http_requests_total',
      help: 'HTTP requests to the console and API, by route template, method and status class (2xx, 4xx, ...).',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    watchQueues(more) {
      for (const queue of more) if (!queues.includes(queue)) queues.push(queue);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/**
 * The `feed` label of a feed id. Items pushed by `sahelwatch replay` carry `replay_<hash of the
 * source>`, one id per file or URL replayed: as labels they would grow the series without bound on
 * a service that picks up replays, so they are all counted under `replay`.
 */
export function feedLabel(feedId: string): string {
  return feedId.startsWith('replay_') ? 'replay' : feedId;
}

let processMetrics: Metrics | undefined;

/** The metrics of this process: stage code increments these, the HTTP server exposes them. */
export function metrics(): Metrics {
  processMetrics ??= createMetrics();
  return processMetrics;
}
