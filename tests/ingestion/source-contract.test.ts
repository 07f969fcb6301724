import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FeedStatusStore } from '../../src/feeds/feed-status.js';
import { type PollContext, pollFeed } from '../../src/feeds/poll-feed.js';
import { FeedConfigSchema, SOURCES } from '../../src/feeds/sources/index.js';
import { defaultFetchPolicy } from '../../src/net/safe-fetch.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

// Every registered source type must survive what broken and hostile servers send.
const prefix = uniquePrefix('ingest-contract');
const redis = testRedis();
let server: HostileServer;
let ctx: PollContext;

beforeAll(async () => {
  server = await startHostileServer();
  server.route('/binary', serveBytes(randomBytes(4096), 'application/octet-stream'));
  server.route('/empty', serveBytes('', 'text/xml'));
  server.route('/truncated', serveBytes('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut', 'application/rss+xml'));
  server.route('/wrong-charset', serveBytes(Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x9c, 0x80, 0x3c, 0x2f, 0x61, 0x3e]), 'text/html; charset=utf-8'));
  ctx = {
    policy: defaultFetchPolicy({ allow_private: [server.origin], total_timeout_ms: 1_500 }),
    status: new FeedStatusStore(redis, prefix),
    clock: new ManualClock(Date.parse('2025-09-16T12:00:00Z')),
    log: silentLogger,
  };
});
afterAll(async () => {
  await server.close();
  await deletePrefix(prefix);
  redis.disconnect();
});

const HOSTILE_PATHS = ['/status?code=404', '/status?code=503', '/huge?mb=20', '/gzip-bomb', '/drip', '/binary', '/empty', '/truncated', '/wrong-charset', '/redirect?to=http://169.254.169.254/'];

describe.each(SOURCES.map((s) => [s.type, s] as const))('source %s', (type, source) => {
  it('has a valid example config', () => {
    expect(FeedConfigSchema.parse(source.example(`${type}-example`, 'https://example.org/x')).type).toBe(type);
  });

  it.each(HOSTILE_PATHS)('never throws on %s and says why in one line naming the feed', async (path) => {
    const feed = FeedConfigSchema.parse(source.example(`${type}-contract`, server.url(path)));
    const result = await pollFeed(feed, ctx);
    expect(result.items).toEqual([]);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error).toMatch(new RegExp(`^feed ${type}-contract `));
      expect(error).not.toContain('\n');
    }
  });
});
