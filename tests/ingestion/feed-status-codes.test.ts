import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import { pollWorker } from '../../workers/poll.worker.js';
import { generateItems, type NewsServer, startNewsServer } from '../helpers/generated-news.js';
import { type HostileServer, startHostileServer } from '../helpers/hostile-server.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

const MINUTE = 60_000;
let t: TestConsole;
let server: HostileServer;
let news: NewsServer;
const clock = new ManualClock(Date.parse('2026-11-20T12:00:00Z'));

beforeAll(async () => {
  t = await startTestConsole('feed-codes');
  server = await startHostileServer();
  news = await startNewsServer(generateItems(2, { seed: 7 }));
  Object.assign(t.ctx, { clock, fetchPolicy: FetchPolicySchema.parse({ allow_private: [server.origin, news.origin] }) });
});
afterAll(async () => {
  await news.close();
  await server.close();
  await t.close();
});

/**
 * One scheduled poll of `feedId` at the clock's time (the claim of the last poll released first, and the
 * host's turn too: most feeds here are on one server, and the per-host limit is tested in tests/feeds/poll-schedule.test.ts).
 */
async function pollAt(feedId: string) {
  const host = new URL(t.ctx.feeds.get(feedId)?.url ?? 'http://unknown').host;
  await t.ctx.redis.del(`${t.ctx.prefix}:poll-claim:${feedId}`, `${t.ctx.prefix}:host-turn:${host}`);
  return pollWorker.create(t.ctx)({ id: `repeat:feed-${feedId}`, data: { feedId } } as Job);
}

function configure(id: string, url: string) {
  const feed = FeedConfigSchema.parse({ type: 'rss', id, url, interval_secs: 60 });
  t.ctx.feeds = new Map([...t.ctx.feeds, [id, feed]]);
  return feed;
}

describe('feed HTTP status codes', () => {
  it('410 Gone disables the feed with the reason in its status, until its URL changes', async () => {
    let hits = 0;
    server.route('/gone.rss', (_req, res) => {
      hits++;
      res.writeHead(410, { 'content-type': 'text/plain' });
      res.end('gone');
    });
    const feed = configure('gone', server.url('/gone.rss'));
    expect(await pollAt('gone')).toMatchObject({ failed: expect.stringContaining('HTTP 410 Gone') });
    const status = await t.ctx.feedStatus.get('gone');
    expect(status).toMatchObject({ disabled: 'HTTP 410 Gone: feed disabled; change its url in the config to poll it again', disabledUrl: feed.url });

    // Long after any backoff, the feed is still not polled, and the console says why.
    for (const later of [10 * MINUTE, 7 * 3600_000, 3 * 86_400_000]) {
      clock.advance(later);
      expect(await pollAt('gone')).toEqual({ skipped: 'disabled', reason: status?.disabled });
    }
    expect(hits).toBe(1);
    const feeds = (await (await t.api('/api/feeds')).json()) as { feeds: Array<{ id: string; health: string; disabled?: string }> };
    expect(feeds.feeds.find((f) => f.id === 'gone')).toMatchObject({ health: 'disabled', disabled: status?.disabled });

    // The operator points the feed at its new address: polled again, status clean.
    configure('gone', `${news.origin}/feed.rss`);
    expect(await pollAt('gone')).toMatchObject({ items: 2 });
    expect((await t.ctx.feedStatus.get('gone'))?.disabled).toBeUndefined();
  });

  it.each([503, 429])('%i with Retry-After is honoured: no poll before the time the server asked for', async (code) => {
    let hits = 0;
    server.route(`/busy-${code}.rss`, (_req, res) => {
      hits++;
      res.writeHead(code, { 'content-type': 'text/plain', 'retry-after': '7200' });
      res.end('busy');
    });
    const id = `busy-${code}`;
    configure(id, server.url(`/busy-${code}.rss`));
    expect(await pollAt(id)).toMatchObject({ failed: expect.stringContaining(`HTTP ${code}, Retry-After 7200 s honoured`) });
    // The ordinary backoff after one failure is one minute; the server asked for two hours.
    for (const step of [2 * MINUTE, 30 * MINUTE, 85 * MINUTE]) {
      clock.advance(step);
      expect(await pollAt(id)).toMatchObject({ skipped: 'backoff' });
    }
    expect(hits).toBe(1);
    clock.advance(4 * MINUTE); // 2 h 01 min after the refusal
    await pollAt(id);
    expect(hits).toBe(2);
  });

  it('a 503 without Retry-After keeps the ordinary backoff', async () => {
    let hits = 0;
    server.route('/down.rss', (_req, res) => {
      hits++;
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('down');
    });
    configure('down', server.url('/down.rss'));
    expect(await pollAt('down')).toMatchObject({ failed: expect.stringContaining('HTTP 503') });
    clock.advance(MINUTE + 1);
    await pollAt('down');
    expect(hits).toBe(2);
    expect((await t.ctx.feedStatus.get('down'))?.retryAfter).toBeUndefined();
  });
});
