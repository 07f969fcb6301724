import { z } from 'zod';
import { SeveritySchema, severityRank } from '../matching/match.js';
import { statusRank, StoryStatusSchema } from '../stories/status.js';
import type { Alert } from './alert.js';

/**
 * One vocabulary for picking alerts, used by routes, both sides of inhibit
 * rules, silences, the API's filters and the CLI: every given field must hold
 * (AND); a field given several values holds when any of them does (OR).
 * Values may be a list or one string, and a string may list values with commas
 * (`country=ML,BF` in a query string, `--country ML,BF` on the command line).
 */
const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
  .pipe(z.array(z.string()).min(1, 'expected at least one value'));

const IndicatorIds = oneOrMany.pipe(z.array(z.string().regex(/^[a-z0-9-]{1,100}$/, 'expected an indicator id such as kayes-convoy-interdiction')));
const CountryCodes = oneOrMany.pipe(
  z.array(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code such as ML')
      .transform((c) => c.toUpperCase()),
  ),
);

export const AlertMatcherSchema = z.strictObject({
  /** Indicator id(s). */
  indicator: IndicatorIds.optional(),
  /** A story id (`st_…`) or an alert id (`al_…`). */
  story: z.string().min(1).optional(),
  /** A place id (`place/ml/kayes`) or name, case-insensitive; the alert names it. */
  place: z.string().min(1).optional(),
  /** ISO alpha-2 code(s); the alert concerns any of them. */
  country: CountryCodes.optional(),
  /** Exactly this severity. */
  severity: SeveritySchema.optional(),
  /** This severity or a higher one. */
  severity_at_least: SeveritySchema.optional(),
  /** The indicator carries at least one of these tags. */
  tags: oneOrMany.optional(),
  /** The story stands at least this high: disputed < claimed < reported < confirmed. */
  status_at_least: StoryStatusSchema.optional(),
});
export type AlertMatcher = z.output<typeof AlertMatcherSchema>;
export type AlertMatcherInput = z.input<typeof AlertMatcherSchema>;
export const ALERT_MATCHER_FIELDS = Object.keys(AlertMatcherSchema.shape) as Array<keyof AlertMatcher>;

/** A matcher that names nothing matches everything: right for a default route, wrong for a silence. */
export function isEmptyMatcher(m: AlertMatcher): boolean {
  return ALERT_MATCHER_FIELDS.every((field) => m[field] === undefined);
}

export function matchesAlert(m: AlertMatcher, alert: Alert): boolean {
  if (m.indicator && !m.indicator.includes(alert.indicatorId)) return false;
  if (m.story && m.story !== alert.story.id && m.story !== alert.id) return false;
  if (m.severity && m.severity !== alert.severity) return false;
  if (m.severity_at_least && severityRank(alert.severity) < severityRank(m.severity_at_least)) return false;
  if (m.country && !m.country.some((c) => alert.countries.includes(c))) return false;
  if (m.tags && !m.tags.some((t) => alert.tags.includes(t))) return false;
  // An alert raised before stories had a status was taken as reported.
  if (m.status_at_least && statusRank(alert.story.status ?? 'reported') < statusRank(m.status_at_least)) return false;
  if (m.place) {
    const wanted = m.place.toLowerCase();
    if (!alert.places.some((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted)) return false;
  }
  return true;
}

/** `indicator=a,b country=ML` — how a matcher reads in a list or a history note. */
export function formatMatcher(m: AlertMatcher): string {
  return ALERT_MATCHER_FIELDS.filter((field) => m[field] !== undefined)
    .map((field) => {
      const value = m[field];
      return `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`;
    })
    .join(' ');
}
