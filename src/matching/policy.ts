import { z } from 'zod';
import { StoryStatusSchema } from '../stories/status.js';
import { SeveritySchema } from './match.js';

/**
 * How matches of one indicator become alerts over time. Declared per indicator
 * under `alerting:`; applied by the alerts stage (src/alerts/raise.ts).
 */
export const ThresholdSchema = z.strictObject({
  /** Number of distinct matching stories... */
  stories: z.number().int().positive().default(1),
  /** ...within this many days (sliding window). */
  within_days: z.number().positive().default(7),
});

export const EscalationSchema = z
  .strictObject({
  /** Raise the alert to this severity... */
  severity: SeveritySchema,
  /** ...when its story has at least this many independent sources (syndicated copies and one owner's outlets count once), */
  sources: z.number().int().positive().optional(),
  /** Deprecated name of `sources`, from when outlets were counted; read as `sources`. */
  outlets: z.number().int().positive().optional(),
  /** ...or when this many matching stories fall within the window. */
  stories: z.number().int().positive().optional(),
  within_days: z.number().positive().optional(),
  /** ...or when a casualty figure in the story reaches this. */
  casualties: z.number().int().positive().optional(),
  })
  .refine((e) => e.sources !== undefined || e.outlets !== undefined || e.stories !== undefined || e.casualties !== undefined, {
    message: 'an escalation needs a trigger: sources, stories or casualties',
  })
  .refine((e) => e.sources === undefined || e.outlets === undefined, {
    message: 'outlets is the deprecated name of sources: give sources only',
    path: ['outlets'],
  })
  .refine((e) => e.within_days === undefined || e.stories !== undefined, {
    message: 'within_days applies to stories; add stories or remove within_days',
    path: ['within_days'],
  })
  .transform(({ outlets, sources = outlets, ...rule }) => ({ ...rule, ...(sources === undefined ? {} : { sources }) }));

export const AlertPolicySchema = z
  .strictObject({
  /**
   * A story needs this many independent sources before it alerts (1 = first
   * report): one agency dispatch reprinted by three outlets is one source.
   */
  min_sources: z.number().int().positive().optional(),
  /** Deprecated name of `min_sources`, from when outlets were counted; read as `min_sources`. */
  min_outlets: z.number().int().positive().optional(),
  /**
   * A story alerts only once it stands at least this high: disputed < claimed <
   * reported < confirmed (`confirmed`: an official statement or two independent
   * sources of their own; `disputed`: a report carries a denial).
   */
  status_at_least: StoryStatusSchema.optional(),
  /** Alert only once this many matching stories occur within the window (default: the first). */
  threshold: ThresholdSchema.default({ stories: 1, within_days: 7 }),
  escalate: z.array(EscalationSchema).default([]),
  /** Updates to one story's alert within this time are folded into it, not sent as new alerts. */
  cooldown_hours: z.number().nonnegative().default(24),
  })
  .refine((p) => p.min_sources === undefined || p.min_outlets === undefined, {
    message: 'min_outlets is the deprecated name of min_sources: give min_sources only',
    path: ['min_outlets'],
  })
  .transform(({ min_outlets, min_sources, ...policy }) => ({ ...policy, min_sources: min_sources ?? min_outlets ?? 1 }));
export type AlertPolicy = z.output<typeof AlertPolicySchema>;
/** A policy as an indicator file writes it (deprecated names allowed, defaults optional). */
export type AlertPolicyInput = z.input<typeof AlertPolicySchema>;
