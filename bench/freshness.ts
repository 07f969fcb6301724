/**
 * Freshness (issue 16): how long after an item appears in its feed the poll
 * that first sees it comes, for the adaptive schedule and the fixed-interval one
 * in the same run, and the most requests any one host gets in a minute.
 *
 * Local feed servers on 127.0.0.1 (one port per host) publish on an irregular
 * schedule: Poisson arrivals whose rate follows the day (busy by day, quiet at
 * night), five feeds from ~3 to ~48 items a day, two of them on one host. The
 * real poll worker (claim, backoff, skip window, host turn, conditional GET,
 * parse thread, first-seen, arrivals, decision) runs on real Redis under a
 * ManualClock; the bench plays BullMQ's scheduler (it schedules nothing in
 * BullMQ, so the worker has no scheduler to move), firing each feed's
 * ticks where its job scheduler would (every `interval` at its offset, realigned
 * when the interval changes) and the host-wait polls the worker queues, so a
 * simulated day takes seconds. Detection = the first response that lists the item.
 *
 *   npm run bench freshness -- --days 2 --seed 3
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { pollWorker } from '../workers/poll.worker.js';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/log.js';
import { ConfigSchema } from '../src/config/config.js';
import { hostPlace, onHostCycle } from '../src/feeds/poll-schedule.js';
import type { FeedConfig } from '../src/feeds/sources/index.js';
import { tickOffsetMs, tickPhase } from '../src/queue/feed-schedulers.js';
import { closeQueues } from '../src/queue/queues.js';
import { deletePrefixKeys } from '../src/queue/redis.js';
import { buildContext } from '../src/service/service.js';
import { rng } from '../tests/helpers/generated-news.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const DAYS = Number(arg('days', '2'));
const SEED = Number(arg('seed', '3'));
const MINUTE = 60_000;
const DAY = 86_400_000;
/** A Monday 00:00 UTC: the simulated days start at midnight. */
const START = Date.parse('2026-03-02T00:00:00Z');
/** Items already in each feed before the run: its history, which the first poll reads. */
const HISTORY_MS = 2 * DAY;
const FEED_LENGTH = 20;

interface FeedPlan {
  id: string;
  host: string;
  itemsPerDay: number;
  interval_secs: number;
}

const PLANS: FeedPlan[] = [
  { id: 'wire', host: 'a', itemsPerDay: 48, interval_secs: 900 },
  { id: 'daily-fr', host: 'b', itemsPerDay: 24, interval_secs: 900 },
  { id: 'daily-en', host: 'b', itemsPerDay: 12, interval_secs: 1800 },
  { id: 'regional', host: 'c', itemsPerDay: 10, interval_secs: 1800 },
  { id: 'monthly-ish', host: 'd', itemsPerDay: 3, interval_secs: 3600 },
];

/** Poisson arrivals whose rate follows the day: 1.7× the mean at 13:00 UTC, 0.3× at 01:00 (thinning). */
function arrivals(itemsPerDay: number, from: number, until: number, random: () => number): number[] {
  const peak = (itemsPerDay * 1.7) / DAY;
  const out: number[] = [];
  for (let t = from; ; ) {
    t += -Math.log(1 - random()) / peak;
    if (t >= until) return out;
    const rate = 1 - 0.7 * Math.cos((2 * Math.PI * (t - 13 * 3600_000)) / DAY);
    if (random() * 1.7 < rate) out.push(Math.round(t));
  }
}

interface PublishedItem {
  guid: string;
  at: number;
  detectedAt?: number;
}

/** One host: serves `/<feed id>` with the newest FEED_LENGTH items published by the clock's now, ETag → 304. */
async function startHost(clock: ManualClock, feeds: Map<string, PublishedItem[]>) {
  const requests: number[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const now = clock.now();
    requests.push(now);
    const items = (feeds.get((req.url ?? '/').slice(1)) ?? []).filter((i) => i.at <= now).slice(-FEED_LENGTH);
    const etag = `"${items.at(-1)?.guid ?? 'empty'}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    for (const item of items) item.detectedAt ??= now;
    const entries = items
      .map((i) => `<item><title>Report ${i.guid}</title><link>https://outlet.example/${i.guid}</link><guid>${i.guid}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate><description>Text of ${i.guid}</description></item>`)
      .reverse()
      .join('');
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>${req.url}</title>${entries}</channel></rss>`);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { origin, requests, close, server };
}

/** The most requests within any 60 s. */
function maxPerMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= MINUTE) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** BullMQ's next tick after `now` for a scheduler just set to `every` at `offset`. */
function alignedTick(now: number, every: number, offset: number): number {
  const slot = Math.floor(now / every) * every + offset;
  return slot <= now ? slot + every : slot;
}

interface Ticking {
  feed: FeedConfig;
  every: number;
  next: number;
}

/** Plays the scheduler for `days`: each feed's ticks, the start-up poll, host-wait polls; returns the polls run. */
async function drive(mode: 'adaptive' | 'fixed', feeds: FeedConfig[], clock: ManualClock): Promise<number> {
  const prefix = `bench-fresh-${mode}-${process.pid}`;
  const config = ConfigSchema.parse({
    redis: { url: REDIS_URL, prefix },
    fetch: { allow_private: feeds.map((f) => new URL(f.url).origin) },
    feeds,
    feeds_schedule: { adaptive: mode === 'adaptive' },
  });
  clock.set(START);
  const ctx = await buildContext(config, silentLogger, clock);
  const poll = pollWorker.create(ctx);
  const options = ctx.feedSchedule.options;
  const ticking: Ticking[] = feeds.map((feed) => {
    const every = onHostCycle(feed.interval_secs, options, hostPlace(feed, feeds).feedsOnHost) * 1000;
    return { feed, every, next: START };
  });
  const waits: Array<{ at: number; feed: FeedConfig }> = [];
  let polls = 0;
  const end = START + DAYS * DAY;
  for (;;) {
    const tick = ticking.reduce((a, b) => (b.next < a.next ? b : a));
    waits.sort((a, b) => a.at - b.at);
    const wait = waits[0];
    const at = Math.min(tick.next, wait?.at ?? Number.POSITIVE_INFINITY);
    if (at >= end) break;
    clock.set(at);
    const feed = wait && wait.at === at ? (waits.shift() as { feed: FeedConfig }).feed : tick.feed;
    const result = (await poll({ id: `bench-${polls}`, data: { feedId: feed.id } } as Job)) as { skipped?: string; waitMs?: number };
    polls++;
    if (result.skipped === 'host-limit') waits.push({ at: at + (result.waitMs ?? MINUTE), feed });
    const state = ticking.find((t) => t.feed === feed) as Ticking;
    // After the start-up poll, BullMQ's first tick is the scheduler's next aligned slot; then one every interval.
    if (feed === tick.feed && at === tick.next) state.next = at === START ? alignedTick(at, state.every, tickOffsetMs(feed.id, state.every, tickPhase(feed, feeds, options))) : state.next + state.every;
    const intervalSecs = (await ctx.feedSchedule.decision(feed.id))?.intervalSecs;
    if (intervalSecs && intervalSecs * 1000 !== state.every) {
      state.every = intervalSecs * 1000;
      state.next = alignedTick(at, state.every, tickOffsetMs(feed.id, state.every, tickPhase(feed, feeds, options)));
    }
  }
  await closeQueues(ctx.queues);
  await ctx.pages.close();
  await deletePrefixKeys(REDIS_URL, prefix);
  ctx.redis.disconnect();
  return polls;
}

interface ModeResult {
  mode: string;
  polls: number;
  requests: number;
  perFeed: Array<{ feed: string; itemsPerDay: number; items: number; p50_min: number; p95_min: number; max_min: number }>;
  busy_p50_min: number;
  busy_p95_min: number;
  max_requests_per_minute_per_host: number;
}

const minutes = (ms: number) => +(ms / MINUTE).toFixed(1);

async function runMode(mode: 'adaptive' | 'fixed'): Promise<ModeResult> {
  const clock = new ManualClock(START);
  const random = rng(SEED);
  const published = new Map<string, Map<string, PublishedItem[]>>();
  for (const plan of PLANS) {
    const byFeed = published.get(plan.host) ?? new Map<string, PublishedItem[]>();
    byFeed.set(plan.id, arrivals(plan.itemsPerDay, START - HISTORY_MS, START + DAYS * DAY, random).map((at, i) => ({ guid: `${plan.id}-${i}`, at })));
    published.set(plan.host, byFeed);
  }
  const hosts = new Map<string, Awaited<ReturnType<typeof startHost>>>();
  for (const [host, byFeed] of published) hosts.set(host, await startHost(clock, byFeed));
  const feeds: FeedConfig[] = PLANS.map((p) => ({ id: p.id, type: 'rss', url: `${hosts.get(p.host)?.origin}/${p.id}`, interval_secs: p.interval_secs, tags: [] }));
  const polls = await drive(mode, feeds, clock);
  const perFeed = PLANS.map((plan) => {
    const delays = (published.get(plan.host)?.get(plan.id) ?? []).filter((i) => i.at >= START && i.detectedAt !== undefined).map((i) => (i.detectedAt as number) - i.at);
    return { feed: plan.id, itemsPerDay: plan.itemsPerDay, items: delays.length, p50_min: minutes(percentile(delays, 50)), p95_min: minutes(percentile(delays, 95)), max_min: minutes(Math.max(...delays)), delays };
  });
  const busy = perFeed.filter((f) => f.itemsPerDay >= 10).flatMap((f) => f.delays);
  const requests = [...hosts.values()].reduce((n, h) => n + h.requests.length, 0);
  const maxRate = Math.max(...[...hosts.values()].map((h) => maxPerMinute(h.requests)));
  for (const host of hosts.values()) await host.close();
  return {
    mode,
    polls,
    requests,
    perFeed: perFeed.map(({ delays: _delays, ...rest }) => rest),
    busy_p50_min: minutes(percentile(busy, 50)),
    busy_p95_min: minutes(percentile(busy, 95)),
    max_requests_per_minute_per_host: maxRate,
  };
}

const started = performance.now();
const results = [await runMode('adaptive'), await runMode('fixed')];
const [adaptive, fixed] = results as [ModeResult, ModeResult];
console.log(
  JSON.stringify({
    bench: 'freshness',
    days: DAYS,
    seed: SEED,
    adaptive: { p50_min: adaptive.busy_p50_min, p95_min: adaptive.busy_p95_min, requests: adaptive.requests, max_per_min_per_host: adaptive.max_requests_per_minute_per_host },
    fixed: { p50_min: fixed.busy_p50_min, p95_min: fixed.busy_p95_min, requests: fixed.requests, max_per_min_per_host: fixed.max_requests_per_minute_per_host },
    wall_s: +((performance.now() - started) / 1000).toFixed(1),
  }),
);
console.log('| schedule | feed | items/day (mean) | items | appearance → detection p50 / p95 / max (min) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of results) for (const f of r.perFeed) console.log(`| ${r.mode} | ${f.feed} | ${f.itemsPerDay} | ${f.items} | ${f.p50_min} / ${f.p95_min} / ${f.max_min} |`);
console.log('\n| schedule | feeds ≥ 10 items/day: p50 / p95 (min) | requests | most requests to one host in a minute | target |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of results) {
  const met = r.busy_p50_min <= 2 && r.busy_p95_min <= 10 && r.max_requests_per_minute_per_host <= 1;
  console.log(`| ${r.mode} | ${r.busy_p50_min} / ${r.busy_p95_min} | ${r.requests} | ${r.max_requests_per_minute_per_host} | ${met ? 'met' : 'not met'} (p50 ≤ 2, p95 ≤ 10, ≤ 1/min/host) |`);
}
