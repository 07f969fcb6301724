import type { Alert } from './alert.js';
import type { AlertStore } from './store.js';

const DAY_MS = 86_400_000;

/**
 * Marks alerts whose story has had no new report for `quietDays` as expired
 * (history entry `expired`), so the console and exports can tell a live story
 * from a finished one. Idempotent: an alert is expired once; safe to run from
 * several processes.
 */
export async function expireQuietAlerts(store: AlertStore, now: number, quietDays: number, onResolved?: (alert: Alert) => Promise<void>): Promise<number> {
  let expired = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list({ until: now - quietDays * DAY_MS, limit: 500, cursor });
    for (const alert of page.alerts) {
      const resolved = await store.resolve(alert.id, 'sahelwatch', 'expired', `no new report for ${quietDays} days`);
      if (!resolved) continue;
      await onResolved?.(resolved);
      expired++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return expired;
}
