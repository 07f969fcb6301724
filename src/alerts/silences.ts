import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { Alert } from './alert.js';
import { AlertMatcherSchema, formatMatcher, isEmptyMatcher, matchesAlert } from './matcher.js';

/** The alert-matcher vocabulary; at least one field is required so a silence never mutes everything by accident. */
export const SilenceMatchersSchema = AlertMatcherSchema.refine((m) => !isEmptyMatcher(m), { message: 'a silence needs at least one matcher' });

export const SilenceInputSchema = z.strictObject({
  matchers: SilenceMatchersSchema,
  /** ISO time or epoch ms. */
  expires_at: z.union([z.string(), z.number()]),
  comment: z.string().min(1),
  created_by: z.string().min(1),
});
export type SilenceInput = z.input<typeof SilenceInputSchema>;

export const SilenceSchema = z.object({
  id: z.string(),
  matchers: SilenceMatchersSchema,
  created_at: z.string(),
  expires_at: z.string(),
  comment: z.string(),
  created_by: z.string(),
});
export type Silence = z.infer<typeof SilenceSchema>;

/** Silences in one Redis hash; expired ones stay listed (as expired) for a week, then are pruned. */
export class SilenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  private key(): string {
    return `${this.prefix}:silences`;
  }

  async add(input: SilenceInput): Promise<Silence> {
    const parsed = SilenceInputSchema.parse(input);
    const expires = typeof parsed.expires_at === 'number' ? parsed.expires_at : Date.parse(parsed.expires_at);
    if (!Number.isFinite(expires)) throw new Error(`expires_at is not a date: ${String(parsed.expires_at)}`);
    if (expires <= this.clock.now()) throw new Error('expires_at is in the past');
    const silence: Silence = {
      id: `si_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      matchers: parsed.matchers,
      created_at: new Date(this.clock.now()).toISOString(),
      expires_at: new Date(expires).toISOString(),
      comment: parsed.comment,
      created_by: parsed.created_by,
    };
    await this.redis.hset(this.key(), silence.id, JSON.stringify(silence));
    return silence;
  }

  /** All silences, active first, then by expiry. */
  async list(): Promise<Silence[]> {
    const raw = await this.redis.hvals(this.key());
    const weekAgo = this.clock.now() - 7 * 86_400_000;
    const all = raw.map((r) => SilenceSchema.parse(JSON.parse(r)));
    const stale = all.filter((s) => Date.parse(s.expires_at) < weekAgo);
    if (stale.length > 0) await this.redis.hdel(this.key(), ...stale.map((s) => s.id));
    return all.filter((s) => !stale.includes(s)).sort((a, b) => a.expires_at.localeCompare(b.expires_at));
  }

  /** Ends a silence now; returns false when there is no such silence. */
  async expire(id: string): Promise<boolean> {
    const raw = await this.redis.hget(this.key(), id);
    if (!raw) return false;
    const silence = SilenceSchema.parse(JSON.parse(raw));
    silence.expires_at = new Date(Math.min(Date.parse(silence.expires_at), this.clock.now())).toISOString();
    await this.redis.hset(this.key(), id, JSON.stringify(silence));
    return true;
  }

  async isSilenced(alert: Alert, now: number = this.clock.now()): Promise<boolean> {
    return (await this.matching(alert, now)).length > 0;
  }

  /** Active silences that match the alert. */
  async matching(alert: Alert, now: number = this.clock.now()): Promise<Silence[]> {
    const raw = await this.redis.hvals(this.key());
    return raw
      .map((r) => SilenceSchema.parse(JSON.parse(r)))
      .filter((s) => Date.parse(s.expires_at) > now && Date.parse(s.created_at) <= now && matchesAlert(s.matchers, alert));
  }
}

/** One line per silence for `sahelwatch silence list`. */
export function formatSilence(silence: Silence, now: number): string {
  const matchers = formatMatcher(silence.matchers);
  const active = Date.parse(silence.expires_at) > now;
  const state = active ? `active until ${silence.expires_at}` : `expired ${silence.expires_at}`;
  return `${silence.id}  ${state}  ${matchers}  by ${silence.created_by}: ${silence.comment}`;
}
