import { z } from 'zod';
import { OverBudget, PoolTask, TaskOverBudget, ThreadPool, taskModule } from '../core/thread-pool.js';
import type { FeedDocument, FeedDocumentInput } from './read-feed.js';

/*
 * Feed documents are parsed in worker threads, as article pages are
 * (page-reader.ts), on the same pool in the service. The size and markup
 * bounds keep every document to 5 MB and 200,000 elements, but inside them
 * decoding, the XML or HTML parse and the HTML-to-text of every entry still
 * spend seconds of synchronous CPU on hostile input (a 4.6 MB description of
 * 190,000 flat elements, a 60,000-item listing page: 2–5 s each on a loaded
 * machine). On the main thread that froze /healthz, BullMQ's lock renewal and
 * every other job for as long.
 */

/** `feed_documents:` in sahelwatch.yaml. Its threads are the page reader's (`pages.threads`): one pool. */
export const FeedReaderOptionsSchema = z.strictObject({
  /**
   * Wall time one feed document may take to decode, parse and turn into items;
   * past it the thread is stopped and that poll fails (backoff as for any
   * failure). Real feeds take tens of ms, the largest (5 MB) about a second.
   */
  parse_budget_ms: z.number().int().min(50).default(10_000),
});
export type FeedReaderOptions = z.infer<typeof FeedReaderOptionsSchema>;

/** Reading one feed document ran past the budget: its thread was stopped and replaced. */
export class FeedOverBudget extends OverBudget {}

/** The feed task, for a pool built to serve it (ThreadPoolOptions.tasks). */
export const FEED_TASK = { feed: taskModule(import.meta.url, 'feed-thread') };

/** readFeedDocument off the main thread, with a time budget per document. */
export class FeedReader extends PoolTask<FeedDocumentInput, FeedDocument> {
  /** On `pool` when given (one built with FEED_TASK among its tasks, shared with other readers), else on one thread of its own. */
  constructor(options: FeedReaderOptions = FeedReaderOptionsSchema.parse({}), pool?: ThreadPool) {
    super(pool ?? new ThreadPool({ tasks: FEED_TASK, threads: 1 }), 'feed', options.parse_budget_ms);
  }

  /** What readFeedDocument(input) returns, or FeedOverBudget. */
  async read(input: FeedDocumentInput): Promise<FeedDocument> {
    try {
      return await this.run(input);
    } catch (err) {
      if (err instanceof TaskOverBudget) throw new FeedOverBudget(err.stopped('feed parsing'));
      throw err;
    }
  }
}

let shared: FeedReader | undefined;

/** This process's reader with the default options, for callers given none (tools, tests, the conformance harness). */
export function sharedFeedReader(): FeedReader {
  shared ??= new FeedReader();
  return shared;
}
