/**
 * One place under several spellings. Outlets transliterate Sahel village names
 * as they hear them ("Chinégodar", "Chinagodrar", "Chinagoder"; "Ogossagou",
 * "Ogassagou"; "Tchombangou", "Tchoma Bangou"), and a name the gazetteer does
 * not list is kept under the outlet's spelling (`place/unlisted/…`). Two place
 * ids are one place when they are equal, or when at least one is unlisted and
 * their consonant skeletons agree, or differ by one consonant heard or not
 * ("Bakaram" / "Barkaram"). Two gazetteer places are never merged this way: the
 * gazetteer has already told them apart.
 */

const UNLISTED = 'place/unlisted/';
/** Shorter skeletons ("Kaya" → "ky") would join unrelated villages. */
const MIN_SKELETON = 3;
const MIN_LETTERS = 5;

/**
 * The name's first letter and its consonants, with the spellings of one sound
 * made one ("tch"/"ch"/"sh", "dj"/"j"), vowels, h, w and y dropped, and doubled
 * letters single: "chinegodar", "chinagodrar" and "chinagoder" are all "cngdr".
 */
export function nameSkeleton(slug: string): string {
  const letters = slug
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/t?[cs]h/g, 'c')
    .replace(/dj/g, 'j')
    .replace(/ph/g, 'f')
    .replace(/q/g, 'k');
  if (letters.length < MIN_LETTERS) return '';
  const skeleton = (letters[0] + letters.slice(1).replace(/[aeiouyhw]/g, '')).replace(/(.)\1+/g, '$1');
  return skeleton.length >= MIN_SKELETON ? skeleton : '';
}

/** The last segment of a place id: its folded name ("place/ne/chinegodar" → "chinegodar"). */
const slugOf = (id: string) => id.slice(id.lastIndexOf('/') + 1);

export const isUnlisted = (id: string) => id.startsWith(UNLISTED);

/** The key a place is indexed under for spelling variants, or undefined when its name is too short to compare. */
export function placeVariantKey(id: string): string | undefined {
  const skeleton = nameSkeleton(slugOf(id));
  return skeleton ? `~${skeleton}` : undefined;
}

/** One place: the same id, or an unlisted name spelt as a variant of the other. */
export function samePlace(a: string, b: string): boolean {
  if (a === b) return true;
  if (!isUnlisted(a) && !isUnlisted(b)) return false;
  const ka = nameSkeleton(slugOf(a));
  const kb = nameSkeleton(slugOf(b));
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  // One consonant heard or not ("Bakaram" / "Barkaram"): the longer skeleton less one letter after the first.
  const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
  return short.length >= MIN_DROPPED_SKELETON && long.length === short.length + 1 && droppedOne(long).includes(short);
}

/** Skeletons this short are too common to match with a letter dropped. */
const MIN_DROPPED_SKELETON = 4;

/** The skeleton with each letter after the first dropped in turn. */
function droppedOne(skeleton: string): string[] {
  const out: string[] = [];
  for (let k = 1; k < skeleton.length; k++) out.push(skeleton.slice(0, k) + skeleton.slice(k + 1));
  return out;
}

/** How many of `a`'s places are among `b`'s, spelling variants included. */
export function commonPlaces(a: readonly string[], b: readonly string[]): number {
  return a.filter((x) => b.some((y) => samePlace(x, y))).length;
}

/** Each place's id and, when it has one, its variant key: what a place is indexed and looked up by. */
export function placeIndexKeys(places: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const place of places) {
    keys.add(place);
    const variant = placeVariantKey(place);
    if (!variant) continue;
    keys.add(variant);
    // A spelling one consonant shorter is indexed under what this one reads with a letter dropped.
    const skeleton = variant.slice(1);
    if (skeleton.length > MIN_DROPPED_SKELETON) for (const dropped of droppedOne(skeleton)) keys.add(`~${dropped}`);
  }
  return [...keys];
}
