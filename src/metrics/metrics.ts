import { createHistogram, performance } from 'node:perf_hooks';
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
  /** Seconds from a report's publication (its feed date, else when first seen) to the alert it raised. */
  readonly publicationToAlert: Histogram<'feed'>;
  /** Seconds from a report's first appearance in its polled feed to the alert it raised. */
  readonly firstSeenToAlert: Histogram<'feed'>;
  readonly deliveries: Counter<'receiver' | 'outcome'>;
  readonly fetchErrors: Counter<'feed' | 'reason'>;
  /** Item-level problems of good polls (duplicate GUID, bad date, …), each counted; logged once per feed and cause a day. */
  readonly itemWarnings: Counter<'feed' | 'cause'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** Console and API requests, by route template (bounded), method and status class. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  /** Queues whose job counts are read from Redis at each scrape. */
  watchQueues(queues: Iterable<Queue>): void;
  /** Where each scrape reads the receivers' circuit breakers and in-flight sends (Redis, shared by every process). */
  watchReceivers(read: () => Promise<ReceiverGaugeReading[]>): void;
  /** Prometheus text exposition of everything in the registry. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Report → alert delays: seconds of pipeline, minutes of polling, hours of a slow or backdated feed. */
const DELAY_BUCKETS_SECS = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 21_600, 86_400];

/** Records how long after publication and after first sight a report raised an alert (clock skew clamps to 0). */
export function observeAlertDelay(article: { feedId: string; published: string; firstSeen?: string }, raisedAt: number): void {
  const since = (iso: string | undefined) => (iso && Number.isFinite(Date.parse(iso)) ? Math.max(0, (raisedAt - Date.parse(iso)) / 1000) : undefined);
  const feed = feedLabel(article.feedId);
  const published = since(article.published);
  if (published !== undefined) metrics().publicationToAlert.observe({ feed }, published);
  const firstSeen = since(article.firstSeen);
  if (firstSeen !== undefined) metrics().firstSeenToAlert.observe({ feed }, firstSeen);
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

/**
 * Event-loop delay since the previous scrape: the figure that shows a job
 * blocking the process (issue 19: p99 ≤ 200 ms under hostile input). A 10 ms
 * timer records how late it fires into a perf_hooks histogram, as
 * monitorEventLoopDelay does; its own histogram is not used because on Node 20
 * its reset() forgets the previous tick, so a stall right after a scrape went
 * unrecorded. Reset at each scrape: a spike shows once, then clears.
 */
function registerEventLoopDelay(registers: Registry[]): void {
  const RESOLUTION_MS = 10;
  const histogram = createHistogram();
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    histogram.record(Math.max(1, Math.round((now - last - RESOLUTION_MS) * 1e6)));
    last = now;
  }, RESOLUTION_MS);
  timer.unref();
  const seconds = (ns: number) => (histogram.count > 0 && Number.isFinite(ns) ? ns / 1e9 : 0);
  let max = 0;
  // Registered before the max gauge: a registry collects in order, and this synchronous collect reads and resets both.
  new Gauge({
    name: 'sahelwatch_event_loop_delay_p99_seconds',
    help: 'Event-loop delay p99 since the previous scrape, in seconds (perf_hooks histogram of a 10 ms timer lateness).',
    registers,
    collect() {
      this.set(seconds(histogram.percentile(99)));
      max = seconds(histogram.max);
      histogram.reset();
    },
  });
  new Gauge({
    name: 'sahelwatch_event_loop_delay_max_seconds',
    help: 'Longest event-loop delay since the previous scrape, in seconds.',
    registers,
    collect() {
      this.set(max);
    },
  });
}

/** What the receiver gauges show of a receiver's health (delivery's ReceiverHealth has these fields; metrics does not import delivery). */
export interface ReceiverGaugeReading {
  receiver: string;
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  inFlight: number;
}

/** Numeric circuit state for /metrics: 0 closed, 1 half-open (probing), 2 open (parked). */
function circuitStateValue(state: ReceiverGaugeReading['state']): number {
  return state === 'closed' ? 0 : state === 'half-open' ? 1 : 2;
}

/** Per-receiver circuit state, consecutive failures and open sends, read from Redis once per scrape. */
function registerReceiverGauges(registers: Registry[], sources: Array<() => Promise<ReceiverGaugeReading[]>>): void {
  let pending: Promise<ReceiverGaugeReading[]> | undefined;
  // The three gauges share one read per scrape.
  const read = () => {
    pending ??= Promise.all(sources.map((source) => source().catch(() => [] as ReceiverGaugeReading[])))
      .then((lists) => lists.flat())
      .finally(() => setTimeout(() => (pending = undefined), 500).unref());
    return pending;
  };
  const gauge = (name: string, help: string, value: (r: ReceiverGaugeReading) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['receiver'] as const,
      registers,
      async collect() {
        this.reset();
        for (const r of await read()) this.set({ receiver: r.receiver }, value(r));
      },
    });
  gauge('sahelwatch_receiver_circuit_state', 'Circuit breaker per receiver: 0 closed, 1 half-open (being probed), 2 open (parked after consecutive failures).', (r) => circuitStateValue(r.state));
  gauge('sahelwatch_receiver_consecutive_failures', 'Consecutive failed sends per receiver (0 after a success).', (r) => r.consecutiveFailures);
  gauge('sahelwatch_receiver_in_flight', 'Sends open to each receiver right now, across every process.', (r) => r.inFlight);
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
  registerEventLoopDelay(registers);
  const receiverSources: Array<() => Promise<ReceiverGaugeReading[]>> = [];
  registerReceiverGauges(registers, receiverSources);
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
    publicationToAlert: new Histogram({
      name: 'sahelwatch_publication_to_alert_seconds',
      help: 'Seconds from a report being published (its feed date, else when it was first seen in its feed) to the alert it raised, by feed.',
      labelNames: ['feed'] as const,
      buckets: DELAY_BUCKETS_SECS,
      registers,
    }),
    firstSeenToAlert: new Histogram({
      name: 'sahelwatch_first_seen_to_alert_seconds',
      help: 'Seconds from a report first appearing in a poll of its feed to the alert it raised, by feed (the pipeline alone, without the polling delay).',
      labelNames: ['feed'] as const,
      buckets: DELAY_BUCKETS_SECS,
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
      help: 'Failed feed polls and page fetches, by feed and reason (timeout, http_4xx, refused, unreadable, too_short, paywalled, parse_budget: page or feed parsing stopped at its time budget, ...); replayed sources count as feed="replay".',
      labelNames: ['feed', 'reason'] as const,
      registers,
    }),
    itemWarnings: new Counter({
      name: 'sahelwatch_feed_item_warnings_total',
      help: 'Items of good polls dropped or changed, by feed and cause (duplicate-guid, no-link, bad-date, markup-refused, invalid-item, over-item-cap, source); logged once per feed and cause a day.',
      labelNames: ['feed', 'cause'] as const,
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
    watchReceivers(read) {
      receiverSources.push(read);
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
