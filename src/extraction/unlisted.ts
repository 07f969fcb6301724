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
// "the attack on the Chinagoder military post": a military facility, or the settlement itself, right after the name.
const FACILITY_AFTER_NAME = new WordSet([
  'post', 'outpost', 'camp', 'base', 'garrison', 'barracks', 'military', 'army', 'advanced', 'forward', 'market', 'village', 'town', 'checkpoint',
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

type Span = [number, number];

/**
 * One pass over a text's tokens, collecting the localities it names. `known`
 * marks tokens inside a gazetteer match; `stopwords` are capitalised words that
 * are never places. Each name is added once per start token.
 */
class UnlistedFinder {
  readonly out: UnlistedPlace[] = [];
  private readonly taken = new Set<number>();
  private readonly tokens: readonly Token[];

  constructor(
    private readonly tt: TokenizedText,
    private readonly known: Uint8Array,
    private readonly stopwords: ReadonlySet<string>,
  ) {
    this.tokens = tt.tokens;
  }

  private norm(i: number): string {
    return this.tokens[i]?.norm ?? '';
  }

  private sameSentence(i: number, sentence: number): boolean {
    return this.tokens[i]?.sentence === sentence;
  }

  /** The capitalised, hyphen-joined name starting at token i ("Niasso-Sebé"), or undefined. */
  nameAt(i: number): Span | undefined {
    const { tt, known, stopwords } = this;
    const t = this.tokens[i];
    if (!t || known[i] || !isCapitalised(tt.text, t) || stopwords.has(t.norm) || NOT_PLACES.has(t.norm) || t.norm.length < 3) return undefined;
    let end = i + 1;
    let words = 1;
    for (let next = this.tokens[end]; next && !known[end] && next.sentence === t.sentence; next = this.tokens[end]) {
      const gap = tt.text.slice((this.tokens[end - 1] as Token).end, next.start);
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

  add(span: Span | undefined): void {
    if (!span || this.taken.has(span[0])) return;
    this.taken.add(span[0]);
    const first = this.tokens[span[0]] as Token;
    const last = this.tokens[span[1] - 1] as Token;
    this.out.push({ name: this.tt.text.slice(first.start, last.end), startTok: span[0], endTok: span[1] });
  }

  /** The name that ends right before token i, one space before it ("Kwashabe village"), not opening its sentence. */
  nameEndingAt(i: number): Span | undefined {
    const { tt } = this;
    const t = this.tokens[i] as Token;
    for (let start = i - 1; start >= Math.max(0, i - MAX_NAME_WORDS); start--) {
      const before = this.tokens[start - 1];
      if (!this.sameSentence(start, t.sentence) || !before || before.sentence !== t.sentence) return undefined;
      const span = this.nameAt(start);
      if (span && span[1] === i && tt.text.slice((this.tokens[i - 1] as Token).end, t.start) === ' ' && !isCapitalised(tt.text, before)) return span;
    }
    return undefined;
  }

  /** The span of a name the gazetteer holds, starting at token i: a list may go on past it. */
  private knownNameAt(i: number): Span | undefined {
    if (!this.known[i] || !isCapitalised(this.tt.text, this.tokens[i] as Token)) return undefined;
    let end = i + 1;
    while (this.known[end] && this.sameSentence(end, (this.tokens[i] as Token).sentence)) end++;
    return [i, end];
  }

  /** The names listed after the one at `span`: ", Dessaguou and Dilassaguou", "et de Boungou". */
  addListAfter(span: Span | undefined): void {
    for (let current = span; current; ) {
      const sentence = (this.tokens[current[0]] as Token).sentence;
      const end = current[1];
      const comma = this.tokens[end] !== undefined && this.tt.text.slice((this.tokens[end - 1] as Token).end, (this.tokens[end] as Token).start) === ', ';
      let next = comma ? end : LIST_LINKS.has(this.norm(end)) ? end + 1 : -1;
      if (next < 0 || !this.sameSentence(next, sentence)) return;
      if (comma && LIST_LINKS.has(this.norm(next))) next++;
      if (LINKS.has(this.norm(next)) && this.sameSentence(next + 1, sentence)) next++;
      current = this.nameAt(next);
      this.add(current);
    }
  }

  /** After a cue word at i and its links: "hameau de Goroukambou", "entre les localités de Niasso-Sebé et Sossobé-Togoro". */
  addNamesAfterCue(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    let j = i + 1;
    while (j <= i + 3 && LINKS.has(this.norm(j)) && this.sameSentence(j, sentence)) j++;
    // A cue closing its sentence ("… the Kassoumbé mine.") names nothing after it.
    if (!this.sameSentence(j, sentence)) return;
    const span = this.nameAt(j);
    this.add(span);
    // "ses sites de Fada et de Boungou" (Fada listed), "the towns of A, B and C".
    this.addListAfter(span ?? this.knownNameAt(j));
  }

  /** A facility named by where it stands, after the facility noun at i: "a military post at X", "le camp militaire de X". */
  addFacilityPlace(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    let link = i + 1;
    if (FACILITY_ADJECTIVES.has(this.norm(link))) link++;
    if (!FACILITY_LINKS.has(this.norm(link)) || !this.sameSentence(link, sentence) || !this.sameSentence(link + 1, sentence)) return;
    this.add(this.nameAt(link + 1));
  }

  /** After an incident noun at i: "the raid on Ogossagou", "le massacre de Solhan", "the attack on the Chinagoder military post". */
  addIncidentPlace(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    if (!this.sameSentence(i + 1, sentence) || !INCIDENT_LINKS.has(this.norm(i + 1)) || !this.sameSentence(i + 2, sentence)) return;
    this.add(this.nameAt(i + 2));
    if (!ARTICLES_AFTER_LINK.has(this.norm(i + 2))) return;
    const span = this.nameAt(i + 3);
    if (span && this.sameSentence(span[1], sentence) && FACILITY_AFTER_NAME.has(this.norm(span[1]))) this.add(span);
  }

  /** "killed 134 herders in Ogossagou and Welingara", "killing 70 in Tchoma Bangou and 30 in Zaroumadareye", "tués à Solhan". */
  addLocativesAfter(verb: number): void {
    const sentence = (this.tokens[verb] as Token).sentence;
    for (let j = verb + 1; j <= verb + VERB_LOCATIVE_WINDOW && j + 1 < this.tokens.length; j++) {
      const link = this.tokens[j] as Token;
      if (link.sentence !== sentence) return;
      // French "à", not the English article "a".
      if (!LOCATIVES.has(link.norm) || (link.norm === 'a' && this.tt.text.slice(link.start, link.end) === 'a')) continue;
      if (!this.sameSentence(j + 1, sentence)) return;
      const span = this.nameAt(j + 1);
      this.add(span);
      this.addListAfter(span);
      if (span) j = span[1];
    }
  }
}

/**
 * Localities the gazetteer does not list, found from the words around them.
 * `known` marks tokens already inside a gazetteer match; `stopwords` are
 * capitalised words that are never places (months, days, function words).
 */
export function findUnlistedPlaces(tt: TokenizedText, known: Uint8Array, stopwords: ReadonlySet<string>): UnlistedPlace[] {
  const find = new UnlistedFinder(tt, known, stopwords);
  const { tokens } = tt;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (CUES_BEFORE.has(t.norm) && !isCapitalised(tt.text, t)) find.addNamesAfterCue(i);
    const prev = tokens[i - 1];
    const sentenceInitial = !prev || prev.sentence !== t.sentence;
    // "Massacre d'Ogassagou : …" opens a title.
    if (sentenceInitial && INCIDENT_NOUNS.has(t.norm)) find.addIncidentPlace(i);
    if (!prev || sentenceInitial || isCapitalised(tt.text, t)) continue;
    if (VIOLENCE_VERBS.has(t.norm)) find.addLocativesAfter(i);
    if (SETTLEMENT_NOUNS_AFTER.has(t.norm)) find.add(find.nameEndingAt(i));
    if (FACILITY_NOUNS.has(t.norm)) find.addFacilityPlace(i);
    if (CUES_AFTER_COMMA.has(t.norm)) {
      if (tt.text.slice(prev.end, t.start) === ', ') find.add(find.nameAt(i - 1));
      const beforeArticle = tokens[i - 2];
      if (APPOSITION_ARTICLES.has(prev.norm) && beforeArticle?.sentence === t.sentence && tt.text.slice(beforeArticle.end, prev.start) === ', ') {
        find.add(find.nameAt(i - 2));
      }
    }
    if (INCIDENT_NOUNS.has(t.norm)) {
      find.addIncidentPlace(i);
      const name = find.nameEndingAt(i);
      if (name && NOUN_MODIFIER_BEFORE.has(tokens[name[0] - 1]?.norm ?? '')) find.add(name);
    }
    // "the Pridang general area"
    if (t.norm === 'area' && prev.norm === 'general' && i > 1 && (tokens[i - 2] as Token).sentence === t.sentence) find.add(find.nameAt(i - 2));
  }
  return find.out;
}
