import { type Job, Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { pollWorker } from '../../workers/poll.worker.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import { type FeedConfig, FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { jitterMs, scheduleFeeds } from '../../src/service/scheduler.js';
import { generateItems, startNewsServer } from '../helpers/generated-news.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { testContext } from '../http/harness.js';

const prefix = uniquePrefix('scheduler');
const redis = testRedis();
const queue = new Queue('poll', { connection: redis, prefix });

function feed(id: string, interval_secs: number): FeedConfig {
  return { id, type: 'rss', url: `https://${id}.example/feed`, interval_secs, tags: [] };
}

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('feed scheduling', () => {
  it('keeps one scheduler per feed however many processes upsert them, each with its own interval', async () => {
    const feeds = [feed('rfi', 900), feed('bbc', 1800)];
    await Promise.all([scheduleFeeds(queue, feeds, silentLogger), scheduleFeeds(queue, feeds, silentLogger)]);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      ['feed-bbc', 1_800_000],
      ['feed-rfi', 900_000],
    ]);
    // One first poll per feed, not one per process.
    const firstPolls = (await queue.getWaiting()).filter((j) => String(j.id).startsWith('start-'));
    expect(firstPolls.map((j) => j.data.feedId).sort()).toEqual(['bbc', 'rfi']);
  });

  it('drops the schedule of a feed removed from the config', async () => {
    await scheduleFeeds(queue, [feed('rfi', 900)], silentLogger);
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['feed-rfi']);
  });

  it('spreads feeds over the interval with a jitter every process computes alike', () => {
    const offsets = ['rfi', 'bbc', 'aljazeera', 'lemonde'].map((id) => jitterMs(id, 900_000));
    expect(new Set(offsets).size).toBe(4);
    for (const offset of offsets) {
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThanOrEqual(60_000);
    }
    expect(jitterMs('rfi', 900_000)).toBe(offsets[0]);
  });
});

describe('poll claims', () => {
  it('poll a feed once when the start-up poll and the schedule tick fall seconds apart across an interval boundary', async () => {
    const news = await startNewsServer(generateItems(3, { seed: 5 }));
    const ctx = testContext('poll-claim');
    try {
      const minute = 60_000;
      const clock = new ManualClock(Math.ceil(Date.now() / minute) * minute - 1);
      const wire = FeedConfigSchema.parse({ type: 'rss', id: 'wire', url: `${news.origin}/feed.rss`, interval_secs: 60 });
      Object.assign(ctx, { clock, feeds: new Map([[wire.id, wire]]), fetchPolicy: FetchPolicySchema.parse({ allow_private: [news.origin] }) });
      const poll = pollWorker.create(ctx);
      const first = await poll({ id: 'start-wire', data: { feedId: 'wire' } } as Job);
      clock.advance(2);
      const second = await poll({ id: 'repeat:feed-wire', data: { feedId: 'wire' } } as Job);
      expect(first).toMatchObject({ items: 3, queued: 3 });
      expect(second).toEqual({ skipped: 'polled-recently' });
      expect(news.hits.get('/feed.rss')).toBe(1);
    } finally {
      await news.close();
      await Promise.all(Object.values(ctx.queues).map((q) => q.close()));
      await deletePrefix(ctx.prefix);
      ctx.redis.disconnect();
    }
  });
});
