import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_TASK, PageReader } from '../../src/articles/page-reader.js';
import { ThreadPool } from '../../src/core/thread-pool.js';
import { FEED_TASK, FeedOverBudget, FeedReader } from '../../src/feeds/feed-reader.js';
import { type FeedDocumentInput, readFeedDocument } from '../../src/feeds/read-feed.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';

const NOW = Date.parse('2025-09-17T00:00:00Z');
const reader = new FeedReader({ parse_budget_ms: 10_000 });
afterAll(() => reader.close());

const rssFeed = (url: string) => FeedConfigSchema.parse({ id: 'shipped', type: 'rss', url });
const input = (bytes: Uint8Array | string, contentType: string, url = 'https://outlet.example/feed.xml'): FeedDocumentInput => ({ bytes, contentType, url, feed: rssFeed(url), now: NOW });

/** Every feed document the tests and the demo ship, with the content type a server would give it. */
function shippedFeeds(): Array<[string, FeedDocumentInput]> {
  return ['tests/fixtures/feeds', 'examples/feeds'].flatMap((dir) =>
    readdirSync(dir).map((file): [string, FeedDocumentInput] => [join(dir, file), input(readFileSync(join(dir, file)), file.endsWith('.json') ? 'application/feed+json' : 'application/xml')]),
  );
}

/** 190,000 flat elements in one description: within the markup bounds, seconds of HTML-to-text. */
const HEAVY = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><item><title>Wide</title><link>https://outlet.example/wide</link><description><![CDATA[${'<div class="a b">x</div>'.repeat(190_000)}]]></description></item></channel></rss>`;
const SMALL = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><item><title>Attaque près de Kayes</title><link>https://outlet.example/a</link><pubDate>Tue, 16 Sep 2025 09:30:00 GMT</pubDate></item></channel></rss>`;

describe('the feed reader (feed documents in worker threads)', () => {
  it('gives every shipped feed exactly what reading it on the main thread gave: items, warnings, refusals', async () => {
    const feeds = shippedFeeds();
    expect(feeds.length).toBeGreaterThanOrEqual(10);
    for (const [file, doc] of feeds) expect(await reader.read(doc), file).toEqual(await readFeedDocument(doc));
    // And the answers are real ones, not two equal empty ones: items, a refusal, a repaired byte.
    const publisher = await reader.read(feeds.find(([file]) => file.endsWith('publisher-rss2.xml'))![1]);
    expect(publisher.drafts.map((d) => d.title)).toContain('Burkina Faso: army says it repelled assault on Djibo base');
    expect((await reader.read(feeds.find(([file]) => file.endsWith('xxe.xml'))![1])).unreadable).toMatch(/^unreadable feed: DOCTYPE with internal subset refused/);
    const [head, tail] = SMALL.split('</title>', 2).map((part) => Buffer.from(part));
    const badByte = Buffer.concat([head!, Buffer.from([0x96]), Buffer.from('</title>'), tail!]);
    expect((await reader.read(input(badByte, 'application/rss+xml; charset=utf-8'))).decodeWarnings).toMatchObject([{ kind: 'replaced', offset: head!.length }]);
  }, 60_000);

  it('reads page-type feeds (HTML listings) with their selectors', async () => {
    const url = 'https://ministere.example/communiques';
    const html = `<html lang="fr"><body><ul>${'<li class="c"><a href="/c/1">Communiqué</a> <time datetime="2025-09-16T10:00:00Z">hier</time></li>'.repeat(3)}</ul></body></html>`;
    const doc: FeedDocumentInput = { bytes: Buffer.from(html), contentType: 'text/html', url, feed: FeedConfigSchema.parse({ id: 'listing', type: 'page', url, selectors: { item: 'li.c', date: 'time' } }), now: NOW };
    const read = await reader.read(doc);
    expect(read).toEqual(await readFeedDocument(doc));
    expect(read.drafts).toMatchObject([{ url: 'https://ministere.example/c/1', title: 'Communiqué', published: '2025-09-16T10:00:00.000Z', language: 'fr' }]);
  }, 30_000);

  it('stops a document past its budget, replaces the thread, and reads the next document', async () => {
    const tight = new FeedReader({ parse_budget_ms: 200 });
    try {
      await tight.warm();
      const stopped = await tight.read(input(HEAVY, 'application/rss+xml')).catch((err: unknown) => err);
      expect(stopped).toBeInstanceOf(FeedOverBudget);
      expect((stopped as FeedOverBudget).reason).toBe('feed parsing stopped at its 200 ms budget');
      expect(tight.overruns).toBe(1);
      // The replacement loads its parsers first (not charged), then the small feed takes ms.
      expect(await tight.read(input(SMALL, 'application/rss+xml'))).toEqual(await readFeedDocument(input(SMALL, 'application/rss+xml')));
      expect(tight.overruns).toBe(1);
    } finally {
      await tight.close();
    }
  }, 60_000);

  it('shares one thread with the page reader, each kind within its own budget', async () => {
    const pool = new ThreadPool({ tasks: { ...PAGE_TASK, ...FEED_TASK }, threads: 1 });
    const pages = new PageReader({ threads: 1, parse_budget_ms: 30_000 }, pool);
    const feeds = new FeedReader({ parse_budget_ms: 200 }, pool);
    try {
      await pool.warm();
      const stopped = await feeds.read(input(HEAVY, 'application/rss+xml')).catch((err: unknown) => err);
      expect(stopped).toBeInstanceOf(FeedOverBudget);
      // A page that takes longer than the feed budget is read to the end: the budget goes with the task.
      const url = 'https://outlet.example/long';
      const long = `<html><body><article>${Array.from({ length: 20_000 }, (_, i) => `<p>Paragraphe ${i} du communiqué.</p>`).join('')}</article></body></html>`;
      const started = performance.now();
      const page = await pages.read(long, url);
      expect(performance.now() - started).toBeGreaterThan(200);
      expect(page.text).toMatch(/^Paragraphe 0 du communiqué\.\s+Paragraphe 1 /);
      expect((await feeds.read(input(SMALL, 'application/rss+xml'))).drafts).toHaveLength(1);
      expect([feeds.overruns, pages.overruns, pool.overruns]).toEqual([1, 0, 1]);
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  }, 90_000);
});
