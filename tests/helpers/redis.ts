import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deletePrefixKeys } from '../../src/queue/redis.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test file, so files never see each other's keys. */
export function uniquePrefix(area: string): string {
  return `swtest-${area}-${randomBytes(4).toString('hex')}`;
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
}

/** Deletes every key under a prefix (BullMQ's and ours). */
export function deletePrefix(prefix: string): Promise<void> {
  return deletePrefixKeys(TEST_REDIS_URL, prefix);
}
