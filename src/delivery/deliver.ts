import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Alert, expiredSinceUpdate, isResolved } from '../alerts/alert.js';
import type { SilenceStore } from '../alerts/silences.js';
import { type Logger, scrubSecrets } from '../core/log.js';
import type { DeliveryRecord, RecordStore } from '../record/store.js';
import { DeadLetters } from './dead-letters.js';
import type { DigestContext } from './digest.js';
import { DigestBuffer } from './digest-buffer.js';
import { consoleLinker, type ReceiverConfig } from './config.js';
import { groupOrder } from './format.js';
import { enqueueRepeat as enqueueGroupRepeat, GROUP_JOB, type GroupJob, GroupJobSchema, GroupStore, groupDeliveryKey } from './group-store.js';
import { formatGroupLabels, groupId, groupLabels } from './grouping.js';
import { DeliveryError } from './http.js';
import { notifierFor } from './notifiers/index.js';
import { rateLimitWait } from './rate-limit.js';
import { ReceiverHealthStore } from './receiver-health.js';
import { DeliveryJobSchema, deliveryKey } from './enqueue.js';

// The job's shape and how it is queued live in enqueue.ts, which dead-letters.ts needs without this processor.
export { DELIVERY_QUEUE, type DeliveryJob, DeliveryJobSchema, deliveryJobOptions, deliveryKey, enqueueDeliveries, enqueueDelivery } from './enqueue.js';

/** A 429 may defer a job this many times without spending an attempt; then it counts like any failure. */
const MAX_DEFERRALS = 20;

/** What a delivery needs: the digest's context (a delivery may buffer for a digest) plus silences. */
export interface DeliveryContext extends DigestContext {
  silences: SilenceStore;
  /** The audit trail of deliveries, when the record is kept. */
  record?: RecordStore;
  /** The deliver queue, on which a group's repeat_interval reminder is scheduled. */
  queue?: Queue;
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

/** What one send needs from its job, whichever kind: the receiver, what to send, and what to dead-letter if it fails for good. */
interface Attempt {
  receiver: string;
  config: ReceiverConfig;
  deferrals: number;
  log: Logger;
  send: () => Promise<unknown>;
  /** Deliveries to dead-letter after the last attempt: one per alert version the message carried. */
  letters: Letter[];
}

interface Letter {
  key: string;
  alert: Alert;
}

/**
 * The BullMQ processor for the delivery queue: checks the delivered-log,
 * silences and the receiver's rate limit, sends, records. After the last
 * attempt (or a permanent failure) the delivery goes to the dead-letter list.
 * Group jobs (`group`, group-store.ts) send one message for a route's group.
 */
export function createDeliveryProcessor(ctx: DeliveryContext): (job: Job, token?: string) => Promise<void> {
  const deadLetters = new DeadLetters({ redis: ctx.redis, prefix: ctx.prefix });
  const digests = new DigestBuffer(ctx.redis, ctx.prefix, ctx.clock);
  const health = new ReceiverHealthStore(ctx.redis, ctx.prefix, ctx.config.circuit_breaker);
  const groups = new GroupStore(ctx.redis, ctx.prefix, ctx.store.retentionMs);
  const consoleLink = consoleLinker(ctx.config.external_url);
  const parts: Parts = { deadLetters, digests, health, groups, consoleLink };
  return async (job, token) => {
    if (job.name === GROUP_JOB) return processGroup(ctx, parts, job, token);
    const data = DeliveryJobSchema.parse(job.data);
    const { alert, receiver, key } = data;
    const log = ctx.log.child({ delivery: key, receiver, alertId: alert.id, version: alert.version });
    const audit = (outcome: DeliveryRecord['outcome'], error?: string) =>
      ctx.record?.saveDelivery({ key, alertId: alert.id, version: alert.version, receiver, outcome, attempts: job.attemptsMade + 1, at: ctx.clock.now(), ...(error ? { error } : {}) });
    if (await wasDelivered(ctx.redis, ctx.prefix, key)) {
      // A retry after the record refused a write: the send happened, so only the record is brought up to date.
      if (ctx.record) {
        await resaveCurrent(ctx, [alert]);
        await audit('delivered');
      }
      log.info('Already delivered; skipping (idempotency key seen).');
      return;
    }
    const config = ctx.config.receivers[receiver];
    if (!config) return fail(ctx, deadLetters, job, receiver, [{ key, alert }], new DeliveryError(`unknown receiver "${receiver}"`, false), log);
    // A silence added while the job waited still holds; the version's history says so once, whichever receiver saw it first.
    if (await silencedBeforeDelivery(ctx, alert, receiver, () => audit('silenced'))) {
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
    const send = () => notifier.send(alert, config, { receiver, deliveryKey: key, clock: ctx.clock, smtp: ctx.config.smtp, log, consoleLink });
    await guardedSend(ctx, parts, job, token, { receiver, config, deferrals: data.deferrals, log, send, letters: [{ key, alert }] });
    await ctx.redis.set(deliveredKey(ctx.prefix, key), String(ctx.clock.now()), 'EX', Math.ceil(ctx.config.retention_days * 86_400));
    await ctx.store.appendHistory(alert.id, { kind: 'delivered', version: alert.version, note: firing ? `delivered to ${receiver}` : `resolution delivered to ${receiver}` });
    await audit('delivered');
    log.info('Delivered.');
    ctx.onOutcome?.(receiver, 'delivered');
  };
}

interface Parts {
  deadLetters: DeadLetters;
  digests: DigestBuffer;
  health: ReceiverHealthStore;
  groups: GroupStore;
  consoleLink: ((alertId: string) => string) | undefined;
}

/** The alerts as they now stand, handed to the record again (a retry after the record refused a write). */
async function resaveCurrent(ctx: DeliveryContext, alerts: Alert[]): Promise<void> {
  for (const alert of alerts) {
    const current = await ctx.store.get(alert.id);
    if (current) await ctx.store.resave(current);
  }
}

/** True (and recorded once per version) when an active silence matches the alert now. */
async function silencedBeforeDelivery(ctx: DeliveryContext, alert: Alert, receiver: string, audit: () => Promise<void> | undefined): Promise<boolean> {
  const [silence] = await ctx.silences.matching(alert, ctx.clock.now());
  if (!silence) return false;
  const note = `Matched silence ${silence.id} (${silence.comment}) before delivery to ${receiver}; not delivered.`;
  await ctx.store.appendHistory(alert.id, { kind: 'silenced', version: alert.version, note }, { once: true });
  await audit();
  return true;
}

/**
 * One send to a receiver within its guards: an in-flight slot, the circuit
 * breaker, the rate limit, the send's timeout, a 429's wait. Returns once the
 * receiver accepted; otherwise defers the job or fails it (see `fail`).
 */
async function guardedSend(ctx: DeliveryContext, parts: Parts, job: Job, token: string | undefined, attempt: Attempt): Promise<void> {
  const { receiver, config, log } = attempt;
  const { health } = parts;
  const notifier = notifierFor(config);
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
      return await fail(ctx, parts.deadLetters, job, receiver, attempt.letters, new DeliveryError(message, true), log);
    }
    const wait = await rateLimitWait(ctx.redis, ctx.prefix, receiver, config.rate_limit ?? notifier.defaultRateLimit, Date.now());
    if (wait > 0) return await deferJob(job, token, wait, false);
    if (gate.kind === 'probe') log.info('Receiver is parked; this delivery probes it.');
    const started = Date.now();
    try {
      await sendWithin(config.timeout_ms + 2000, receiver, attempt.send);
    } catch (err) {
      if (err instanceof DeliveryError && err.retryAfterMs !== undefined && attempt.deferrals < MAX_DEFERRALS) {
        log.warn({ retryAfterMs: err.retryAfterMs }, 'Receiver asked us to slow down; waiting without spending an attempt.');
        return await deferJob(job, token, err.retryAfterMs, true);
      }
      // Recorded while the slot is still held, so the next send to this receiver sees the breaker's new state.
      await recordBreaker(health, receiver, err, Date.now() - started, log);
      return await fail(ctx, parts.deadLetters, job, receiver, attempt.letters, err, log);
    }
    const before = await health.recordSuccess(receiver, Date.now() - started);
    if (before !== 'closed') log.warn('Receiver answered again; circuit closed.');
  } finally {
    await slot.release();
  }
}

/**
 * A group's message: a flush tells the alerts added since the last one, a
 * repeat tells the still-active ones again. What the job took is kept in
 * Redis under its job id, so a retry (or a run after a crash) sends the same
 * message under the same key; each alert's history names the message.
 */
async function processGroup(ctx: DeliveryContext, parts: Parts, job: Job, token: string | undefined): Promise<void> {
  const data = GroupJobSchema.parse(job.data);
  const { receiver, group } = data;
  const log = ctx.log.child({ group, receiver, kind: data.kind });
  const config = ctx.config.receivers[receiver];
  if (!config) {
    log.error('Group job for a receiver no longer configured; dropped.');
    return;
  }
  let extra: Alert[] = [];
  if (data.kind === 'repeat') {
    // A run after a crash that had taken its message goes on to send it; otherwise a later message makes this reminder stale.
    if (!(await parts.groups.taken(group, String(job.id))) && (await parts.groups.lastSentSeq(group)) > data.afterSeq) {
      log.info('A later message of this group was sent; its own reminder follows it.');
      return;
    }
    extra = await stillActive(ctx, parts.groups, data);
  }
  const batch = await parts.groups.take(group, receiver, String(job.id), Date.now(), extra);
  const key = groupDeliveryKey(group, batch.seq, receiver);
  const audit = (alert: Alert, outcome: DeliveryRecord['outcome']) =>
    ctx.record?.saveDelivery({ key: `${key}_${alert.id}`, alertId: alert.id, version: alert.version, receiver, outcome, attempts: job.attemptsMade + 1, at: ctx.clock.now() });
  if (await wasDelivered(ctx.redis, ctx.prefix, key)) {
    if (ctx.record) {
      await resaveCurrent(ctx, batch.alerts);
      for (const alert of batch.alerts) await audit(alert, 'delivered');
    }
    await enqueueRepeat(ctx, data, batch.seq);
    log.info({ delivery: key }, 'Already delivered; skipping (idempotency key seen).');
    return;
  }
  const notifier = notifierFor(config);
  const wanted: Alert[] = [];
  for (const alert of batch.alerts) {
    if (await silencedBeforeDelivery(ctx, alert, receiver, () => audit(alert, 'silenced'))) continue;
    if (data.kind === 'flush' && notifier.digest?.wants(config, alert)) await parts.digests.add(receiver, alert);
    if (!notifier.wantsNow || notifier.wantsNow(config, alert)) wanted.push(alert);
  }
  if (wanted.length === 0) {
    log.info({ delivery: key, alerts: batch.alerts.length }, 'Nothing in this group message is to be sent now (silenced, digest only or empty).');
    ctx.onOutcome?.(receiver, 'skipped');
    return;
  }
  const alerts = groupOrder(wanted);
  const reminder = data.kind === 'repeat';
  const sendCtx = { receiver, deliveryKey: key, clock: ctx.clock, smtp: ctx.config.smtp, log, consoleLink: parts.consoleLink };
  // A group of one that is news reads as the single-alert message receivers know.
  const send = alerts.length === 1 && !reminder ? () => notifier.send(alerts[0]!, config, sendCtx) : () => notifier.sendGroup({ id: group, labels: data.labels, alerts, reminder }, config, sendCtx);
  const letters = alerts.map((alert) => ({ key: deliveryKey(alert, receiver), alert }));
  await guardedSend(ctx, parts, job, token, { receiver, config, deferrals: data.deferrals, log, send, letters });
  await ctx.redis.set(deliveredKey(ctx.prefix, key), String(ctx.clock.now()), 'EX', Math.ceil(ctx.config.retention_days * 86_400));
  await parts.groups.markSent(group, batch.seq);
  const what = `${reminder ? 'reminder ' : ''}group message ${key} (${alerts.length} alert${alerts.length === 1 ? '' : 's'}${Object.keys(data.labels).length ? `, ${formatGroupLabels(data.labels)}` : ''})`;
  for (const alert of alerts) {
    await ctx.store.appendHistory(alert.id, { kind: 'delivered', version: alert.version, note: `delivered to ${receiver} in ${what}` });
    await audit(alert, 'delivered');
  }
  await enqueueRepeat(ctx, data, batch.seq);
  log.info({ delivery: key, alerts: alerts.length }, 'Group delivered.');
  ctx.onOutcome?.(receiver, 'delivered');
}

/** The group's reminder after message `seq`, when its route sets repeat_interval. */
async function enqueueRepeat(ctx: DeliveryContext, data: GroupJob, seq: number): Promise<void> {
  if (data.grouping.repeatMs === undefined) return;
  if (!ctx.queue) {
    ctx.log.warn({ group: data.group }, 'repeat_interval set but this deliver worker has no queue to schedule the reminder on.');
    return;
  }
  await enqueueGroupRepeat(ctx.queue, data, seq, ctx.config);
}

/**
 * The group's alerts that are still active as they now stand: not resolved,
 * not expired, not acknowledged, not silenced now, and still of this group
 * (an alert whose labels moved is its new group's). Those over leave the group.
 */
async function stillActive(ctx: DeliveryContext, groups: GroupStore, data: GroupJob): Promise<Alert[]> {
  const active: Alert[] = [];
  const over: string[] = [];
  for (const id of await groups.members(data.group)) {
    const alert = await ctx.store.get(id);
    const same = alert && groupId(data.path, data.receiver, groupLabels(data.grouping.by, alert)) === data.group;
    if (!alert || !same || isResolved(alert) || expiredSinceUpdate(alert) || alert.acknowledged) {
      over.push(id);
      continue;
    }
    if ((await ctx.silences.matching(alert, ctx.clock.now())).length === 0) active.push(alert);
  }
  await groups.dropMembers(data.group, over);
  return active;
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

/** Rethrows for BullMQ's retry; on the final attempt, dead-letters each alert version the message carried first. */
async function fail(ctx: DeliveryContext, deadLetters: DeadLetters, job: Job, receiver: string, letters: Letter[], err: unknown, log: Logger): Promise<never> {
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  const retryable = err instanceof DeliveryError ? err.retryable : !(err instanceof UnrecoverableError);
  const attempts = job.opts.attempts ?? 1;
  const final = !retryable || job.attemptsMade + 1 >= attempts;
  if (!final) {
    log.warn({ attempt: job.attemptsMade + 1, attempts, error: message }, 'Delivery failed; will retry.');
    ctx.onOutcome?.(receiver, 'retry');
    throw new Error(message);
  }
  const at = new Date(ctx.clock.now()).toISOString();
  for (const { key, alert } of letters) {
    await deadLetters.add({ key, receiver, alertId: alert.id, version: alert.version, error: message, attempts: job.attemptsMade + 1, failedAt: at, alert });
    await ctx.record?.saveDelivery({ key, alertId: alert.id, version: alert.version, receiver, outcome: 'dead-lettered', attempts: job.attemptsMade + 1, at: ctx.clock.now(), error: message });
    await ctx.store.appendHistory(alert.id, { kind: 'dead-lettered', version: alert.version, note: `delivery to ${receiver} failed: ${message}` });
  }
  log.error({ error: message }, 'Delivery dead-lettered.');
  ctx.onOutcome?.(receiver, 'dead-lettered');
  throw new UnrecoverableError(message);
}

/**
 * Resolves when no delivery is waiting, running or scheduled for retry (each
 * has been delivered or dead-lettered), or after `timeoutMs`. For `replay`.
 * A group's repeat_interval reminder, due hours later, does not count.
 */
export async function waitForDeliveriesSettled(queue: Queue, timeoutMs = 120_000, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    const { delayed = 0, ...others } = counts;
    const settled = Object.values(others).every((n) => n === 0) && (delayed === 0 || (await onlyReminders(queue, delayed)));
    idle = settled ? idle + 1 : 0;
    if (idle >= 3) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

async function onlyReminders(queue: Queue, delayed: number): Promise<boolean> {
  const jobs = await queue.getDelayed(0, delayed - 1);
  return jobs.every((job) => job.name === GROUP_JOB && GroupJobSchema.safeParse(job.data).data?.kind === 'repeat');
}

export { DeadLetters, formatDeadLetter, type DeadLetter } from './dead-letters.js';
