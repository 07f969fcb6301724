import type { AlertChange } from '../alerts/raise.js';
import { raiseAlerts } from '../alerts/raise.js';
import { type Article, articleFullText } from '../articles/article.js';
import type { Logger } from '../core/log.js';
import { extract } from '../extraction/extract.js';
import { metrics, observeAlertDelay } from '../metrics/metrics.js';
import { incidentFacts } from '../stories/facts.js';
import type { StageContext } from './context.js';
import { publishAlertChange } from './publish.js';

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
    if (change.reason === 'raised') observeAlertDelay(article, ctx.clock.now());
    if (change.notify && change.reason === 'raised') watchAlertRate(change.alert.indicatorId, ctx.clock.now(), log);
    await publishAlertChange(ctx, change, log);
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
