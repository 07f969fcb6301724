import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { ensureRedis, privateRedisRefusal, RedisUnavailableError } from '../../src/queue/redis.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sw-redis-'));
let started: Redis | undefined;
/** Ports where a refused case must not have started anything; shut down whatever answers there. */
const mustStayClosed: number[] = [];

async function answers(port: number): Promise<boolean> {
  const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

afterAll(async () => {
  for (const port of mustStayClosed) {
    if (!(await answers(port))) continue;
    const stray = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => null });
    stray.on('error', () => {});
    await stray.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    stray.disconnect();
  }
  if (started) {
    const stopper = started.duplicate({ retryStrategy: () => null });
    stopper.on('error', () => {});
    started.disconnect();
    await stopper.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    stopper.disconnect();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('getting a Redis', () => {
  it('starts a private append-only redis-server when none answers on a local URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    // This free port stands in for the default URL (a private server is started only for the default).
    await ensureRedis(url, silentLogger, dataDir, url);
    started = new Redis(url, { retryStrategy: () => null });
    expect(await started.ping()).toBe('PONG');
    expect(await started.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await started.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
  });

  it('leaves a running Redis alone', async () => {
    await expect(ensureRedis('redis://127.0.0.1:6379', silentLogger, dataDir)).resolves.toBeUndefined();
  });

  it('says how to get one when the URL is not local', async () => {
    const attempt = ensureRedis('redis://redis.invalid:6379', silentLogger, dataDir);
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/No Redis answers at redis:\/\/redis\.invalid:6379\. Start one with `docker compose up -d redis`/);
  });

  it('refuses, in one line naming REDIS_URL and redis.url, to stand in for a Redis whose URL has credentials', async () => {
    const port = await freePort();
    mustStayClosed.push(port);
    const attempt = ensureRedis(`redis://:s3cret-pw@127.0.0.1:${port}`, silentLogger, dataDir, `redis://127.0.0.1:${port}`);
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    const message = await attempt.catch((err: Error) => err.message);
    expect(message).toMatch(/REDIS_URL or redis\.url/);
    expect(message).toMatch(/carries credentials, so no password-less private redis-server is started/);
    expect(message).not.toContain('s3cret-pw');
    expect(message).not.toContain('\n');
    expect(await answers(port)).toBe(false);
  });

  it('refuses to stand in for a configured URL that is not the default', async () => {
    const port = await freePort();
    mustStayClosed.push(port);
    const attempt = ensureRedis(`redis://127.0.0.1:${port}`, silentLogger, dataDir);
    await expect(attempt).rejects.toThrow(/started only for the default redis:\/\/127\.0\.0\.1:6379: start the Redis this URL names, or unset REDIS_URL and redis\.url/);
    expect(await answers(port)).toBe(false);
  });

  it('treats localhost, a trailing slash and database 0 as the default', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis://localhost:6379/', 'redis://127.0.0.1:6379/0', 'redis://127.0.0.1']) expect(privateRedisRefusal(url)).toBeUndefined();
    for (const url of ['redis://127.0.0.1:6380', 'redis://127.0.0.1:6379/2', 'redis://user:pw@127.0.0.1:6379', 'rediss://127.0.0.1:6379']) expect(privateRedisRefusal(url)).toBeDefined();
  });
});
