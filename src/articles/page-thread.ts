import { type PageInfo, readArticlePage } from './read-page.js';

/** What a page task carries to a thread. */
export interface PageTask {
  html: string;
  url: string;
}

/** The page reader's task (page-reader.ts), run in a pool thread: one article page's HTML in, its PageInfo out. */
export function runTask({ html, url }: PageTask): PageInfo {
  return readArticlePage(html, url);
}
