import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArticle } from '../../src/articles/fetch-article.js';
import { ArticleSchema } from '../../src/articles/article.js';
import { contentId } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/log.js';
import type { Item } from '../../src/feeds/item.js';
import { defaultFetchPolicy } from '../../src/net/safe-fetch.js';
import { fixture, type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';

let server: HostileServer;
let ctx: Parameters<typeof fetchArticle>[1];

beforeAll(async () => {
  server = await startHostileServer();
  ctx = { policy: defaultFetchPolicy({ allow_private: [server.origin], total_timeout_ms: 2_000 }), log: silentLogger };
  server.route('/article', serveBytes(fixture('pages/article.html'), 'text/html; charset=utf-8'));
  server.route('/paywall', serveBytes(fixture('pages/paywall.html'), 'text/html; charset=utf-8'));
  // Stored as UTF-8 (so editors and linters can read it), served as the windows-1252 bytes it declares.
  server.route('/kidal', serveBytes(iconv.encode(fixture('pages/article-windows-1252.html').toString('utf8'), 'windows-1252'), 'text/html'));
  server.route('/pdf', serveBytes('%PDF-1.4', 'application/pdf'));
});
afterAll(() => server.close());

function item(path: string, overrides: Partial<Item> = {}): Item {
  return {
    id: 'it_test',
    feedId: 'wire',
    outlet: 'Sahel Wire',
    guid: path,
    url: server.url(path),
    title: 'Mali: gunmen attack fuel convoy near Kayes',
    summary: 'Suspected JNIM fighters set fire to tanker trucks near Kayes.',
    published: '2025-09-16T08:30:00.000Z',
    dateSource: 'feed',
    firstSeen: '2025-09-16T08:35:00.000Z',
    ...overrides,
  };
}

describe('fetchArticle', () => {
  it('extracts the main text without navigation, sidebar, share bar, caption or footer', async () => {
    const article = await fetchArticle(item('/article'), ctx);
    expect(ArticleSchema.parse(article)).toEqual(article);
    expect(article.textSource).toBe('page');
    expect(article.fetchError).toBeUndefined();
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^Suspected fighters of the al-Qaeda-linked JNIM/);
    expect(paragraphs[3]).toMatch(/several soldiers were missing\.$/);
    expect(article.text).not.toMatch(/Most read|Share on|Football|All rights reserved|Photo: archives|analytics/);
    expect(article.text).toContain('Côte d’Ivoire');
  });

  it("uses the page's publication date only when the feed gave none", async () => {
    expect((await fetchArticle(item('/article'), ctx)).published).toBe('2025-09-16T08:30:00.000Z');
    const undated = item('/article', { dateSource: 'first-seen', published: '2025-09-16T08:35:00.000Z' });
    expect((await fetchArticle(undated, ctx)).published).toBe('2025-09-16T07:55:00.000Z');
  });

  it('takes the canonical URL (tracking stripped) as url and id, and the page language', async () => {
    const article = await fetchArticle(item('/article'), ctx);
    // The canonical host differs from the local test server, so it is not same-site: kept out.
    expect(article.url).toBe(server.url('/article'));
    expect(article.language).toBe('en-GB');
    server.route('/same-site', serveBytes(
      fixture('pages/article.html').toString().replace('https://news.example.org/afrique/mali-convoy-kayes-123?utm_campaign=x', `${server.origin}/afrique/convoy?utm_campaign=x&id=7#comments`),
      'text/html',
    ));
    const viaTracking = await fetchArticle(item('/same-site'), ctx);
    expect(viaTracking.url).toBe(`${server.origin}/afrique/convoy?id=7`);
    expect(viaTracking.id).toBe(contentId('ar', `${server.origin}/afrique/convoy?id=7`));
  });

  it('decodes a windows-1252 page declared in <meta http-equiv> and ignores a foreign canonical', async () => {
    const article = await fetchArticle(item('/kidal'), ctx);
    expect(article.textSource).toBe('page');
    expect(article.text).toContain('à l’arrêt');
    expect(article.text).toContain('cœur de ville');
    expect(article.text).toContain('45 €');
    expect(article.url).toBe(server.url('/kidal'));
    expect(article.language).toBe('fr');
  });

  it.each([
    ['a paywalled page', '/paywall', 'paywalled page'],
    ['a missing page', '/status?code=404', 'HTTP 404'],
    ['a PDF', '/pdf', 'not an HTML page (application/pdf)'],
    ['a server that never answers', '/hang', 'timeout'],
    ['a redirect to a private address', '/redirect?to=http://10.0.0.1/x', 'private address 10.0.0.1 (private)'],
  ])('keeps the feed summary for %s', async (_label, path, reason) => {
    const source = item(path);
    const article = await fetchArticle(source, ctx);
    expect(article).toMatchObject({ textSource: 'summary', text: source.summary, fetchError: reason, title: source.title, itemId: 'it_test' });
    expect(ArticleSchema.safeParse(article).success).toBe(true);
  });
});
