/**
 * `npm run bench inhibit`: the cost, per notification, of finding an alert's
 * inhibitor with 10 and with 10,000 active alerts in Redis (issue 17's target:
 * the same cost at both sizes). Beside it, in the same run, the lookup it
 * replaced: read the newest 1,000 alerts of the window and scan them (which
 * also misses inhibitors past the first 1,000).
 * Needs the Redis at REDIS_URL (default 127.0.0.1:6379); uses a throw-away prefix.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Alert } from '../src/alerts/alert.js';
import { AlertStore } from '../src/alerts/store.js';
import { ManualClock } from '../src/core/clock.js';
import { DeliveryConfigSchema } from '../src/delivery/config.js';
import { findInhibitor, lookupInhibitor } from '../src/delivery/inhibit.js';
import { deletePrefixKeys } from '../src/queue/redis.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIZES = [10, 10_000];
const LOOKUPS = 300;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const clock = new ManualClock(T0 + 3_600_000);
const rules = DeliveryConfigSchema.parse({
  inhibit_rules: [{ source: { indicator: 'kayes-convoy-interdiction', severity_at_least: 'critical' }, target: { indicator: 'drone-satcom-seizure' }, equal: ['story'] }],
}).inhibit_rules;

function alert(n: number, storyId: string, indicatorId: string, severity: Alert['severity']): Alert {
  const at = new Date(T0 + n).toISOString();
  return {
    id: `al_${String(n).padStart(24, '0')}`,
    indicatorId,
    indicatorTitle: indicatorId,
    description: '',
    severity,
    tags: [],
    version: 1,
    story: { id: storyId, title: `story ${storyId}`, firstReport: at, latestReport: at, outlets: 1, sources: [] },
    places: [],
    countries: ['ML'],
    actors: [],
    people: [],
    casualties: [],
    evidence: [],
    history: [],
    createdAt: at,
    updatedAt: at,
    silenced: false,
    receivers: [],
  };
}

async function timePerLookup(lookup: () => Promise<unknown>): Promise<number> {
  // Enough warm-up that the first size measured does not also pay for JIT compilation.
  for (let i = 0; i < 300; i++) await lookup();
  const started = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) await lookup();
  return Number(process.hrtime.bigint() - started) / 1e3 / LOOKUPS;
}

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const results: Array<{ active_alerts: number; by_key_us: number; scan_us: number; scan_found: boolean }> = [];
for (const size of SIZES) {
  const prefix = `swbench-inhibit-${randomBytes(4).toString('hex')}`;
  const store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
  // One critical convoy alert is the source; `size` other alerts, newer than it, are active around it.
  await store.save(alert(0, 'st_target', 'kayes-convoy-interdiction', 'critical'));
  const pipeline = [];
  for (let n = 1; n < size; n++) pipeline.push(store.save(alert(n, `st_${n}`, n % 2 ? 'w-arly-pendjari-attack' : 'kayes-convoy-interdiction', 'high')));
  await Promise.all(pipeline);
  const target = alert(size + 1, 'st_target', 'drone-satcom-seizure', 'medium');
  const byKey = await timePerLookup(() => lookupInhibitor(store, rules, target, clock.now()));
  const scan = async () => findInhibitor(rules, target, (await store.list({ since: clock.now() - 72 * 3_600_000, limit: 1000 })).alerts, clock.now());
  const scanFound = (await scan()) !== undefined;
  results.push({ active_alerts: size, by_key_us: Math.round(byKey), scan_us: Math.round(await timePerLookup(scan)), scan_found: scanFound });
  await deletePrefixKeys(REDIS_URL, prefix);
}
redis.disconnect();

process.stdout.write(`${JSON.stringify({ bench: 'inhibit', lookups: LOOKUPS, results })}\n\n`);
process.stdout.write('| active alerts | lookup by key, µs/notification | newest-1,000 scan (before issue 17), µs/notification | scan finds the inhibitor |\n| --- | --- | --- | --- |\n');
for (const r of results) process.stdout.write(`| ${r.active_alerts.toLocaleString('en')} | ${r.by_key_us} | ${r.scan_us} | ${r.scan_found ? 'yes' : 'no'} |\n`);
