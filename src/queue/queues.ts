import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ArticleSchema } from '../articles/article.js';
import { ItemSchema } from '../feeds/item.js';

/**
 * Queues sit where work crosses the network (poll a feed, fetch a page, deliver
 * an alert, send a digest). Story, extraction, matching and raising run in one
 * `analyze` job: a queue hop costs more than all of that text work.
 */
export const QUEUE_NAMES = ['poll', 'fetch', 'analyze', 'deliver', 'digest'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const PollJobSchema = z.object({ feedId: z.string() });
export const FetchJobSchema = z.object({ item: ItemSchema, enqueuedAt: z.number() });
export const AnalyzeJobSchema = z.object({ article: ArticleSchema, enqueuedAt: z.number() });
export type PollJob = z.infer<typeof PollJobSchema>;
export type FetchJob = z.infer<typeof FetchJobSchema>;
export type AnalyzeJob = z.infer<typeof AnalyzeJobSchema>;

/** Completed jobs are kept an hour so a re-add of the same job id inside that time is a no-op. */
export const stageJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 20_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type Queues = Record<QueueName, Queue>;

export function openQueues(connection: Redis, prefix: string): Queues {
  const entries = QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })] as const);
  return Object.fromEntries(entries) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** True when no queue has work waiting, running or scheduled for retry. */
export async function queuesIdle(queues: Queue[]): Promise<boolean> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}
