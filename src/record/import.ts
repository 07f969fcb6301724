import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Article } from '../articles/article.js';
import { contentId } from '../core/ids.js';
import { parseJsonLines } from '../eval/corpus.js';
import { extract } from '../extraction/extract.js';
import { canonicalUrl } from '../feeds/canonical-url.js';
import type { ArticleImport, RecordStore } from './store.js';

/** One archived article per JSONL line; `lang` as the eval corpora spell it, `language` as the record does. */
export const ArchivedArticleSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  title: z.string().trim().min(1, 'expected a non-empty title'),
  text: z.string().default(''),
  published: z
    .string()
    .refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO date or date-time')
    .optional(),
  lang: z.string().optional(),
  language: z.string().optional(),
  outlet: z.string().optional(),
  feed: z.string().optional(),
  byline: z.string().optional(),
});
export type ArchivedArticle = z.infer<typeof ArchivedArticleSchema>;

const BATCH = 500;

/** The article the pipeline would have made of it: the same id (hash of the canonical URL), so a later poll of it is no new article. */
function toImport(entry: ArchivedArticle, now: number): ArticleImport {
  const url = canonicalUrl(entry.url);
  const language = entry.language ?? entry.lang;
  const published = entry.published ? new Date(Date.parse(entry.published)).toISOString() : new Date(now).toISOString();
  const article: Article = {
    id: contentId('ar', url),
    itemId: contentId('it', 'import', url),
    feedId: entry.feed ?? 'import',
    outlet: entry.outlet ?? new URL(url).hostname,
    url,
    title: entry.title,
    text: entry.text,
    published,
    textSource: 'page',
    ...(language ? { language } : {}),
    ...(entry.byline ? { byline: entry.byline } : {}),
  };
  const extraction = extract({ title: article.title, text: article.text, language, published });
  return { article, seenAt: now, extraction, indicators: [] };
}

/**
 * Loads an archive of past articles (JSONL) into the record, each extracted as
 * the pipeline would. Every line is checked before anything is written: a bad
 * line stops the import with `file:line: field: message`. Importing a file
 * twice adds nothing. Returns lines read and articles added.
 */
export async function importArticleFile(record: RecordStore, file: string, now = Date.now()): Promise<{ read: number; added: number }> {
  const entries = parseJsonLines(readFileSync(file, 'utf8'), file, ArchivedArticleSchema);
  let added = 0;
  for (let start = 0; start < entries.length; start += BATCH) {
    added += await record.importArticles(entries.slice(start, start + BATCH).map((e) => toImport(e.value, now)));
  }
  if (added > 0) await record.analyze(['articles']);
  return { read: entries.length, added };
}
