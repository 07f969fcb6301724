import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import type { AlertLabel, AlertStore } from '../alerts/store.js';
import { AlertMatcherSchema, matchesAlert } from '../alerts/matcher.js';

/**
 * Alertmanager's inhibition: while a `source` alert is active, `target` alerts
 * that agree with it on the `equal` labels are recorded but not delivered. The
 * analyst's use: a critical convoy interdiction on a story mutes the other
 * indicators' lesser alerts on that same story, so the channel shows the one
 * that matters.
 */
export const InhibitRuleSchema = z.strictObject({
  source: AlertMatcherSchema,
  target: AlertMatcherSchema,
  /** story: same story; indicator: same indicator; country: at least one country in common. */
  equal: z.array(z.enum(['story', 'indicator', 'country'])).min(1).default(['story']),
  /** A source alert updated longer ago than this no longer inhibits. */
  active_hours: z.number().positive().default(72),
});
export type InhibitRule = z.infer<typeof InhibitRuleSchema>;

function agrees(label: InhibitRule['equal'][number], a: Alert, b: Alert): boolean {
  if (label === 'story') return a.story.id === b.story.id;
  if (label === 'indicator') return a.indicatorId === b.indicatorId;
  return a.countries.some((c) => b.countries.includes(c));
}

/** Updated within the rule's window and not expired since. */
function active(alert: Alert, rule: InhibitRule, now: number): boolean {
  const updated = Date.parse(alert.updatedAt);
  const expired = alert.history.filter((h) => h.kind === 'expired').map((h) => Date.parse(h.at));
  return updated >= now - rule.active_hours * 3600_000 && !expired.some((at) => at >= updated);
}

/** The first active alert that inhibits `target` under some rule, with the rule's position; an alert never inhibits itself. */
export function findInhibitor(rules: readonly InhibitRule[], target: Alert, candidates: readonly Alert[], now: number): { by: Alert; rule: number } | undefined {
  for (const [index, rule] of rules.entries()) {
    if (!matchesAlert(rule.target, target)) continue;
    const by = candidates.find(
      (source) => source.id !== target.id && matchesAlert(rule.source, source) && active(source, rule, now) && rule.equal.every((label) => agrees(label, source, target)),
    );
    if (by) return { by, rule: index };
  }
  return undefined;
}

/** The label whose index holds the fewest alerts a source could be among: one story, then one indicator, then countries. */
function narrowestLabel(equal: InhibitRule['equal']): AlertLabel {
  return equal.includes('story') ? 'story' : equal.includes('indicator') ? 'indicator' : 'country';
}

/**
 * The active alert that inhibits `target`, looked up by key: a source must
 * share the rule's `equal` labels with the target, so only the alerts in the
 * narrowest label's index are read. The cost follows how many alerts share
 * that story (or indicator, or country), not how many alerts are active.
 */
export async function lookupInhibitor(store: Pick<AlertStore, 'sharing'>, rules: readonly InhibitRule[], target: Alert, now: number): Promise<{ by: Alert; rule: number } | undefined> {
  for (const [index, rule] of rules.entries()) {
    if (!matchesAlert(rule.target, target)) continue;
    const candidates = await store.sharing(narrowestLabel(rule.equal), target, now - rule.active_hours * 3600_000);
    const found = findInhibitor([rule], target, candidates, now);
    if (found) return { by: found.by, rule: index };
  }
  return undefined;
}
