import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type Alert, AlertSchema } from '../alerts/alert.js';
import { deliveryJobOptions, deliveryKey } from './enqueue.js';
import { GroupLabelSchema, groupId, groupLabels, type Grouping } from './grouping.js';
import type { RoutedReceiver } from './route.js';

/**
 * A group's state lives in Redis, never in a process: any process may add to
 * a group or send it, and a crash or a Redis restart (append-only) loses
 * nothing. Per group (`<prefix>:group:<id>:…`):
 *
 *   pending      hash alert id → the newest version not yet in a message
 *   state        hash: epoch (messages taken so far), lastFlushAt, lastSentSeq
 *   batch:<job>  what one flush job took: its message number and alerts, kept
 *                so every retry of the job sends the same message
 *   members      alert ids the group has told, for repeat_interval
 *
 * and per alert version and receiver a marker `<prefix>:grouped:<delivery key>`
 * set when a message takes it: a re-run analyze job that adds the same version
 * again adds nothing, so no version is told twice.
 */

/** One job of the deliver queue that sends a group's message: its new alerts (`flush`) or its still-active ones again (`repeat`). */
export const GroupJobSchema = z.object({
  kind: z.enum(['flush', 'repeat']),
  group: z.string(),
  receiver: z.string(),
  /** The route node the group belongs to (`route.routes[0]`). */
  path: z.string(),
  labels: z.record(z.string(), z.string()),
  grouping: z.object({ by: z.array(GroupLabelSchema), waitMs: z.number(), intervalMs: z.number(), repeatMs: z.number().optional() }),
  /** A repeat is due only if no message of the group was sent after this one. */
  afterSeq: z.number().int().nonnegative().default(0),
  deferrals: z.number().int().nonnegative().default(0),
});
export type GroupJob = z.infer<typeof GroupJobSchema>;

/** BullMQ job name of group jobs on the deliver queue (single deliveries are `deliver`). */
export const GROUP_JOB = 'group';

/** `gr_<group>_n<message number>_<receiver>`: idempotency key, webhook-id and Message-ID of one group message. */
export function groupDeliveryKey(group: string, seq: number, receiver: string): string {
  return `gr_${group}_n${seq}_${receiver}`;
}

export interface TakenBatch {
  seq: number;
  alerts: Alert[];
}

export class GroupStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Group state outlives its last change by this long (delivery.retention_days). */
    private readonly ttlMs: number,
  ) {}

  private key(group: string, part: string): string {
    return `${this.prefix}:group:${group}:${part}`;
  }

  private markerPrefix(): string {
    return `${this.prefix}:grouped:`;
  }

  /**
   * Puts an alert version in its group (a newer pending version of the alert is
   * kept). Returns the message epoch the flush job is named after and how long
   * it waits: group_wait for a group that has sent nothing yet, else until
   * its next group_interval tick counted from its last message (as
   * Alertmanager's group ticker: a later burst is gathered too). `told` when this version was already
   * taken into a message.
   */
  async add(group: string, receiver: string, alert: Alert, grouping: Grouping, now: number): Promise<{ told: true } | { told: false; epoch: number; delayMs: number }> {
    const marker = `${this.markerPrefix()}${deliveryKey(alert, receiver)}`;
    const keys = [this.key(group, 'pending'), this.key(group, 'state'), marker];
    const result = (await this.redis.eval(ADD_LUA, keys.length, ...keys, alert.id, JSON.stringify(alert), alert.version, now, grouping.waitMs, grouping.intervalMs, this.ttlMs)) as [number, number];
    return result[0] < 0 ? { told: true } : { told: false, epoch: result[0], delayMs: result[1] };
  }

  /**
   * What the flush job `jobId` sends: on its first run, everything pending (plus
   * `extra`, the still-active alerts a repeat tells again, where no newer
   * version is pending), numbered with the next message number; on a retry,
   * exactly what the first run took.
   */
  async take(group: string, receiver: string, jobId: string, now: number, extra: Alert[] = []): Promise<TakenBatch> {
    const keys = [this.key(group, 'pending'), this.key(group, 'state'), this.key(group, `batch:${jobId}`), this.key(group, 'members')];
    const args = [now, this.ttlMs, this.markerPrefix(), `_${receiver}`, ...extra.flatMap((a) => [a.id, JSON.stringify(a)])];
    const [seq, raw] = (await this.redis.eval(TAKE_LUA, keys.length, ...keys, ...args)) as [number, string];
    const alerts = (JSON.parse(raw) as unknown[]).map((a) => AlertSchema.parse(a));
    return { seq: Number(seq), alerts };
  }

  /** Records that message `seq` reached the receiver (a repeat scheduled before it is then stale). */
  async markSent(group: string, seq: number): Promise<void> {
    await this.redis.eval(MARK_SENT_LUA, 1, this.key(group, 'state'), seq, this.ttlMs);
  }

  /** True once the job `jobId` took its message (it then always sends that one). */
  async taken(group: string, jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(group, `batch:${jobId}`))) === 1;
  }

  async lastSentSeq(group: string): Promise<number> {
    return Number((await this.redis.hget(this.key(group, 'state'), 'lastSentSeq')) ?? 0);
  }

  async members(group: string): Promise<string[]> {
    return this.redis.smembers(this.key(group, 'members'));
  }

  /** Alerts that are over leave the group: no reminder brings them back. */
  async dropMembers(group: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.srem(this.key(group, 'members'), ...ids);
  }
}

/**
 * The alert version goes into its group for `receiver` on that route node, and
 * the group's next flush job is queued (named after the epoch, so adding more
 * alerts before it runs, or re-running the analyze job, adds no second job).
 */
export async function enqueueGrouped(queue: Queue, groups: GroupStore, alert: Alert, routed: Required<RoutedReceiver>, options?: { attempts?: number; backoff_ms?: number }): Promise<string | undefined> {
  const { receiver, path, grouping } = routed;
  const labels = groupLabels(grouping.by, alert);
  const group = groupId(path, receiver, labels);
  const added = await groups.add(group, receiver, alert, grouping, Date.now());
  if (added.told) return undefined;
  const job: GroupJob = { kind: 'flush', group, receiver, path, labels, grouping, afterSeq: 0, deferrals: 0 };
  await queue.add(GROUP_JOB, job, { ...deliveryJobOptions(options), jobId: `gflush_${group}_e${added.epoch}`, delay: added.delayMs });
  return group;
}

/** After message `seq`, the group's reminder, due `repeatMs` later. */
export async function enqueueRepeat(queue: Queue, job: GroupJob, seq: number, options?: { attempts?: number; backoff_ms?: number }): Promise<void> {
  if (job.grouping.repeatMs === undefined) return;
  const next: GroupJob = { ...job, kind: 'repeat', afterSeq: seq, deferrals: 0 };
  await queue.add(GROUP_JOB, next, { ...deliveryJobOptions(options), jobId: `grepeat_${job.group}_n${seq}`, delay: job.grouping.repeatMs });
}

/** KEYS: pending, state, marker. ARGV: alert id, alert JSON, version, now, group_wait ms, group_interval ms, ttl ms. */
const ADD_LUA = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {-1, 0} end
local current = redis.call('HGET', KEYS[1], ARGV[1])
local keep = false
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and tonumber(decoded['version']) > tonumber(ARGV[3]) then keep = true end
end
if not keep then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
local epoch = tonumber(redis.call('HGET', KEYS[2], 'epoch') or '0')
local last = redis.call('HGET', KEYS[2], 'lastFlushAt')
local delay = tonumber(ARGV[5])
if last then
  local interval = tonumber(ARGV[6])
  local elapsed = tonumber(ARGV[4]) - tonumber(last)
  if interval <= 0 then delay = 0
  elseif elapsed < 0 then delay = interval
  else delay = interval - (elapsed % interval) end
end
return {epoch, delay}
`;

/**
 * KEYS: pending, state, batch, members. ARGV: now, ttl ms, marker prefix,
 * "_<receiver>", then pairs of (alert id, alert JSON) to tell again.
 * Returns {message number, JSON array of alerts}.
 */
const TAKE_LUA = `
local seq = redis.call('HGET', KEYS[3], 'seq')
if seq then return {tonumber(seq), redis.call('HGET', KEYS[3], 'alerts')} end
seq = tonumber(redis.call('HGET', KEYS[2], 'epoch') or '0') + 1
redis.call('HSET', KEYS[2], 'epoch', seq, 'lastFlushAt', ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local taken = {}
local order = {}
local pending = redis.call('HGETALL', KEYS[1])
for i = 1, #pending, 2 do
  taken[pending[i]] = pending[i + 1]
  table.insert(order, pending[i])
end
for i = 5, #ARGV, 2 do
  if not taken[ARGV[i]] then
    taken[ARGV[i]] = ARGV[i + 1]
    table.insert(order, ARGV[i])
  end
end
redis.call('DEL', KEYS[1])
local parts = {}
for _, id in ipairs(order) do
  local raw = taken[id]
  local decoded = cjson.decode(raw)
  redis.call('SET', ARGV[3] .. 'dl_' .. id .. '_v' .. tostring(decoded['version']) .. ARGV[4], seq, 'PX', ARGV[2])
  redis.call('SADD', KEYS[4], id)
  table.insert(parts, raw)
end
redis.call('PEXPIRE', KEYS[4], ARGV[2])
local alerts = '[' .. table.concat(parts, ',') .. ']'
redis.call('HSET', KEYS[3], 'seq', seq, 'alerts', alerts)
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return {seq, alerts}
`;

/** KEYS: state. ARGV: message number, ttl ms. lastSentSeq only grows. */
const MARK_SENT_LUA = `
local last = tonumber(redis.call('HGET', KEYS[1], 'lastSentSeq') or '0')
if tonumber(ARGV[1]) > last then redis.call('HSET', KEYS[1], 'lastSentSeq', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;
