import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AlertSchema } from '../alerts/alert.js';
import { enqueueDelivery } from './deliver.js';
import { ReceiverHealthStore } from './receiver-health.js';

export const DeadLetterSchema = z.object({
  key: z.string(),
  receiver: z.string(),
  alertId: z.string(),
  version: z.number().int(),
  error: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
  alert: AlertSchema,
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export interface DeadLettersOptions {
  redis: Redis;
  prefix: string;
  /** The delivery queue; needed only by `retry`. */
  queue?: Queue;
  /** Attempts and backoff for a retried delivery: the deployment's `delivery.attempts` and `delivery.backoff_ms`. */
  retryPolicy?: { attempts: number; backoff_ms: number };
}

/** Deliveries that used up their attempts (or failed for good), kept until retried by hand. */
export class DeadLetters {
  constructor(private readonly options: DeadLettersOptions) {}

  private hash(): string {
    return `${this.options.prefix}:deadletters`;
  }

  async add(letter: DeadLetter): Promise<void> {
    await this.options.redis.hset(this.hash(), letter.key, JSON.stringify(letter));
  }

  /** Newest failure first. */
  async list(): Promise<DeadLetter[]> {
    const raw = await this.options.redis.hvals(this.hash());
    return raw.map((r) => DeadLetterSchema.parse(JSON.parse(r))).sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  async get(key: string): Promise<DeadLetter | undefined> {
    const raw = await this.options.redis.hget(this.hash(), key);
    return raw ? DeadLetterSchema.parse(JSON.parse(raw)) : undefined;
  }

  /**
   * Re-enqueues a dead letter with fresh attempts under the same delivery key
   * (so the receiver can still de-duplicate). False when there is no such key.
   */
  async retry(key: string): Promise<boolean> {
    const { queue } = this.options;
    if (!queue) throw new Error('DeadLetters.retry needs the delivery queue');
    const letter = await this.get(key);
    if (!letter) return false;
    // The failed job still holds the id; remove it so the same id can be added again.
    const old = await queue.getJob(key);
    if (old) await old.remove();
    await enqueueDelivery(queue, letter.alert, letter.receiver, this.options.retryPolicy);
    // A hand retry says the receiver is back: probe it now rather than after its breaker's backoff.
    await new ReceiverHealthStore(this.options.redis, this.options.prefix).probeNow(letter.receiver);
    await this.options.redis.hdel(this.hash(), key);
    return true;
  }

  async remove(key: string): Promise<boolean> {
    return (await this.options.redis.hdel(this.hash(), key)) > 0;
  }
}

/** One line per dead letter for `sahelwatch deadletters list`. */
export function formatDeadLetter(letter: DeadLetter): string {
  return `${letter.key}  ${letter.failedAt}  receiver=${letter.receiver}  alert=${letter.alertId} v${letter.version}  attempts=${letter.attempts}  ${letter.error}`;
}
