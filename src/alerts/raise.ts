import type { Redis } from 'ioredis';
import type { Article } from '../articles/article.js';
import type { Clock } from '../core/clock.js';
import { contentId } from '../core/ids.js';
import type { Extraction } from '../extraction/extraction.js';
import type { Match, Severity } from '../matching/match.js';
import type { AlertPolicy } from '../matching/policy.js';
import type { Story } from '../stories/story.js';
import { type Alert, AlertSchema } from './alert.js';
import { mergeAlert, newAlert, type NotifiedState, notifiedState } from './merge.js';
import { type AlertStore, severityRank } from './store.js';

export interface AlertIndicator {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  tags: string[];
  owner?: string;
  receivers: string[];
  alerting: AlertPolicy;
}

export interface RaiseContext {
  store: AlertStore;
  redis: Redis;
  prefix: string;
  clock: Clock;
  /** Fault tests only: called after the window is recorded and after each alert decision. */
  faultAt?: (step: 'window-recorded' | 'alert-committed') => void;
}

export interface RaiseInput {
  story: Story;
  article: Article;
  extraction: Extraction;
  matches: Match[];
  indicators: AlertIndicator[];
}

export type ChangeReason = 'raised' | 'escalated' | 'corroborated' | 'casualties' | 'quiet-update' | 'below-threshold';

export interface AlertChange {
  alert: Alert;
  /** True when this change makes a new alert version that receivers should hear about. */
  notify: boolean;
  reason: ChangeReason;
}

/** Corroboration counts worth telling an analyst about. */
export const CORROBORATION_STEPS = [2, 3, 5, 10] as const;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Turns one article's matches into alert changes: one alert per (indicator,
 * story), updated as sources arrive; a new version only when severity,
 * corroboration step or casualty figures change what the analyst knows.
 */
export async function raiseAlerts(ctx: RaiseContext, input: RaiseInput): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  for (const match of input.matches) {
    const indicator = input.indicators.find((i) => i.id === match.indicatorId);
    if (!indicator) continue;
    changes.push(await raiseOne(ctx, input, match, indicator));
    ctx.faultAt?.('alert-committed');
  }
  return changes;
}

interface AppliedRecord {
  version: number;
  reason: ChangeReason;
  notify: boolean;
}

async function raiseOne(ctx: RaiseContext, input: RaiseInput, match: Match, indicator: AlertIndicator): Promise<AlertChange> {
  const alertId = contentId('al', indicator.id, input.story.id);
  const appliedKey = `${ctx.prefix}:alert-applied:${alertId}`;
  const policy = indicator.alerting;
  const windowCounts = await recordInWindow(ctx, indicator, input.story);
  ctx.faultAt?.('window-recorded');

  for (let attempt = 0; attempt < 50; attempt++) {
    const applied = await ctx.redis.hget(appliedKey, input.article.id);
    const raw = await ctx.store.getRaw(alertId);
    const existing = raw ? AlertSchema.parse(JSON.parse(raw)) : undefined;
    if (applied && existing) {
      // Re-run after a crash: report what the first run decided, so the caller
      // re-enqueues the same deliveries (their job ids make that a no-op).
      const record = JSON.parse(applied) as AppliedRecord;
      return { alert: existing, reason: record.reason, notify: record.notify && record.version === existing.version };
    }
    const now = ctx.clock.now();
    const severity = policySeverity(match.severity, policy, input.story.outlets, windowCounts, input.extraction);
    if (!existing) {
      const alert = newAlert({ ...input, match, indicator, alertId, severity, now });
      const threshold = windowCounts.get(policy.threshold.within_days) ?? 1;
      if (input.story.outlets < policy.min_outlets || threshold < policy.threshold.stories) {
        return { alert, notify: false, reason: 'below-threshold' };
      }
      alert.window = { stories: threshold, withinDays: policy.threshold.within_days };
      alert.notified = notifiedState(alert, now);
      if (await commit(ctx, alert, raw, appliedKey, input.article.id, 'raised', true)) return { alert, notify: true, reason: 'raised' };
      continue;
    }
    const merged = mergeAlert(existing, { ...input, match, severity: maxSeverity(existing.severity, severity), now });
    const { reason, notify } = decide(existing, merged, policy, now);
    if (notify) {
      merged.version = existing.version + 1;
      merged.notified = notifiedState(merged, now);
    }
    merged.history.push({ at: merged.updatedAt, kind: historyKind(reason), version: merged.version, note: historyNote(reason, merged, input.article) });
    if (await commit(ctx, merged, raw, appliedKey, input.article.id, reason, notify)) return { alert: merged, notify, reason };
  }
  throw new Error(`alert ${alertId}: too many concurrent updates`);
}

/**
 * Saves the alert and the per-(alert, article) marker atomically, only if the
 * alert is still as read; false means another writer won and the caller re-reads.
 */
async function commit(ctx: RaiseContext, alert: Alert, raw: string | null, appliedKey: string, articleId: string, reason: ChangeReason, notify: boolean): Promise<boolean> {
  const record: AppliedRecord = { version: alert.version, reason, notify };
  return ctx.store.write(alert, { raw }, { key: appliedKey, field: articleId, value: JSON.stringify(record) });
}

/** The story's earliest report: its window time, whatever order its reports were analysed in. */
export function storyWindowTime(story: Story, now: number): number {
  const times = [Date.parse(story.firstReport), ...story.sources.map((s) => Date.parse(s.published))].filter(Number.isFinite);
  return times.length > 0 ? Math.min(now, ...times) : now;
}

/**
 * Records the story in the indicator's sliding window and counts matching
 * stories for every window the policy uses, ending at the story's own entry.
 * A story is a member once, at its earliest report (`ZADD LT`): when an
 * earlier report joins later, the entry moves back with the story, so the
 * story always counts itself and the same reports give the same counts
 * whatever the order they arrive in and however often a job is re-run.
 */
async function recordInWindow(ctx: RaiseContext, indicator: AlertIndicator, story: Story): Promise<Map<number, number>> {
  const key = `${ctx.prefix}:window:${indicator.id}`;
  const earliest = storyWindowTime(story, ctx.clock.now());
  const days = new Set([indicator.alerting.threshold.within_days]);
  for (const rule of indicator.alerting.escalate) if (rule.stories) days.add(rule.within_days ?? indicator.alerting.threshold.within_days);
  const longest = Math.max(...days);
  const replies = await ctx.redis
    .multi()
    .zadd(key, 'LT', earliest, story.id)
    .zscore(key, story.id)
    .zremrangebyscore(key, '-inf', `(${earliest - longest * DAY_MS * 2}`)
    .pexpire(key, longest * DAY_MS * 2)
    .exec();
  // The stored entry may be earlier still (a report this copy of the story has not seen yet).
  const stored = Number(replies?.[1]?.[1]);
  const at = Number.isFinite(stored) ? Math.min(stored, earliest) : earliest;
  const counts = new Map<number, number>();
  for (const d of days) counts.set(d, await ctx.redis.zcount(key, at - d * DAY_MS, at));
  return counts;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** The match's severity raised by every escalation rule the story now satisfies. */
function policySeverity(base: Severity, policy: AlertPolicy, outlets: number, windowCounts: Map<number, number>, extraction: Extraction): Severity {
  const highestCasualty = Math.max(0, ...extraction.casualties.map((c) => c.count));
  let severity = base;
  for (const rule of policy.escalate) {
    const byOutlets = rule.outlets !== undefined && outlets >= rule.outlets;
    const byStories = rule.stories !== undefined && (windowCounts.get(rule.within_days ?? policy.threshold.within_days) ?? 0) >= rule.stories;
    const byCasualties = rule.casualties !== undefined && highestCasualty >= rule.casualties;
    if (byOutlets || byStories || byCasualties) severity = maxSeverity(severity, rule.severity);
  }
  return severity;
}

export function corroborationStep(outlets: number): number {
  return CORROBORATION_STEPS.filter((step) => outlets >= step).length;
}

function casualtiesRose(before: NotifiedState['casualties'], after: NotifiedState['casualties']): boolean {
  return Object.entries(after).some(([kind, count]) => count > (before[kind] ?? 0));
}

/**
 * Compares with what receivers were last told. Escalation always notifies;
 * other news inside the cooldown is folded into the alert and told with the
 * next notification, so an unfolding story stays one alert, not twenty.
 */
function decide(existing: Alert, next: Alert, policy: AlertPolicy, now: number): { reason: ChangeReason; notify: boolean } {
  if (severityRank(next.severity) > severityRank(existing.severity)) return { reason: 'escalated', notify: true };
  const told = existing.notified ?? notifiedState(existing, Date.parse(existing.createdAt));
  const inCooldown = now - Date.parse(told.at) < policy.cooldown_hours * HOUR_MS;
  if (inCooldown) return { reason: 'quiet-update', notify: false };
  const current = notifiedState(next, now);
  if (corroborationStep(current.outlets) > corroborationStep(told.outlets)) return { reason: 'corroborated', notify: true };
  if (casualtiesRose(told.casualties, current.casualties)) return { reason: 'casualties', notify: true };
  return { reason: 'quiet-update', notify: false };
}

function historyKind(reason: ChangeReason): Alert['history'][number]['kind'] {
  return reason === 'escalated' ? 'escalated' : 'updated';
}

function historyNote(reason: ChangeReason, alert: Alert, article: Article): string {
  switch (reason) {
    case 'escalated':
      return `escalated to ${alert.severity} (${alert.story.outlets} outlets)`;
    case 'corroborated':
      return `corroborated: ${alert.story.outlets} independent outlets`;
    case 'casualties':
      return `new casualty figures: ${alert.casualties.map((c) => `${c.kind} ${c.count}`).join(', ')}`;
    default:
      return `new source: ${article.outlet}`;
  }
}
