import type { Redis } from 'ioredis';
import type { Clock } from '../core/clock.js';
import { type Alert, type AlertHistoryEntrySchema, AlertSchema, expiredSinceUpdate, isResolved } from './alert.js';
import { type AlertMatcher, matchesAlert } from './matcher.js';
import type { z } from 'zod';

export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntrySchema>;

export interface AlertStoreOptions {
  /** Alerts not updated for this many days disappear from Redis and from the indexes. */
  retention_days: number;
}

/** Which alerts (the alert-matcher vocabulary), in what time range, which page. */
export interface AlertQuery extends AlertMatcher {
  /** ISO time or epoch ms, on `updatedAt`. */
  since?: string | number;
  until?: string | number;
  limit?: number;
  /** Opaque; returned as `nextCursor` by the previous page. */
  cursor?: string;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
}

/** Histories are capped so a long-running story cannot grow one key without bound. */
const MAX_HISTORY = 200;
const DAY_MS = 86_400_000;

function toMs(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : fallback;
}

/** The labels alerts are indexed by, besides time: what inhibit rules' `equal` compares. */
export type AlertLabel = 'story' | 'indicator' | 'country';

/**
 * Alerts in Redis: one JSON string per alert (expiring after the retention),
 * a time index, and one index per indicator, per story and per country
 * (sorted sets scored by updatedAt), so that finding the alerts that share a
 * label with another is a lookup by key, not a scan of every alert.
 */
export class AlertStore {
  readonly retentionMs: number;
  /**
   * Told of every alert state written (the record keeps versions and history
   * beyond Redis's retention). A throw fails the caller's job, which retries.
   */
  onSaved?: (alert: Alert) => Promise<void>;

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    options: AlertStoreOptions,
    readonly clock: Clock,
  ) {
    this.retentionMs = options.retention_days * DAY_MS;
  }

  alertKey(id: string): string {
    return `${this.prefix}:alert:${id}`;
  }
  private timeIndex(): string {
    return `${this.prefix}:alerts:by-time`;
  }
  private indicatorIndex(indicatorId: string): string {
    return `${this.prefix}:alerts:by-indicator:${indicatorId}`;
  }
  private storyIndex(storyId: string): string {
    return `${this.prefix}:alerts:by-story:${storyId}`;
  }
  private countryIndex(country: string): string {
    return `${this.prefix}:alerts:by-country:${country}`;
  }

  /** Index keys an alert shares with others on one label. */
  private labelIndexes(label: AlertLabel, alert: Pick<Alert, 'story' | 'indicatorId' | 'countries'>): string[] {
    if (label === 'story') return [this.storyIndex(alert.story.id)];
    if (label === 'indicator') return [this.indicatorIndex(alert.indicatorId)];
    return alert.countries.map((c) => this.countryIndex(c));
  }

  /**
   * Alerts updated since `since` that share `label` with `alert` (itself
   * included): read from that label's index, so the cost follows how many
   * alerts share it, not how many are active.
   */
  async sharing(label: AlertLabel, alert: Pick<Alert, 'story' | 'indicatorId' | 'countries'>, since: number): Promise<Alert[]> {
    const indexes = this.labelIndexes(label, alert);
    const idLists = await Promise.all(indexes.map((index) => this.redis.zrangebyscore(index, since, '+inf')));
    const ids = [...new Set(idLists.flat())];
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.alertKey(id)));
    return raws.flatMap((raw) => (raw ? [AlertSchema.parse(JSON.parse(raw))] : []));
  }

  /**
   * Writes the alert and its index entries in one Lua script, optionally only
   * if the stored JSON still equals `expected` (compare-and-set). Lua rather
   * than WATCH/MULTI because WATCH is per connection and workers share one.
   * Returns false when another writer got there first.
   */
  async write(alert: Alert, expected: { raw: string | null } | 'any', applied?: { key: string; field: string; value: string }): Promise<boolean> {
    const score = Date.parse(alert.updatedAt) || this.clock.now();
    const ttlMs = Math.max(1000, Math.round(score + this.retentionMs - this.clock.now()));
    const cutoff = this.clock.now() - this.retentionMs;
    const stored = JSON.stringify({ ...alert, history: alert.history.slice(-MAX_HISTORY) });
    const mode = expected === 'any' ? 'any' : expected.raw === null ? 'absent' : 'equal';
    const labelIndexes = [this.storyIndex(alert.story.id), ...alert.countries.map((c) => this.countryIndex(c))];
    const keys = [this.alertKey(alert.id), this.timeIndex(), this.indicatorIndex(alert.indicatorId), applied?.key ?? this.alertKey(alert.id), ...labelIndexes];
    const args = [mode, expected === 'any' ? '' : (expected.raw ?? ''), stored, ttlMs, score, alert.id, cutoff, applied?.field ?? '', applied?.value ?? '', this.retentionMs];
    const ok = await this.redis.eval(WRITE_ALERT_LUA, keys.length, ...keys, ...args);
    if (ok === 1) await this.onSaved?.(alert);
    return ok === 1;
  }

  /** Hands an alert already in Redis to the record again: a re-run job whose first run stopped before the record had it. */
  async resave(alert: Alert): Promise<void> {
    await this.onSaved?.(alert);
  }

  async save(alert: Alert): Promise<void> {
    await this.write(AlertSchema.parse(alert), 'any');
  }

  async getRaw(id: string): Promise<string | null> {
    return this.redis.get(this.alertKey(id));
  }

  async get(id: string): Promise<Alert | undefined> {
    const raw = await this.getRaw(id);
    return raw ? AlertSchema.parse(JSON.parse(raw)) : undefined;
  }

  /** Newest first. Matchers other than time and a single indicator are applied while paging the index. */
  async list(query: AlertQuery = {}): Promise<AlertPage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
    const index = query.indicator?.length === 1 ? this.indicatorIndex(query.indicator[0] as string) : this.timeIndex();
    const max = toMs(query.until, Number.POSITIVE_INFINITY);
    const min = Math.max(toMs(query.since, 0), this.clock.now() - this.retentionMs);
    let offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
    const alerts: Alert[] = [];
    const batch = Math.max(limit, 100);
    while (alerts.length < limit) {
      const ids = await this.redis.zrevrangebyscore(index, max === Number.POSITIVE_INFINITY ? '+inf' : max, min, 'LIMIT', offset, batch);
      if (ids.length === 0) return { alerts };
      for (const [i, id] of ids.entries()) {
        const alert = await this.get(id);
        if (alert && matchesAlert(query, alert)) alerts.push(alert);
        if (alerts.length === limit) return { alerts, nextCursor: String(offset + i + 1) };
      }
      offset += ids.length;
    }
    return { alerts };
  }

  /** Read-modify-write with compare-and-set: a concurrent writer makes us re-read, so nothing is lost. */
  async update(id: string, change: (alert: Alert) => Alert | undefined): Promise<Alert | undefined> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const raw = await this.getRaw(id);
      if (!raw) return undefined;
      const current = AlertSchema.parse(JSON.parse(raw));
      const next = change(structuredClone(current));
      if (!next) return current;
      if (await this.write(next, { raw })) return next;
    }
    throw new Error(`alert ${id}: too many concurrent updates`);
  }

  async acknowledge(id: string, by: string): Promise<Alert | undefined> {
    const at = new Date(this.clock.now()).toISOString();
    return this.update(id, (alert) => {
      alert.acknowledged = { by, at };
      alert.history.push({ at, kind: 'acknowledged', version: alert.version, note: `acknowledged by ${by}` });
      return alert;
    });
  }

  /**
   * `once`: skip the entry when the alert's history already has one of the same
   * kind for the same version. A version is silenced or inhibited once however
   * many receivers, checks or re-run jobs find it so.
   */
  /** Marks an alert resolved (history `resolved`, or `expired` for a quiet story); false when it already was. */
  async resolve(id: string, by: string, reason: 'expired' | 'analyst', note: string): Promise<Alert | undefined> {
    const at = new Date(this.clock.now()).toISOString();
    let changed = false;
    const alert = await this.update(id, (current) => {
      // Set on every attempt: an attempt that lost the compare-and-set to another resolver must not count.
      changed = !isResolved(current) && !expiredSinceUpdate(current);
      if (!changed) return undefined;
      current.resolved = { at, by, reason };
      current.history.push({ at, kind: reason === 'expired' ? 'expired' : 'resolved', version: current.version, note });
      return current;
    });
    return changed ? alert : undefined;
  }

  async appendHistory(id: string, entry: Omit<AlertHistoryEntry, 'at'> & { at?: string }, options: { once?: boolean } = {}): Promise<Alert | undefined> {
    const at = entry.at ?? new Date(this.clock.now()).toISOString();
    return this.update(id, (alert) => {
      if (options.once && alert.history.some((h) => h.kind === entry.kind && h.version === entry.version)) return undefined;
      alert.history.push({ ...entry, at });
      if (entry.kind === 'silenced') alert.silenced = true;
      return alert;
    });
  }
}

/** KEYS: alert, by-time, by-indicator, applied-marker hash, then by-story and by-country (which expire with the retention). ARGV: see AlertStore.write. */
const WRITE_ALERT_LUA = `
local mode, expected = ARGV[1], ARGV[2]
local current = redis.call('GET', KEYS[1])
if mode == 'absent' and current then return 0 end
if mode == 'equal' and current ~= expected then return 0 end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[7])
for i = 5, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[5], ARGV[6])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[7])
  redis.call('PEXPIRE', KEYS[i], ARGV[10])
end
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[8], ARGV[9])
  redis.call('PEXPIRE', KEYS[4], ARGV[10])
end
return 1
`;
