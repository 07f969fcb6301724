import type { Redis } from 'ioredis';
import type { Logger } from '../core/log.js';
import type { ItemWarning, ItemWarningCause } from './poll-feed.js';

/** A feed that keeps a bad item (a duplicate GUID, an unreadable date) is warned about once per cause in this window. */
export const ITEM_WARNING_WINDOW_MS = 24 * 3_600_000;

/**
 * Logs a good poll's item-level problems once per feed and cause per window
 * (shared by every process through Redis), and counts every one through
 * `count`: the same duplicate GUID used to log a line on every poll, about 12
 * a minute from one feed. Later polls log at debug level only.
 */
export async function reportItemWarnings(
  redis: Redis,
  prefix: string,
  feedId: string,
  warnings: readonly ItemWarning[],
  log: Logger,
  count: (cause: ItemWarningCause, n: number) => void,
  windowMs = ITEM_WARNING_WINDOW_MS,
): Promise<void> {
  const byCause = new Map<ItemWarningCause, ItemWarning[]>();
  for (const w of warnings) byCause.set(w.cause, [...(byCause.get(w.cause) ?? []), w]);
  for (const [cause, list] of byCause) {
    count(cause, list.length);
    const first = await redis.set(`${prefix}:item-warned:${feedId}:${cause}`, String(Date.now()), 'PX', windowMs, 'NX');
    const fields = { feed: feedId, cause, items: list.length, example: list[0]?.message };
    if (first === 'OK') {
      const hours = Math.round(windowMs / 3_600_000);
      log.warn(fields, `feed ${feedId}: ${list.length} item(s) with ${cause} (e.g. ${list[0]?.message}); not logged again for this feed and cause for ${hours} h, counted in sahelwatch_feed_item_warnings_total`);
    } else {
      log.debug(fields, `feed ${feedId}: ${list.length} item(s) with ${cause} (already reported)`);
    }
  }
}
