import type { Alert } from '../alerts/alert.js';
import type { Route } from './config.js';
import { matchesAlert } from '../alerts/matcher.js';

/** Alertmanager's walk: children in order, stop at the first match unless it says `continue`. */
function walk(route: Route, alert: Alert): string[] {
  const found: string[] = [];
  let childMatched = false;
  for (const child of route.routes) {
    if (!matchesAlert(child.match, alert)) continue;
    childMatched = true;
    found.push(...walk(child, alert));
    if (!child.continue) break;
  }
  return childMatched ? found : [...route.receivers];
}

/**
 * Receivers for an alert: the routing tree (root = default route, matches
 * everything) plus the receivers the indicator itself names. Deduplicated, in order.
 * Given the whole config, an indicator's receiver that this deployment has not
 * configured is left out (see unconfiguredReceivers), rather than dead-lettered.
 */
export function routeAlert(routeOrConfig: Route | { route: Route; receivers?: Record<string, unknown> }, alert: Alert): string[] {
  const root = 'route' in routeOrConfig ? routeOrConfig.route : routeOrConfig;
  const known = 'route' in routeOrConfig ? routeOrConfig.receivers : undefined;
  const own = known ? alert.receivers.filter((name) => name in known) : alert.receivers;
  return [...new Set([...walk(root, alert), ...own])];
}

/** `indicator → receiver` pairs an indicator names but the config does not define: worth one warning at start. */
export function unconfiguredReceivers(
  indicators: ReadonlyArray<{ id: string; receivers: readonly string[] }>,
  receivers: Record<string, unknown>,
): Array<{ indicator: string; receiver: string }> {
  return indicators.flatMap((i) => i.receivers.filter((r) => !(r in receivers)).map((receiver) => ({ indicator: i.id, receiver })));
}
