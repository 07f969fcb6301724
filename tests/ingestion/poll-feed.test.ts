import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger, silentLogger } from '../../src/core/log.js';
import { FeedStatusStore } from '../../src/feeds/feed-status.js';
import { MAX_ITEMS_PER_POLL, type PollContext, pollFeed } from '../../src/feeds/poll-feed.js';
import { type FeedConfig, FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { defaultFetchPolicy } from '../../src/net/safe-fetch.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { fixture, type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';

const NOW = Date.parse('2025-09-16T12:00:00Z');
const prefix = uniquePrefix('ingest-poll');
const redis = testRedis();
let server: HostileServer;
let ctx: PollContext;

beforeAll(async () => {
  server = await startHostileServer();
  ctx = {
    policy: defaultFetchPolicy({ allow_private: [server.origin], total_timeout_ms: 3_000 }),
    status: new FeedStatusStore(redis, prefix),
    clock: new ManualClock(NOW),
    log: silentLogger,
  };
});
afterAll(async () => {
  await server.close();
  await deletePrefix(prefix);
  redis.disconnect();
});

let feedCounter = 0;
/** A feed config for a fixture served with the given content type. */
function serveFeed(file: string, contentType: string, extra: Partial<FeedConfig> = {}): FeedConfig {
  const path = `/feeds/${++feedCounter}/${file}`;
  server.route(path, serveBytes(fixture(`feeds/${file}`), contentType));
  return FeedConfigSchema.parse({ id: `feed-${feedCounter}`, type: 'rss', url: server.url(path), ...extra });
}

describe('pollFeed: a status store with the earlier first-seen contract', () => {
  // The feedparser conformance harness (../shared/peers/feedparser) stubs the status store
  // with firstSeen returning a Map of times, as it did before adaptive polling: its items
  // must still come out, the new ones counted as fresh.
  it('reads the feed and counts the items first seen now as fresh', async () => {
    const feed = serveFeed('publisher-rss2.xml', 'application/rss+xml; charset=utf-8');
    const earlier = new Date(NOW - 3_600_000).toISOString();
    // The harness's in-memory store, method for method.
    const status = {
      get: async () => null,
      firstSeen: async (_feed: string, ids: readonly string[], now: number) => new Map(ids.map((id, i) => [id, i === 0 ? earlier : new Date(now).toISOString()])),
      recordSuccess: async () => undefined,
      recordFailure: async () => undefined,
    } as unknown as FeedStatusStore;
    const result = await pollFeed(feed, { ...ctx, status });
    expect(result.errors).toEqual([]);
    expect(result.items).toHaveLength(3);
    expect(result.fresh.map((i) => i.id)).toEqual(result.items.slice(1).map((i) => i.id));
    expect(result.items[0]?.firstSeen).toBe(earlier);
  });
});

describe('pollFeed: publisher shapes', () => {
  it('reads an RSS 2.0 feed with media:, dc: and content:encoded namespaces', async () => {
    const feed = serveFeed('publisher-rss2.xml', 'application/rss+xml; charset=utf-8');
    const result = await pollFeed(feed, ctx);
    expect(result.items.map((i) => i.title)).toEqual([
      'Mali: gunmen attack fuel convoy near Kayes & Diéma',
      'Burkina Faso: army says it repelled assault on Djibo base',
      'Niger: AT&T-style bare ampersand and no date',
    ]);
    const [convoy, djibo, niger] = result.items;
    // Tracking parameters and fragment stripped; summary is plain text.
    expect(convoy?.url).toBe('https://news.example.org/afrique/mali-convoy-kayes-123');
    expect(convoy?.summary).toBe(
      'Suspected JNIM fighters set fire to at least 40 tanker trucks on the road between Kayes and Diéma, officials said.',
    );
    // A longer content:encoded (the publisher's full text) wins over a teaser description, a shorter one does not.
    expect(niger?.summary).toBe('Tillabéri region: a patrol was ambushed on Monday near the border with Mali. The defence ministry said seven soldiers were killed.');
    expect(convoy).toMatchObject({ outlet: 'Sahel Wire - Afrique', guid: 'sw-123', language: 'en-GB', dateSource: 'feed' });
    expect(convoy?.published).toBe('2025-09-16T08:30:00.000Z');
    // dc:date and media:description are used when pubDate and description are missing.
    expect(djibo?.published).toBe('2025-09-16T07:10:00.000Z');
    expect(djibo?.summary).toBe('The army said dozens of attackers were killed near Djibo.');
    expect(djibo?.url).toBe('https://news.example.org/afrique/burkina-djibo-124');
    // A relative link resolves against the feed URL; no date → first-seen, said so.
    expect(niger?.url).toBe(new URL('/afrique/niger-tillaberi-125', feed.url).href);
    expect(niger).toMatchObject({ dateSource: 'first-seen', published: new Date(NOW).toISOString() });
    expect(result.errors).toEqual([]);
  });

  it('gives the same item id and first-seen date on the next poll', async () => {
    const feed = serveFeed('publisher-rss2.xml', 'application/rss+xml');
    const first = await pollFeed(feed, ctx);
    (ctx.clock as ManualClock).advance(3600_000);
    const second = await pollFeed(feed, ctx);
    (ctx.clock as ManualClock).set(NOW);
    expect(second.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(second.items[2]?.published).toBe(first.items[2]?.published);
  });

  it('reads RSS 1.0 (RDF) with dc:date and dc:language', async () => {
    const result = await pollFeed(serveFeed('rss1-rdf.xml', 'application/rdf+xml'), ctx);
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      title: "Le JNIM et l'économie de la route Bamako–Dakar",
      published: '2025-09-15T10:00:00.000Z',
      guid: 'https://think.example.org/analyse/jnim-2025',
      dateSource: 'feed',
    });
  });

  it('reads Atom; a bad <published> costs that field only, a future date falls back to first-seen', async () => {
    const result = await pollFeed(serveFeed('atom-bad-date.xml', 'application/atom+xml'), ctx);
    expect(result.items.map((i) => i.guid)).toEqual(['urn:fama:45', 'urn:fama:44', 'urn:fama:43']);
    const [good, badDate, future] = result.items;
    expect(good).toMatchObject({ title: 'Communiqué n°45 : riposte à Boulkessi', dateSource: 'feed', published: '2025-09-16T09:00:00.000Z' });
    expect(good?.summary).toBe('Les FAMa ont neutralisé plusieurs terroristes.');
    expect(badDate).toMatchObject({ dateSource: 'first-seen', summary: 'Bilan des opérations dans la région de Mopti.' });
    expect(future).toMatchObject({ dateSource: 'first-seen', published: new Date(NOW).toISOString() });
    expect(result.errors.some((e) => e.includes('urn:fama:44') && e.includes('le 15 septembre'))).toBe(true);
    expect(result.errors.some((e) => e.includes('urn:fama:43') && e.includes('future'))).toBe(true);
  });

  it('reads JSON Feed through the adapter, skipping a malformed item', async () => {
    const result = await pollFeed(serveFeed('json-feed.json', 'application/feed+json'), ctx);
    expect(result.items.map((i) => i.url)).toEqual([
      'https://monitor.example.net/2025/09/16/menaka',
      'https://monitor.example.net/2025/09/16/gao',
    ]);
    expect(result.items[0]).toMatchObject({ outlet: 'Sahel Monitor JSON', language: 'en', summary: 'Fighters linked to ISSP seized cattle near Ménaka.' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/item 2: not a JSON Feed item/);
  });

  it('keeps the first of two items sharing a GUID and reports the duplicate', async () => {
    const result = await pollFeed(serveFeed('duplicate-guids.xml', 'text/xml'), ctx);
    expect(result.items.map((i) => i.title)).toEqual(['First copy', 'Other']);
    expect(result.errors).toEqual([expect.stringMatching(/same-guid: duplicate guid/)]);
  });
});

describe('pollFeed: charsets', () => {
  it('decodes an ISO-8859-1 feed declared only in the XML prolog, and French dates', async () => {
    const result = await pollFeed(serveFeed('latin1.xml', 'application/xml'), ctx);
    expect(result.items[0]?.title).toBe("Ségou : l'armée déploie des renforts à Niono");
    expect(result.items[0]?.summary).toContain("déployées après l'attaque de Dioura");
    expect(result.items[0]).toMatchObject({ language: 'fr', published: '2025-09-16T08:00:00.000Z', dateSource: 'feed' });
  });

  it.each([
    ['from the HTTP header', 'text/xml; charset=windows-1252'],
    ['from the XML declaration', 'text/xml'],
    ['despite a wrong utf-8 header', 'text/xml; charset=utf-8'],
  ])('decodes windows-1252 (œ, ’, €, …) %s', async (_label, contentType) => {
    const result = await pollFeed(serveFeed('windows-1252.xml', contentType), ctx);
    expect(result.items[0]?.outlet).toBe('L’Écho du Sahel');
    expect(result.items[0]?.title).toBe('Mopti : le cœur de l’économie paralysé par le blocus');
    expect(result.items[0]?.summary).toBe('Le prix du carburant dépasse 1 000 FCFA… soit 1,50 € le litre, selon l’œuvre d’un comité.');
  });
});

describe('pollFeed: one invalid byte in a UTF-8 feed', () => {
  it('costs one character, not the feed: the other accents survive and one warning names the feed, URL and byte offset', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const log = createLogger({ destination, pretty: false, level: 'info' });
    const head = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sahel Wire</title><link>https://w.example/</link><description>d</description>' +
        '<item><title>Bénin : attaque sur l’axe Kayes–Bamako</title><link>https://w.example/1</link><description>Bilan ',
    );
    const body = Buffer.concat([head, Buffer.from([0x96]), Buffer.from(' 3 morts à Diboli.</description></item></channel></rss>')]);
    const path = `/feeds/${++feedCounter}/one-bad-byte.xml`;
    server.route(path, serveBytes(body, 'application/rss+xml; charset=utf-8'));
    const feed = FeedConfigSchema.parse({ id: `feed-${feedCounter}`, type: 'rss', url: server.url(path) });
    const result = await pollFeed(feed, { ...ctx, log });
    expect(result.items[0]?.title).toBe('Bénin : attaque sur l’axe Kayes–Bamako');
    expect(result.items[0]?.summary).toBe('Bilan \uFFFD 3 morts à Diboli.');
    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ feed: feed.id, url: feed.url, offset: head.length, encoding: 'utf-8' });
    expect(warnings[0].msg).toContain(`invalid UTF-8 at byte ${head.length}`);
  });
});

describe('pollFeed: titles people will read', () => {
  it('drops lone surrogates, neutralises bidi overrides and cuts a long emoji title on a grapheme', async () => {
    const longTitle = '🔥'.repeat(600);
    const xml = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Emoji</title><link>https://e.example/</link><description>d</description>
      <item><title>&#x202E;ilakam&#x202C; attack &#xD83D;near Kayes</title><link>https://e.example/1</link><description>Bilan : 3 morts &#xDE00;à Diboli.</description></item>
      <item><title>${longTitle}</title><link>https://e.example/2</link><description>x${longTitle}</description></item></channel></rss>`;
    server.route('/emoji-titles', serveBytes(xml, 'application/rss+xml; charset=utf-8'));
    const feed = FeedConfigSchema.parse({ id: 'emoji-titles', type: 'rss', url: server.url('/emoji-titles') });
    const result = await pollFeed(feed, ctx);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(result.items[0]).toMatchObject({ title: 'ilakam attack near Kayes', summary: 'Bilan : 3 morts à Diboli.' });
    const long = result.items[1]!;
    expect(long.title).toBe(`${'🔥'.repeat(249)}…`);
    expect(lone.test(long.title) || lone.test(long.summary)).toBe(false);
  });
});

describe('pollFeed: hostile feeds never throw', () => {
  it.each([['xxe.xml'], ['billion-laughs.xml']])('refuses %s with one line and no expansion', async (file) => {
    const feed = serveFeed(file, 'application/rss+xml');
    const started = Date.now();
    const result = await pollFeed(feed, ctx);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.items).toEqual([]);
    expect(result.errors).toEqual([`feed ${feed.id} (${feed.url}): unreadable feed: DOCTYPE with internal subset refused (external entities / entity expansion)`]);
  });

  it('records a refused fetch in the feed status with its reason, and backs off', async () => {
    const feed = FeedConfigSchema.parse({ id: 'to-loopback', type: 'rss', url: server.url('/redirect?to=http://127.0.0.1:1/') });
    const first = await pollFeed(feed, ctx);
    expect(first.errors).toEqual([`feed to-loopback (http://127.0.0.1:1/): private address 127.0.0.1 (loopback)`]);
    await pollFeed(feed, ctx);
    const status = await ctx.status.get('to-loopback');
    expect(status).toMatchObject({ consecutiveFailures: 2, lastError: 'private address 127.0.0.1 (loopback)' });
    expect(await ctx.status.backoffMs('to-loopback')).toBe(120_000);
    expect(await ctx.status.backoffRemainingMs('to-loopback', NOW + 60_000)).toBe(60_000);
    expect((await ctx.status.list()).map((s) => s.feedId)).toContain('to-loopback');
  });

  it('logs one line per refused fetch naming feed, URL and reason', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const log = createLogger({ destination, pretty: false, level: 'info' });
    const feed = FeedConfigSchema.parse({ id: 'gzip-bomb', type: 'rss', url: server.url('/gzip-bomb') });
    await pollFeed(feed, { ...ctx, log });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ feed: 'gzip-bomb', url: feed.url, reason: 'body over 5 MB after decompression' });
  });

  it('survives an entity sax does not know: one retry, HTML entities still decoded', async () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Entities</title><link>https://e.example/</link><description>d</description>
      <item><title>L&rsquo;arm&eacute;e &amp; la &foo; route</title><link>https://e.example/1</link><description>Bilan&nbsp;: 3 &#xD800;morts</description></item></channel></rss>`;
    server.route('/entities', serveBytes(xml, 'application/rss+xml'));
    const feed = FeedConfigSchema.parse({ id: 'entities', type: 'rss', url: server.url('/entities') });
    const result = await pollFeed(feed, ctx);
    expect(result.items[0]).toMatchObject({ title: 'L’armée & la &foo; route', summary: 'Bilan : 3 morts' });
    expect(result.errors).toEqual(['feed entities unknown or invalid XML entities kept as text']);
  });

  it('reports HTTP errors and non-feeds', async () => {
    const broken = FeedConfigSchema.parse({ id: 'http-503', type: 'rss', url: server.url('/status?code=503') });
    expect((await pollFeed(broken, ctx)).errors[0]).toMatch(/^feed http-503 \(.*\): HTTP 503$/);
    server.route('/not-xml', serveBytes('<html><body>Hello', 'text/html'));
    const html = FeedConfigSchema.parse({ id: 'not-xml', type: 'rss', url: server.url('/not-xml') });
    expect((await pollFeed(html, ctx)).errors[0]).toMatch(/^feed not-xml .*unreadable feed/);
  });

  it('reads a 10,000-item feed within the limits and keeps the newest 500', async () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => {
      const date = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toUTCString();
      return `<item><title>Report ${i}</title><link>https://big.example.org/r/${i}</link><guid>g${i}</guid><pubDate>${date}</pubDate><description>Short summary ${i}</description></item>`;
    });
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example.org/</link><description>d</description>${entries.join('')}</channel></rss>`;
    expect(xml.length).toBeGreaterThan(1_500_000);
    server.route('/big', serveBytes(xml, 'application/rss+xml'));
    const feed = FeedConfigSchema.parse({ id: 'big', type: 'rss', url: server.url('/big') });
    const started = Date.now();
    const result = await pollFeed(feed, ctx);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.items).toHaveLength(MAX_ITEMS_PER_POLL);
    expect(result.items[0]?.title).toBe('Report 9999');
    expect(result.errors).toEqual([`feed big (${feed.url}): 10000 items, kept the newest 500`]);
  });
});

describe('pollFeed: conditional GET', () => {
  it('sends the stored ETag / Last-Modified and reports 304 as not modified', async () => {
    const body = fixture('feeds/publisher-rss2.xml');
    server.route('/conditional', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Tue, 16 Sep 2025 09:00:00 GMT' });
      res.end(body);
    });
    const feed = FeedConfigSchema.parse({ id: 'conditional', type: 'rss', url: server.url('/conditional') });
    const first = await pollFeed(feed, ctx);
    expect(first).toMatchObject({ notModified: false });
    expect(first.items).toHaveLength(3);
    const second = await pollFeed(feed, ctx);
    expect(second).toEqual({ items: [], errors: [], warnings: [], notModified: true, fresh: [], hints: {} });
    expect(server.lastHeaders.get('/conditional')?.['if-modified-since']).toBe('Tue, 16 Sep 2025 09:00:00 GMT');
    expect(await ctx.status.get('conditional')).toMatchObject({ etag: '"v1"', consecutiveFailures: 0, itemsSeen: 3, lastItemCount: 3 });
    // The server stops sending validators: the stale ones are forgotten, not sent forever.
    server.route('/conditional', serveBytes(body, 'application/rss+xml'));
    expect((await pollFeed(feed, ctx)).notModified).toBe(false);
    const status = await ctx.status.get('conditional');
    expect(status?.etag).toBeUndefined();
    expect(status?.lastModified).toBeUndefined();
  });
});
