import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { PageReaderOptionsSchema } from '../articles/page-reader.js';
import { ValidationError, loadYamlFile, locateInYaml } from '../core/validate.js';
import { DeliveryConfigSchema, mergeDeliveryEnv } from '../delivery/config.js';
import { FeedReaderOptionsSchema } from '../feeds/feed-reader.js';
import { FeedsScheduleSchema } from '../feeds/poll-schedule.js';
import { FeedConfigSchema } from '../feeds/sources/index.js';
import { HttpConfigSchema } from '../http/config.js';
import { privateUrlReason } from '../net/address-guard.js';
import { FetchPolicySchema } from '../net/safe-fetch.js';
import { DEFAULT_REDIS_URL } from '../queue/redis.js';
import { DatabaseConfigSchema } from '../record/config.js';
import { StoryOptionsSchema } from '../stories/cluster.js';
import { SourcesConfigSchema } from '../stories/independence.js';

export const DEFAULT_CONFIG_FILE = 'sahelwatch.yaml';

const WorkersSchema = z.strictObject({
  poll: z.number().int().positive().default(4),
  fetch: z.number().int().positive().default(8),
  analyze: z.number().int().positive().default(4),
  deliver: z.number().int().positive().default(4),
  digest: z.number().int().positive().default(1),
  /** A job whose worker stops renewing its lock for this long (crash, kill -9) is handed to another worker. */
  lock_duration_ms: z.number().int().min(1000).default(30_000),
});

/** The whole service configuration. Each stage owns the schema of its own section. */
export const ConfigSchema = z.strictObject({
  redis: z
    .strictObject({
      /** Overridden by REDIS_URL. */
      url: z.string().default(DEFAULT_REDIS_URL),
      /** Key prefix for queues and stores: several deployments can share one Redis. */
      prefix: z.string().regex(/^(?:[a-zA-Z0-9_-]+|\{[a-zA-Z0-9_-]+\})$/, 'letters, digits, - and _ only, optionally in {braces} for Redis Cluster').default('sw'),
    })
    .prefault({}),
  indicators: z.strictObject({ dir: z.string().default('indicators'), hot_reload: z.boolean().default(true) }).prefault({}),
  fetch: FetchPolicySchema.prefault({}),
  /** Article-page parsing: threads (shared with feed documents) and the time budget per page. */
  pages: PageReaderOptionsSchema.prefault({}),
  /** Feed-document parsing (on the page threads): the time budget per document. */
  feed_documents: FeedReaderOptionsSchema.prefault({}),
  stories: StoryOptionsSchema.prefault({}),
  /** What makes reports one source: ownership groups of outlets, and how alike a reprint is. */
  sources: SourcesConfigSchema.prefault({}),
  alerts: z
    .strictObject({
      /** An alert whose story has had no new report for this long is marked expired. */
      expire_after_days: z.number().positive().default(7),
    })
    .prefault({}),
  workers: WorkersSchema.prefault({}),
  http: HttpConfigSchema.prefault({}),
  feeds: z.array(FeedConfigSchema).default([]),
  /** How often each feed is polled: adaptive to its publishing rate, within bounds and per-host politeness. */
  feeds_schedule: FeedsScheduleSchema.prefault({}),
  delivery: DeliveryConfigSchema.prefault({}),
  /** The record (articles, stories, events, alerts, deliveries): PostgreSQL, or embedded PGlite by default. */
  database: DatabaseConfigSchema.prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;

function checkFeedIds(config: Config, file: string): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  config.feeds.forEach((feed, i) => {
    if (seen.has(feed.id)) problems.push(`${file} feeds[${i}].id: duplicate feed id "${feed.id}"`);
    seen.add(feed.id);
  });
  if (problems.length > 0) throw new ValidationError(file, problems);
}

/**
 * SAHELWATCH_HTTP_HOST / SAHELWATCH_HTTP_PORT: where the console listens, over the
 * file's http.host / http.port. A container sets 0.0.0.0, so a published port
 * reaches it whatever the mounted config says.
 */
function httpEnv(config: Config, env: NodeJS.ProcessEnv, file: string): Config['http'] {
  const host = env.SAHELWATCH_HTTP_HOST?.trim();
  const port = env.SAHELWATCH_HTTP_PORT?.trim();
  if (port && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
    throw new ValidationError(file, [`SAHELWATCH_HTTP_PORT: expected a port number 0-65535, got "${port}"`]);
  }
  return { ...config.http, ...(host ? { host } : {}), ...(port ? { port: Number(port) } : {}) };
}

/**
 * Where notifications link to: `delivery.external_url` (or SAHELWATCH_EXTERNAL_URL), else the console's
 * own address, which people on this machine reach (a wildcard bind is reached as localhost).
 */
function withConsoleAddress(delivery: Config['delivery'], http: Config['http']): Config['delivery'] {
  if (delivery.external_url) return delivery;
  const host = ['0.0.0.0', '::', ''].includes(http.host) ? 'localhost' : http.host.includes(':') ? `[${http.host}]` : http.host;
  return { ...delivery, external_url: `http://${host}:${http.port}` };
}

/** Environment overrides for deployment; secrets come only from here. */
function applyEnv(config: Config, env: NodeJS.ProcessEnv, file: string): Config {
  const http = httpEnv(config, env, file);
  return {
    ...config,
    redis: { ...config.redis, url: env.REDIS_URL || config.redis.url },
    http,
    delivery: withConsoleAddress(mergeDeliveryEnv(config.delivery, env), http),
    database: { ...config.database, url: env.DATABASE_URL?.trim() || config.database.url },
  };
}

/**
 * Loads and validates the YAML config. A missing default file means defaults;
 * a missing file named with --config is an error. Every problem names the file,
 * line, column and key path.
 */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const path = file ?? DEFAULT_CONFIG_FILE;
  const fromFile = Boolean(file) || existsSync(path);
  const config = fromFile ? resolvePaths(loadYamlFile(ConfigSchema, path), dirname(resolve(path))) : ConfigSchema.parse({});
  checkFeedIds(config, path);
  return applyEnv(config, env, path);
}

/**
 * Relative paths in a config file (indicators, outbox, the embedded record) mean relative to that file, wherever the command
 * is run from (`sahelwatch --config /etc/sahelwatch/sahelwatch.yaml check` from $HOME
 * finds /etc/sahelwatch/indicators). Without a file, the defaults are relative to the
 * working directory. Paths from the environment (SMTP_URL=file:DIR) stay as given.
 */
function resolvePaths(config: Config, base: string): Config {
  const against = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const smtpUrl = config.delivery.smtp.url;
  const smtp = smtpUrl?.startsWith('file:') ? { ...config.delivery.smtp, url: `file:${against(smtpUrl.slice('file:'.length) || 'outbox')}` } : config.delivery.smtp;
  return {
    ...config,
    indicators: { ...config.indicators, dir: against(config.indicators.dir) },
    delivery: { ...config.delivery, smtp },
    database: { ...config.database, path: against(config.database.path) },
  };
}

/** The allow-list advice for a refused feed URL: its exact origin. */
export function allowPrivateHint(url: string): string {
  return `the service refuses it at fetch time; add "${new URL(url).origin}" to fetch.allow_private if it is meant to be reached`;
}

/**
 * Feeds whose URL points at loopback, link-local or private addresses that
 * fetch.allow_private does not open: one `file:line:col feeds[i].url: …` line each.
 */
export function privateFeedProblems(config: Config, file: string): string[] {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const problems: string[] = [];
  config.feeds.forEach((feed, i) => {
    const reason = privateUrlReason(feed.url, config.fetch.allow_private);
    if (reason) problems.push(locateInYaml(text, file, ['feeds', i, 'url'], `${feed.url} is a ${reason}: ${allowPrivateHint(feed.url)}`));
  });
  return problems;
}
