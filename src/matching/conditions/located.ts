import type { Evidence, PlaceMention } from '../../extraction/extraction.js';
import type { DocContext } from '../doc.js';
import { inScope, type Scope } from './condition.js';

/** Place kinds finer than a country or a first-level region: naming one plainly says where. */
const LOCATING_KINDS = new Set<string>(['admin2', 'town', 'protected-area', 'corridor', 'river', 'other']);

/**
 * A place's evidence inside a sentence window, without the mentions that name it
 * only as an origin, a destination or far away when the window names a town
 * plainly: "torched near Kadiana ... traffic towards Kayes" happened near Kadiana.
 * With no plain town in the window the mention stays ("tankers heading for Kayes
 * were torched" is still about the Kayes road). Outside a window, every mention counts.
 */
export function locatedEvidence(doc: DocContext, place: PlaceMention, scope: Scope | undefined): Evidence[] {
  const inside = place.evidence.filter((e) => inScope(e, scope));
  const elsewhere = place.elsewhere;
  if (!scope || !elsewhere) return inside;
  const plain = inside.filter((e) => !elsewhere.includes(e.start));
  if (plain.length > 0 || inside.length === 0) return plain;
  // Only "elsewhere" mentions here: they stand unless a town is named plainly beside them.
  return namesATownPlainly(doc, scope) ? [] : inside;
}

function namesATownPlainly(doc: DocContext, scope: Scope): boolean {
  return doc.extraction.places.some((p) => LOCATING_KINDS.has(p.placeKind) && plainEvidence(p, scope).length > 0);
}

/** A place's evidence inside a window where it is named plainly, not as an origin, a destination or far away. */
export function plainEvidence(place: PlaceMention, scope: Scope | undefined): Evidence[] {
  return place.evidence.filter((e) => inScope(e, scope) && !place.elsewhere?.includes(e.start));
}
