import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import { SeveritySchema, severityRank } from '../matching/match.js';

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Which alerts a route, or either side of an inhibit rule, applies to; every given field must hold. */
export const RouteMatchSchema = z.strictObject({
  /** Indicator id(s); any of them. */
  indicator: oneOrMany.optional(),
  severity_at_least: SeveritySchema.optional(),
  /** ISO alpha-2 code(s); the alert concerns any of them. */
  country: oneOrMany.optional(),
  /** The indicator carries at least one of these tags. */
  tags: z.array(z.string().min(1)).min(1).optional(),
});
export type RouteMatch = z.infer<typeof RouteMatchSchema>;

export function matchesRoute(m: RouteMatch, alert: Alert): boolean {
  if (m.indicator && !m.indicator.includes(alert.indicatorId)) return false;
  if (m.severity_at_least && severityRank(alert.severity) < severityRank(m.severity_at_least)) return false;
  if (m.country && !m.country.some((c) => alert.countries.includes(c.toUpperCase()))) return false;
  if (m.tags && !m.tags.some((t) => alert.tags.includes(t))) return false;
  return true;
}
