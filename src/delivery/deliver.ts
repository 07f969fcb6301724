import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SilenceStore } from '../alerts/silences.js';
import { type Logger, scrubSecrets } from '../core/log.js';
import type { DeliveryRecord, RecordStore } from '../record/store.js';
import { DeadLetters } from './dead-letters.js';
import type { DigestContext } from './digest.js';
import { DigestBuffer } from './digest-buffer.js';
import { consoleLinker } from './config.js';
import { DeliveryError } from './http.js';
import { notifierFor } from './notifiers/index.js';
import { rateLimitWait } from './rate-limit.js';
import { ReceiverHealthStore } from './receiver-health.js';
import { type DeliveryJob, DeliveryJobSchema } from './enqueue.js';

// The job's shape and how it is queued live in enqueue.ts, which dead-letters.ts needs without this processor.
export { DELIVERY_QUEUE, type DeliveryJob, DeliveryJobSchema, deliveryJobOptions, deliveryKey, enqueueDeliveries, enqueueDelivery } from './enqueue.js';

/** A 429 may defer a job this many times without spending an attempt; then it counts like any failure. */
const MAX_DEFERRALS = 20;

/** What a delivery needs: the digest's context (a delivery may buffer for a digest) plus silences. */
export interface DeliveryContext extends DigestContext {
  silences: SilenceStore;
  /** The audit trail of deliveries, when the record is kept. */
  record?: RecordStore;
  /** Told how each attempt ended (metrics). */
  onOutcome?: (receiver: string, outcome: 'delivered' | 'retry' | 'dead-lettered' | 'silenced' | 'skipped' | 'circuit-open') => void;
}

/** An in-flight slot outlives the send's own timeout by this much before another process may take it. */
const LEASE_MARGIN_MS = 5000;

function deliveredKey(prefix: string, key: string): string {
  return `${prefix}:delivered:${key}`;
}

/** True once the receiver accepted this delivery key (the notification log). */
export async function wasDelivered(redis: Redis, prefix: string, key: string): Promise<boolean> {
  return (await redis.exists(deliveredKey(prefix, key))) === 1;
}

/** Waits in the delayed set without spending an attempt (429 and our own rate limit). */
async function deferJob(job: Job, token: string | undefined, waitMs: number, countDeferral: boolean): Promise<never> {
  if (countDeferral) await job.updateData({ ...job.data, deferrals: (job.data.deferrals ?? 0) + 1 });
  await job.moveToDelayed(Date.now() + Math.max(waitMs, 1), token);
  throw new DelayedError();
}

/**
 * The BullMQ processor for the delivery queue: checks the delivered-log,
 * silences and the receiver's rate limit, sends, records. After the last
 * attempt (or a permanent failure) the delivery goes to the dead-letter list.
 */
export function createDeliveryProcessor(ctx: DeliveryContext): (job: Job, token?: string) => Promise<void> {
  const deadLetters = new DeadLetters({ redis: ctx.redis, prefix: ctx.prefix });
  const digests = new DigestBuffer(ctx.redis, ctx.prefix, ctx.clock);
  const health = new ReceiverHealthStore(ctx.redis, ctx.prefix, ctx.config.circuit_breaker);
  const consoleLink = consoleLinker(ctx.config.external_url);
  return async (job, token) => {
    const data = DeliveryJobSchema.parse(job.data);
    const { alert, receiver, key } = data;
    const log = ctx.log.child({ delivery: key, receiver, alertId: alert.id, version: alert.version });
    const audit = (outcome: DeliveryRecord['outcome'], error?: string) =>
      ctx.record?.saveDelivery({ key, alertId: alert.id, version: alert.version, receiver, outcome, attempts: job.attemptsMade + 1, at: ctx.clock.now(), ...(error ? { error } : {}) });
    if (await wasDelivered(ctx.redis, ctx.prefix, key)) {
      // A retry after the record refused a write: the send happened, so only the record is brought up to date.
      if (ctx.record) {
        const current = await ctx.store.get(alert.id);
        if (current) await ctx.store.resave(current);
        await audit('delivered');
      }
      log.info('Already delivered; skipping (idempotency key seen).');
      return;
    }
    const config = ctx.config.receivers[receiver];
    if (!config) return fail(ctx, deadLetters, job, data, new DeliveryError(`unknown receiver "${receiver}"`, false), log);
    // A silence added while the job waited still holds; the version's history says so once, whichever receiver saw it first.
    const [silence] = await ctx.silences.matching(alert, ctx.clock.now());
    if (silence) {
      const note = `Matched silence ${silence.id} (${silence.comment}) before delivery to ${receiver}; not delivered.`;
      await ctx.store.appendHistory(alert.id, { kind: 'silenced', version: alert.version, note }, { once: true });
      await audit('silenced');
      log.info('Silenced; recorded, not delivered.');
      ctx.onOutcome?.(receiver, 'silenced');
      return;
    }
    const notifier = notifierFor(config);
    // The notice that an alert is over goes out at once, never into a digest.
    const firing = data.kind === 'firing';
    if (firing && notifier.digest?.wants(config, alert)) await digests.add(receiver, alert);
    if (firing && notifier.wantsNow && !notifier.wantsNow(config, alert)) {
      ctx.onOutcome?.(receiver, 'skipped');
      return;
    }
    // At most max_in_flight sends per receiver: the rest wait in the delayed set, so a hung receiver holds few worker slots.
    const acquired = await health.acquire(receiver, config.max_in_flight, config.timeout_ms + LEASE_MARGIN_MS, Date.now());
    if ('waitMs' in acquired) return deferJob(job, token, acquired.waitMs, false);
    const { slot } = acquired;
    try {
      // A parked receiver fails at once, without the network, and spends an attempt as any failure does.
      const gate = await health.gate(receiver, Date.now(), config.timeout_ms + LEASE_MARGIN_MS);
      if (gate.kind === 'open') {
        ctx.onOutcome?.(receiver, 'circuit-open');
        const message = `${receiver}: circuit open after ${ctx.config.circuit_breaker.failures} consecutive failures; next probe in ${Math.ceil(gate.retryInMs / 1000)} s`;
        return await fail(ctx, deadLetters, job, data, new DeliveryError(message, true), log);
      }
      const wait = await rateLimitWait(ctx.redis, ctx.prefix, receiver, config.rate_limit ?? notifier.defaultRateLimit, Date.now());
      if (wait > 0) return await deferJob(job, token, wait, false);
      if (gate.kind === 'probe') log.info('Receiver is parked; this delivery probes it.');
      const started = Date.now();
      try {
        await sendWithin(config.timeout_ms + 2000, receiver, () => notifier.send(alert, config, { receiver, deliveryKey: key, clock: ctx.clock, smtp: ctx.config.smtp, log, consoleLink }));
      } catch (err) {
        if (err instanceof DeliveryError && err.retryAfterMs !== undefined && data.deferrals < MAX_DEFERRALS) {
          log.warn({ retryAfterMs: err.retryAfterMs }, 'Receiver asked us to slow down; waiting without spending an attempt.');
          return await deferJob(job, token, err.retryAfterMs, true);
        }
        // Recorded while the slot is still held, so the next send to this receiver sees the breaker's new state.
        await recordBreaker(health, receiver, err, Date.now() - started, log);
        return await fail(ctx, deadLetters, job, data, err, log);
      }
      const before = await health.recordSuccess(receiver, Date.now() - started);
      if (before !== 'closed') log.warn('Receiver answered again; circuit closed.');
    } finally {
      await slot.release();
    }
    await ctx.redis.set(deliveredKey(ctx.prefix, key), String(ctx.clock.now()), 'EX', Math.ceil(ctx.config.retention_days * 86_400));
    await ctx.store.appendHistory(alert.id, { kind: 'delivered', version: alert.version, note: firing ? `delivered to ${receiver}` : `resolution delivered to ${receiver}` });
    await audit('delivered');
    log.info('Delivered.');
    ctx.onOutcome?.(receiver, 'delivered');
  };
}

/** Retryable failures (network, timeout, 5xx …) count towards parking the receiver; an answer such as a 400 shows it is up. */
async function recordBreaker(health: ReceiverHealthStore, receiver: string, err: unknown, latencyMs: number, log: Logger): Promise<void> {
  const retryable = err instanceof DeliveryError ? err.retryable : !(err instanceof UnrecoverableError);
  if (!retryable) {
    await health.recordSuccess(receiver, latencyMs);
    return;
  }
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  if ((await health.recordFailure(receiver, Date.now(), message, latencyMs)) === 'opened') {
    log.error({ error: message }, 'Receiver parked: circuit open after consecutive failures; it will be probed after a backoff.');
  }
}

/** A notifier that ignores its own timeout (a stuck SMTP dialogue) still frees its slot in time. */
async function sendWithin<T>(ms: number, receiver: string, send: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryError(`${receiver}: timed out`, true)), ms);
  });
  try {
    return await Promise.race([send(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rethrows for BullMQ's retry; on the final attempt, dead-letters first. */
async function fail(ctx: DeliveryContext, deadLetters: DeadLetters, job: Job, data: DeliveryJob, err: unknown, log: Logger): Promise<never> {
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  const retryable = err instanceof DeliveryError ? err.retryable : !(err instanceof UnrecoverableError);
  const attempts = job.opts.attempts ?? 1;
  const final = !retryable || job.attemptsMade + 1 >= attempts;
  if (!final) {
    log.warn({ attempt: job.attemptsMade + 1, attempts, error: message }, 'Delivery failed; will retry.');
    ctx.onOutcome?.(data.receiver, 'retry');
    throw new Error(message);
  }
  const at = new Date(ctx.clock.now()).toISOString();
  await deadLetters.add({ key: data.key, receiver: data.receiver, alertId: data.alert.id, version: data.alert.version, error: message, attempts: job.attemptsMade + 1, failedAt: at, alert: data.alert });
  await ctx.record?.saveDelivery({ key: data.key, alertId: data.alert.id, version: data.alert.version, receiver: data.receiver, outcome: 'dead-lettered', attempts: job.attemptsMade + 1, at: ctx.clock.now(), error: message });
  await ctx.store.appendHistory(data.alert.id, { kind: 'dead-lettered', version: data.alert.version, note: `delivery to ${data.receiver} failed: ${message}` });
  log.error({ error: message }, 'Delivery dead-lettered.');
  ctx.onOutcome?.(data.receiver, 'dead-lettered');
  throw new UnrecoverableError(message);
}

/**
 * Resolves when no delivery is waiting, running or scheduled for retry (each
 * has been delivered or dead-lettered), or after `timeoutMs`. For `replay`.
 */
export async function waitForDeliveriesSettled(queue: Queue, timeoutMs = 120_000, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    idle = Object.values(counts).every((n) => n === 0) ? idle + 1 : 0;
    if (idle >= 3) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

export { DeadLetters, formatDeadLetter, type DeadLetter } from './dead-letters.js';
