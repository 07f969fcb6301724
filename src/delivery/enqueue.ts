import type { JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { type Alert, AlertSchema } from '../alerts/alert.js';

export const DELIVERY_QUEUE = 'deliver';

export const DeliveryJobSchema = z.object({
  key: z.string(),
  receiver: z.string(),
  /** The alert as it was at this version: retries send exactly what the first attempt sent. */
  alert: AlertSchema,
  deferrals: z.number().int().nonnegative().default(0),
  /** `resolved`: the notice that the alert is over, for receivers with `send_resolved`. */
  kind: z.enum(['firing', 'resolved']).default('firing'),
});
export type DeliveryJob = z.infer<typeof DeliveryJobSchema>;

/** `dl_<alertId>_v<version>_<receiver>` (`…_v<version>_resolved_<receiver>` for the notice that it is over): BullMQ job id, webhook-id and Message-ID; no `:` or `.`. */
export function deliveryKey(alert: Pick<Alert, 'id' | 'version'>, receiver: string, kind: DeliveryJob['kind'] = 'firing'): string {
  return `dl_${alert.id}_v${alert.version}_${kind === 'resolved' ? 'resolved_' : ''}${receiver}`;
}

/**
 * Defaults: 10 attempts, exponential from 5 s with 50 % jitter (≈ 40 min in
 * all); completed jobs are kept a week so a re-add of the same key is a no-op
 * even before the delivered-log is consulted.
 */
export function deliveryJobOptions(options: { attempts?: number; backoff_ms?: number } = {}): JobsOptions {
  return {
    attempts: options.attempts ?? 10,
    backoff: { type: 'exponential', delay: options.backoff_ms ?? 5000, jitter: 0.5 },
    removeOnComplete: { age: 7 * 86_400, count: 50_000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

export async function enqueueDelivery(queue: Queue, alert: Alert, receiver: string, options?: { attempts?: number; backoff_ms?: number }, kind: DeliveryJob['kind'] = 'firing'): Promise<string> {
  const key = deliveryKey(alert, receiver, kind);
  const data: DeliveryJob = { key, receiver, alert, deferrals: 0, kind };
  await queue.add('deliver', data, { ...deliveryJobOptions(options), jobId: key });
  return key;
}

/**
 * One job per (alert version, receiver), so a failing receiver retries alone.
 * `options` may be the DeliveryConfig itself (its `attempts` and `backoff_ms`).
 * Re-enqueueing the same version is a no-op. Returns the delivery keys.
 */
export async function enqueueDeliveries(queue: Queue, alert: Alert, receivers: string[], options?: { attempts?: number; backoff_ms?: number }, kind: DeliveryJob['kind'] = 'firing'): Promise<string[]> {
  const keys: string[] = [];
  for (const receiver of receivers) keys.push(await enqueueDelivery(queue, alert, receiver, options, kind));
  return keys;
}

