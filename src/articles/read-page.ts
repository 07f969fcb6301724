import { loadHtml } from '../core/html-dom.js';
import { parseHTML } from 'linkedom';
import { assertMarkupBounded } from '../core/html-bounds.js';
import { dropLoneSurrogates, truncate } from '../core/text.js';
import { canonicalUrl, resolveHttpUrl } from '../feeds/canonical-url.js';
import { parseFeedDate } from '../feeds/dates.js';
import { extractArticle } from './main-text.js';

/*
 * One article page's HTML -> main text and metadata: pure CPU, no network, no
 * logger. Kept apart from fetch-article so that a worker thread reading pages
 * loads the parsers and nothing of the network stack.
 */

const MAX_TEXT = 100_000;
const PAYWALL_MARKERS = '[class*=paywall], [id*=paywall], [class*=subscriber-only], [class*=premium-content], [data-paywall]';
const PAYWALL_WORDS = /réservé aux abonnés|abonnez-vous pour lire|subscribers? only|subscribe to (read|continue)/i;

export interface PageInfo {
  text: string;
  /** The page's own headline and author line, when it states them. */
  title?: string;
  byline?: string;
  canonical: string | null;
  language: string | undefined;
  paywalled: boolean;
  /** The page's own publication date (Open Graph / schema.org), ms. */
  publishedMs: number | null;
}

/** The part of the linkedom document read here (the project compiles without the DOM lib). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface PageDocument {
  documentElement: PageElement | null;
  body: PageElement | null;
  querySelector(selector: string): PageElement | null;
}

const PUBLISHED_META = [
  'meta[property="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="DC.date.issued"]',
  '[itemprop="datePublished"][datetime]',
  'article time[datetime]',
];

function pagePublished(document: PageDocument): number | null {
  for (const selector of PUBLISHED_META) {
    const node = document.querySelector(selector);
    const value = node?.getAttribute('content') ?? node?.getAttribute('datetime') ?? undefined;
    // The feeds' date grammar: zone-less page dates are UTC on any server, garbage is refused.
    const ms = parseFeedDate(value);
    if (ms !== null) return ms;
  }
  return null;
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

/**
 * rel=canonical is trusted only on the same site: a hostile page must not be
 * able to claim another outlet's URL and merge into (or hide) its article.
 */
function sameSiteCanonical(document: PageDocument, pageUrl: string): string | null {
  const href = resolveHttpUrl(document.querySelector('link[rel~=canonical]')?.getAttribute('href') ?? undefined, pageUrl);
  return href && hostOf(href) === hostOf(pageUrl) ? canonicalUrl(href) : null;
}

/** One fetched article page → main text and metadata. Throws MarkupTooComplex for a page too deep or too large. */
export function readArticlePage(html: string, pageUrl: string): PageInfo {
  const shape = assertMarkupBounded(html);
  // One linkedom DOM for the metadata and Readability (which edits it: metadata first); cheerio only for the fallback.
  const { document } = parseHTML(html) as unknown as { document: PageDocument };
  const paywalled = document.querySelector(PAYWALL_MARKERS) !== null || PAYWALL_WORDS.test(document.body?.textContent ?? '');
  const canonical = sameSiteCanonical(document, pageUrl);
  const htmlLang = document.documentElement?.getAttribute('lang')?.trim() || undefined;
  const metaPublished = pagePublished(document);
  const main = extractArticle(document, shape, () => loadHtml(html));
  return {
    text: truncate(dropLoneSurrogates(main.text), MAX_TEXT, ''),
    title: main.title,
    byline: main.byline,
    canonical,
    language: htmlLang ?? main.lang,
    paywalled,
    publishedMs: parseFeedDate(main.publishedTime) ?? metaPublished,
  };
}
