import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FeedStatusStore } from '../../src/feeds/feed-status.js';
import { parseFeedDate } from '../../src/feeds/dates.js';
import { pollFeed } from '../../src/feeds/poll-feed.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { defaultFetchPolicy } from '../../src/net/safe-fetch.js';
import { fixture, type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const NOW = Date.parse('2025-09-16T12:00:00Z');
const prefix = uniquePrefix('ingest-page');
const redis = testRedis();
let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
  server.route('/communiques', serveBytes(fixture('pages/communiques.html'), 'text/html; charset=utf-8'));
});
afterAll(async () => {
  await server.close();
  await deletePrefix(prefix);
  redis.disconnect();
});

describe('page source (CSS selectors)', () => {
  it("reads a ministry's communiqué list: link, title, <time datetime>, summary", async () => {
    const feed = FeedConfigSchema.parse({
      id: 'defense-ml',
      type: 'page',
      name: 'Ministère de la Défense',
      url: server.url('/communiques'),
      selectors: { item: 'li.communique', link: 'a.titre', date: 'time', summary: '.chapo' },
    });
    const ctx = {
      policy: defaultFetchPolicy({ allow_private: [server.origin] }),
      status: new FeedStatusStore(redis, prefix),
      clock: new ManualClock(NOW),
      log: silentLogger,
    };
    const result = await pollFeed(feed, ctx);
    expect(result.items.map((i) => [i.title, i.url, i.published, i.dateSource])).toEqual([
      ["Communiqué n°46 du chef d'état-major", server.url('/communiques/2025/09/16/communique-46'), '2025-09-16T11:00:00.000Z', 'feed'],
      ['Communiqué n°45', 'https://defense.example.ml/communiques/2025/09/15/communique-45', '2025-09-15T00:00:00.000Z', 'feed'],
    ]);
    expect(result.items[0]).toMatchObject({ outlet: 'Ministère de la Défense', language: 'fr', summary: 'Une attaque terroriste a été repoussée à Farabougou.' });
    // "15/09/2025" is read day first; the entry without a link is reported, not fatal.
    expect(result.errors).toEqual(['feed defense-ml item 2: no link matching "a.titre"']);
  });

  it('rejects a config with unknown keys or a missing item selector', () => {
    const bad = FeedConfigSchema.safeParse({ id: 'x', type: 'page', url: 'https://a.example/', selectors: { items: 'li' } });
    expect(bad.success).toBe(false);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 16 Sep 2025 08:30:00 GMT', '2025-09-16T08:30:00.000Z'],
    ['2025-09-16T09:00:00+01:00', '2025-09-16T08:00:00.000Z'],
    ['mar., 16 sept. 2025 08:00:00 +0000', '2025-09-16T08:00:00.000Z'],
    ['16 août 2025 10:00:00 GMT', '2025-08-16T10:00:00.000Z'],
    ['09/10/2025', '2025-10-09T00:00:00.000Z'],
    ['31/02/2025', null],
    ['le 15 septembre à 18h', null],
    ['0001-01-01T00:00:00Z', null],
    ['', null],
  ])('%s → %s', (text, expected) => {
    const ms = parseFeedDate(text);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(expected);
  });
});
