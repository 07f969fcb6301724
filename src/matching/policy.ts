import { z } from 'zod';
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
  /** ...when its story has at least this many independent outlets, */
  outlets: z.number().int().positive().optional(),
  /** ...or when this many matching stories fall within the window. */
  stories: z.number().int().positive().optional(),
  within_days: z.number().positive().optional(),
  /** ...or when a casualty figure in the story reaches this. */
  casualties: z.number().int().positive().optional(),
  })
  .refine((e) => e.outlets !== undefined || e.stories !== undefined || e.casualties !== undefined, {
    message: 'an escalation needs a trigger: outlets, stories or casualties',
  })
  .refine((e) => e.within_days === undefined || e.stories !== undefined, {
    message: 'within_days applies to stories; add stories or remove within_days',
    path: ['within_days'],
  });

export const AlertPolicySchema = z.strictObject({
  /** A story needs this many independent outlets before it alerts (1 = first report). */
  min_outlets: z.number().int().positive().default(1),
  /** Alert only once this many matching stories occur within the window (default: the first). */
  threshold: ThresholdSchema.default({ stories: 1, within_days: 7 }),
  escalate: z.array(EscalationSchema).default([]),
  /** Updates to one story's alert within this time are folded into it, not sent as new alerts. */
  cooldown_hours: z.number().nonnegative().default(24),
});
export type AlertPolicy = z.infer<typeof AlertPolicySchema>;
