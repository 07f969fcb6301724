import type { AlertChange } from '../alerts/raise.js';
import { contentId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import type { TrendIndicator } from '../matching/trend.js';
import { judgeTrend, trendAlert } from '../trends/evaluate.js';
import type { StageContext } from './context.js';
import { publishAlertChange } from './publish.js';

const DAY_MS = 86_400_000;

/**
 * Evaluates each enabled trend indicator over the record at `now` and raises
 * through the normal alert path what fires. One alert per episode: while the
 * trend stays high its alert is updated quietly with the new count and
 * events; an episode ends one window after the last reading that fired.
 * Redis holds the open episode (SET NX), so schedulers running at once, or a
 * re-run after a crash, raise one alert.
 */
export async function evaluateTrends(ctx: StageContext, trends: readonly TrendIndicator[], now: number, log: Logger): Promise<AlertChange[]> {
  const { record } = ctx;
  if (!record) return [];
  const changes: AlertChange[] = [];
  for (const indicator of trends.filter((t) => t.enabled)) {
    const { trend } = indicator;
    const windowMs = trend.window_days * DAY_MS;
    const reading = judgeTrend(trend, await record.eventWindowCounts(trend.events, now, windowMs, trend.baseline_windows, indicator.areas), now);
    log.debug({ indicator: indicator.id, count: reading.count, mean: reading.mean, fires: reading.fires }, 'Trend evaluated.');
    if (!reading.fires) continue;
    const episode = `${ctx.prefix}:trend-open:${indicator.id}`;
    const fresh = contentId('al', indicator.id, 'trend', reading.windowEnd);
    const opened = await ctx.redis.set(episode, fresh, 'PX', windowMs, 'NX');
    const alertId = opened ? fresh : ((await ctx.redis.get(episode)) ?? fresh);
    if (!opened) await ctx.redis.pexpire(episode, windowMs);
    const previous = await ctx.alerts.get(alertId);
    if (previous && previous.window?.stories === reading.count) continue;
    const alert = trendAlert(indicator, reading, alertId, previous);
    await ctx.alerts.save(alert);
    const change: AlertChange = previous ? { alert, notify: false, reason: 'quiet-update' } : { alert, notify: true, reason: 'raised' };
    await publishAlertChange(ctx, change, log);
    changes.push(change);
  }
  return changes;
}
