import type { AlertStore } from './store.js';

const DAY_MS = 86_400_000;

/**
 * Marks alerts whose story has had no new report for `quietDays` as expired
 * (history entry `expired`), so the console and exports can tell a live story
 * from a finished one. Idempotent: an alert is expired once; safe to run from
 * several processes.
 */
export async function expireQuietAlerts(store: AlertStore, now: number, quietDays: number): Promise<number> {
  let expired = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list({ until: now - quietDays * DAY_MS, limit: 500, cursor });
    for (const alert of page.alerts) {
      if (alert.history.some((h) => h.kind === 'expired')) continue;
      await store.appendHistory(alert.id, { kind: 'expired', version: alert.version, note: `no new report for ${quietDays} days` });
      expired++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return expired;
}
