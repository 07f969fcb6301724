import type { Alert } from '../alerts/alert.js';
import type { Route } from './config.js';
import { formatMatcher, matchesAlert } from '../alerts/matcher.js';
import { effectiveGrouping, type Grouping, inheritGrouping, type RouteGrouping } from './grouping.js';

/** One node of the routing tree an alert passed through: where it is (`route.routes[1].routes[0]`), what it matches, whom it names. */
export interface RouteStep {
  path: string;
  match: string;
  /** The node's receivers, when they applied (no child matched). */
  receivers: string[];
}

/** A receiver an alert reaches, the route node that named it and how that node groups. */
export interface RoutedReceiver {
  receiver: string;
  /** `route.routes[1]`; the indicator's own receivers count as the root's. */
  path: string;
  /** Undefined: each alert version is sent alone, at once. */
  grouping?: Grouping;
}

/**
 * Alertmanager's walk: children in order, stop at the first match unless it says `continue`.
 * `steps`, when given, collects the nodes passed through (for `routes test`); routing
 * every notification passes none and formats nothing. Grouping keys are inherited down the tree.
 */
function walk(route: Route, alert: Alert, path: string, inherited: RouteGrouping, steps?: RouteStep[]): RoutedReceiver[] {
  const step = steps ? { path, match: formatMatcher(route.match) || '(everything)', receivers: [] as string[] } : undefined;
  if (step) steps?.push(step);
  const settings = inheritGrouping(inherited, ownGrouping(route));
  const found: RoutedReceiver[] = [];
  let childMatched = false;
  for (const [index, child] of route.routes.entries()) {
    if (!matchesAlert(child.match, alert)) continue;
    childMatched = true;
    found.push(...walk(child, alert, `${path}.routes[${index}]`, settings, steps));
    if (!child.continue) break;
  }
  if (childMatched) return found;
  if (step) step.receivers = [...route.receivers];
  const grouping = effectiveGrouping(settings);
  return route.receivers.map((receiver) => ({ receiver, path, ...(grouping ? { grouping } : {}) }));
}

/** The grouping keys of a route node alone (its children and matchers left out). */
function ownGrouping(route: Route): RouteGrouping {
  return { group_by: route.group_by, group_wait: route.group_wait, group_interval: route.group_interval, repeat_interval: route.repeat_interval };
}

/** The indicator's own receivers; given the configured receivers, only those this deployment defines. */
function indicatorReceivers(alert: Alert, known?: Record<string, unknown>): string[] {
  return known ? alert.receivers.filter((name) => name in known) : alert.receivers;
}

/**
 * The receivers for an alert and the way through the routing tree to them,
 * as `amtool config routes test` shows it; the indicator's own receivers come last.
 */
export function explainRoute(
  config: { route: Route; receivers?: Record<string, unknown> },
  alert: Alert,
): { receivers: string[]; steps: RouteStep[]; fromIndicator: string[]; grouping: Record<string, Grouping> } {
  const steps: RouteStep[] = [];
  const tree = walk(config.route, alert, 'route', {}, steps).map((r) => r.receiver);
  const fromIndicator = indicatorReceivers(alert, config.receivers);
  // How each grouped receiver is told (a receiver missing here gets each alert version alone, at once).
  const grouping = Object.fromEntries(routePlan(config, alert).flatMap((r) => (r.grouping ? [[r.receiver, r.grouping]] : [])));
  return { receivers: [...new Set([...tree, ...fromIndicator])], steps, fromIndicator, grouping };
}

/**
 * Each receiver an alert reaches, once, with the route node that named it
 * first: the routing tree (root = default route, matches everything), then
 * the receivers the indicator itself names, grouped as the root route groups.
 * Given the whole config, an indicator's receiver that this deployment has
 * not configured is left out (see unconfiguredReceivers), rather than dead-lettered.
 */
export function routePlan(routeOrConfig: Route | { route: Route; receivers?: Record<string, unknown> }, alert: Alert): RoutedReceiver[] {
  const config = 'route' in routeOrConfig ? routeOrConfig : { route: routeOrConfig };
  const rootGrouping = effectiveGrouping(ownGrouping(config.route));
  const fromIndicator = indicatorReceivers(alert, config.receivers).map((receiver) => ({ receiver, path: 'route', ...(rootGrouping ? { grouping: rootGrouping } : {}) }));
  const seen = new Set<string>();
  return [...walk(config.route, alert, 'route', {}), ...fromIndicator].filter((r) => !seen.has(r.receiver) && seen.add(r.receiver));
}

/** The receivers' names of routePlan, in order. */
export function routeAlert(routeOrConfig: Route | { route: Route; receivers?: Record<string, unknown> }, alert: Alert): string[] {
  return routePlan(routeOrConfig, alert).map((r) => r.receiver);
}

/** `indicator → receiver` pairs an indicator names but the config does not define: worth one warning at start. */
export function unconfiguredReceivers(
  indicators: ReadonlyArray<{ id: string; receivers: readonly string[] }>,
  receivers: Record<string, unknown>,
): Array<{ indicator: string; receiver: string }> {
  return indicators.flatMap((i) => i.receivers.filter((r) => !(r in receivers)).map((receiver) => ({ indicator: i.id, receiver })));
}
