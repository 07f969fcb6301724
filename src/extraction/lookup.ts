import { defaultGazetteer, type Gazetteer, type GazetteerEntry } from './gazetteer.js';
import { foldPhrase } from './text.js';

export type EntryKind = GazetteerEntry['kind'];

/** What eval and other stages need to know about a gazetteer entry. */
export interface EntrySummary {
  id: string;
  kind: EntryKind;
  name: string;
  placeKind?: string;
  country?: string;
  lat?: number;
  lon?: number;
  role?: string;
  /** A concept rather than a point ("coastal states", "western Mali"). */
  abstract?: boolean;
}

function summary(e: GazetteerEntry): EntrySummary {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    ...(e.placeKind ? { placeKind: e.placeKind } : {}),
    ...((e.placeKind === 'country' ? e.iso2 : e.country) ? { country: e.placeKind === 'country' ? e.iso2 : e.country } : {}),
    ...(e.lat !== undefined ? { lat: e.lat } : {}),
    ...(e.lon !== undefined ? { lon: e.lon } : {}),
    ...(e.role ? { role: e.role } : {}),
    ...(e.abstract ? { abstract: true } : {}),
  };
}

/**
 * The entry a name refers to, through every alias ("Parc W" and "W National Park"
 * give the same park). Homonyms: curated before GeoNames, then priority. Demonyms
 * ("Senegalese") do not resolve: they are not names of the country.
 */
export function resolveNameIn(gz: Gazetteer, name: string, kind?: EntryKind): EntrySummary | undefined {
  const surfaces = gz.phrases.get(foldPhrase(name)) ?? [];
  const candidates = surfaces.filter((s) => s.form === 'name' && (!kind || s.entry.kind === kind));
  candidates.sort(
    (a, b) => Number(b.entry.source === 'curated') - Number(a.entry.source === 'curated') || b.entry.priority - a.entry.priority,
  );
  const best = candidates[0];
  return best ? summary(best.entry) : undefined;
}

export function resolveName(name: string, kind?: EntryKind): EntrySummary | undefined {
  return resolveNameIn(defaultGazetteer(), name, kind);
}

export function getEntry(id: string): EntrySummary | undefined {
  const e = defaultGazetteer().byId.get(id);
  return e ? summary(e) : undefined;
}
