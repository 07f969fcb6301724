/**
 * How often each feed is polled. A fixed interval makes an analyst wait up to
 * that interval for every report; instead each feed's interval follows its
 * observed publishing rate (the newest arrivals of new items, kept in Redis),
 * within `feeds_schedule.min_interval_secs` and the feed's maximum, and never
 * faster than its own hints (RSS ttl, HTTP Cache-Control/Expires) or than the
 * per-host limit allows. The decision is a pure function (decideInterval); the
 * store keeps its inputs and its result, and the host turn that enforces
 * politeness at poll time.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Item } from './item.js';
import { declaredUpdateSecs, type ScheduleHints, skipWindowText } from './schedule-hints.js';
import type { FeedConfig } from './sources/index.js';

/** `feeds_schedule:` in sahelwatch.yaml. */
export const FeedsScheduleSchema = z.strictObject({
  /** false: every feed at its configured `interval_secs`, as before (politeness still holds). */
  adaptive: z.boolean().default(true),
  /** Never poll a feed more often than this. */
  min_interval_secs: z.number().int().min(10).default(60),
  /** Never poll a feed less often than this; default: each feed's own `interval_secs`. */
  max_interval_secs: z.number().int().min(60).optional(),
  /**
   * Polls per expected new item: the interval is the observed mean gap between
   * new items divided by this. 36 polls a feed of 10 items a day every 4 minutes
   * (most of them answered 304 Not Modified).
   */
  polls_per_item: z.number().min(1).default(36),
  /** At most one request per this many seconds to any one host, across every feed on it and every process; 0: no limit (a feed server of your own). */
  host_gap_secs: z.number().int().min(0).default(60),
});
export type FeedsSchedule = z.infer<typeof FeedsScheduleSchema>;

/** A feed's poll interval and the constraint that set it, as /api/feeds shows them. */
export interface ScheduleDecision {
  intervalSecs: number;
  reason: string;
}

/** Newest arrivals kept per feed: enough for a rate, small and bounded. */
export const MAX_ARRIVALS = 32;
/** The short window reacts when a feed speeds up; the long one when it goes quiet. */
const SHORT_WINDOW = 4;
/** A rate is read over at least this long, so a burst of items seen in one poll is not an infinite rate. */
const MIN_RATE_WINDOW_MS = 3600_000;
/** Fewer arrivals than this say nothing about a rate. */
const MIN_ARRIVALS_FOR_RATE = 3;
/** A published date older than this (or in the future) is not when the item arrived. */
const PLAUSIBLE_AGE_MS = 30 * 86_400_000;
/** A new interval within this fraction of the current one is not worth rescheduling for. */
const RESCHEDULE_FRACTION = 0.2;
const DAY_MS = 86_400_000;

/**
 * New items per day, from arrival times (ms, ascending): the faster of the
 * newest SHORT_WINDOW and all kept arrivals. Each window runs from its oldest
 * arrival to `now` and counts the arrivals after its start (the Poisson
 * maximum-likelihood rate), so a feed that goes quiet slows down without
 * waiting for its next item.
 */
export function itemsPerDay(arrivals: readonly number[], now: number): number | undefined {
  const n = arrivals.length;
  if (n < MIN_ARRIVALS_FOR_RATE) return undefined;
  const over = (k: number) => ((k - 1) / Math.max(now - (arrivals[n - k] as number), MIN_RATE_WINDOW_MS)) * DAY_MS;
  return Math.max(over(Math.min(SHORT_WINDOW, n)), over(n));
}

/** `45 s`, `4 min`, `1.5 h`: an interval as the reason shows it. */
export function shortDuration(secs: number): string {
  if (secs < 120) return `${Math.round(secs)} s`;
  if (secs < 7200) return `${+(secs / 60).toFixed(1)} min`;
  return `${+(secs / 3600).toFixed(1)} h`;
}

/** The per-host floor: every feed on a host shares its one request per `host_gap_secs`. */
export function hostFloorSecs(options: FeedsSchedule, feedsOnHost: number): number {
  return options.host_gap_secs * Math.max(1, feedsOnHost);
}

/**
 * With several feeds on one host, an interval is a whole number of host cycles
 * (feeds × gap), and each feed ticks at its own turn in the cycle
 * (queue/feed-schedulers.ts tickOffsetMs): their requests never fall in the same gap.
 */
export function onHostCycle(secs: number, options: FeedsSchedule, feedsOnHost: number): number {
  const cycle = hostFloorSecs(options, feedsOnHost);
  if (feedsOnHost < 2 || cycle === 0) return secs;
  return Math.ceil(secs / cycle) * cycle;
}

export interface ScheduleInput {
  feed: Pick<FeedConfig, 'interval_secs'>;
  options: FeedsSchedule;
  now: number;
  /** Arrival times of the newest new items, ms ascending. */
  arrivals: readonly number[];
  hints: ScheduleHints;
  /** Configured feeds on this feed's host, itself included. */
  feedsOnHost: number;
}

/** Where the interval starts: the observed rate, else the declared sy:updatePeriod, else the maximum. */
function rateInterval(input: ScheduleInput, maxSecs: number): ScheduleDecision {
  const { options, hints } = input;
  const observed = itemsPerDay(input.arrivals, input.now);
  if (observed !== undefined) {
    const secs = 86_400 / observed / options.polls_per_item;
    return { intervalSecs: secs, reason: `observed ~${observed >= 10 ? Math.round(observed) : +observed.toFixed(1)} items/day → ${shortDuration(secs)}` };
  }
  if (hints.updatePeriod) {
    const secs = declaredUpdateSecs(hints.updatePeriod) / options.polls_per_item;
    return { intervalSecs: secs, reason: `sy:updatePeriod ${hints.updatePeriod.period}/${hints.updatePeriod.frequency} → ${shortDuration(secs)}` };
  }
  return { intervalSecs: maxSecs, reason: 'max (no new items observed yet)' };
}

/** The lower bounds the feed and the operator set, each with the words that explain it. */
function floors(input: ScheduleInput): ScheduleDecision[] {
  const { options, hints } = input;
  const out: ScheduleDecision[] = [{ intervalSecs: options.min_interval_secs, reason: 'min' }];
  if (hints.ttlMinutes) out.push({ intervalSecs: hints.ttlMinutes * 60, reason: `ttl ${hints.ttlMinutes} min` });
  if (hints.freshFor) out.push({ intervalSecs: hints.freshFor.secs, reason: `${hints.freshFor.source} ${shortDuration(hints.freshFor.secs)}` });
  return out;
}

/**
 * The next poll interval of one feed: its publishing rate, raised to its
 * floors (min, ttl, Cache-Control/Expires), capped at its maximum, and raised
 * again to the host's share, which no maximum overrides. RSS skipHours and
 * skipDays do not change the interval: polls that fall in them are skipped.
 */
export function decideInterval(input: ScheduleInput): ScheduleDecision {
  const { options, feed } = input;
  const maxSecs = options.max_interval_secs ?? feed.interval_secs;
  let decision: ScheduleDecision = options.adaptive ? rateInterval(input, maxSecs) : { intervalSecs: feed.interval_secs, reason: 'fixed (feeds_schedule.adaptive: false)' };
  if (options.adaptive) {
    for (const floor of floors(input)) if (floor.intervalSecs > decision.intervalSecs) decision = floor;
    if (decision.intervalSecs > maxSecs) decision = { intervalSecs: maxSecs, reason: decision.reason.startsWith('max') ? decision.reason : `max (${decision.reason})` };
  }
  const hostFloor = hostFloorSecs(options, input.feedsOnHost);
  if (hostFloor > decision.intervalSecs) decision = { intervalSecs: hostFloor, reason: `host limit: ${input.feedsOnHost} feed${input.feedsOnHost > 1 ? 's' : ''} on the host, one request per ${shortDuration(options.host_gap_secs)}` };
  const skips = skipWindowText(input.hints);
  const intervalSecs = onHostCycle(Math.round(decision.intervalSecs), options, input.feedsOnHost);
  return { intervalSecs, reason: skips ? `${decision.reason}; ${skips}` : decision.reason };
}

/** The decision to keep: the new one unless it is within RESCHEDULE_FRACTION of the current interval. */
export function settle(current: ScheduleDecision | null, next: ScheduleDecision): ScheduleDecision {
  if (!current) return next;
  return Math.abs(next.intervalSecs - current.intervalSecs) / current.intervalSecs <= RESCHEDULE_FRACTION ? current : next;
}

/** The host (with its port: another port is another server) whose politeness limit a feed counts against. */
export function feedHost(url: string): string {
  return new URL(url).host.toLowerCase();
}

/** Configured feeds on `feed`'s host and `feed`'s place among them (by id): its turn within the host's cycle. */
export function hostPlace(feed: FeedConfig, feeds: Iterable<FeedConfig>): { feedsOnHost: number; index: number } {
  const host = feedHost(feed.url);
  const peers = [...feeds].filter((f) => feedHost(f.url) === host).map((f) => f.id).sort();
  return { feedsOnHost: Math.max(1, peers.length), index: Math.max(0, peers.indexOf(feed.id)) };
}

/** When a new item arrived: its published date when plausible, else when it was first seen. */
export function arrivalTime(item: Item, now: number): number | undefined {
  const published = Date.parse(item.published);
  if (item.dateSource === 'feed' && published <= now && now - published <= PLAUSIBLE_AGE_MS) return published;
  return Date.parse(item.firstSeen);
}

/**
 * Takes a turn on a clock-based gate (a poll claim, a host's request slot): when
 * the gate's hold is over at `now`, holds it for `holdMs` more and returns 0;
 * otherwise returns the ms still to wait. The hold is a clock time, so a
 * ManualClock drives it; the key also expires in real time for clean-up.
 */
const TAKE_TURN = `
local heldUntil = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local now = tonumber(ARGV[1])
if heldUntil > now then return heldUntil - now end
redis.call('SET', KEYS[1], tostring(now + tonumber(ARGV[2])), 'PX', ARGV[3])
return 0`;

/** Gate keys live at least this long in real time, so a clock ahead of real time is not cut short. */
const MIN_GATE_TTL_MS = 60_000;

/** Per-feed schedule state in Redis: arrivals (sorted set, newest MAX_ARRIVALS), hints and decision (hash), gates. */
export class FeedScheduleStore {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly options: FeedsSchedule = FeedsScheduleSchema.parse({}),
  ) {
    this.base = prefix.endsWith(':') ? prefix : `${prefix}:`;
  }

  private arrivalsKey(feedId: string): string {
    return `${this.base}feed-arrivals:${feedId}`;
  }

  private scheduleKey(feedId: string): string {
    return `${this.base}feed-schedule:${feedId}`;
  }

  /**
   * Records the items first seen in a poll as arrivals. On a feed's first poll
   * an undated item says nothing about when it arrived: only dated ones count.
   */
  async recordArrivals(feedId: string, fresh: readonly Item[], now: number): Promise<void> {
    if (fresh.length === 0) return;
    const key = this.arrivalsKey(feedId);
    const firstPoll = (await this.redis.zcard(key)) === 0;
    const timed = fresh.filter((item) => !firstPoll || item.dateSource === 'feed').map((item) => [arrivalTime(item, now), item.id] as const);
    const members = timed.filter(([at]) => at !== undefined && Number.isFinite(at)).flatMap(([at, id]) => [at as number, id]);
    if (members.length === 0) return;
    await this.redis
      .multi()
      .zadd(key, 'NX', ...members)
      .zremrangebyrank(key, 0, -(MAX_ARRIVALS + 1))
      .expire(key, 60 * 86_400)
      .exec();
  }

  /** Arrival times kept for a feed, ms ascending. */
  async arrivals(feedId: string): Promise<number[]> {
    const flat = await this.redis.zrange(this.arrivalsKey(feedId), '0', '-1', 'WITHSCORES');
    return flat.filter((_, i) => i % 2 === 1).map(Number);
  }

  /** The feed's hints: a full response replaces the document's, any response (a 304 too) the HTTP freshness. */
  async recordHints(feedId: string, hints: { document?: ScheduleHints; freshFor?: ScheduleHints['freshFor'] }): Promise<ScheduleHints> {
    const stored = await this.hints(feedId);
    const { freshFor: _old, ...documentHints } = hints.document ?? stored;
    const merged: ScheduleHints = { ...documentHints, ...(hints.freshFor ? { freshFor: hints.freshFor } : {}) };
    await this.redis.hset(this.scheduleKey(feedId), 'hints', JSON.stringify(merged));
    return merged;
  }

  async hints(feedId: string): Promise<ScheduleHints> {
    const raw = await this.redis.hget(this.scheduleKey(feedId), 'hints');
    return raw ? (JSON.parse(raw) as ScheduleHints) : {};
  }

  /** The interval the feed is scheduled at and why, or null before its first decision. */
  async decision(feedId: string): Promise<ScheduleDecision | null> {
    const [interval, reason] = await this.redis.hmget(this.scheduleKey(feedId), 'intervalSecs', 'reason');
    return interval && reason ? { intervalSecs: Number(interval), reason } : null;
  }

  async saveDecision(feedId: string, decision: ScheduleDecision): Promise<void> {
    await this.redis.hset(this.scheduleKey(feedId), { intervalSecs: String(decision.intervalSecs), reason: decision.reason });
  }

  /** The interval the feed runs at now: its decision, else its configured interval. */
  async currentIntervalSecs(feed: FeedConfig): Promise<number> {
    return (await this.decision(feed.id))?.intervalSecs ?? feed.interval_secs;
  }

  /** Decides the feed's next interval from what is stored and keeps it (unless within RESCHEDULE_FRACTION of the current one). */
  async decide(feed: FeedConfig, feedsOnHost: number, now: number): Promise<{ decision: ScheduleDecision; changed: boolean }> {
    const [arrivals, hints, current] = await Promise.all([this.arrivals(feed.id), this.hints(feed.id), this.decision(feed.id)]);
    const decision = settle(current, decideInterval({ feed, options: this.options, now, arrivals, hints, feedsOnHost }));
    const changed = decision !== current;
    if (changed) await this.saveDecision(feed.id, decision);
    return { decision, changed };
  }

  private async takeTurn(key: string, now: number, holdMs: number): Promise<number> {
    const ttl = Math.max(Math.ceil(holdMs), MIN_GATE_TTL_MS);
    return Number(await this.redis.eval(TAKE_TURN, 1, key, String(now), String(Math.ceil(holdMs)), String(ttl)));
  }

  /** Claims a feed's poll for `holdMs`: false when another poll of it holds the claim. */
  async claimPoll(feedId: string, now: number, holdMs: number): Promise<boolean> {
    return (await this.takeTurn(`${this.base}poll-claim:${feedId}`, now, holdMs)) === 0;
  }

  /** Sets the feed's claim to end `holdMs` after `from` (after a poll that changed its interval). */
  async holdPoll(feedId: string, from: number, holdMs: number): Promise<void> {
    await this.redis.set(`${this.base}poll-claim:${feedId}`, String(from + Math.ceil(holdMs)), 'PX', String(Math.max(Math.ceil(holdMs), MIN_GATE_TTL_MS)));
  }

  async releasePoll(feedId: string): Promise<void> {
    await this.redis.del(`${this.base}poll-claim:${feedId}`);
  }

  /** Takes the host's request slot (one per `host_gap_secs`, all processes): 0, or the ms until the next free slot. */
  async takeHostTurn(host: string, now: number): Promise<number> {
    if (this.options.host_gap_secs === 0) return 0;
    return this.takeTurn(`${this.base}host-turn:${host}`, now, this.options.host_gap_secs * 1000);
  }
}
