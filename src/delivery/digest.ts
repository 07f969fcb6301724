import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Redis } from 'ioredis';
import type { AlertStore } from '../alerts/store.js';
import type { Clock } from '../core/clock.js';
import { type Logger, scrubSecrets } from '../core/log.js';
import { consoleLinker, type DeliveryConfig } from './config.js';
import { DigestBuffer } from './digest-buffer.js';
import { notifierFor } from './notifiers/index.js';

export const DIGEST_QUEUE = 'digest';

export interface DigestContext {
  config: DeliveryConfig;
  store: AlertStore;
  redis: Redis;
  prefix: string;
  log: Logger;
  clock: Clock;
}

export interface DigestOutcome {
  receiver: string;
  /** The cron occurrence this digest stands for (epoch ms). */
  slot: number;
  alerts: number;
  status: 'sent' | 'empty-skipped' | 'failed';
  error?: string;
}

/** The latest cron occurrence at or before `now`, read in the schedule's time zone. */
export function lastCronSlot(cron: string, tz: string, now: number): number {
  // prev() is exclusive of currentDate; +1 ms makes an exact 07:00:00.000 count as due.
  return CronExpressionParser.parse(cron, { currentDate: new Date(now + 1), tz }).prev().getTime();
}

/** The next cron occurrence after `now`. */
export function nextCronSlot(cron: string, tz: string, now: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(now), tz }).next().getTime();
}

/**
 * Sends every digest whose latest cron slot has not been sent yet (a digest
 * never started counts as due). Idempotent
 * per slot (the BullMQ scheduler may fire twice, or late): the slot is
 * recorded after the SMTP server accepts, then the sent entries are cleared.
 * Throws after trying all receivers if any failed, so the job is retried.
 */
export async function sendDueDigests(ctx: DigestContext, now: number = ctx.clock.now(), only?: string): Promise<DigestOutcome[]> {
  const buffer = new DigestBuffer(ctx.redis, ctx.prefix, ctx.clock);
  const outcomes: DigestOutcome[] = [];
  for (const [receiver, config] of Object.entries(ctx.config.receivers)) {
    if (only && receiver !== only) continue;
    const notifier = notifierFor(config);
    const schedule = notifier.digest?.schedule(config);
    if (!notifier.digest || !schedule) continue;
    const slot = lastCronSlot(schedule.cron, schedule.tz, now);
    const lastKey = `${ctx.prefix}:digest-last:${receiver}`;
    if (Number((await ctx.redis.get(lastKey)) ?? 0) >= slot) continue;
    const pending = await buffer.take(receiver);
    if (pending.alerts.length === 0 && !schedule.send_empty) {
      await ctx.redis.set(lastKey, String(slot));
      outcomes.push({ receiver, slot, alerts: 0, status: 'empty-skipped' });
      continue;
    }
    const deliveryKey = `dg_${receiver}_${Math.floor(slot / 1000)}`;
    try {
      await notifier.digest.send(pending.alerts, config, { receiver, deliveryKey, clock: ctx.clock, smtp: ctx.config.smtp, log: ctx.log, slot, consoleLink: consoleLinker(ctx.config.external_url) });
    } catch (err) {
      const error = scrubSecrets(err instanceof Error ? err.message : String(err));
      ctx.log.error({ receiver, slot, error }, 'Digest not sent; its alerts stay buffered.');
      outcomes.push({ receiver, slot, alerts: pending.alerts.length, status: 'failed', error });
      continue;
    }
    await ctx.redis.set(lastKey, String(slot));
    await buffer.clear(receiver, pending.raw);
    ctx.log.info({ receiver, slot: new Date(slot).toISOString(), alerts: pending.alerts.length }, 'Digest sent.');
    outcomes.push({ receiver, slot, alerts: pending.alerts.length, status: 'sent' });
  }
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) throw new Error(`digest failed for ${failed.map((f) => `${f.receiver} (${f.error})`).join(', ')}`);
  return outcomes;
}

/**
 * Starts each digest's schedule at its latest past slot (unless already
 * started), so the first digest goes out at the next cron time rather than at
 * the first check.
 */
export async function startDigestSchedules(ctx: Pick<DigestContext, 'config' | 'redis' | 'prefix'>, now: number): Promise<void> {
  for (const [receiver, config] of Object.entries(ctx.config.receivers)) {
    const schedule = notifierFor(config).digest?.schedule(config);
    if (schedule) await ctx.redis.set(`${ctx.prefix}:digest-last:${receiver}`, String(lastCronSlot(schedule.cron, schedule.tz, now)), 'NX');
  }
}

/**
 * One BullMQ job scheduler per digest receiver (cron pattern + time zone),
 * each producing a `digest` job that runs `sendDueDigests`; schedulers of
 * receivers no longer configured are removed. Returns the scheduler ids.
 */
export async function scheduleDigests(queue: Queue, config: DeliveryConfig, start?: Pick<DigestContext, 'redis' | 'prefix' | 'clock'>): Promise<string[]> {
  if (start) await startDigestSchedules({ ...start, config }, start.clock.now());
  const wanted = new Map<string, { receiver: string; cron: string; tz: string }>();
  for (const [receiver, receiverConfig] of Object.entries(config.receivers)) {
    const schedule = notifierFor(receiverConfig).digest?.schedule(receiverConfig);
    if (schedule) wanted.set(`digest_${receiver}`, { receiver, cron: schedule.cron, tz: schedule.tz });
  }
  for (const existing of await queue.getJobSchedulers()) {
    const id = existing.key;
    if (id.startsWith('digest_') && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
  for (const [id, s] of wanted) {
    await queue.upsertJobScheduler(id, { pattern: s.cron, tz: s.tz }, { name: 'digest', data: { receiver: s.receiver }, opts: { attempts: 5, backoff: { type: 'exponential', delay: 30_000, jitter: 0.5 } } });
  }
  return [...wanted.keys()];
}
