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
  'vallee', 'pres', 'loin', 'near', 'hamlet', 'town', 'towns', 'community', 'locality', 'outskirts', 'valley', 'mine', 'mines', 'site', 'sites',
]);
// Short link words allowed between the cue and the name ("village de", "près de", "town of"), and the kind of
// commune ("commune rurale de Kokorou").
const LINKS = new WordSet(['de', 'du', 'des', 'd', 'of', 'the', 'rurale', 'urbaine', 'rural', 'urban']);
// After "près de" / "non loin de" the cue is two words; "pres"/"loin" alone are the cue words.
const LIST_LINKS = new WordSet(['et', 'and', 'ou', 'or']);
// A name in apposition before ", hameau" / ", village" is also a locality ("Yinyinrou, hameau du village de Guimbagou"),
// with an article too ("Solhan, a village in northern Burkina Faso", "Sobane, un village dogon").
const CUES_AFTER_COMMA = new WordSet(['hameau', 'village', 'hamlet', 'localite', 'commune']);
const APPOSITION_ARTICLES = new WordSet(['a', 'an', 'the', 'un', 'une', 'le', 'la']);
// An incident named with where it struck: "the raid on Ogossagou", "the attack at Zabarmari", "le massacre de Solhan".
const INCIDENT_NOUNS = new WordSet([
  'attack', 'attacks', 'raid', 'raids', 'massacre', 'massacres', 'ambush', 'killings', 'assault', 'bombing', 'bombings',
  'attaque', 'attaques', 'tuerie', 'tueries', 'embuscade', 'assaut', 'drame', 'attentat', 'attentats',
]);
const INCIDENT_LINKS = new WordSet(['on', 'in', 'at', 'of', 'de', 'd', 'du', 'contre', 'a', 'sur']);
// English puts the place before the noun: "in the Solhan massacre", "after the Chinagoder attack".
const NOUN_MODIFIER_BEFORE = new WordSet(['the', 'in', 'at', 'after', 'since', 'of', 'following']);
// "the attack on the Chinagoder military post": a named facility after an article.
const FACILITIES = new WordSet([
  'post', 'outpost', 'camp', 'base', 'garrison', 'barracks', 'military', 'army', 'advanced', 'forward', 'market', 'village', 'town', 'checkpoint',
]);
const ARTICLES_AFTER_LINK = new WordSet(['the', 'le', 'la', 'l']);
// A facility named by where it stands: "a military post at Indelimane", "the mosque in Tondibiah", "le camp de Mbera".
const FACILITY_NOUNS = new WordSet([
  'post', 'outpost', 'camp', 'base', 'garrison', 'barracks', 'checkpoint', 'market', 'mosque', 'church', 'school', 'hotel',
  'poste', 'garnison', 'caserne', 'marche', 'mosquee', 'eglise', 'ecole',
]);
const FACILITY_LINKS = new WordSet(['at', 'in', 'of', 'de', 'd', 'du']);
// Between the facility and its link: "le camp militaire de Nampala", "le poste mixte de Kafolo".
const FACILITY_ADJECTIVES = new WordSet(['military', 'army', 'militaire', 'mixte', 'avance', 'frontalier', 'frontiere']);
// English names the settlement before its noun: "in Kwashabe village", "the Fambita quarter", "the Boungou mine".
const SETTLEMENT_NOUNS_AFTER = new WordSet([
  'village', 'villages', 'hamlet', 'hamlets', 'settlement', 'quarter', 'neighbourhood', 'neighborhood', 'district', 'mine',
]);
// Where people were killed or attacked: "killed 134 herders in Ogossagou and Welingara", "tués à Solhan".
const VIOLENCE_VERBS = new WordSet([
  'killed', 'kill', 'kills', 'killing', 'attacked', 'attacking', 'massacred', 'slaughtered', 'struck', 'raided', 'stormed',
  'tue', 'tues', 'tuee', 'tuees', 'attaque', 'attaquee', 'attaques', 'attaquees', 'massacre', 'massacres', 'abattu', 'abattus', 'assassine', 'assassines', 'frappe',
]);
const LOCATIVES = new WordSet(['in', 'at', 'a']);
/** How far after such a verb its locative may come ("were killed the day before in Tchoma Bangou"). */
const VERB_LOCATIVE_WINDOW = 12;
/** A place name of a few words ("Tchoma Bangou", "Sobane Da"), not a phrase of capitals. */
const MAX_NAME_WORDS = 3;
// Peoples and groups written with a capital: "Fulani community", "village peul" are not places.
const NOT_PLACES = new WordSet([
  'fulani', 'peul', 'peuls', 'peulh', 'tuareg', 'touareg', 'touaregs', 'dogon', 'bambara', 'mossi', 'hausa', 'haoussa',
  'songhai', 'songhay', 'arab', 'arabe', 'zarma', 'djerma', 'gourmantche', 'koglweogo', 'dozo', 'dozos', 'christian',
  'muslim', 'government', 'state', 'federal', 'national', 'analysts', 'officials', 'sources', 'christmas', 'ramadan', 'tabaski',
  'operation', 'president', 'minister', 'general', 'colonel', 'captain', 'army', 'armee', 'police', 'gendarmerie',
]);

/** The capitalised, hyphen-joined name starting at token i ("Niasso-Sebé"), or undefined. */
function nameAt(tt: TokenizedText, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): [number, number] | undefined {
  const t = tt.tokens[i];
  if (!t || known[i] || !isCapitalised(tt.text, t) || stopwords.has(t.norm) || NOT_PLACES.has(t.norm) || t.norm.length < 3) return undefined;
  let end = i + 1;
  let words = 1;
  for (let next = tt.tokens[end]; next && !known[end] && next.sentence === t.sentence; next = tt.tokens[end]) {
    const gap = tt.text.slice((tt.tokens[end - 1] as Token).end, next.start);
    if (!isCapitalised(tt.text, next)) break;
    // "Niasso-Sebé" joins by its hyphen; "Tchoma Bangou" by a space, while the words are names too.
    if (gap === ' ') {
      if (words >= MAX_NAME_WORDS || stopwords.has(next.norm) || NOT_PLACES.has(next.norm) || next.norm.length < 2) break;
      words++;
    } else if (gap !== '-') break;
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

/** The name that ends right before token i, one space before it ("Kwashabe village"), not opening its sentence. */
function nameEndingAt(tt: TokenizedText, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): [number, number] | undefined {
  const t = tt.tokens[i] as Token;
  for (let start = i - 1; start >= Math.max(0, i - MAX_NAME_WORDS); start--) {
    const first = tt.tokens[start] as Token;
    const before = tt.tokens[start - 1];
    if (first.sentence !== t.sentence || !before || before.sentence !== t.sentence) return undefined;
    const span = nameAt(tt, start, known, stopwords);
    if (span && span[1] === i && tt.text.slice((tt.tokens[i - 1] as Token).end, t.start) === ' ' && !isCapitalised(tt.text, before)) return span;
  }
  return undefined;
}

/** The names listed after the one at `span`: ", Dessaguou and Dilassaguou", "et de Boungou". */
function addListAfter(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, span: [number, number] | undefined, known: Uint8Array, stopwords: ReadonlySet<string>): void {
  const { tokens } = tt;
  for (let current = span; current; ) {
    const sentence = (tokens[current[0]] as Token).sentence;
    const end = current[1];
    const comma = tokens[end] && tt.text.slice((tokens[end - 1] as Token).end, (tokens[end] as Token).start) === ', ';
    let next = comma ? end : LIST_LINKS.has(tokens[end]?.norm ?? '') ? end + 1 : -1;
    if (next < 0 || tokens[next]?.sentence !== sentence) return;
    if (comma && LIST_LINKS.has(tokens[next]?.norm ?? '')) next++;
    if (LINKS.has(tokens[next]?.norm ?? '') && tokens[next + 1]?.sentence === sentence) next++;
    current = nameAt(tt, next, known, stopwords);
    addPlace(tt, out, taken, current);
  }
}

/** After a cue word at i and its links: "hameau de Goroukambou", "entre les localités de Niasso-Sebé et Sossobé-Togoro". */
function addNamesAfterCue(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): void {
  const { tokens } = tt;
  const sentence = (tokens[i] as Token).sentence;
  let j = i + 1;
  while (j < tokens.length && j <= i + 3 && LINKS.has((tokens[j] as Token).norm) && (tokens[j] as Token).sentence === sentence) j++;
  // A cue closing its sentence ("… the Kassoumbé mine.") names nothing after it.
  if ((tokens[j] as Token | undefined)?.sentence !== sentence) return;
  const span = nameAt(tt, j, known, stopwords);
  addPlace(tt, out, taken, span);
  // "entre les localités de Niasso-Sebé et Sossobé-Togoro", "ses sites de Fada et de Boungou" (Fada listed), "the towns of A, B and C".
  addListAfter(tt, out, taken, span ?? knownNameAt(tt, j, known), known, stopwords);
}

/** The span of a name the gazetteer holds, starting at token i: a list may go on past it. */
function knownNameAt(tt: TokenizedText, i: number, known: Uint8Array): [number, number] | undefined {
  if (!known[i] || !isCapitalised(tt.text, tt.tokens[i] as Token)) return undefined;
  let end = i + 1;
  while (known[end] && tt.tokens[end]?.sentence === tt.tokens[i]?.sentence) end++;
  return [i, end];
}

/** A facility named by where it stands, after the facility noun at i: "a military post at X", "le camp militaire de X". */
function addFacilityPlace(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): void {
  const { tokens } = tt;
  const sentence = (tokens[i] as Token).sentence;
  let link = i + 1;
  if (FACILITY_ADJECTIVES.has(tokens[link]?.norm ?? '')) link++;
  if (!FACILITY_LINKS.has(tokens[link]?.norm ?? '') || tokens[link]?.sentence !== sentence || tokens[link + 1]?.sentence !== sentence) return;
  addPlace(tt, out, taken, nameAt(tt, link + 1, known, stopwords));
}

/** After an incident noun at i: "the raid on Ogossagou", "le massacre de Solhan", "the attack on the Chinagoder military post". */
function addIncidentPlace(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, i: number, known: Uint8Array, stopwords: ReadonlySet<string>): void {
  const { tokens } = tt;
  const t = tokens[i] as Token;
  const link = tokens[i + 1];
  if (link?.sentence !== t.sentence || !INCIDENT_LINKS.has(link.norm) || tokens[i + 2]?.sentence !== t.sentence) return;
  addPlace(tt, out, taken, nameAt(tt, i + 2, known, stopwords));
  if (!ARTICLES_AFTER_LINK.has((tokens[i + 2] as Token).norm)) return;
  const span = nameAt(tt, i + 3, known, stopwords);
  if (span && tokens[span[1]]?.sentence === t.sentence && FACILITIES.has(tokens[span[1]]?.norm ?? '')) addPlace(tt, out, taken, span);
}

/** "killed 134 herders in Ogossagou and Welingara", "killing 70 in Tchoma Bangou and 30 in Zaroumadareye", "tués à Solhan". */
function addLocativesAfter(tt: TokenizedText, out: UnlistedPlace[], taken: Set<number>, verb: number, known: Uint8Array, stopwords: ReadonlySet<string>): void {
  const { tokens } = tt;
  const sentence = (tokens[verb] as Token).sentence;
  for (let j = verb + 1; j <= verb + VERB_LOCATIVE_WINDOW && j + 1 < tokens.length; j++) {
    const link = tokens[j] as Token;
    if (link.sentence !== sentence) return;
    // French "à", not the English article "a".
    if (!LOCATIVES.has(link.norm) || (link.norm === 'a' && tt.text.slice(link.start, link.end) === 'a')) continue;
    if (tokens[j + 1]?.sentence !== sentence) return;
    const span = nameAt(tt, j + 1, known, stopwords);
    addPlace(tt, out, taken, span);
    addListAfter(tt, out, taken, span, known, stopwords);
    if (span) j = span[1];
  }
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
    if (CUES_BEFORE.has(t.norm) && !isCapitalised(tt.text, t)) addNamesAfterCue(tt, out, taken, i, known, stopwords);
    const prev = tokens[i - 1];
    const sentenceInitial = !prev || prev.sentence !== t.sentence;
    // "Massacre d'Ogassagou : …" opens a title.
    if (sentenceInitial && INCIDENT_NOUNS.has(t.norm)) addIncidentPlace(tt, out, taken, i, known, stopwords);
    if (!prev || sentenceInitial || isCapitalised(tt.text, t)) continue;
    if (VIOLENCE_VERBS.has(t.norm)) addLocativesAfter(tt, out, taken, i, known, stopwords);
    if (SETTLEMENT_NOUNS_AFTER.has(t.norm)) addPlace(tt, out, taken, nameEndingAt(tt, i, known, stopwords));
    if (FACILITY_NOUNS.has(t.norm)) addFacilityPlace(tt, out, taken, i, known, stopwords);
    if (CUES_AFTER_COMMA.has(t.norm)) {
      if (tt.text.slice(prev.end, t.start) === ', ') addPlace(tt, out, taken, nameAt(tt, i - 1, known, stopwords));
      const beforeArticle = tokens[i - 2];
      if (APPOSITION_ARTICLES.has(prev.norm) && beforeArticle?.sentence === t.sentence && tt.text.slice(beforeArticle.end, prev.start) === ', ') {
        addPlace(tt, out, taken, nameAt(tt, i - 2, known, stopwords));
      }
    }
    if (INCIDENT_NOUNS.has(t.norm)) {
      addIncidentPlace(tt, out, taken, i, known, stopwords);
      const name = nameEndingAt(tt, i, known, stopwords);
      if (name && NOUN_MODIFIER_BEFORE.has(tokens[name[0] - 1]?.norm ?? '')) addPlace(tt, out, taken, name);
    }
    // "the Pridang general area"
    if (t.norm === 'area' && prev.norm === 'general' && i > 1 && (tokens[i - 2] as Token).sentence === t.sentence) addPlace(tt, out, taken, nameAt(tt, i - 2, known, stopwords));
  }
  return out;
}
