import type { Metrics } from '../metrics/metrics.js';
import type { StageContext } from '../pipeline/context.js';

/** What the dashboard shows of a dead-lettered delivery, and how to send it again. */
export interface DeadLetterView {
  list(limit: number): Promise<unknown[]>;
  /** False when there is no such dead letter. */
  retry(id: string): Promise<boolean>;
}

/** Everything the routes read: the running process's context plus what only the HTTP side needs. */
export interface RouteDeps {
  ctx: StageContext;
  metrics: Metrics;
  readiness: () => { scheduler: boolean };
  deadLetters: DeadLetterView;
}
