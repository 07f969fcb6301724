import { z } from 'zod';
import { EvidenceSchema } from '../extraction/extraction.js';

export const SeveritySchema = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;
export const SEVERITY_ORDER: readonly Severity[] = SeveritySchema.options;

/** Position in SEVERITY_ORDER: compare severities with it (info 0 … critical 4). */
export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** Which condition matched which words. */
export const ExplanationSchema = z.object({
  /** Path of the condition inside the indicator, e.g. `when.all[1]`, and its type. */
  condition: z.string(),
  /** Short human description, e.g. `place within region kayes-corridor: Diboli`. */
  detail: z.string(),
  evidence: z.array(EvidenceSchema),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

/** One indicator's content conditions held for one article. */
export const MatchSchema = z.object({
  indicatorId: z.string(),
  severity: SeveritySchema,
  explanation: z.array(ExplanationSchema),
});
export type Match = z.infer<typeof MatchSchema>;
