import type { Alert } from '../alerts/alert.js';

export type AlertPlace = Alert['places'][number];

/** ACLED geo_precision: 1 = the town itself, 2 = a region around it, 3 = only the country or a larger region. */
export type GeoPrecision = 1 | 2 | 3;

/** What alerts and events (stories with an incident) both carry, and the exports read. */
export interface Located {
  places: readonly AlertPlace[];
  casualties: readonly { kind: string; count: number }[];
  story: Pick<Alert['story'], 'sources'>;
}

/**
 * A region-level reference: a place of kind `region` ("coastal West African
 * states", Liptako, Lake Chad, western Mali; in records stored before places
 * kept their kind, an id under `place/region/`). It says roughly where, not
 * where: never a map point, whatever coordinates the gazetteer gives it.
 */
export function isRegionLevel(place: Pick<AlertPlace, 'id' | 'placeKind'>): boolean {
  return place.placeKind === 'region' || place.id.startsWith('place/region/');
}

/** How precise a gazetteer place id is: `country/ml`, `place/region/liptako`, `place/ml/kayes-region`, `place/ml/sikasso`. */
export function geoPrecision(place: AlertPlace): GeoPrecision {
  if (place.id.startsWith('country/') || isRegionLevel(place)) return 3;
  if (/-region$|^place\/river\/|^region\//.test(place.id)) return 2;
  return 1;
}

/** The most precise place with coordinates, region-level references left out: the one a map pin or an ACLED row stands for. */
export function primaryPlace(alert: Pick<Located, 'places'>): (AlertPlace & { lat: number; lon: number }) | undefined {
  const located = alert.places.filter((p): p is AlertPlace & { lat: number; lon: number } => p.lat !== undefined && p.lon !== undefined && !isRegionLevel(p));
  return [...located].sort((a, b) => geoPrecision(a) - geoPrecision(b))[0];
}

/** Where a row or feature says the incident was. */
export interface RowPlace {
  place: AlertPlace;
  precision: GeoPrecision;
  /** Absent for a region-level reference: no point stands for a region. */
  point?: { lat: number; lon: number };
  /**
   * The place's own country: a region inside one country ("western Mali") has
   * it, one spanning several ("coastal states") has none, and the row then takes
   * only a country the text gives.
   */
  country?: string;
}

/**
 * The most precise located place, with its point; when the only place named is
 * region-level, that region with geo_precision 3 and no point.
 */
export function rowPlace(alert: Pick<Located, 'places'>): RowPlace | undefined {
  const located = primaryPlace(alert);
  if (located) {
    return { place: located, precision: geoPrecision(located), point: { lat: located.lat, lon: located.lon }, ...(located.country ? { country: located.country } : {}) };
  }
  const region = alert.places.find(isRegionLevel);
  return region ? { place: region, precision: 3, ...(region.country ? { country: region.country } : {}) } : undefined;
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
