import type { Alert } from '../alerts/alert.js';
import type { AlertQuery, AlertStore } from '../alerts/store.js';
import type { CompiledIndicator } from '../matching/indicators.js';

/** Exports and the timeline read at most this many alerts: enough for weeks of Sahel reporting. */
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

export interface Timeline {
  /** UTC days, oldest first (YYYY-MM-DD). */
  days: string[];
  /** Per indicator, alerts first raised on each day (same order as days). */
  series: { indicatorId: string; title: string; counts: number[] }[];
}

/** Alerts raised per indicator per UTC day: the trend an analyst watches. */
export async function alertTimeline(store: AlertStore, days: number, now: number): Promise<Timeline> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const start = today - (days - 1) * DAY_MS;
  const dayLabels = Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
  const series = new Map<string, { indicatorId: string; title: string; counts: number[] }>();
  for (const alert of await collectAlerts(store, { since: start })) {
    const created = Date.parse(alert.createdAt);
    if (!(created >= start)) continue;
    const index = Math.floor((created - start) / DAY_MS);
    if (index >= days) continue;
    let entry = series.get(alert.indicatorId);
    if (!entry) {
      entry = { indicatorId: alert.indicatorId, title: alert.indicatorTitle, counts: new Array<number>(days).fill(0) };
      series.set(alert.indicatorId, entry);
    }
    entry.counts[index] = (entry.counts[index] ?? 0) + 1;
  }
  return { days: dayLabels, series: [...series.values()].sort((a, b) => a.indicatorId.localeCompare(b.indicatorId)) };
}
