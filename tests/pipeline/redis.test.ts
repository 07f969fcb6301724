import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { ensureRedis, RedisUnavailableError } from '../../src/queue/redis.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sw-redis-'));
let started: Redis | undefined;

afterAll(async () => {
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
    await ensureRedis(url, silentLogger, dataDir);
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
});
