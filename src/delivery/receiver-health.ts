import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Receivers share one `deliver` queue, so one that hangs or is down must not
 * hold the queue's worker slots. Two guards, both in Redis so every process
 * sees the same state:
 *
 * - an in-flight limit per receiver (`max_in_flight`): a delivery whose
 *   receiver already has that many sends open waits in the delayed set,
 *   without spending an attempt, and frees its worker slot for another receiver;
 * - a circuit breaker per receiver: after `failures` consecutive retryable
 *   failures the receiver is parked (`open`): its deliveries fail at once,
 *   without touching the network, and spend an attempt as before (so the
 *   dead-letter list still fills when a receiver stays down). After
 *   `backoff_ms` one delivery is let through as a probe (`half-open`); success
 *   closes the circuit, failure parks it again for twice as long, up to
 *   `max_backoff_ms`.
 */
export const CircuitBreakerConfigSchema = z.strictObject({
  /** Consecutive retryable failures (network, timeout, 5xx, 408/425/429) that park a receiver. */
  failures: z.number().int().min(1).max(1000).default(5),
  /** How long a parked receiver waits before its first probe. */
  backoff_ms: z.number().int().positive().default(30_000),
  /** Later probes back off by doubling, up to this. */
  max_backoff_ms: z.number().int().positive().default(600_000),
});
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfigSchema>;

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface ReceiverHealth {
  receiver: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** Sends open right now (across every process). */
  inFlight: number;
  /** Smoothed send time, ms (0 before the first send). */
  latencyMs: number;
  lastError?: string;
  lastFailureAt?: string;
  openedAt?: string;
  /** When a parked receiver is next probed. */
  nextProbeAt?: string;
  /** How many times the circuit has opened. */
  opens: number;
}

/** `closed`: send. `probe`: send, this is the one trial of a parked receiver. `open`: do not send. */
export type Gate = { kind: 'closed' } | { kind: 'probe' } | { kind: 'open'; retryInMs: number };

// KEYS[1] breaker hash. ARGV: now, probe lease ms.
const GATE = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state or state == 'closed' then return {'closed', 0} end
local now = tonumber(ARGV[1])
if state == 'open' then
  local probeAt = tonumber(redis.call('HGET', KEYS[1], 'probe_at') or '0')
  if now < probeAt then return {'open', probeAt - now} end
else
  local untilMs = tonumber(redis.call('HGET', KEYS[1], 'probe_until') or '0')
  if now < untilMs then return {'open', untilMs - now} end
end
redis.call('HSET', KEYS[1], 'state', 'half-open', 'probe_until', now + tonumber(ARGV[2]))
return {'probe', 0}
`;

// KEYS[1] breaker hash. ARGV: now, threshold, base backoff, max backoff, error, latency ms.
const FAILURE = `
local now = tonumber(ARGV[1])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'last_error', ARGV[5], 'last_failure_at', now)
local lat = tonumber(redis.call('HGET', KEYS[1], 'latency_ms') or ARGV[6])
redis.call('HSET', KEYS[1], 'latency_ms', math.floor(lat * 0.7 + tonumber(ARGV[6]) * 0.3))
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local backoff
if state == 'half-open' then
  backoff = math.min(tonumber(ARGV[4]), tonumber(redis.call('HGET', KEYS[1], 'backoff_ms') or ARGV[3]) * 2)
elseif state == 'closed' and failures >= tonumber(ARGV[2]) then
  backoff = tonumber(ARGV[3])
else
  return state
end
redis.call('HSET', KEYS[1], 'state', 'open', 'backoff_ms', backoff, 'probe_at', now + backoff, 'opened_at', now)
redis.call('HDEL', KEYS[1], 'probe_until')
redis.call('HINCRBY', KEYS[1], 'opens', 1)
return 'opened'
`;

// KEYS[1] breaker hash. ARGV: latency ms. Returns the state before.
const SUCCESS = `
local before = redis.call('HGET', KEYS[1], 'state') or 'closed'
local lat = tonumber(redis.call('HGET', KEYS[1], 'latency_ms') or ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'latency_ms', math.floor(lat * 0.7 + tonumber(ARGV[1]) * 0.3))
redis.call('HDEL', KEYS[1], 'probe_until', 'probe_at', 'backoff_ms')
return before
`;

// KEYS[1] in-flight sorted set (member → lease expiry). ARGV: now, limit, lease expiry, member.
// Returns -1 when a slot was taken, else ms until the oldest lease runs out.
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - now + 1000)
  return -1
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(first[2]) - now
`;

/** A held in-flight slot; `release` is idempotent. */
export interface Slot {
  release(): Promise<void>;
}

export class ReceiverHealthStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly breaker: CircuitBreakerConfig = CircuitBreakerConfigSchema.parse({}),
  ) {}

  private breakerKey(receiver: string): string {
    return `${this.prefix}:receiver:${receiver}:breaker`;
  }

  private inFlightKey(receiver: string): string {
    return `${this.prefix}:receiver:${receiver}:inflight`;
  }

  /** May a delivery to this receiver be sent now? A probe lease lasts `probeLeaseMs` (the send's timeout). */
  async gate(receiver: string, now: number, probeLeaseMs: number): Promise<Gate> {
    const [kind, wait] = (await this.redis.eval(GATE, 1, this.breakerKey(receiver), now, probeLeaseMs)) as [string, number];
    if (kind === 'closed') return { kind: 'closed' };
    if (kind === 'probe') return { kind: 'probe' };
    return { kind: 'open', retryInMs: Number(wait) };
  }

  /** A parked receiver may be probed at once (an operator retried its dead letters: they think it is back). */
  async probeNow(receiver: string): Promise<void> {
    await this.redis.eval(`if redis.call('HGET', KEYS[1], 'state') == 'open' then redis.call('HSET', KEYS[1], 'probe_at', 0) end`, 1, this.breakerKey(receiver));
  }

  /** A retryable failure. Returns `opened` when this failure parked the receiver. */
  async recordFailure(receiver: string, now: number, error: string, latencyMs: number): Promise<CircuitState | 'opened'> {
    const { failures, backoff_ms, max_backoff_ms } = this.breaker;
    return (await this.redis.eval(FAILURE, 1, this.breakerKey(receiver), now, failures, backoff_ms, max_backoff_ms, error.slice(0, 300), Math.round(latencyMs))) as CircuitState | 'opened';
  }

  /** A send the receiver accepted (or refused for good: it answered). Returns the state before. */
  async recordSuccess(receiver: string, latencyMs: number): Promise<CircuitState> {
    return (await this.redis.eval(SUCCESS, 1, this.breakerKey(receiver), Math.round(latencyMs))) as CircuitState;
  }

  /**
   * Takes one of the receiver's `limit` in-flight slots for at most `leaseMs`
   * (a crashed process's slot frees itself then). Returns the slot, or how
   * long to wait before trying again.
   */
  async acquire(receiver: string, limit: number, leaseMs: number, now: number): Promise<{ slot: Slot } | { waitMs: number }> {
    const key = this.inFlightKey(receiver);
    const member = `${now}-${randomBytes(6).toString('hex')}`;
    const result = Number(await this.redis.eval(ACQUIRE, 1, key, now, limit, now + leaseMs, member));
    if (result >= 0) return { waitMs: await this.retryWait(receiver, result) };
    let released = false;
    return {
      slot: {
        release: async () => {
          if (released) return;
          released = true;
          await this.redis.zrem(key, member);
        },
      },
    };
  }

  /** A full receiver is retried after about one of its typical sends, between 50 ms and 3 s, with jitter. */
  private async retryWait(receiver: string, untilOldestLeaseEnds: number): Promise<number> {
    const latency = Number((await this.redis.hget(this.breakerKey(receiver), 'latency_ms')) ?? 0) || 100;
    const base = Math.min(Math.max(latency, 50), 3000, Math.max(untilOldestLeaseEnds, 50));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  async health(receiver: string, now: number): Promise<ReceiverHealth> {
    const [fields, inFlight] = await Promise.all([
      this.redis.hgetall(this.breakerKey(receiver)),
      this.redis.zcount(this.inFlightKey(receiver), now, '+inf'),
    ]);
    const iso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : undefined);
    const state = (fields.state as CircuitState | undefined) ?? 'closed';
    return {
      receiver,
      state,
      consecutiveFailures: Number(fields.failures ?? 0),
      inFlight,
      latencyMs: Number(fields.latency_ms ?? 0),
      opens: Number(fields.opens ?? 0),
      ...(fields.last_error ? { lastError: fields.last_error } : {}),
      ...(fields.last_failure_at ? { lastFailureAt: iso(fields.last_failure_at) } : {}),
      ...(state !== 'closed' && fields.opened_at ? { openedAt: iso(fields.opened_at) } : {}),
      ...(state === 'open' && fields.probe_at ? { nextProbeAt: iso(fields.probe_at) } : {}),
    };
  }

  async list(receivers: Iterable<string>, now: number): Promise<ReceiverHealth[]> {
    return Promise.all([...receivers].map((r) => this.health(r, now)));
  }
}
