import type { Alert } from '../alerts/alert.js';
import type { AlertQuery, AlertStore } from '../alerts/store.js';
import type { CompiledIndicator } from '../matching/indicators.js';

/** The alert exports read at most this many alerts: enough for weeks of Sahel reporting. */
export const EXPORT_CAP = 5000;
const DAY_MS = 86_400_000;

/** Every alert matching the filters, newest first, paging through the store up to `cap`. */
export async function collectAlerts(store: AlertStore, query: Omit<AlertQuery, 'limit' | 'cursor'>, cap = EXPORT_CAP): Promise<Alert[]> {
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...query, limit: Math.min(1000, cap - out.length), ...(cursor ? { cursor } : {}) });
    out.push(...page.alerts);
    cursor = page.nextCursor;
  } while (cursor && out.length < cap);
  return out;
}

export interface IndicatorSummary {
  id: string;
  title: string;
  description: string;
  severity: string;
  owner: string;
  tags: readonly string[];
  enabled: boolean;
  file: string;
  hits: { total: number; last7Days: number; last24Hours: number };
}

/**
 * Alerts per indicator within the store's retention, counted on the store's
 * by-indicator index (AlertStore has no count method; this reads the same
 * sorted set its list() pages through, scored by updatedAt).
 */
async function hitCounts(store: AlertStore, indicatorId: string, now: number): Promise<IndicatorSummary['hits']> {
  const key = `${store.prefix}:alerts:by-indicator:${indicatorId}`;
  const floor = now - store.retentionMs;
  const [total, week, day] = await Promise.all([
    store.redis.zcount(key, floor, '+inf'),
    store.redis.zcount(key, Math.max(floor, now - 7 * DAY_MS), '+inf'),
    store.redis.zcount(key, Math.max(floor, now - DAY_MS), '+inf'),
  ]);
  return { total, last7Days: week, last24Hours: day };
}

export async function indicatorSummaries(store: AlertStore, indicators: readonly CompiledIndicator[], now: number): Promise<IndicatorSummary[]> {
  return Promise.all(
    indicators.map(async (i) => ({
      id: i.id,
      title: i.title,
      description: i.description,
      severity: i.severity,
      owner: i.owner,
      tags: i.tags,
      enabled: i.enabled,
      file: i.file,
      hits: await hitCounts(store, i.id, now),
    })),
  );
}
