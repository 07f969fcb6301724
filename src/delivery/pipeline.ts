import type { Queue } from 'bullmq';
import type { Alert } from '../alerts/alert.js';
import type { AlertChange } from '../alerts/raise.js';
import type { SilenceStore } from '../alerts/silences.js';
import type { AlertStore } from '../alerts/store.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { metrics } from '../metrics/metrics.js';
import type { DeliveryConfig } from './config.js';
import { enqueueDeliveries } from './enqueue.js';
import { enqueueGrouped, GroupStore } from './group-store.js';
import { lookupInhibitor } from './inhibit.js';
import { routeAlert, type RoutedReceiver, routePlan } from './route.js';

/**
 * Whether, and to whom, an alert change is sent: the one place to read why an
 * alert was or was not delivered. The stages run in order, as Alertmanager's
 * notify pipeline does; the first that stops the alert says why, and a stop an
 * analyst should see (silenced, inhibited) goes into the alert's history once
 * per version.
 *
 *   decide   raise.ts decided: a new version worth telling (threshold, cooldown, escalation), or not
 *   silence  an active silence matches
 *   inhibit  an active alert sharing its labels inhibits it (inhibit_rules)
 *   route    the routing tree and the indicator's own receivers
 *   enqueue  one delivery job per receiver, or, where the route groups
 *            (group_by, repeat_interval), into the receiver's group, whose
 *            flush job sends one message for all its alerts (group-store.ts)
 *
 * Each delivery job then goes through the per-receiver stages in
 * deliver.ts's processor: already delivered → silenced since → digest or
 * immediate → in-flight slots and circuit breaker → rate limit → send.
 */
export const NOTIFY_STAGES = ['decide', 'silence', 'inhibit', 'route', 'enqueue'] as const;
export type NotifyStage = (typeof NOTIFY_STAGES)[number];

export interface NotifyContext {
  alerts: AlertStore;
  silences: SilenceStore;
  delivery: DeliveryConfig;
  deliverQueue: Queue;
  clock: Clock;
}

/** The notify context out of a larger one (a stage's, the console's): the stores, the config and the deliver queue. */
export function notifyContext(ctx: Omit<NotifyContext, 'deliverQueue'> & { queues: { deliver: Queue } }): NotifyContext {
  return { alerts: ctx.alerts, silences: ctx.silences, delivery: ctx.delivery, deliverQueue: ctx.queues.deliver, clock: ctx.clock };
}

export interface NotifyOutcome {
  /** The stage that stopped the alert, or `enqueue` when it was sent on. */
  stage: NotifyStage;
  delivered: boolean;
  reason: string;
  receivers: string[];
}

type StageResult = { stop: string } | { receivers: RoutedReceiver[] } | undefined;
type Stage = (ctx: NotifyContext, change: AlertChange, receivers: RoutedReceiver[]) => Promise<StageResult>;

const STAGES: Record<NotifyStage, Stage> = {
  async decide(_ctx, change) {
    if (!change.notify) return { stop: `no new version to tell (${change.reason})` };
    if (change.reason === 'raised') metrics().alertsRaised.inc({ indicator: change.alert.indicatorId, severity: change.alert.severity });
    return undefined;
  },

  async silence(ctx, { alert }) {
    const [silence] = await ctx.silences.matching(alert, ctx.clock.now());
    if (!silence) return undefined;
    const note = `Matched silence ${silence.id} (${silence.comment}); not delivered.`;
    await ctx.alerts.appendHistory(alert.id, { kind: 'silenced', version: alert.version, note }, { once: true });
    return { stop: note };
  },

  async inhibit(ctx, { alert }) {
    if (ctx.delivery.inhibit_rules.length === 0) return undefined;
    const found = await lookupInhibitor(ctx.alerts, ctx.delivery.inhibit_rules, alert, ctx.clock.now());
    if (!found) return undefined;
    const { by, rule } = found;
    const note = `Inhibited by ${by.id} (${by.indicatorId}, ${by.severity}) under inhibit rule ${rule + 1}; not delivered.`;
    await ctx.alerts.appendHistory(alert.id, { kind: 'inhibited', version: alert.version, note }, { once: true });
    return { stop: note };
  },

  async route(ctx, { alert }) {
    const receivers = routePlan(ctx.delivery, alert);
    return receivers.length === 0 ? { stop: 'no route or indicator names a configured receiver' } : { receivers };
  },

  async enqueue(ctx, { alert }, receivers) {
    const alone = receivers.filter((r) => !r.grouping).map((r) => r.receiver);
    await enqueueDeliveries(ctx.deliverQueue, alert, alone, ctx.delivery);
    const groups = new GroupStore(ctx.alerts.redis, ctx.alerts.prefix, ctx.alerts.retentionMs);
    for (const routed of receivers) {
      if (routed.grouping) await enqueueGrouped(ctx.deliverQueue, groups, alert, { ...routed, grouping: routed.grouping }, ctx.delivery);
    }
    return undefined;
  },
};

/** Runs an alert change through the stages; see the module comment for what each decides. */
export async function notifyAlert(ctx: NotifyContext, change: AlertChange, log: Logger): Promise<NotifyOutcome> {
  const { alert } = change;
  let receivers: RoutedReceiver[] = [];
  for (const stage of NOTIFY_STAGES) {
    const result = await STAGES[stage](ctx, change, receivers);
    if (result && 'stop' in result) {
      if (stage !== 'decide') log.info({ alertId: alert.id, version: alert.version, stage, reason: result.stop }, 'Alert not delivered.');
      return { stage, delivered: false, reason: result.stop, receivers: [] };
    }
    if (result) receivers = result.receivers;
  }
  const names = receivers.map((r) => r.receiver);
  log.info({ alertId: alert.id, indicator: alert.indicatorId, severity: alert.severity, version: alert.version, receivers: names, reason: change.reason }, 'Alert raised.');
  return { stage: 'enqueue', delivered: true, reason: `sent to ${names.join(', ')}`, receivers: names };
}

/**
 * The notice that an alert is over (its story went quiet, or an analyst resolved
 * it), to the receivers its routes reach that set `send_resolved`, as
 * Alertmanager does. A silenced alert's notice is not sent either.
 */
export async function notifyResolved(ctx: NotifyContext, alert: Alert, log: Logger): Promise<string[]> {
  if ((await ctx.silences.matching(alert, ctx.clock.now())).length > 0) return [];
  const receivers = routeAlert(ctx.delivery, alert).filter((name) => ctx.delivery.receivers[name]?.send_resolved);
  if (receivers.length === 0) return [];
  await enqueueDeliveries(ctx.deliverQueue, alert, receivers, ctx.delivery, 'resolved');
  log.info({ alertId: alert.id, version: alert.version, receivers, reason: alert.resolved?.reason }, 'Alert resolved; notice sent on.');
  return receivers;
}
