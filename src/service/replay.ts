import type { Alert } from '../alerts/alert.js';
import type { AlertChange } from '../alerts/raise.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/log.js';
import { attributionLabel } from '../extraction/attribution.js';
import { queuesIdle } from '../queue/queues.js';
import { deletePrefixKeys } from '../queue/redis.js';
import { RecordLockedError } from '../record/lock.js';
import { enqueueNewItems } from '../pipeline/ingest.js';
import { readFeedSource } from '../pipeline/read-source.js';
import { type Service, startService } from './service.js';

export interface ReplayResult {
  items: number;
  newItems: number;
  /** Latest version of every alert raised or updated during the replay. */
  alerts: Alert[];
}

/** A one-line summary of an alert for `replay --json`: one object per line, nothing else on stdout. */
export function alertSummary(alert: Alert) {
  return {
    id: alert.id,
    indicator: alert.indicatorId,
    severity: alert.severity,
    title: alert.story.title,
    version: alert.version,
    outlets: alert.story.outlets,
    sources: alert.story.sources.map((s) => s.url),
    places: alert.places.map((p) => ({ name: p.name, country: p.country, lat: p.lat, lon: p.lon })),
    actors: alert.actors.map((a) => a.name),
    /** The JNIM component: "likely Ansarul Islam", or the one a report names; null when none. */
    component: alert.attribution ? attributionLabel(alert.attribution) : null,
    best_grade: alert.story.bestGrade ?? null,
    people: alert.people.map((p) => p.name),
    evidence: alert.evidence.flatMap((e) => e.evidence.map((ev) => ev.sentence)).slice(0, 5),
  };
}

/** How long a replay waits for its items and deliveries (a receiver may keep answering 429). */
export const REPLAY_TIMEOUT_MS = 10 * 60_000;

async function waitUntilSettled(check: () => Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<void> {
  // Three idle readings in a row: a job moving between queues is never caught "in flight".
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (idle < 3) {
    if (Date.now() > deadline) {
      throw new Error(`replay: work still pending after ${Math.round(timeoutMs / 1000)} s; it stays queued for a running service (see \`deadletters list\`)`);
    }
    idle = (await check()) ? idle + 1 : 0;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Collects the latest version of every alert raised while `run` runs. */
export async function collectAlerts(service: Service, run: () => Promise<void>): Promise<Alert[]> {
  const raised = new Map<string, Alert>();
  // A below-threshold change is a would-be alert that was not stored: not raised.
  const onAlert = (change: AlertChange) => {
    if (change.reason !== 'below-threshold') raised.set(change.alert.id, change.alert);
  };
  service.ctx.events.on('alert', onAlert);
  try {
    await run();
  } finally {
    service.ctx.events.off('alert', onAlert);
  }
  return [...raised.values()];
}

/** Queues one feed's new items (file or URL) and waits until they and their deliveries have settled. */
export async function pushSource(service: Service, config: Config, source: string, log: Logger, timeoutMs = REPLAY_TIMEOUT_MS): Promise<{ items: number; newItems: number }> {
  const { ctx } = service;
  const items = await readFeedSource(source, { policy: config.fetch, status: ctx.feedStatus, clock: ctx.clock, log, feedDocuments: ctx.feedDocuments });
  const fresh = await enqueueNewItems(ctx, items);
  log.info({ source, items: items.length, new: fresh.length }, 'Replay: items queued.');
  await waitUntilSettled(() => queuesIdle([ctx.queues.fetch, ctx.queues.analyze, ctx.queues.deliver]), timeoutMs);
  return { items: items.length, newItems: fresh.length };
}

/**
 * A replay waits for deliveries to settle, so it retries a failing receiver a
 * few times within seconds (not the service's ~40 minutes) before dead-lettering.
 */
export function withReplayRetries(config: Config): Config {
  const delivery = { ...config.delivery, attempts: Math.min(config.delivery.attempts, 4), backoff_ms: Math.min(config.delivery.backoff_ms, 1000) };
  return { ...config, delivery };
}

/** The stages a replay runs in this process: everything after polling. */
export const REPLAY_ROLES = ['fetch', 'analyze', 'deliver'] as const;

/**
 * Pushes one feed's items (file or URL) through fetch → analyze → deliver once,
 * in this process, and returns when every item and delivery has settled
 * (delivered, or dead-lettered after its retries).
 */
export async function replayFeed(baseConfig: Config, source: string, log: Logger, timeoutMs = REPLAY_TIMEOUT_MS): Promise<ReplayResult> {
  const config = withReplayRetries(baseConfig);
  // Its own queues (the stores stay shared): a running service's workers never take its
  // jobs, so every alert its items raise is raised here, and it waits for its own work only.
  const queuePrefix = replayQueuePrefix(config.redis.prefix);
  const service = await startReplayService(config, log, queuePrefix);
  try {
    let counts = { items: 0, newItems: 0 };
    const alerts = await collectAlerts(service, async () => {
      counts = await pushSource(service, config, source, log, timeoutMs);
    });
    return { ...counts, alerts };
  } finally {
    await service.close();
    await deletePrefixKeys(config.redis.url, queuePrefix);
  }
}

/**
 * A replay beside a running service on an embedded (PGlite) record cannot open
 * it: it runs without the record and says so, rather than not at all.
 */
async function startReplayService(config: Config, log: Logger, queuePrefix: string): Promise<Service> {
  const options = { roles: REPLAY_ROLES, log, autoStartRedis: true, watchIndicators: false, queuePrefix };
  try {
    return await startService(config, options);
  } catch (err) {
    if (!(err instanceof RecordLockedError)) throw err;
    log.warn(`Replay runs without the record: ${err.message}.`);
    return startService({ ...config, database: { ...config.database, enabled: false } }, options);
  }
}

/** A run namespace beside the stores' prefix, in the same Redis Cluster slot when that is a {hash tag}. */
function replayQueuePrefix(prefix: string): string {
  return `${prefix}-replay-run-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
