import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArticle } from '../../src/articles/fetch-article.js';
import { sharedPageReader } from '../../src/articles/page-reader.js';
import { ManualClock } from '../../src/core/clock.js';
import { MAX_MARKUP_DEPTH, markupShape } from '../../src/core/html-bounds.js';
import { createLogger } from '../../src/core/log.js';
import { FeedStatusStore } from '../../src/feeds/feed-status.js';
import { importOpml } from '../../src/feeds/opml.js';
import { type PollContext, pollFeed } from '../../src/feeds/poll-feed.js';
import { readFeed } from '../../src/feeds/read-feed.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { pageSource } from '../../src/feeds/sources/page/index.js';
import { defaultFetchPolicy } from '../../src/net/safe-fetch.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { eventLoopDelayDuring } from '../helpers/liveness.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** 150,000 nested <div>s, about 1.65 MB: froze `start` for minutes per attempt before the pre-pass. */
const LEVELS = 150_000;
const nested = (inner: string) => `${'<div>'.repeat(LEVELS)}${inner}${'</div>'.repeat(LEVELS)}`;

const prefix = uniquePrefix('deep-markup');
const redis = testRedis();
let server: HostileServer;
let ctx: PollContext;
const lines: string[] = [];
const log = createLogger({
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  }),
  pretty: false,
  level: 'info',
});

beforeAll(async () => {
  server = await startHostileServer();
  ctx = { policy: defaultFetchPolicy({ allow_private: [server.origin], total_timeout_ms: 5_000 }), status: new FeedStatusStore(redis, prefix), clock: new ManualClock(Date.parse('2026-11-20T12:00:00Z')), log };
  // The page thread loads its parsers first (the service does this at start): under tsx that load, not the page, would be measured.
  await sharedPageReader().warm();
});
afterAll(async () => {
  await server.close();
  await deletePrefix(prefix);
  redis.disconnect();
});

function rss(items: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Deep</title><link>https://deep.example/</link><description>d</description>${items}</channel></rss>`;
}
const GOOD = (n: number) =>
  `<item><title>JNIM attack near Kayes ${n}</title><link>https://deep.example/good-${n}</link><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate><description>Fighters attacked a convoy near Kayes.</description></item>`;

describe('markup nested too deep never reaches a DOM', () => {
  it('counts ordinary HTML as shallow: implied ends, void elements, svg, scripts, the fixtures', () => {
    expect(markupShape(`<body>${'<p>para'.repeat(5000)}</body>`).depth).toBe(2);
    expect(markupShape(`<ul>${'<li>x<br><img src=a>'.repeat(5000)}</ul>`).depth).toBe(2);
    expect(markupShape(`<svg>${'<path d="M0 0"/>'.repeat(5000)}</svg>`).depth).toBe(1);
    expect(markupShape(`<script>${'<div>'.repeat(5000)}</script><p title="a > b">x</p>`).depth).toBe(1);
    // `<div/>` opens a div in HTML (browsers and parse5 ignore the slash), so it is counted.
    expect(markupShape('<div/>'.repeat(5000)).depth).toBeGreaterThan(MAX_MARKUP_DEPTH);
    for (const dir of ['tests/fixtures/pages', 'examples/pages/sahel-dispatch']) {
      for (const file of readdirSync(dir, { recursive: true }) as string[]) {
        if (file.endsWith('.html')) expect(markupShape(readFileSync(`${dir}/${file}`, 'utf8')).depth).toBeLessThan(50);
      }
    }
  });

  it('an article page 150,000 levels deep: the item keeps its summary, one line names the URL, the loop never stalls', async () => {
    server.route('/deep-page', serveBytes(`<html><body>${nested('<p>JNIM fighters attacked a convoy near Kayes.</p>')}</body></html>`, 'text/html; charset=utf-8'));
    const url = server.url('/deep-page');
    lines.length = 0;
    const { result: article, maxMs: maxStallMs } = await eventLoopDelayDuring(() =>
      fetchArticle(
        {
          id: 'it_deep',
          feedId: 'deep',
          outlet: 'Deep',
          guid: url,
          url,
          title: 'Convoy attacked near Kayes',
          summary: 'JNIM fighters attacked a convoy near Kayes.',
          published: '2026-11-20T08:00:00.000Z',
          dateSource: 'feed',
          firstSeen: '2026-11-20T08:05:00.000Z',
        },
        { policy: ctx.policy, log },
      ),
    );
    expect(article).toMatchObject({ textSource: 'summary', text: 'JNIM fighters attacked a convoy near Kayes.' });
    expect(article.fetchError).toBe(`markup nested deeper than ${MAX_MARKUP_DEPTH} elements; refused before parsing`);
    expect(maxStallMs).toBeLessThan(1000);
    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toBe(`article kept as summary: ${url}: markup nested deeper than ${MAX_MARKUP_DEPTH} elements; refused before parsing`);
  });

  it.each([
    ['as escaped HTML', (inner: string) => `<![CDATA[${nested(inner)}]]>`, 'markup nested deeper than 1000 elements; refused before parsing; item skipped'],
    ['as raw XML', nested, 'nested deeper than 1000 elements; item dropped before parsing'],
  ])('a feed description nested 150,000 levels deep %s fails that item alone, named by its URL', async (label, wrap, reason) => {
    const path = `/deep-feed-${label.replace(/\W+/g, '-')}.xml`;
    const deep = `<item><title>Deep one</title><link>https://deep.example/hostile</link><description>${wrap('x')}</description></item>`;
    server.route(path, serveBytes(rss(GOOD(1) + deep + GOOD(2)), 'application/rss+xml; charset=utf-8'));
    const feed = FeedConfigSchema.parse({ id: `deep-${label.length}`, type: 'rss', url: server.url(path) });
    const { result, maxMs: maxStallMs } = await eventLoopDelayDuring(() => pollFeed(feed, ctx));
    expect(result.items.map((i) => i.url)).toEqual(['https://deep.example/good-1', 'https://deep.example/good-2']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBe(`feed ${feed.id} item https://deep.example/hostile: ${reason}`);
    // Before the bounds: a 22 s freeze, then the whole feed lost. The margin absorbs a loaded machine's GC pauses.
    expect(maxStallMs).toBeLessThan(1000);
  });

  it('a page-type feed nested too deep fails with one line; an OPML list too', async () => {
    server.route('/deep-listing', serveBytes(`<html><body><ul>${nested('<li><a href="/a">A</a></li>')}</ul></body></html>`, 'text/html'));
    const feed = FeedConfigSchema.parse({ id: 'deep-listing', type: 'page', url: server.url('/deep-listing'), selectors: { item: 'li' } });
    const result = await pollFeed(feed, ctx);
    expect(result.errors).toEqual([`feed deep-listing (${feed.url}): unreadable feed: markup nested deeper than ${MAX_MARKUP_DEPTH} elements; refused before parsing`]);
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>${'<outline text="f">'.repeat(5000)}<outline xmlUrl="https://x.example/rss"/>${'</outline>'.repeat(5000)}</body></opml>`;
    expect(importOpml(opml)).toEqual({ feeds: [], errors: [`line 1: outlines nested deeper than ${MAX_MARKUP_DEPTH} levels; refused before parsing`] });
  });
});

/*
 * Wide rather than deep: inside the bounds, but the readers of feed text were
 * quadratic in it. A poll reads them in a parse thread now, but its budget
 * (10 s) only holds if they stay linear: read here on the main thread, to the
 * end; the bounds are generous.
 */
describe('wide markup inside the bounds is read in linear time', () => {
  it('a feed description of 190,000 flat elements: seconds, not minutes (282 s before)', async () => {
    const wide = '<div class="a b">x</div>'.repeat(190_000);
    const started = performance.now();
    const { items, errors } = await readFeed(rss(`<item><title>Wide</title><link>https://deep.example/wide</link><description><![CDATA[${wide}]]></description></item>${GOOD(1)}`), { url: 'https://deep.example/feed' });
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.url)).toEqual(['https://deep.example/wide', 'https://deep.example/good-1']);
    expect(items[0]!.summary).toMatch(/^x x x /);
  }, 120_000);

  it('a page-type feed listing 20,000 items: seconds, not minutes (8,000 took 84 s before)', async () => {
    const listing = `<html lang="fr"><body><ul>${'<li class="c"><a href="/a">Attaque</a> <span>x</span></li>'.repeat(20_000)}</ul></body></html>`;
    const feed = FeedConfigSchema.parse({ id: 'wide-listing', type: 'page', url: 'https://deep.example/', selectors: { item: 'li.c' } });
    const started = performance.now();
    const parsed = await pageSource.parse({ text: listing, url: feed.url, contentType: 'text/html' }, feed as never);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(parsed.entries).toHaveLength(20_000);
    expect(parsed.entries[0]).toMatchObject({ link: '/a', title: 'Attaque', language: 'fr' });
  }, 120_000);
});
