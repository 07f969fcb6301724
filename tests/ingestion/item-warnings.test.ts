import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollWorker } from '../../workers/poll.worker.js';
import { createLogger } from '../../src/core/log.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { metrics } from '../../src/metrics/metrics.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import { closeQueues } from '../../src/queue/queues.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { testContext } from '../http/harness.js';
import { deletePrefix } from '../helpers/redis.js';

// Issue 19, partial case: a feed with duplicate GUIDs logged the same warning on every poll, about 12 lines a minute.

const item = (guid: string, title: string, date = 'Fri, 20 Nov 2026 08:00:00 GMT') =>
  `<item><title>${title}</title><link>https://dup.example/${encodeURIComponent(title)}</link><guid>${guid}</guid><pubDate>${date}</pubDate><description>d</description></item>`;
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Dup</title><link>https://dup.example/</link><description>d</description>
${item('a', 'First')}${item('a', 'First again')}${item('a', 'First thrice')}${item('b', 'Second', 'not a date')}${item('c', 'Third')}
</channel></rss>`;

const lines: Array<{ level: number; msg: string; cause?: string }> = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
let server: Server;
let ctx: StageContext;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx = testContext('item-warnings');
  ctx.log = createLogger({ level: 'debug', pretty: false, destination: capture });
  ctx.feeds = new Map([['dupfeed', FeedConfigSchema.parse({ id: 'dupfeed', type: 'rss', url: `${origin}/feed.xml`, interval_secs: 60 })]]);
  ctx.fetchPolicy = FetchPolicySchema.parse({ allow_private: [origin] });
});

afterAll(async () => {
  await closeQueues(ctx.queues);
  ctx.redis.disconnect();
  await deletePrefix(ctx.prefix);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function counted(cause: string): Promise<number> {
  const metric = await metrics().itemWarnings.get();
  return metric.values.find((v) => v.labels.feed === 'dupfeed' && v.labels.cause === cause)?.value ?? 0;
}

describe('item-level warnings of a good poll', () => {
  it('are logged once per feed and cause, and every one is counted in /metrics', async () => {
    const poll = pollWorker.create(ctx);
    for (let i = 0; i < 3; i++) {
      // Each poll claims the feed for 90% of its interval and its host for a minute; release both to poll again at once.
      await ctx.redis.del(`${ctx.prefix}:poll-claim:dupfeed`, `${ctx.prefix}:host-turn:${new URL(ctx.feeds.get('dupfeed')?.url ?? 'http://x').host}`);
      expect(await poll({ id: `p${i}`, data: { feedId: 'dupfeed' } } as Job)).toMatchObject({ items: 3 });
    }
    const warned = lines.filter((l) => l.level === 40);
    expect(warned.map((l) => l.cause).sort()).toEqual(['bad-date', 'duplicate-guid']);
    expect(warned.find((l) => l.cause === 'duplicate-guid')?.msg).toMatch(/^feed dupfeed: 2 item\(s\) with duplicate-guid \(e\.g\. feed dupfeed item a: duplicate guid, kept the first\); not logged again for this feed and cause for 24 h/);
    // The later polls' repeats go to debug.
    expect(lines.filter((l) => l.level === 20 && l.cause === 'duplicate-guid')).toHaveLength(2);
    expect(await counted('duplicate-guid')).toBe(6);
    expect(await counted('bad-date')).toBe(3);
    expect(await metrics().render()).toContain('sahelwatch_feed_item_warnings_total{feed="dupfeed",cause="duplicate-guid"} 6');
  });
});
