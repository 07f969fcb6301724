import { z } from 'zod';
import { MarkupTooComplex } from '../core/html-bounds.js';
import { TaskOverBudget, ThreadPool, ThreadTaskError, threadScript } from '../core/thread-pool.js';
import type { PageInfo } from './read-page.js';

/*
 * Article pages are parsed in worker threads. The markup bounds keep every page
 * to at most 1,000 levels and 200,000 elements, but inside them Readability,
 * linkedom and cheerio still spend seconds of synchronous CPU on hostile markup
 * (190,000 flat elements: 2 s on a quiet machine, 18 s with classes on a loaded
 * one). On the main thread that froze /healthz, BullMQ's lock renewal and every
 * other job for as long.
 */

/** `pages:` in sahelwatch.yaml. */
export const PageReaderOptionsSchema = z.strictObject({
  /**
   * Threads parsing article pages at once in this process. One reads 20–30 real
   * pages a second, far more than feeds publish; each costs ~50 MB under load
   * (its own heap and parsers), given back when a thread left 60 s without a page stops.
   */
  threads: z.number().int().min(1).max(32).default(1),
  /** Wall time one page may take to parse; past it the thread is stopped and the item keeps its feed summary. */
  parse_budget_ms: z.number().int().min(50).default(5_000),
});
export type PageReaderOptions = z.infer<typeof PageReaderOptionsSchema>;

/** Parsing one page ran past the budget: its thread was stopped and replaced. */
export class PageOverBudget extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PageOverBudget';
  }
}

const asDuration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** readArticlePage off the main thread, with a time budget per page. */
export class PageReader {
  private readonly pool: ThreadPool<{ html: string; url: string }, PageInfo>;

  constructor(options: PageReaderOptions = PageReaderOptionsSchema.parse({})) {
    this.pool = new ThreadPool({ script: threadScript(import.meta.url, 'page-thread'), threads: options.threads, budgetMs: options.parse_budget_ms });
  }

  /** What readArticlePage(html, url) returns or throws (MarkupTooComplex), or PageOverBudget. */
  async read(html: string, url: string): Promise<PageInfo> {
    try {
      return await this.pool.run({ html, url });
    } catch (err) {
      if (err instanceof TaskOverBudget) throw new PageOverBudget(`page parsing stopped at its ${asDuration(err.budgetMs)} budget`);
      // The class does not cross the thread boundary; its name and reason do.
      if (err instanceof ThreadTaskError && err.name === 'MarkupTooComplex') throw new MarkupTooComplex(err.message);
      throw err;
    }
  }

  /** Loads one thread ahead of the first page; rejects when threads cannot start. */
  warm(): Promise<void> {
    return this.pool.warm();
  }

  /** Pages stopped at the budget since this reader was made. */
  get overruns(): number {
    return this.pool.overruns;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

let shared: PageReader | undefined;

/** This process's reader with the default options, for callers given none (tools, tests). */
export function sharedPageReader(): PageReader {
  shared ??= new PageReader();
  return shared;
}
