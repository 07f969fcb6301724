import { createRequire } from 'node:module';
import type * as Cheerio from 'cheerio';

const require = createRequire(import.meta.url);
let cheerio: typeof Cheerio | undefined;

/**
 * cheerio's `load`, with cheerio read on the first call rather than at start:
 * pages and feed documents are parsed in the parse thread, so a service's
 * main thread may never need its ~2 MB of modules (it still loads them for
 * an HTML page source or an OPML import, when one comes).
 */
export function loadHtml(...args: Parameters<typeof Cheerio.load>): ReturnType<typeof Cheerio.load> {
  cheerio ??= require('cheerio') as typeof Cheerio;
  return cheerio.load(...args);
}
