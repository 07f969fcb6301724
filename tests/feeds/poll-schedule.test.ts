import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollWorker } from '../../workers/poll.worker.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FeedsScheduleSchema, decideInterval } from '../../src/feeds/poll-schedule.js';
import { type FeedConfig, FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { metrics } from '../../src/metrics/metrics.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import { tickOffsetMs, tickPhase, upsertFeedScheduler } from '../../src/queue/feed-schedulers.js';
import { closeQueues } from '../../src/queue/queues.js';
import { deletePrefix } from '../helpers/redis.js';
import { startTestConsole, type TestConsole, testContext } from '../http/harness.js';

/** A feed server on 127.0.0.1: each path serves the items published by now on the test's clock, with ETag/304. */
interface FeedServer {
  origin: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** When each request came, on the test's clock. */
  requestTimes: number[];
  publish(path: string, item: { guid: string; at: number; dated?: boolean }): void;
  configure(path: string, channelExtra: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

const HOUR = 3600_000;
const MINUTE = 60_000;

async function startFeedServer(clock: ManualClock): Promise<FeedServer> {
  const items = new Map<string, Array<{ guid: string; at: number; dated: boolean }>>();
  const extras = new Map<string, { channel: string; headers: Record<string, string> }>();
  const hits = new Map<string, number>();
  const requestTimes: number[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requestTimes.push(clock.now());
    const visible = (items.get(path) ?? []).filter((i) => i.at <= clock.now()).slice(-30);
    const etag = `"${visible.length}-${visible.at(-1)?.guid ?? 'none'}"`;
    const extra = extras.get(path) ?? { channel: '', headers: {} };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag, ...extra.headers }).end();
    const entries = visible
      .map((i) => `<item><title>Report ${i.guid}</title><link>https://news.example/${i.guid}</link><guid>${i.guid}</guid>${i.dated ? `<pubDate>${new Date(i.at).toUTCString()}</pubDate>` : ''}<description>Text ${i.guid}</description></item>`)
      .join('');
    const body = `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>Test ${path}</title>${extra.channel}${entries}</channel></rss>`;
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag, ...extra.headers }).end(body);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    requestTimes,
    publish: (path, item) => items.set(path, [...(items.get(path) ?? []), { dated: true, ...item }]),
    configure: (path, channel, headers = {}) => extras.set(path, { channel, headers }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const T0 = Date.parse('2026-03-02T07:00:00Z');
let clock: ManualClock;
let server: FeedServer;
let ctx: StageContext;

function feedAt(path: string, interval_secs = 3600): FeedConfig {
  return FeedConfigSchema.parse({ type: 'rss', id: path.replace(/\W/g, ''), url: `${server.origin}${path}`, interval_secs });
}

/** The context polls `feeds` on the test clock and server. */
function useFeeds(...feeds: FeedConfig[]): void {
  Object.assign(ctx, { feeds: new Map(feeds.map((f) => [f.id, f])) });
}

async function poll(feed: FeedConfig): Promise<Record<string, unknown>> {
  return (await pollWorker.create(ctx)({ id: `test-${feed.id}-${clock.now()}`, data: { feedId: feed.id } } as Job)) as Record<string, unknown>;
}

/** Items every `gapMs` up to `until`, dated. */
function publishEvery(path: string, gapMs: number, from: number, until: number): void {
  for (let at = from; at <= until; at += gapMs) server.publish(path, { guid: `${path.slice(1)}-${at}`, at });
}

/** At T0, the only configured feed: `path` on the test server with `channelExtra` in its channel, an item every 10 min for 5 h. */
function busyFeed(path: string, channelExtra = ''): FeedConfig {
  clock.set(T0);
  const feed = feedAt(path, 3600);
  useFeeds(feed);
  server.configure(path, channelExtra);
  publishEvery(path, 10 * MINUTE, T0 - 5 * HOUR, T0);
  return feed;
}

beforeAll(async () => {
  clock = new ManualClock(T0);
  server = await startFeedServer(clock);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  ctx = testContext('poll-schedule');
  Object.assign(ctx, { clock, fetchPolicy: FetchPolicySchema.parse({ allow_private: [server.origin] }) });
});

afterEach(async () => {
  await closeQueues(ctx.queues);
  await ctx.feedDocuments.close();
  await deletePrefix(ctx.prefix);
  ctx.redis.disconnect();
});

describe('the adaptive interval', () => {
  it('shortens for a feed that publishes often and lengthens as it goes quiet, between the minimum and the maximum, and moves its scheduler with it', async () => {
    const feed = busyFeed('/busy');
    await upsertFeedScheduler(ctx.queues.poll, feed.id, 3_600_000); // as the scheduler role does on start
    expect(await poll(feed)).toMatchObject({ items: 30 });
    expect(await ctx.feedSchedule.decision(feed.id)).toEqual({ intervalSecs: 60, reason: 'min' });
    expect((await ctx.queues.poll.getJobScheduler(`feed-${feed.id}`))?.every).toBe(60_000);

    const intervals: number[] = [];
    for (const days of [3, 30, 60]) {
      clock.set(T0 + days * 24 * HOUR);
      await poll(feed);
      intervals.push((await ctx.feedSchedule.decision(feed.id))?.intervalSecs ?? 0);
    }
    expect(intervals[0]).toBeGreaterThan(60);
    expect(intervals[1]).toBeGreaterThan(intervals[0] as number);
    expect(intervals[2]).toBe(3600);
    expect((await ctx.feedSchedule.decision(feed.id))?.reason).toMatch(/^max \(observed ~[\d.]+ items\/day/);
    expect((await ctx.queues.poll.getJobScheduler(`feed-${feed.id}`))?.every).toBe(3_600_000);

    // A burst of new items brings it back down at once (the short window).
    clock.advance(HOUR);
    publishEvery('/busy', 5 * MINUTE, clock.now() - 20 * MINUTE, clock.now());
    await poll(feed);
    expect((await ctx.feedSchedule.decision(feed.id))?.intervalSecs).toBeLessThan(600);
  });

  it('follows the rate between the bounds (pure decision)', () => {
    const options = FeedsScheduleSchema.parse({ min_interval_secs: 60 });
    const now = T0;
    const every = (gapMs: number) => Array.from({ length: 20 }, (_, i) => now - (19 - i) * gapMs);
    const decide = (gapMs: number) => decideInterval({ feed: { interval_secs: 3600 }, options, now, arrivals: every(gapMs), hints: {}, feedsOnHost: 1 });
    expect(decide(144 * MINUTE)).toMatchObject({ intervalSecs: 240, reason: 'observed ~10 items/day → 4 min' });
    expect(decide(2 * HOUR).intervalSecs).toBe(200);
    expect(decide(MINUTE)).toEqual({ intervalSecs: 60, reason: 'min' });
    expect(decide(48 * HOUR).intervalSecs).toBe(3600);
    // host_gap_secs: 0 (no host limit) leaves a shared host's feeds on their own rate.
    const unlimited = FeedsScheduleSchema.parse({ host_gap_secs: 0 });
    expect(decideInterval({ feed: { interval_secs: 3600 }, options: unlimited, now, arrivals: every(144 * MINUTE), hints: {}, feedsOnHost: 3 }).intervalSecs).toBe(240);
  });
});

describe("the feed's own hints", () => {
  it('never polls faster than the RSS ttl', async () => {
    const feed = busyFeed('/ttl', '<ttl>30</ttl>');
    await poll(feed);
    expect(await ctx.feedSchedule.decision(feed.id)).toEqual({ intervalSecs: 1800, reason: 'ttl 30 min' });
  });

  it('never polls faster than Cache-Control max-age, read from a 304 as well', async () => {
    const feed = busyFeed('/cached');
    await poll(feed);
    expect((await ctx.feedSchedule.decision(feed.id))?.intervalSecs).toBe(60);
    server.configure('/cached', '', { 'cache-control': 'public, max-age=600' });
    clock.advance(2 * MINUTE);
    expect(await poll(feed)).toMatchObject({ items: 0 });
    expect(await ctx.feedSchedule.decision(feed.id)).toEqual({ intervalSecs: 600, reason: 'Cache-Control max-age 10 min' });
  });

  it('takes sy:updatePeriod as the rate of a feed whose items carry no dates', async () => {
    clock.set(T0);
    const feed = feedAt('/syndicated', 3600);
    useFeeds(feed);
    server.configure('/syndicated', '<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>');
    for (let i = 0; i < 5; i++) server.publish('/syndicated', { guid: `syn-${i}`, at: T0 - i * HOUR, dated: false });
    await poll(feed);
    expect(await ctx.feedSchedule.decision(feed.id)).toEqual({ intervalSecs: 1200, reason: 'sy:updatePeriod daily/2 → 20 min' });
  });

  it('skips polls in skipHours (GMT) without a request, and says so', async () => {
    const feed = busyFeed('/nightly', '<skipHours><hour>0</hour><hour>1</hour><hour>2</hour><hour>3</hour><hour>4</hour><hour>5</hour></skipHours>');
    await poll(feed);
    expect((await ctx.feedSchedule.decision(feed.id))?.reason).toBe('min; skipHours 0-5 GMT');
    const before = server.hits.get('/nightly');
    clock.set(Date.parse('2026-03-03T03:10:00Z'));
    expect(await poll(feed)).toEqual({ skipped: 'skip-window' });
    expect(server.hits.get('/nightly')).toBe(before);
    clock.set(Date.parse('2026-03-03T06:00:00Z'));
    expect(await poll(feed)).not.toHaveProperty('skipped');
    expect(server.hits.get('/nightly')).toBe((before ?? 0) + 1);
  });
});

describe('per-host politeness', () => {
  it('two feeds on one host: one request per minute between them, the other poll re-queued for the next turn, and ticks a minute apart', async () => {
    clock.set(T0);
    const a = feedAt('/host-a', 900);
    const b = feedAt('/host-b', 900);
    useFeeds(a, b);
    publishEvery('/host-a', 10 * MINUTE, T0 - 5 * HOUR, T0 + 2 * HOUR);
    publishEvery('/host-b', 7 * MINUTE, T0 - 5 * HOUR, T0 + 2 * HOUR);
    const first = server.requestTimes.length;
    expect(await poll(a)).toMatchObject({ items: 30 });
    clock.advance(1000);
    const refused = await poll(b);
    expect(refused).toEqual({ skipped: 'host-limit', waitMs: 59_000 });
    expect((await ctx.queues.poll.getDelayed()).map((j) => j.id)).toContain(`host-wait-${b.id}-${T0 + MINUTE}`);
    clock.set(T0 + MINUTE);
    expect(await poll(b)).toMatchObject({ items: 30 });

    // Both share the host's two-minute cycle, each at its own turn within it.
    const [da, db] = [await ctx.feedSchedule.decision(a.id), await ctx.feedSchedule.decision(b.id)];
    expect(da?.intervalSecs).toBe(120);
    expect(db?.intervalSecs).toBe(120);
    expect(da?.reason).toMatch(/^host limit: 2 feeds on the host/);
    const offsets = [a, b].map((f) => tickOffsetMs(f.id, 120_000, tickPhase(f, ctx.feeds.values(), ctx.feedSchedule.options)));
    expect(Math.abs((offsets[0] as number) - (offsets[1] as number))).toBe(60_000);

    // An hour of both schedules' ticks, as BullMQ fires them (each also tried again 1 s late, as a second process would):
    const ticks = [a, b].flatMap((feed, i) => {
      const offset = offsets[i] as number;
      const first = Math.ceil((T0 + 2 * MINUTE - offset) / 120_000) * 120_000 + offset;
      return Array.from({ length: 29 }, (_, k) => ({ at: first + k * 120_000, feed }));
    });
    for (const { at, feed } of ticks.sort((x, y) => x.at - y.at)) {
      clock.set(at);
      await poll(feed);
      clock.set(at + 1000);
      expect(await poll(feed)).toEqual({ skipped: 'polled-recently' });
    }
    const times = server.requestTimes.slice(first);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(times.length).toBeGreaterThan(55);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MINUTE);
  });
});

describe('freshness shown', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await startTestConsole('poll-schedule-console', { metrics: metrics() });
  });
  afterAll(async () => {
    await t.close();
  });

  it('/api/feeds gives each feed its current interval and why', async () => {
    clock.set(T0);
    const feed = feedAt('/shown', 3600);
    useFeeds(feed);
    publishEvery('/shown', 90 * MINUTE, T0 - 39 * HOUR, T0);
    await poll(feed);
    Object.assign(t.ctx, { feeds: ctx.feeds, feedSchedule: ctx.feedSchedule });
    const body = (await (await t.api('/api/feeds')).json()) as { feeds: Array<Record<string, unknown>> };
    expect(body.feeds.find((f) => f.id === feed.id)).toMatchObject({ intervalSecs: 3600, pollIntervalSecs: 150, pollIntervalReason: 'observed ~16 items/day → 2.5 min' });
  });

  it('/metrics has the publication → alert histogram once an alert is raised', async () => {
    const published = new Date(Date.now() - 10 * MINUTE).toISOString();
    const text =
      "Gunmen set fire to 5 fuel tankers near Kayes in Mali's Kayes region on the road from the Senegalese border, drivers said. The convoy was heading to Bamako when it was attacked, according to drivers and local officials reached by telephone.";
    const url = 'https://news.example/kayes-tankers';
    const { changes } = await analyzeArticle(
      t.ctx,
      { id: 'ar_kayes', itemId: 'it_kayes', feedId: 'sahel-daily', outlet: 'Sahel Daily', url, title: 'Fuel tankers torched near Kayes', text, published, firstSeen: published, textSource: 'page' },
      silentLogger,
    );
    expect(changes.some((c) => c.reason === 'raised')).toBe(true);
    const exposition = await (await t.api('/metrics')).text();
    expect(exposition).toMatch(/sahelwatch_publication_to_alert_seconds_count\{feed="sahel-daily"\} [1-9]/);
    expect(exposition).toMatch(/sahelwatch_publication_to_alert_seconds_bucket\{le="600",feed="sahel-daily"\} 0/);
    expect(exposition).toMatch(/sahelwatch_first_seen_to_alert_seconds_count\{feed="sahel-daily"\} [1-9]/);
  });
});
