import type { Alert } from '../alerts/alert.js';

export type AlertPlace = Alert['places'][number];

/** ACLED geo_precision: 1 = the town itself, 2 = a region around it, 3 = only the country. */
export type GeoPrecision = 1 | 2 | 3;

/** What alerts and events (stories with an incident) both carry, and the exports read. */
export interface Located {
  places: readonly AlertPlace[];
  casualties: readonly { kind: string; count: number }[];
  story: Pick<Alert['story'], 'sources'>;
}

/** How precise a gazetteer place id is: `country/ml`, `place/ml/kayes-region`, `place/ml/sikasso`. */
export function geoPrecision(place: AlertPlace): GeoPrecision {
  if (place.id.startsWith('country/')) return 3;
  if (/-region$|^place\/river\/|^region\//.test(place.id)) return 2;
  return 1;
}

/** The most precise place with coordinates: the one a map pin or an ACLED row stands for. */
export function primaryPlace(alert: Pick<Located, 'places'>): (AlertPlace & { lat: number; lon: number }) | undefined {
  const located = alert.places.filter((p): p is AlertPlace & { lat: number; lon: number } => p.lat !== undefined && p.lon !== undefined);
  return [...located].sort((a, b) => geoPrecision(a) - geoPrecision(b))[0];
}

/** Highest reported death toll (sources disagree; analysts record the highest credible one). */
export function fatalities(alert: Pick<Located, 'casualties'>): number {
  return alert.casualties.filter((c) => c.kind === 'killed').reduce((max, c) => Math.max(max, c.count), 0);
}

/** The newest source: the article a reader should open. */
export function latestSource(alert: Pick<Located, 'story'>): Alert['story']['sources'][number] | undefined {
  return [...alert.story.sources].sort((a, b) => b.published.localeCompare(a.published))[0];
}

export { safeHttpUrl } from '../core/urls.js';

export function roundCoord(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function outletNames(alert: Pick<Located, 'story'>): string[] {
  return [...new Set(alert.story.sources.map((s) => s.outlet))];
}
