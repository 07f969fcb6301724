import type { AlertChange } from '../alerts/raise.js';
import { contentId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { type SilenceIndicator, silenceCountFilter } from '../matching/silence.js';
import { judgeSilence, silenceAlert } from '../trends/silence.js';
import type { StageContext } from './context.js';
import { publishAlertChange } from './publish.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Evaluates each enabled silence indicator over the record's articles at
 * `now` and raises through the normal alert path what fires. One alert per
 * episode: Redis holds the open episode (SET NX) while the silence lasts, and
 * drops it when articles come again, so the next silence raises anew.
 */
export async function evaluateSilences(ctx: StageContext, silences: readonly SilenceIndicator[], now: number, log: Logger): Promise<AlertChange[]> {
  const { record } = ctx;
  if (!record) return [];
  const changes: AlertChange[] = [];
  for (const indicator of silences.filter((s) => s.enabled)) {
    const { silence } = indicator;
    const filter = silenceCountFilter(indicator, ctx.feeds.values());
    if (!filter) {
      log.warn({ indicator: indicator.id }, 'Silence indicator names no configured feed; skipped.');
      continue;
    }
    const quietMs = silence.quiet_hours * HOUR_MS;
    const reading = judgeSilence(silence, await record.quietCounts(filter, now, silence.baseline_days * DAY_MS, quietMs), now);
    log.debug({ indicator: indicator.id, ratePerDay: reading.ratePerDay, recent: reading.recent, fires: reading.fires }, 'Silence evaluated.');
    const episode = `${ctx.prefix}:silence-open:${indicator.id}`;
    if (!reading.fires) {
      await ctx.redis.del(episode);
      continue;
    }
    const alertId = contentId('al', indicator.id, 'silence', reading.at);
    // Refreshed at each reading that fires, so a long silence never raises twice.
    const ttl = quietMs + silence.baseline_days * DAY_MS;
    const opened = await ctx.redis.set(episode, alertId, 'PX', ttl, 'NX');
    if (!opened) {
      await ctx.redis.pexpire(episode, ttl);
      continue;
    }
    const alert = silenceAlert(indicator, reading, alertId);
    await ctx.alerts.save(alert);
    const change: AlertChange = { alert, notify: true, reason: 'raised' };
    await publishAlertChange(ctx, change, log);
    changes.push(change);
  }
  return changes;
}
