import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import { type AlertMatcher, matchesAlert } from '../alerts/matcher.js';
import type { RecordTables } from './tables.js';

/** The alert exports' filters: the alert-matcher vocabulary and a time range on `updatedAt` (ISO time or epoch ms), as `AlertStore.list` reads them. */
export interface AlertExportQuery extends AlertMatcher {
  since?: string | number | undefined;
  until?: string | number | undefined;
}

const isoOf = (t: string | number) => new Date(typeof t === 'number' ? t : Date.parse(t)).toISOString();

/**
 * The record's alerts matching the query, newest first (by `updatedAt`, then
 * id), a batch at a time: keyset paging, so a year of alerts never sits in
 * memory. Indicator, country, severity, story and the time range narrow the
 * query in SQL; every row is then checked by the matcher itself, so the
 * record and Redis answer a filter alike.
 */
export async function* alertsNewestFirst(db: Kysely<RecordTables>, q: AlertExportQuery, batch = 500): AsyncGenerator<Alert[]> {
  let after: { at: string; id: string } | undefined;
  for (;;) {
    let select = db.selectFrom('alerts').select(['id', 'updated_at', 'data']);
    if (q.indicator) select = select.where('indicator_id', 'in', q.indicator);
    if (q.country) select = select.where(sql<SqlBool>`countries && ${q.country}::text[]`);
    if (q.severity) select = select.where('severity', '=', q.severity);
    if (q.story) select = select.where((w) => w.or([w('story_id', '=', q.story as string), w('id', '=', q.story as string)]));
    if (q.since !== undefined) select = select.where(sql<SqlBool>`updated_at >= ${isoOf(q.since)}::timestamptz`);
    if (q.until !== undefined) select = select.where(sql<SqlBool>`updated_at <= ${isoOf(q.until)}::timestamptz`);
    if (after) select = select.where(sql<SqlBool>`(updated_at, id) < (${after.at}::timestamptz, ${after.id})`);
    const rows = await select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(batch).execute();
    if (rows.length === 0) return;
    const alerts = rows.map((r) => r.data as Alert).filter((a) => matchesAlert(q, a));
    if (alerts.length > 0) yield alerts;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batch) return;
    after = { at: new Date(last.updated_at).toISOString(), id: last.id };
  }
}
