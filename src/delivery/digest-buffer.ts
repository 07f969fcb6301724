import type { Redis } from 'ioredis';
import { type Alert, AlertSchema } from '../alerts/alert.js';
import type { Clock } from '../core/clock.js';

export interface BufferedDigest {
  alerts: Alert[];
  /** Field → stored JSON, so `clear` removes only what was sent. */
  raw: Map<string, string>;
}

/**
 * Alerts waiting for a receiver's next digest: one hash per receiver, one
 * field per alert holding its newest version. Cleared only after the SMTP
 * server accepted the digest, and only the entries that were in it.
 */
export class DigestBuffer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly clock: Clock,
  ) {}

  private key(receiver: string): string {
    return `${this.prefix}:digest-buffer:${receiver}`;
  }

  /** Keeps the newest version: a late retry of v1 never overwrites v2. */
  async add(receiver: string, alert: Alert): Promise<void> {
    await this.redis.eval(ADD_LUA, 1, this.key(receiver), alert.id, JSON.stringify(alert), alert.version);
  }

  async take(receiver: string): Promise<BufferedDigest> {
    const all = await this.redis.hgetall(this.key(receiver));
    const raw = new Map(Object.entries(all));
    const alerts = [...raw.values()].map((r) => AlertSchema.parse(JSON.parse(r)));
    return { alerts, raw };
  }

  /** Removes the sent entries unless they were updated meanwhile (those go in the next digest). */
  async clear(receiver: string, sent: Map<string, string>): Promise<void> {
    for (const [field, value] of sent) await this.redis.eval(CLEAR_LUA, 1, this.key(receiver), field, value);
  }
}

const ADD_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and tonumber(decoded['version']) > tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

const CLEAR_LUA = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;
