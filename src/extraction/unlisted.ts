import { isCapitalised, type Token, type TokenizedText } from './text.js';
import { WordSet } from './word-set.js';

/** A capitalised name that the gazetteer does not know, read as a place from the words before it. */
export interface UnlistedPlace {
  name: string;
  startTok: number;
  endTok: number;
}

// Folded words after which a capitalised unknown name is a locality in this
// reporting: "hameau de Goroukambou", "arrondissement de Toura", "near Ilara",
// "the Pridang general area".
const CUES_BEFORE = new WordSet([
  'hameau', 'hameaux', 'village', 'villages', 'localite', 'localites', 'arrondissement', 'commune', 'quartier', 'cercle',
  'vallee', 'pres', 'loin', 'near', 'hamlet', 'town', 'community', 'locality', 'outskirts', 'valley',
]);
// Short link words allowed between the cue and the name ("village de", "près de", "town of").
const LINKS = new WordSet(['de', 'du', 'des', 'd', 'of', 'the']);
// After "près de" / "non loin de" the cue is two words; "pres"/"loin" alone are the cue words.
const LIST_LINKS = new WordSet(['et', 'and', 'ou', 'or']);
// A name in apposition before ", hameau" / ", village" is also a locality ("Yinyinrou, hameau du village de Guimbagou"),
// with an article too ("Solhan, a village in northern Burkina Faso", "Sobane, un village dogon").
const CUES_AFTER_COMMA = new WordSet(['hameau', 'village', 'hamlet', 'localite', 'commune']);
const APPOSITION_ARTICLES = new WordSet(['a', 'an', 'the', 'un', 'une', 'le', 'la']);
// An incident named with where it struck: "the raid on Ogossagou", "the attack at Zabarmari", "le massacre de Solhan".
const INCIDENT_NOUNS = new WordSet([
  'attack', 'attacks', 'raid', 'raids', 'massacre', 'massacres', 'ambush', 'killings', 'assault',
  'attaque', 'attaques', 'tuerie', 'tueries', 'embuscade', 'assaut', 'drame',
]);
const INCIDENT_LINKS = new WordSet(['on', 'in', 'at', 'of', 'de', 'd', 'du', 'contre', 'a', 'sur']);
// Peoples and groups written with a capital: "Fulani community", "village peul" are not places.
const NOT_PLACES = new WordSet([
  'fulani', 'peul', 'peuls', 'peulh', 'tuareg', 'touareg', 'touaregs', 'dogon', 'bambara', 'mossi', 'hausa', 'haoussa',
  'songhai', 'songhay', 'arab', 'arabe', 'zarma', 'djerma', 'gourmantche', 'koglweogo', 'dozo', 'dozos', 'christian',
  'muslim', 'government', 'state', 'federal', 'national', 'analysts', 'officials', 'sources',
]);

/** The capitalised, hyphen-joined name starting at token i ("Niasso-Sebé"), or undefined. */
function nameAt(tt: TokenizedText, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): [number, number] | undefined {
  const t = tt.tokens[i];
  if (!t || known[i] || !isCapitalised(tt.text, t) || stopwords.has(t.norm) || NOT_PLACES.has(t.norm) || t.norm.length < 3) return undefined;
  let end = i + 1;
  for (let next = tt.tokens[end]; next && !known[end] && next.sentence === t.sentence; next = tt.tokens[end]) {
    const gap = tt.text.slice((tt.tokens[end - 1] as Token).end, next.start);
    if (gap !== '-' || !isCapitalised(tt.text, next)) break;
    end++;
  }
  return [i, end];
}

/** Adds the name at `span` once per start token. */
function addPlace(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, span: [number, number] | undefined): void {
  if (!span || taken.has(span[0])) return;
  taken.add(span[0]);
  const first = tt.tokens[span[0]] as Token;
  const last = tt.tokens[span[1] - 1] as Token;
  out.push({ name: tt.text.slice(first.start, last.end), startTok: span[0], endTok: span[1] });
}

/**
 * Localities the gazetteer does not list, found from the words around them.
 * `known` marks tokens already inside a gazetteer match; `stopwords` are
 * capitalised words that are never places (months, days, function words).
 */
export function findUnlistedPlaces(tt: TokenizedText, known: Uint8Array, stopwords: ReadonlySet<string>): UnlistedPlace[] {
  const out: UnlistedPlace[] = [];
  const taken = new Set<number>();
  const { tokens } = tt;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (CUES_BEFORE.has(t.norm) && !isCapitalised(tt.text, t)) {
      let j = i + 1;
      while (j < tokens.length && j <= i + 3 && LINKS.has((tokens[j] as Token).norm) && (tokens[j] as Token).sentence === t.sentence) j++;
      if ((tokens[j] as Token | undefined)?.sentence !== t.sentence) continue;
      const span = nameAt(tt, j, known, stopwords);
      addPlace(tt, out, taken, span);
      // "entre les localités de Niasso-Sebé et Sossobé-Togoro"
      if (span && LIST_LINKS.has(tokens[span[1]]?.norm ?? '')) addPlace(tt, out, taken, nameAt(tt, span[1] + 1, known, stopwords));
    }
    const prev = tokens[i - 1];
    if (!prev || prev.sentence !== t.sentence || isCapitalised(tt.text, t)) continue;
    if (CUES_AFTER_COMMA.has(t.norm)) {
      if (tt.text.slice(prev.end, t.start) === ', ') addPlace(tt, out, taken, nameAt(tt, i - 1, known, stopwords));
      const beforeArticle = tokens[i - 2];
      if (APPOSITION_ARTICLES.has(prev.norm) && beforeArticle?.sentence === t.sentence && tt.text.slice(beforeArticle.end, prev.start) === ', ') {
        addPlace(tt, out, taken, nameAt(tt, i - 2, known, stopwords));
      }
    }
    if (INCIDENT_NOUNS.has(t.norm)) {
      const link = tokens[i + 1];
      if (link?.sentence === t.sentence && INCIDENT_LINKS.has(link.norm) && tokens[i + 2]?.sentence === t.sentence) addPlace(tt, out, taken, nameAt(tt, i + 2, known, stopwords));
    }
    // "the Pridang general area"
    if (t.norm === 'area' && prev.norm === 'general' && i > 1 && (tokens[i - 2] as Token).sentence === t.sentence) addPlace(tt, out, taken, nameAt(tt, i - 2, known, stopwords));
  }
  return out;
}
