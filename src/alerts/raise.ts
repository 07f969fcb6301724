import type { Redis } from 'ioredis';
import type { Article } from '../articles/article.js';
import type { Clock } from '../core/clock.js';
import { contentId } from '../core/ids.js';
import type { Extraction } from '../extraction/extraction.js';
import { type Match, type Severity, severityRank } from '../matching/match.js';
import type { AlertPolicy } from '../matching/policy.js';
import { statusRank } from '../stories/status.js';
import { independentSources, type Story } from '../stories/story.js';
import { type Alert, AlertSchema } from './alert.js';
import { mergeAlert, newAlert, type NotifiedState, notifiedState } from './merge.js';
import type { AlertStore } from './store.js';

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

export type ChangeReason = 'raised' | 'escalated' | 'status' | 'toll' | 'corroborated' | 'casualties' | 'quiet-update' | 'below-threshold';

export interface AlertChange {
  alert: Alert;
  /** True when this change makes a new alert version that receivers should hear about. */
  notify: boolean;
  reason: ChangeReason;
}

/** Numbers of independent sources worth telling an analyst about. */
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
    changes.push(...(await promotePending(ctx, input, indicator)));
  }
  return changes;
}

interface AppliedRecord {
  version: number;
  reason: ChangeReason;
  notify: boolean;
}

async function raiseOne(ctx: RaiseContext, given: RaiseInput, match: Match, indicator: AlertIndicator): Promise<AlertChange> {
  const input = withRevisedToll(given);
  const alertId = contentId('al', indicator.id, input.story.id);
  const appliedKey = `${ctx.prefix}:alert-applied:${alertId}`;
  const policy = indicator.alerting;
  const { counts: windowCounts, at: storyTime } = await recordInWindow(ctx, indicator, input.story);
  ctx.faultAt?.('window-recorded');

  for (let attempt = 0; attempt < 50; attempt++) {
    const applied = await ctx.redis.hget(appliedKey, input.article.id);
    const raw = await ctx.store.getRaw(alertId);
    const existing = raw ? AlertSchema.parse(JSON.parse(raw)) : undefined;
    if (applied && existing) {
      // Re-run after a crash: report what the first run decided, so the caller
      // re-enqueues the same deliveries (their job ids make that a no-op).
      const record = JSON.parse(applied) as AppliedRecord;
      await ctx.store.resave(existing);
      return { alert: existing, reason: record.reason, notify: record.notify && record.version === existing.version };
    }
    const now = ctx.clock.now();
    const severity = policySeverity(match.severity, policy, independentSources(input.story), windowCounts, highestCasualty(input.extraction.casualties));
    if (!existing) {
      const alert = newAlert({ ...input, match, indicator, alertId, severity, now });
      const threshold = windowCounts.get(policy.threshold.within_days) ?? 1;
      if (independentSources(input.story) < policy.min_sources) return { alert, notify: false, reason: 'below-threshold' };
      if (!statusReached(input.story, policy)) return { alert, notify: false, reason: 'below-threshold' };
      if (threshold < policy.threshold.stories) {
        // Too few stories in the window so far; a story reported earlier but analysed later may yet make it.
        await keepPending(ctx, indicator, input.story.id, storyTime, { alert, articleId: input.article.id });
        return { alert, notify: false, reason: 'below-threshold' };
      }
      alert.window = { stories: threshold, withinDays: policy.threshold.within_days };
      alert.notified = notifiedState(alert, now);
      if (await commit(ctx, alert, raw, appliedKey, input.article.id, 'raised', true)) {
        await dropPending(ctx, indicator.id, input.story.id);
        return { alert, notify: true, reason: 'raised' };
      }
      continue;
    }
    const merged = mergeAlert(existing, { ...input, match, severity: maxSeverity(existing.severity, severity), now });
    const revision = tollRevision(existing, merged, input);
    const { reason, notify } = decide(existing, merged, policy, now, revision !== undefined);
    const toldStatus = (existing.notified ?? notifiedState(existing, now)).status;
    if (notify) {
      merged.version = existing.version + 1;
      merged.notified = notifiedState(merged, now);
    }
    const note = historyNote(reason, merged, input.article, notify ? toldStatus : merged.story.status);
    // A revised toll is named whatever else made this version: "toll revised 37 → 54 killed (West Africa Wire)".
    const withToll = revision && reason !== 'toll' ? `${note}; ${revision}` : reason === 'toll' && revision ? revision : note;
    merged.history.push({ at: merged.updatedAt, kind: historyKind(reason), version: merged.version, note: withToll });
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
async function recordInWindow(ctx: RaiseContext, indicator: AlertIndicator, story: Story): Promise<{ counts: Map<number, number>; at: number }> {
  const key = `${ctx.prefix}:window:${indicator.id}`;
  const earliest = storyWindowTime(story, ctx.clock.now());
  const longest = Math.max(...windowDays(indicator));
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
  return { counts: await countWindow(ctx, indicator, at), at };
}

/** Window lengths (days) the policy uses: the threshold's and every escalation's by story count. */
function windowDays(indicator: AlertIndicator): Set<number> {
  const days = new Set([indicator.alerting.threshold.within_days]);
  for (const rule of indicator.alerting.escalate) if (rule.stories) days.add(rule.within_days ?? indicator.alerting.threshold.within_days);
  return days;
}

/** Matching stories whose window entry falls in [at − d, at], for every window length d. */
async function countWindow(ctx: RaiseContext, indicator: AlertIndicator, at: number): Promise<Map<number, number>> {
  const key = `${ctx.prefix}:window:${indicator.id}`;
  const counts = new Map<number, number>();
  for (const d of windowDays(indicator)) counts.set(d, await ctx.redis.zcount(key, at - d * DAY_MS, at));
  return counts;
}

/**
 * A story that matched but had too few stories in its window when it was
 * analysed: its would-be alert, kept so a story reported before it (hence
 * inside its window) but analysed after it can still bring it over the
 * threshold. Without this the alert set would depend on arrival order.
 */
interface PendingAlert {
  alert: Alert;
  articleId: string;
}

function pendingKeys(ctx: RaiseContext, indicatorId: string) {
  return { candidates: `${ctx.prefix}:alert-pending:${indicatorId}`, byTime: `${ctx.prefix}:alert-pending-at:${indicatorId}` };
}

async function keepPending(ctx: RaiseContext, indicator: AlertIndicator, storyId: string, at: number, pending: PendingAlert): Promise<void> {
  const keys = pendingKeys(ctx, indicator.id);
  const ttl = Math.max(...windowDays(indicator)) * DAY_MS * 2;
  // Stories too old for any window this one can reach are forgotten, like the window's own entries.
  const stale = await ctx.redis.zrangebyscore(keys.byTime, '-inf', `(${at - ttl}`);
  const tx = ctx.redis.multi();
  if (stale.length > 0) tx.hdel(keys.candidates, ...stale).zrem(keys.byTime, ...stale);
  await tx
    .hset(keys.candidates, storyId, JSON.stringify(pending))
    .zadd(keys.byTime, at, storyId)
    .pexpire(keys.candidates, ttl)
    .pexpire(keys.byTime, ttl)
    .exec();
}

async function dropPending(ctx: RaiseContext, indicatorId: string, storyId: string): Promise<void> {
  const keys = pendingKeys(ctx, indicatorId);
  await ctx.redis.multi().hdel(keys.candidates, storyId).zrem(keys.byTime, storyId).exec();
}

/**
 * After this report's story is in the window: raises every pending story
 * (analysed earlier, reported later, within the threshold's window) that
 * now has enough stories in its own window. Each promotion is noted against
 * this report first, so a re-run after a crash reports it again and the
 * caller re-enqueues its deliveries (a no-op when they exist).
 */
async function promotePending(ctx: RaiseContext, input: RaiseInput, indicator: AlertIndicator): Promise<AlertChange[]> {
  const policy = indicator.alerting;
  const keys = pendingKeys(ctx, indicator.id);
  const noted = `${ctx.prefix}:alert-promoted:${indicator.id}:${input.article.id}`;
  const changes: AlertChange[] = [];
  const [promoted, at] = await Promise.all([ctx.redis.smembers(noted), ctx.redis.zscore(`${ctx.prefix}:window:${indicator.id}`, input.story.id)]);
  for (const id of promoted) {
    const alert = await ctx.store.get(id);
    if (alert?.version === 1) changes.push({ alert, notify: true, reason: 'raised' });
  }
  if (at === null) return changes;
  const from = Number(at);
  // Stories whose window [t − d, t] holds this one: t within [from, from + d].
  const candidates = await ctx.redis.zrangebyscore(keys.byTime, from, from + policy.threshold.within_days * DAY_MS);
  for (const storyId of candidates) {
    if (storyId === input.story.id) continue;
    const raw = await ctx.redis.hget(keys.candidates, storyId);
    const storyAt = await ctx.redis.zscore(`${ctx.prefix}:window:${indicator.id}`, storyId);
    if (!raw || storyAt === null) {
      await dropPending(ctx, indicator.id, storyId);
      continue;
    }
    const counts = await countWindow(ctx, indicator, Number(storyAt));
    const stories = counts.get(policy.threshold.within_days) ?? 0;
    if (stories < policy.threshold.stories) continue;
    const pending = JSON.parse(raw) as PendingAlert;
    const alert = AlertSchema.parse(pending.alert);
    const now = ctx.clock.now();
    alert.severity = policySeverity(alert.severity, policy, independentSources(alert.story), counts, highestCasualty(alert.casualties));
    alert.window = { stories, withinDays: policy.threshold.within_days };
    alert.notified = notifiedState(alert, now);
    alert.history = [{ at: new Date(now).toISOString(), kind: 'raised', version: 1, note: `raised when ${input.article.outlet} reported an earlier matching story: ${stories} stories within ${policy.threshold.within_days} days` }];
    await ctx.redis.multi().sadd(noted, alert.id).pexpire(noted, Math.max(...windowDays(indicator)) * DAY_MS * 2).exec();
    const appliedKey = `${ctx.prefix}:alert-applied:${alert.id}`;
    const committed = await commit(ctx, alert, null, appliedKey, pending.articleId, 'raised', true);
    await dropPending(ctx, indicator.id, storyId);
    // Not committed: the story's own report raised it meanwhile, and told receivers itself.
    if (committed && !changes.some((c) => c.alert.id === alert.id)) changes.push({ alert, notify: true, reason: 'raised' });
  }
  return changes;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

function highestCasualty(casualties: ReadonlyArray<{ count: number }>): number {
  return Math.max(0, ...casualties.map((c) => c.count));
}

/** The match's severity raised by every escalation rule the story now satisfies. */
function policySeverity(base: Severity, policy: AlertPolicy, sources: number, windowCounts: Map<number, number>, highestCasualty: number): Severity {
  let severity = base;
  for (const rule of policy.escalate) {
    const bySources = rule.sources !== undefined && sources >= rule.sources;
    const byStories = rule.stories !== undefined && (windowCounts.get(rule.within_days ?? policy.threshold.within_days) ?? 0) >= rule.stories;
    const byCasualties = rule.casualties !== undefined && highestCasualty >= rule.casualties;
    if (bySources || byStories || byCasualties) severity = maxSeverity(severity, rule.severity);
  }
  return severity;
}

/** How many corroboration steps a number of independent sources has reached. */
export function corroborationStep(sources: number): number {
  return CORROBORATION_STEPS.filter((step) => sources >= step).length;
}

function casualtiesRose(before: NotifiedState['casualties'], after: NotifiedState['casualties']): boolean {
  return Object.entries(after).some(([kind, count]) => count > (before[kind] ?? 0));
}

/**
 * Compares with what receivers were last told. Escalation always notifies;
 * other news inside the cooldown is folded into the alert and told with the
 * next notification, so an unfolding story stays one alert, not twenty.
 */
function decide(existing: Alert, next: Alert, policy: AlertPolicy, now: number, tollRevised: boolean): { reason: ChangeReason; notify: boolean } {
  if (severityRank(next.severity) > severityRank(existing.severity)) return { reason: 'escalated', notify: true };
  const told = existing.notified ?? notifiedState(existing, Date.parse(existing.createdAt));
  // Confirmed by the army, or now denied: news the analyst needs at once, like an escalation.
  if (told.status && next.story.status && next.story.status !== told.status) return { reason: 'status', notify: true };
  // A later report revising the death toll of the incident: a material change, told at once, cooldown or not.
  if (tollRevised) return { reason: 'toll', notify: true };
  const inCooldown = now - Date.parse(told.at) < policy.cooldown_hours * HOUR_MS;
  if (inCooldown) return { reason: 'quiet-update', notify: false };
  const current = notifiedState(next, now);
  if (corroborationStep(current.sources ?? current.outlets) > corroborationStep(told.sources ?? told.outlets)) return { reason: 'corroborated', notify: true };
  if (casualtiesRose(told.casualties, current.casualties)) return { reason: 'casualties', notify: true };
  return { reason: 'quiet-update', notify: false };
}

function historyKind(reason: ChangeReason): Alert['history'][number]['kind'] {
  return reason === 'escalated' ? 'escalated' : 'updated';
}

/** What changed, for the alert's history; a notified change of status is named whatever else changed with it. */
function historyNote(reason: ChangeReason, alert: Alert, article: Article, toldStatus: Alert['story']['status']): string {
  const statusNote = `now ${alert.story.status}: ${article.outlet} ${statusCause(alert, article)}`;
  if (reason === 'status') return statusNote;
  const note = reasonNote(reason, alert, article);
  return toldStatus && alert.story.status && alert.story.status !== toldStatus ? `${note}; ${statusNote}` : note;
}

function reasonNote(reason: ChangeReason, alert: Alert, article: Article): string {
  switch (reason) {
    case 'escalated':
      return `escalated to ${alert.severity} (${sourcesNote(alert)})`;
    case 'corroborated':
      return `corroborated: ${sourcesNote(alert)}`;
    case 'casualties':
      return `new casualty figures: ${alert.casualties.map((c) => `${c.kind} ${c.count}`).join(', ')}`;
    default:
      return `new source: ${article.outlet}`;
  }
}

/** "4 reports from 2 independent sources (…)", or for an alert raised before sources were told apart, its outlets. */
function sourcesNote(alert: Alert): string {
  return alert.story.sourcing ?? `${alert.story.outlets} outlets`;
}

/** The story has the status the policy asks for (a story filed before stories had one counts as reported). */
function statusReached(story: Story, policy: AlertPolicy): boolean {
  return policy.status_at_least === undefined || statusRank(story.status ?? 'reported') >= statusRank(policy.status_at_least);
}

/** Why the status changed, from the report that changed it: "reports a denial: “…”". */
function statusCause(alert: Alert, article: Article): string {
  const account = alert.story.sources.find((s) => s.articleId === article.id)?.account;
  const what = { denial: 'reports a denial', official: 'reports an official statement', claim: 'reports the claim', local: 'cites local sources', own: 'reports it' }[account?.kind ?? 'own'];
  return account?.quote ? `${what}: “${account.quote}”` : what;
}

/**
 * The report's revised toll ("the death toll rose to 54"), when its story
 * source is a follow-up giving one, folded into its casualties as a killed
 * figure if extraction did not read it (it reads "54 soldiers were killed",
 * not "the toll rose to 54").
 */
function withRevisedToll(input: RaiseInput): RaiseInput {
  const toll = revisedToll(input);
  if (toll === undefined || input.extraction.casualties.some((c) => c.kind === 'killed' && c.count === toll.count)) return input;
  const text = `${input.article.title}\n\n${input.article.text}`;
  const start = Math.max(0, text.indexOf(toll.quote));
  const evidence = { start, end: start + toll.quote.length, quote: toll.quote, sentence: toll.quote, sentenceStart: start };
  return { ...input, extraction: { ...input.extraction, casualties: [...input.extraction.casualties, { kind: 'killed', count: toll.count, evidence }] } };
}

function revisedToll(input: RaiseInput): { count: number; quote: string } | undefined {
  const source = input.story.sources.find((s) => s.articleId === input.article.id);
  const cue = source?.followUp?.find((c) => c.kind === 'toll' && c.toll !== undefined);
  return cue?.toll !== undefined ? { count: cue.toll, quote: cue.quote } : undefined;
}

/** "toll revised 37 → 54 killed (Outlet)" when this report revises the death toll upwards, else undefined. */
function tollRevision(existing: Alert, merged: Alert, input: RaiseInput): string | undefined {
  const toll = revisedToll(input);
  if (!toll) return undefined;
  const before = highestPerKindOf(existing.casualties).killed;
  const after = highestPerKindOf(merged.casualties).killed ?? 0;
  if (before !== undefined && after <= before) return undefined;
  return before === undefined ? `toll given: ${after} killed (${input.article.outlet})` : `toll revised ${before} → ${after} killed (${input.article.outlet})`;
}

function highestPerKindOf(casualties: ReadonlyArray<{ kind: string; count: number }>): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const c of casualties) out[c.kind] = Math.max(out[c.kind] ?? 0, c.count);
  return out;
}
