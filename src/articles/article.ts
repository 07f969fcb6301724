import { z } from 'zod';

/** An item with its page text: what extraction reads. */
export const ArticleSchema = z.object({
  /** `ar_<hash(canonical url)>`: one article reached through two feeds is one article. */
  id: z.string(),
  itemId: z.string(),
  feedId: z.string(),
  outlet: z.string(),
  url: z.string(),
  title: z.string(),
  /** Main text, plain, paragraphs separated by blank lines. */
  text: z.string(),
  published: z.string(),
  /** When the item was first seen in its feed (ISO): the start of the first-seen → alert delay. */
  firstSeen: z.string().optional(),
  language: z.string().optional(),
  /** Author line the page states (Readability's byline: meta author, rel=author, JSON-LD), when it was read. */
  byline: z.string().optional(),
  /** `page`: text from the fetched page; `summary`: page unavailable, feed summary kept. */
  textSource: z.enum(['page', 'summary']),
  fetchError: z.string().optional(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** The text extraction reads: title, blank line, body. Evidence offsets index into this string. */
export function articleFullText(article: Pick<Article, 'title' | 'text'>): string {
  return article.text ? `${article.title}\n\n${article.text}` : article.title;
}
