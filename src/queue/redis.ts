import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../core/log.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * A connection for BullMQ and our own keys. BullMQ workers need
 * `maxRetriesPerRequest: null`; the retry strategy backs off to 5 s so a lost
 * Redis is retried quietly instead of crash-looping.
 */
export function connectRedis(url: string, log?: Logger): Redis {
  let warned = false;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(200 * 2 ** Math.min(attempt, 5), 5000),
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => {
    if (!warned) log?.warn({ err: err.message }, 'Redis connection error; retrying with backoff.');
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) log?.info('Redis connection restored.');
    warned = false;
  });
  return redis;
}

async function ping(url: string, timeoutMs: number): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function isLocal(url: string): { port: number } | undefined {
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return undefined;
  return { port: Number(parsed.port || 6379) };
}

/** The URL with any password masked, for messages. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Why no private redis-server may stand in for `url`, or undefined when one may:
 * only the default local URL without credentials gets one. A URL with a
 * password names a Redis someone secured; a password-less replacement on its
 * port would take its clients' writes. A URL someone configured names a Redis
 * they run, and it should be started, not replaced.
 */
export function privateRedisRefusal(url: string, defaultUrl = DEFAULT_REDIS_URL): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Redis URL ${shownUrl(url)} (REDIS_URL or redis.url in the config) is not a URL.`;
  }
  const base = `No Redis answers at ${shownUrl(url)} (REDIS_URL or redis.url in the config)`;
  if (parsed.username || parsed.password) return `${base}, and it carries credentials, so no password-less private redis-server is started in its place: start that Redis, or unset REDIS_URL and redis.url to use a private one on ${defaultUrl}.`;
  const normal = (u: URL) => `${u.protocol}//${u.hostname === 'localhost' ? '127.0.0.1' : u.hostname}:${u.port || '6379'}${u.pathname === '/0' ? '' : u.pathname.replace(/^\/$/, '')}`;
  if (normal(parsed) !== normal(new URL(defaultUrl))) return `${base}, and a private redis-server is started only for the default ${defaultUrl}: start the Redis this URL names, or unset REDIS_URL and redis.url.`;
  return undefined;
}

function redisServerOnPath(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export class RedisUnavailableError extends Error {}

/** The redis-server this process started, if it did: it outlives the command, and the CLI says so on exit. */
export let startedRedis: { pid: number; url: string; dir: string } | undefined;

/** The one message every command gives when Redis does not answer. */
export function noRedisMessage(url: string): string {
  return `No Redis answers at ${shownUrl(url)}. Start one with \`docker compose up -d redis\`, or install the OS package (e.g. \`apt-get install redis-server\`), or set REDIS_URL.`;
}

/**
 * For one-shot commands (silence, deadletters): fail within seconds when nothing
 * answers, instead of waiting on a connection that retries forever.
 */
export async function requireRedis(url: string, timeoutMs = 2000): Promise<void> {
  if (!(await ping(url, timeoutMs))) throw new RedisUnavailableError(noRedisMessage(url));
}

/**
 * Makes sure a Redis answers at `url`. If nothing answers, the URL is local and
 * `redis-server` is installed, starts a private one with append-only persistence
 * under ./data/redis and says so; otherwise fails with one message saying how to get one.
 * Only the default URL without credentials gets a private one (`privateRedisRefusal`).
 */
export async function ensureRedis(url: string, log: Logger, dataDir = 'data/redis', defaultUrl = DEFAULT_REDIS_URL): Promise<void> {
  if (await ping(url, 1500)) return;
  const local = isLocal(url);
  const refusal = local ? privateRedisRefusal(url, defaultUrl) : undefined;
  if (refusal) throw new RedisUnavailableError(refusal);
  if (!local || !redisServerOnPath()) {
    throw new RedisUnavailableError(noRedisMessage(url));
  }
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(local.port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', ''],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  if (child.pid) startedRedis = { pid: child.pid, url, dir };
  log.info({ url, dir, redisPid: child.pid }, 'No Redis was running: started a private redis-server (append-only, data in ./data/redis).');
  for (let i = 0; i < 50; i++) {
    if (await ping(url, 500)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new RedisUnavailableError(`Started redis-server for ${url} but it did not answer within 5 s; see ${dir}.`);
}

/** BullMQ loses jobs under any eviction policy other than noeviction: warn loudly. */
export async function checkRedisPolicy(redis: Redis, log: Logger): Promise<void> {
  try {
    const result = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    const policy = result[1];
    if (policy && policy !== 'noeviction') {
      log.warn({ policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be evicted. Set maxmemory-policy noeviction.');
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  }
}

/** Deletes every key under `<prefix>:` (the demo cleans up after itself with this). */
export async function deletePrefixKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
