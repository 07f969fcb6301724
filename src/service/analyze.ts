import type { Alert } from '../alerts/alert.js';
import type { AlertChange } from '../alerts/raise.js';
import { raiseAlerts } from '../alerts/raise.js';
import { type Article, articleFullText } from '../articles/article.js';
import type { Logger } from '../core/log.js';
import { enqueueDeliveries } from '../delivery/deliver.js';
import { findInhibitor, inhibitWindowMs } from '../delivery/inhibit.js';
import { routeAlert } from '../delivery/route.js';
import { extract } from '../extraction/extract.js';
import { metrics } from '../metrics/metrics.js';
import { incidentFacts } from '../stories/facts.js';
import type { StageContext } from './context.js';

export interface AnalyzeOutcome {
  storyId: string;
  duplicate: boolean;
  matches: string[];
  changes: AlertChange[];
}

/**
 * Extraction → story → match → alert → routing, in one job: all of it is CPU
 * work on one article, cheaper than any queue hop between the steps.
 * Safe to re-run after a crash: story assignment, alert raising and delivery
 * jobs are all keyed by content, so a second run changes nothing.
 */
export async function analyzeArticle(ctx: StageContext, article: Article, log: Logger): Promise<AnalyzeOutcome> {
  // Extraction first: its facts let a report in another language join the story of the same incident.
  const extraction = extract({ title: article.title, text: article.text, language: article.language, published: article.published });
  ctx.faultAt?.('extracted');
  const { story, duplicate } = await ctx.stories.assign(article, incidentFacts(extraction));
  ctx.faultAt?.('story-committed');
  const rerun = duplicate && story.sources.some((source) => source.articleId === article.id);
  if (duplicate && !rerun) {
    // Kept in the record all the same: which outlets carried a report, and when, is history too.
    await ctx.record?.saveAnalysis({ article, seenAt: ctx.clock.now(), story, extraction, indicators: [], event: null });
    log.info({ storyId: story.id }, 'Exact duplicate of an article already in the story; dropped.');
    return { storyId: story.id, duplicate: true, matches: [], changes: [] };
  }
  const text = articleFullText(article);
  const { matcher, indicators } = ctx.indicators.current();
  const matches = matcher.match({ text, extraction });
  const reportsEvent = await ctx.storyEvents.record(story, article.id, extraction, ctx.clock.now());
  ctx.faultAt?.('events-recorded');
  if (ctx.record) {
    // Before alerts: a failed write fails the job here, and its retry raises the same alerts (keyed by content).
    const event = reportsEvent ? await ctx.storyEvents.get(story.id) : null;
    await ctx.record.saveAnalysis({ article, seenAt: ctx.clock.now(), story, extraction, indicators: matches.map((m) => m.indicatorId), event });
  }
  metrics().itemsExtracted.inc({ feed: article.feedId });
  if (matches.length > 0) metrics().itemsMatched.inc({ feed: article.feedId });
  const changes =
    matches.length === 0
      ? []
      : await raiseAlerts(
          { store: ctx.alerts, redis: ctx.redis, prefix: ctx.prefix, clock: ctx.clock, faultAt: ctx.faultAt },
          { story, article, extraction, matches, indicators: indicators.map((i) => ({ ...i, tags: [...i.tags], receivers: [...i.receivers] })) },
        );
  for (const change of changes) {
    await dispatch(ctx, change, log);
    ctx.faultAt?.('delivery-enqueued');
  }
  return { storyId: story.id, duplicate: false, matches: matches.map((m) => m.indicatorId), changes };
}

/** An indicator raising this many new alerts within one minute (in one process) is likely too broad. */
export const NOISY_ALERTS_PER_MINUTE = 30;
const raisedThisMinute = new Map<string, { minute: number; count: number }>();

/** Tells the operator, once per indicator and minute, that a rule is raising a flood of alerts. */
function watchAlertRate(indicatorId: string, now: number, log: Logger): void {
  const minute = Math.floor(now / 60_000);
  const seen = raisedThisMinute.get(indicatorId);
  const count = seen?.minute === minute ? seen.count + 1 : 1;
  raisedThisMinute.set(indicatorId, { minute, count });
  if (count !== NOISY_ALERTS_PER_MINUTE) return;
  log.warn(
    { indicator: indicatorId, alerts: count },
    `Indicator ${indicatorId} raised ${count} new alerts within a minute: its rule is probably too broad. Deliveries stay rate-limited per receiver; review the indicator.`,
  );
}

/** The active alert that inhibits this one under the configured inhibit rules, if any. */
async function inhibitorOf(ctx: StageContext, alert: Alert) {
  const rules = ctx.delivery.inhibit_rules;
  if (rules.length === 0) return undefined;
  const now = ctx.clock.now();
  const { alerts } = await ctx.alerts.list({ since: now - inhibitWindowMs(rules), limit: 1000 });
  return findInhibitor(rules, alert, alerts, now);
}

/** The normal alert path after an alert changed: tell the process, then silences, inhibit rules, routing and delivery jobs. */
export async function dispatch(ctx: StageContext, change: AlertChange, log: Logger): Promise<void> {
  const { alert } = change;
  ctx.events.emit('alert', change);
  if (!change.notify) return;
  if (change.reason === 'raised') {
    metrics().alertsRaised.inc({ indicator: alert.indicatorId, severity: alert.severity });
    watchAlertRate(alert.indicatorId, ctx.clock.now(), log);
  }
  if (await ctx.silences.isSilenced(alert, ctx.clock.now())) {
    await ctx.alerts.appendHistory(alert.id, { kind: 'silenced', version: alert.version, note: 'Matched an active silence; not delivered.' });
    log.info({ alertId: alert.id }, 'Alert silenced; recorded, not delivered.');
    return;
  }
  const inhibited = await inhibitorOf(ctx, alert);
  if (inhibited) {
    const { by, rule } = inhibited;
    const note = `Inhibited by ${by.id} (${by.indicatorId}, ${by.severity}) under inhibit rule ${rule + 1}; not delivered.`;
    await ctx.alerts.appendHistory(alert.id, { kind: 'inhibited', version: alert.version, note });
    log.info({ alertId: alert.id, inhibitedBy: by.id, rule: rule + 1 }, 'Alert inhibited; recorded, not delivered.');
    return;
  }
  const receivers = routeAlert(ctx.delivery, alert);
  await enqueueDeliveries(ctx.queues.deliver, alert, receivers, ctx.delivery);
  log.info({ alertId: alert.id, indicator: alert.indicatorId, severity: alert.severity, version: alert.version, receivers, reason: change.reason }, 'Alert raised.');
}
