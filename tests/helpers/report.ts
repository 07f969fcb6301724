import type { Article } from '../../src/articles/article.js';
import { contentId } from '../../src/core/ids.js';

/** An article as the fetch stage hands it on: one outlet's report at `https://<outlet>.example/<slug>`, read from its page. */
export function reportArticle(outlet: string, slug: string, title: string, text: string, published: number, extra: Partial<Article> = {}): Article {
  const url = `https://${outlet.toLowerCase().replace(/\W+/g, '-')}.example/${slug}`;
  return {
    id: contentId('ar', url),
    itemId: contentId('it', url),
    feedId: outlet.toLowerCase().replace(/\W+/g, '-'),
    outlet,
    url,
    title,
    text,
    published: new Date(published).toISOString(),
    language: 'en',
    textSource: 'page',
    ...extra,
  };
}
