import { MarkupTooComplex } from '../core/html-bounds.js';
import { contentId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { ThreadTaskError } from '../core/thread-pool.js';
import { truncate } from '../core/text.js';
import { canonicalUrl } from '../feeds/canonical-url.js';
import type { Item } from '../feeds/item.js';
import { decodeBody, logDecodeWarnings } from '../net/charset.js';
import { type FetchPolicy, FetchRefused, safeFetch } from '../net/safe-fetch.js';
import type { Article } from './article.js';
import { PageOverBudget, type PageReader, sharedPageReader } from './page-reader.js';
import type { PageInfo } from './read-page.js';

// Types only: read-page.js (linkedom, Readability: ~20 MB resident) loads in the page thread, not in every worker.
export type { PageInfo } from './read-page.js';

export interface FetchArticleContext {
  policy: FetchPolicy;
  log: Logger;
  /** Where pages are parsed (threads, time budget); the process's default reader when absent. */
  pages?: PageReader;
}

/** Below this, page text is a teaser, a paywall or a script-rendered shell: the feed summary is kept. */
export const MIN_PAGE_TEXT = 300;

/**
 * The feed's date wins; when the feed had none (first-seen), the page's own
 * date is used if it is not later than when we first saw the item.
 */
function publishedDate(item: Item, page: PageInfo | null): string {
  if (item.dateSource === 'feed' || page?.publishedMs == null) return item.published;
  return page.publishedMs <= Date.parse(item.firstSeen) ? new Date(page.publishedMs).toISOString() : item.published;
}

/**
 * Page parsing must not cost the item: any surprise in the HTML becomes
 * "unreadable page"; markup too deep or too large for a DOM, or parsing past
 * its time budget (in a thread, so the event loop never waits), says so.
 */
async function safelyRead(body: Buffer, contentType: string, pageUrl: string, ctx: FetchArticleContext): Promise<PageInfo | string> {
  try {
    const html = decodeBody(body, contentType, logDecodeWarnings(ctx.log, { url: pageUrl }, `article page ${pageUrl}`));
    return await (ctx.pages ?? sharedPageReader()).read(html, pageUrl);
  } catch (err) {
    if (err instanceof MarkupTooComplex || err instanceof PageOverBudget) return err.reason;
    // The parser threw (a DOM edge case) in the thread, or the thread itself failed (it died, it could not start): say which.
    return err instanceof ThreadTaskError ? 'unreadable page' : `unreadable page: page reader failed: ${(err as Error).message}`;
  }
}

/** Why a fetched page cannot replace the summary, or null when it can. */
function rejectPage(status: number, contentType: string, page: PageInfo | null): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}`;
  if (!/html|xml/i.test(contentType)) return `not an HTML page (${contentType.split(';')[0] || 'no content type'})`;
  if (!page) return 'unreadable page';
  if (page.text.length < MIN_PAGE_TEXT) return page.paywalled ? 'paywalled page' : `page text too short (${page.text.length} chars)`;
  return null;
}

/** The article of an item at its (canonical) URL; what differs is where the text came from. */
function articleOf(item: Item, url: string, text: Pick<Article, 'text' | 'published' | 'language' | 'byline' | 'textSource' | 'fetchError'>): Article {
  return { id: contentId('ar', url), itemId: item.id, feedId: item.feedId, outlet: item.outlet, url, title: item.title, firstSeen: item.firstSeen, ...text };
}

function fromSummary(item: Item, url: string, reason: string, language?: string): Article {
  return articleOf(item, url, { text: item.summary, published: item.published, language: language ?? item.language, textSource: 'summary', fetchError: reason });
}

/**
 * Item → Article: fetches the page through safeFetch and extracts its main
 * text, canonical URL and language. Never throws for a page problem: the
 * article then carries the feed summary, `textSource: 'summary'` and the reason.
 */
export async function fetchArticle(item: Item, ctx: FetchArticleContext): Promise<Article> {
  let result: Awaited<ReturnType<typeof safeFetch>>;
  try {
    result = await safeFetch(item.url, ctx.policy);
  } catch (err) {
    const reason = err instanceof FetchRefused ? err.reason : String(err);
    ctx.log.warn({ item: item.id, feed: item.feedId, url: item.url, reason }, `article fetch refused: ${item.url}: ${reason}`);
    return fromSummary(item, item.url, reason);
  }
  const contentType = result.headers['content-type'] ?? '';
  const read = result.status === 200 && /html|xml/i.test(contentType) ? await safelyRead(result.body, contentType, result.url, ctx) : null;
  const page = typeof read === 'string' ? null : read;
  const url = page?.canonical ?? canonicalUrl(result.url);
  const problem = typeof read === 'string' ? read : rejectPage(result.status, contentType, page);
  if (problem) {
    ctx.log.warn({ item: item.id, feed: item.feedId, url: result.url, reason: problem }, `article kept as summary: ${result.url}: ${problem}`);
    return fromSummary(item, url, problem, page?.language);
  }
  return articleOf(item, url, {
    text: page?.text ?? '',
    published: publishedDate(item, page),
    language: page?.language ?? item.language,
    ...(page?.byline ? { byline: truncate(page.byline, 200, '…') } : {}),
    textSource: 'page',
  });
}
