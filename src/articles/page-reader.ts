import { z } from 'zod';
import { MarkupTooComplex } from '../core/html-bounds.js';
import { OverBudget, PoolTask, TaskOverBudget, ThreadPool, ThreadTaskError, taskModule } from '../core/thread-pool.js';
import type { PageTask } from './page-thread.js';
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
   * Threads parsing article pages and feed documents at once in this process
   * (one pool: see `feed_documents`). One reads 20–30 real pages a second, far
   * more than feeds publish; each costs ~50 MB under load (its own heap and
   * parsers), given back when a thread left 60 s without work stops.
   */
  threads: z.number().int().min(1).max(32).default(1),
  /** Wall time one page may take to parse; past it the thread is stopped and the item keeps its feed summary. */
  parse_budget_ms: z.number().int().min(50).default(5_000),
});
export type PageReaderOptions = z.infer<typeof PageReaderOptionsSchema>;

/** Parsing one page ran past the budget: its thread was stopped and replaced. */
export class PageOverBudget extends OverBudget {}

/** The page task, for a pool built to serve it (ThreadPoolOptions.tasks). */
export const PAGE_TASK = { page: taskModule(import.meta.url, 'page-thread') };

/** readArticlePage off the main thread, with a time budget per page. */
export class PageReader extends PoolTask<PageTask, PageInfo> {
  /** On `pool` when given (one built with PAGE_TASK among its tasks, shared with other readers), else on `options.threads` of its own. */
  constructor(options: PageReaderOptions = PageReaderOptionsSchema.parse({}), pool?: ThreadPool) {
    super(pool ?? new ThreadPool({ tasks: PAGE_TASK, threads: options.threads }), 'page', options.parse_budget_ms);
  }

  /** What readArticlePage(html, url) returns or throws (MarkupTooComplex), or PageOverBudget. */
  async read(html: string, url: string): Promise<PageInfo> {
    try {
      return await this.run({ html, url });
    } catch (err) {
      if (err instanceof TaskOverBudget) throw new PageOverBudget(err.stopped('page parsing'));
      // The class does not cross the thread boundary; its name and reason do.
      if (err instanceof ThreadTaskError && err.name === 'MarkupTooComplex') throw new MarkupTooComplex(err.message);
      throw err;
    }
  }
}

let shared: PageReader | undefined;

/** This process's reader with the default options, for callers given none (tools, tests). */
export function sharedPageReader(): PageReader {
  shared ??= new PageReader();
  return shared;
}
