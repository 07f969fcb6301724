import type { Alert } from '../alerts/alert.js';
import { primaryPlace } from '../exports/alert-facts.js';
import type { ConsoleContext } from './deps.js';
import type { NearbyAlert, NearbyEvent } from '../record/nearby.js';

export interface EarlierNearby {
  /** The alert's most precise located place, the centre of the search; null when it names none. */
  place: { name: string; lat: number; lon: number } | null;
  radiusKm: number;
  /** Only what was first reported before the alert's story. */
  before: string;
  alerts: NearbyAlert[];
  events: NearbyEvent[];
  /** Why the lists are empty without looking: no record, or no located place. */
  unavailable?: string;
}

/**
 * Earlier alerts and events around the alert's place (its most precise
 * located place: a town or a park, never a country or a region-level
 * reference), first reported before the alert's own story, from the record.
 */
export async function earlierNearAlert(ctx: ConsoleContext, alert: Alert, radiusKm: number, limit: number): Promise<EarlierNearby> {
  const located = primaryPlace(alert);
  const before = alert.story.firstReport;
  const place = located ? { name: located.name, lat: located.lat, lon: located.lon } : null;
  const empty = { place, radiusKm, before, alerts: [], events: [] };
  if (!ctx.record) return { ...empty, unavailable: 'earlier alerts and events are read from the record, and this process keeps none (database.enabled is false)' };
  if (!place) return { ...empty, unavailable: 'the alert names no located place (only countries or region-level references)' };
  const found = await ctx.record.earlierNear({ lat: place.lat, lon: place.lon, radiusKm, before, excludeStory: alert.story.id, limit });
  return { ...empty, ...found };
}
