import type { Job } from 'bullmq';
import type { QueueName } from '../src/queue/queues.js';
import type { StageContext } from '../src/pipeline/context.js';

/** One stage's BullMQ processor: parse the job, call the stage in src/, queue the next one. */
export interface StageWorker {
  queue: QueueName;
  description: string;
  create(ctx: StageContext): (job: Job) => Promise<unknown>;
}
