import type { Alert } from '../alerts/alert.js';
import type { Route } from './config.js';
import { formatMatcher, matchesAlert } from '../alerts/matcher.js';

/** One node of the routing tree an alert passed through: where it is (`route.routes[1].routes[0]`), what it matches, whom it names. */
export interface RouteStep {
  path: string;
  match: string;
  /** The node's receivers, when they applied (no child matched). */
  receivers: string[];
}

/**
 * Alertmanager's walk: children in order, stop at the first match unless it says `continue`.
 * `steps`, when given, collects the nodes passed through (for `routes test`); routing
 * every notification passes none and formats nothing.
 */
function walk(route: Route, alert: Alert, path: string, steps?: RouteStep[]): string[] {
  const step = steps ? { path, match: formatMatcher(route.match) || '(everything)', receivers: [] as string[] } : undefined;
  if (step) steps?.push(step);
  const found: string[] = [];
  let childMatched = false;
  for (const [index, child] of route.routes.entries()) {
    if (!matchesAlert(child.match, alert)) continue;
    childMatched = true;
    found.push(...walk(child, alert, `${path}.routes[${index}]`, steps));
    if (!child.continue) break;
  }
  if (childMatched) return found;
  if (step) step.receivers = [...route.receivers];
  return [...route.receivers];
}

/** The indicator's own receivers; given the configured receivers, only those this deployment defines. */
function indicatorReceivers(alert: Alert, known?: Record<string, unknown>): string[] {
  return known ? alert.receivers.filter((name) => name in known) : alert.receivers;
}

/**
 * The receivers for an alert and the way through the routing tree to them,
 * as `amtool config routes test` shows it; the indicator's own receivers come last.
 */
export function explainRoute(config: { route: Route; receivers?: Record<string, unknown> }, alert: Alert): { receivers: string[]; steps: RouteStep[]; fromIndicator: string[] } {
  const steps: RouteStep[] = [];
  const tree = walk(config.route, alert, 'route', steps);
  const fromIndicator = indicatorReceivers(alert, config.receivers);
  return { receivers: [...new Set([...tree, ...fromIndicator])], steps, fromIndicator };
}

/**
 * Receivers for an alert: the routing tree (root = default route, matches
 * everything) plus the receivers the indicator itself names. Deduplicated, in order.
 * Given the whole config, an indicator's receiver that this deployment has not
 * configured is left out (see unconfiguredReceivers), rather than dead-lettered.
 */
export function routeAlert(routeOrConfig: Route | { route: Route; receivers?: Record<string, unknown> }, alert: Alert): string[] {
  const config = 'route' in routeOrConfig ? routeOrConfig : { route: routeOrConfig };
  return [...new Set([...walk(config.route, alert, 'route'), ...indicatorReceivers(alert, config.receivers)])];
}

/** `indicator → receiver` pairs an indicator names but the config does not define: worth one warning at start. */
export function unconfiguredReceivers(
  indicators: ReadonlyArray<{ id: string; receivers: readonly string[] }>,
  receivers: Record<string, unknown>,
): Array<{ indicator: string; receiver: string }> {
  return indicators.flatMap((i) => i.receivers.filter((r) => !(r in receivers)).map((receiver) => ({ indicator: i.id, receiver })));
}
