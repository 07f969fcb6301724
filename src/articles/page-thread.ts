import { serveTasks } from '../core/thread-pool.js';
import { type PageInfo, readArticlePage } from './read-page.js';

/** A worker thread of the page reader (page-reader.ts): one article page's HTML in, its PageInfo out. */
serveTasks<{ html: string; url: string }, PageInfo>(({ html, url }) => readArticlePage(html, url));
