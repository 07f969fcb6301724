import type { CheerioAPI } from 'cheerio';
import { loadHtml } from '../../../core/html-dom.js';
import { z } from 'zod';
import { assertMarkupBounded } from '../../../core/html-bounds.js';
import { baseFeedFields, type ParsedFeed, type RawEntry, type Source } from '../source.js';

/**
 * CSS selectors for a listing page with no feed (a ministry's communiqué page).
 * `link`, `title`, `date` and `summary` are looked up inside each `item`;
 * `link` defaults to the first `a[href]`, `title` to the link text.
 */
const SelectorsSchema = z.strictObject({
  item: z.string().min(1),
  link: z.string().min(1).default('a[href]'),
  title: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
});

export const PageFeedConfigSchema = z.strictObject({
  ...baseFeedFields,
  type: z.literal('page'),
  selectors: SelectorsSchema,
});
export type PageFeedConfig = z.infer<typeof PageFeedConfigSchema>;

type Selection = ReturnType<CheerioAPI>;

function textOf(node: Selection): string | undefined {
  const value = node.first().text().replace(/\s+/g, ' ').trim();
  return value || undefined;
}

/** `<time datetime>` (or any `datetime`/`content` attribute) beats the visible text, which is often "il y a 2 heures". */
function dateOf(node: Selection): string | undefined {
  const first = node.first();
  return first.attr('datetime') ?? first.attr('content') ?? textOf(first);
}

function readItem(element: Selection, feed: PageFeedConfig, language: string | undefined): RawEntry | null {
  const { selectors } = feed;
  const anchor = element.is(selectors.link) ? element : element.find(selectors.link).first();
  const link = anchor.attr('href');
  if (!link) return null;
  return {
    link,
    title: selectors.title ? textOf(element.find(selectors.title)) : textOf(anchor),
    published: selectors.date ? dateOf(element.find(selectors.date)) : undefined,
    summary: selectors.summary ? textOf(element.find(selectors.summary)) : undefined,
    language,
  };
}

export const pageSource: Source<typeof PageFeedConfigSchema> = {
  type: 'page',
  description: 'A web page without a feed, read with CSS selectors for item, link, title and date.',
  config: PageFeedConfigSchema,
  parse: async (doc, feed) => {
    // A page nested too deep for a DOM fails this feed with one line, before cheerio sees it.
    assertMarkupBounded(doc.text);
    const $ = loadHtml(doc.text);
    const entries: RawEntry[] = [];
    const errors: string[] = [];
    // Looked up once: a whole-document query per item was quadratic (8,000 items: 84 s).
    const language = $('html').attr('lang');
    $(feed.selectors.item).each((index, el) => {
      const entry = readItem($(el), feed, language);
      if (entry) entries.push(entry);
      else errors.push(`item ${index}: no link matching "${feed.selectors.link}"`);
    });
    if (entries.length === 0 && errors.length === 0) {
      errors.push(`no element matches item selector "${feed.selectors.item}"`);
    }
    const parsed: ParsedFeed = { title: $('title').first().text().trim() || undefined, language, entries, errors };
    return parsed;
  },
  example: (id, url) => ({
    id,
    type: 'page',
    url,
    name: 'Ministère de la Défense',
    selectors: { item: 'li.communique', link: 'a.titre', date: 'time', summary: '.chapo' },
  }),
};
