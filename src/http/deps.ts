import type { Metrics } from '../metrics/metrics.js';
import type { StageContext } from '../pipeline/context.js';

/** What the dashboard shows of a dead-lettered delivery, and how to send it again. */
export interface DeadLetterView {
  list(limit: number): Promise<unknown[]>;
  /** False when there is no such dead letter. */
  retry(id: string): Promise<boolean>;
}

/**
 * The part of the process's context the console and API read: stores, queues and
 * configuration, not the fetcher, the parse threads or the analysis hooks. A test of
 * the console builds these, not the whole pipeline.
 */
export type ConsoleContext = Pick<
  StageContext,
  | 'prefix'
  | 'redis'
  | 'queues'
  | 'log'
  | 'clock'
  | 'feeds'
  | 'feedStatus'
  | 'feedSchedule'
  | 'stories'
  | 'storyEvents'
  | 'alerts'
  | 'record'
  | 'silences'
  | 'indicators'
  | 'delivery'
>;

/** Everything the routes read: the console's context plus what only the HTTP side needs. */
export interface RouteDeps {
  ctx: ConsoleContext;
  metrics: Metrics;
  readiness: () => { scheduler: boolean };
  deadLetters: DeadLetterView;
}
