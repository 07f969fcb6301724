import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { type CueFile, foldedWords, loadCueFile } from './cue-words.js';
import { foldPhrase, isCapitalised, type Token, type TokenizedText, writtenInCapitals } from './text.js';
import { WordMap, WordSet } from './word-set.js';

/** A capitalised name that the gazetteer does not know, read as a place from the words before it. */
export interface UnlistedPlace {
  name: string;
  startTok: number;
  endTok: number;
}

const UNLISTED_FILE = packagePath('data', 'gazetteer', 'unlisted.yaml');

// Each entry one word: the finder looks words up one token at a time.
const OneWord = z.string().refine((word) => /^\S+$/.test(foldPhrase(word)), 'one word per entry (an apostrophe splits a word: write "d" for "d\'")');
const WordLists = z.strictObject({ en: z.array(OneWord).default([]), fr: z.array(OneWord).default([]) });
const WordListsOptional = WordLists.default({ en: [], fr: [] });

/** data/gazetteer/unlisted.yaml: the words around a name that make it a locality (its header says what each list does). */
const UnlistedCuesSchema = z.strictObject({
  verb_locative_window: z.number().int().positive(),
  max_name_words: z.number().int().positive(),
  cues_before: WordLists,
  directions: WordListsOptional,
  links: WordListsOptional,
  list_links: WordListsOptional,
  cues_after_comma: WordListsOptional,
  apposition_articles: WordListsOptional,
  incident_nouns: WordListsOptional,
  incident_links: WordListsOptional,
  noun_modifier_before: WordListsOptional,
  articles_after_link: WordListsOptional,
  facility_nouns: WordListsOptional,
  facility_links: WordListsOptional,
  facility_adjectives: WordListsOptional,
  facility_qualifiers: WordListsOptional,
  settlement_nouns_after: WordListsOptional,
  proper_nouns_after: WordListsOptional,
  institution_names: WordListsOptional,
  facility_after_name: WordListsOptional,
  violence_verbs: WordListsOptional,
  locatives: WordListsOptional,
  opening_locatives: WordListsOptional,
  not_places: WordListsOptional,
  cue_holders: WordListsOptional,
});
type UnlistedCueFile = z.infer<typeof UnlistedCuesSchema>;
/** For `sahelwatch check`. */
export const UNLISTED_CUES: CueFile = { file: UNLISTED_FILE, schema: UnlistedCuesSchema };
/** The words the finder stops at, as bits: one lookup per token turns most words away (see findUnlistedPlaces). */
const TRIGGER = {
  cueBefore: 1,
  institution: 2,
  direction: 4,
  incident: 8,
  violence: 16,
  settlementAfter: 32,
  facility: 64,
  afterComma: 128,
  properNounAfter: 256,
  openingLocative: 512,
} as const;

/** The cue file's lists as folded word sets (both languages in one: the lists are short and rarely ambiguous). */
export interface UnlistedCues {
  readonly verbLocativeWindow: number;
  readonly maxNameWords: number;
  /** Each trigger word with the TRIGGER bits of the lists it is on. */
  readonly triggers: WordMap<number>;
  readonly links: WordSet;
  readonly listLinks: WordSet;
  readonly appositionArticles: WordSet;
  readonly incidentLinks: WordSet;
  readonly nounModifierBefore: WordSet;
  readonly articlesAfterLink: WordSet;
  readonly facilityLinks: WordSet;
  readonly facilityAdjectives: WordSet;
  readonly facilityQualifiers: WordSet;
  readonly facilityAfterName: WordSet;
  readonly locatives: WordSet;
  readonly notPlaces: WordSet;
  readonly cueHolders: WordSet;
}

type Lists = UnlistedCueFile['links'];

function triggerWords(file: UnlistedCueFile): WordMap<number> {
  const bits = new Map<string, number>();
  const mark = (lists: Lists, bit: number) => {
    for (const word of foldedWords(lists)) bits.set(word, (bits.get(word) ?? 0) | bit);
  };
  mark(file.cues_before, TRIGGER.cueBefore);
  mark(file.institution_names, TRIGGER.institution);
  mark(file.directions, TRIGGER.direction);
  mark(file.incident_nouns, TRIGGER.incident);
  mark(file.violence_verbs, TRIGGER.violence);
  mark(file.settlement_nouns_after, TRIGGER.settlementAfter);
  mark(file.facility_nouns, TRIGGER.facility);
  mark(file.cues_after_comma, TRIGGER.afterComma);
  mark(file.proper_nouns_after, TRIGGER.properNounAfter);
  mark(file.opening_locatives, TRIGGER.openingLocative);
  return new WordMap(bits);
}

// An object of one fixed shape: the finder reads these fields for every token.
function compileCues(file: UnlistedCueFile): UnlistedCues {
  const set = (lists: Lists) => new WordSet(foldedWords(lists));
  return {
    verbLocativeWindow: file.verb_locative_window,
    maxNameWords: file.max_name_words,
    triggers: triggerWords(file),
    links: set(file.links),
    listLinks: set(file.list_links),
    appositionArticles: set(file.apposition_articles),
    incidentLinks: set(file.incident_links),
    nounModifierBefore: set(file.noun_modifier_before),
    articlesAfterLink: set(file.articles_after_link),
    facilityLinks: set(file.facility_links),
    facilityAdjectives: set(file.facility_adjectives),
    facilityQualifiers: set(file.facility_qualifiers),
    facilityAfterName: set(file.facility_after_name),
    locatives: set(file.locatives),
    notPlaces: set(file.not_places),
    cueHolders: set(file.cue_holders),
  };
}

/** Reads and compiles the cue file; a problem throws one line naming the file and the key. */
export function loadUnlistedCues(file = UNLISTED_FILE): UnlistedCues {
  return compileCues(loadCueFile(UnlistedCuesSchema, file));
}

let cachedCues: UnlistedCues | undefined;
function unlistedCues(): UnlistedCues {
  cachedCues ??= loadUnlistedCues();
  return cachedCues;
}

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
    private readonly cues: UnlistedCues,
  ) {
    this.tokens = tt.tokens;
  }

  private norm(i: number): string {
    return this.tokens[i]?.norm ?? '';
  }

  private sameSentence(i: number, sentence: number): boolean {
    return this.tokens[i]?.sentence === sentence;
  }

  /** A stopword as written: "Weré" in "Bouka Weré" folds to "were" but is not the English word. */
  private isStopword(t: Token): boolean {
    return this.stopwords.has(t.norm) && !/[^\x00-\x7f]/.test(this.tt.text.slice(t.start, t.end));
  }

  /** "a" / "A" written without its accent: the English article, not the French locative "à". */
  private isEnglishArticleA(t: Token): boolean {
    return t.norm === 'a' && /^a$/i.test(this.tt.text.slice(t.start, t.end));
  }

  /** The capitalised, hyphen-joined name starting at token i ("Niasso-Sebé"), or undefined. */
  nameAt(i: number): Span | undefined {
    const { tt, known, stopwords } = this;
    const t = this.tokens[i];
    // A word in capitals ("le détachement du GFSN") is a unit, a body or a group, not a locality.
    if (!t || known[i] || !isCapitalised(tt.text, t) || stopwords.has(t.norm) || this.cues.notPlaces.has(t.norm) || t.norm.length < 3 || writtenInCapitals(tt.text, t)) return undefined;
    let end = i + 1;
    let words = 1;
    for (let next = this.tokens[end]; next && !known[end] && next.sentence === t.sentence; next = this.tokens[end]) {
      const gap = tt.text.slice((this.tokens[end - 1] as Token).end, next.start);
      if (!isCapitalised(tt.text, next)) break;
      // "Niasso-Sebé" joins by its hyphen; "Tchoma Bangou" by a space, while the words are names too.
      if (gap === ' ') {
        if (words >= this.cues.maxNameWords || this.isStopword(next) || this.cues.notPlaces.has(next.norm) || next.norm.length < 2) break;
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
    for (let start = i - 1; start >= Math.max(0, i - this.cues.maxNameWords); start--) {
      const before = this.tokens[start - 1];
      if (!this.sameSentence(start, t.sentence) || !before || before.sentence !== t.sentence) return undefined;
      const span = this.nameAt(start);
      // The word before is lower case, or an article opening the sentence ("The Mondoro base, near the border").
      const opensAfterArticle = before.norm === 'the' && this.tokens[start - 2]?.sentence !== t.sentence;
      if (span && span[1] === i && tt.text.slice((this.tokens[i - 1] as Token).end, t.start) === ' ' && (!isCapitalised(tt.text, before) || opensAfterArticle)) return span;
    }
    return undefined;
  }

  /** The name a capitalised noun at i closes ("on Barkaram Island"): the words before it, after a lower-case word. */
  nameBeforeNoun(i: number): Span | undefined {
    const t = this.tokens[i] as Token;
    for (let start = i - 1; start >= Math.max(0, i - this.cues.maxNameWords); start--) {
      const before = this.tokens[start - 1];
      if (!this.sameSentence(start, t.sentence) || !before || before.sentence !== t.sentence) return undefined;
      const span = this.nameAt(start);
      if (span && span[1] >= i && !isCapitalised(this.tt.text, before)) return [start, i];
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
      let next = comma ? end : this.cues.listLinks.has(this.norm(end)) ? end + 1 : -1;
      if (next < 0 || !this.sameSentence(next, sentence)) return;
      if (comma && this.cues.listLinks.has(this.norm(next))) next++;
      if (this.cues.links.has(this.norm(next)) && this.sameSentence(next + 1, sentence)) next++;
      current = this.nameAt(next);
      this.add(current);
    }
  }

  /**
   * A name in apposition before a settlement word at i: "Yinyinrou, hameau du village de …", "Solhan, a village in …",
   * "Sobane, un village dogon", "Woro and Nuku, two communities in …", "X, a farming community" (one lower-case word
   * between the article and the noun).
   */
  addApposition(i: number): void {
    const { tokens, tt } = this;
    const t = tokens[i] as Token;
    const commaBefore = (k: number) => {
      const before = tokens[k - 1];
      return before !== undefined && before.sentence === t.sentence && tt.text.slice(before.end, (tokens[k] as Token).start) === ', ';
    };
    let article = -1;
    if (commaBefore(i)) article = i;
    else if (this.cues.appositionArticles.has(this.norm(i - 1)) && commaBefore(i - 1)) article = i - 1;
    else if (this.cues.appositionArticles.has(this.norm(i - 2)) && !isCapitalised(tt.text, tokens[i - 1] as Token) && commaBefore(i - 2)) article = i - 2;
    if (article < 0) return;
    const name = this.nameEndingBefore(article);
    this.add(name);
    this.addListBefore(name);
  }

  /** Names before a found one, joined to it by "and" / "et" ("Woro and Nuku, two communities in …"). */
  addListBefore(span: Span | undefined): void {
    for (let current = span; current; ) {
      const link = current[0] - 1;
      if (!this.cues.listLinks.has(this.norm(link))) return;
      current = this.nameEndingBefore(link);
      this.add(current);
    }
  }

  /** The capitalised name whose last word is right before token i, in i's sentence (it may open the sentence). */
  private nameEndingBefore(i: number): Span | undefined {
    const sentence = this.tokens[i]?.sentence;
    for (let start = i - 1; start >= Math.max(0, i - this.cues.maxNameWords); start--) {
      if (!this.sameSentence(start, sentence ?? -1)) return undefined;
      const span = this.nameAt(start);
      if (span && span[1] === i) {
        const before = this.nameAt(start - 1);
        if (!before || before[1] !== i || !this.sameSentence(start - 1, sentence ?? -1)) return span;
      }
    }
    return undefined;
  }

  /** After a cue word at i and its links: "hameau de Goroukambou", "entre les localités de Niasso-Sebé et Sossobé-Togoro". */
  addNamesAfterCue(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    let j = i + 1;
    // "les villages nigérians de Woro et Nuku", "la commune burkinabè de X": one lower-case word before the link.
    if (FRENCH_OF.has(this.norm(j + 1)) && !this.cues.links.has(this.norm(j)) && this.tokens[j] && !isCapitalised(this.tt.text, this.tokens[j] as Token)) j++;
    while (j <= i + 3 && this.cues.links.has(this.norm(j)) && this.sameSentence(j, sentence)) j++;
    // A cue closing its sentence ("… the Kassoumbé mine.") names nothing after it.
    if (!this.sameSentence(j, sentence) || this.namesHolder(i, j)) return;
    const span = this.nameAt(j);
    this.add(span);
    // "ses sites de Fada et de Boungou" (Fada listed), "the towns of A, B and C".
    this.addListAfter(span ?? this.knownNameAt(j));
  }

  /**
   * "le chef du village, Amadou Belko Bari", "le maire de la commune, X": after the comma that closes a cue held by a
   * title, the name is the person's ("Felo village, Gubio District" goes on naming places).
   */
  private namesHolder(cue: number, name: number): boolean {
    if (!this.tt.text.slice((this.tokens[cue] as Token).end, (this.tokens[name] as Token).start).includes(',')) return false;
    for (let k = cue - 1; k >= Math.max(0, cue - 3); k--) if (this.cues.cueHolders.has(this.norm(k))) return true;
    return false;
  }

  /** The place after a school's capitalised name ending at i: "Government Science College Kagara", "… Secondary School, Dapchi". */
  addInstitutionPlace(i: number): void {
    const t = this.tokens[i] as Token;
    const next = this.tokens[i + 1];
    if (!next || next.sentence !== t.sentence || !/^,? $/.test(this.tt.text.slice(t.end, next.start))) return;
    this.add(this.nameAt(i + 1));
  }

  /** A facility named by where it stands, after the facility noun at i: "a military post at X", "le camp militaire de X", "le détachement de gendarmerie de X". */
  addFacilityPlace(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    let link = i + 1;
    // Up to two adjectives ("le poste militaire avancé de X"), or a link and a qualifier ("le détachement de gendarmerie de X").
    while (link <= i + 2 && this.cues.facilityAdjectives.has(this.norm(link))) link++;
    if (link === i + 1 && this.cues.facilityLinks.has(this.norm(link)) && this.cues.facilityQualifiers.has(this.norm(link + 1))) link += 2;
    if (!this.cues.facilityLinks.has(this.norm(link)) || !this.sameSentence(link, sentence) || !this.sameSentence(link + 1, sentence)) return;
    this.add(this.nameAt(link + 1));
  }

  /** After an incident noun at i: "the raid on Ogossagou", "le massacre de Solhan", "the attack on the Chinagoder military post". */
  addIncidentPlace(i: number): void {
    const sentence = (this.tokens[i] as Token).sentence;
    if (!this.sameSentence(i + 1, sentence) || !this.cues.incidentLinks.has(this.norm(i + 1)) || !this.sameSentence(i + 2, sentence)) return;
    this.add(this.nameAt(i + 2));
    if (!this.cues.articlesAfterLink.has(this.norm(i + 2))) return;
    const span = this.nameAt(i + 3);
    if (span && this.sameSentence(span[1], sentence) && this.cues.facilityAfterName.has(this.norm(span[1]))) this.add(span);
  }

  /** A sentence opening on a locative and a name before a comma: "À Ogossagou, les rescapés …", "In Darak, soldiers …". */
  addOpeningPlace(i: number): void {
    const t = this.tokens[i] as Token;
    if (this.isEnglishArticleA(t)) return;
    if (!this.sameSentence(i + 1, t.sentence)) return;
    const span = this.nameAt(i + 1);
    const after = span && this.tokens[span[1] - 1];
    if (after && this.tt.text.startsWith(',', after.end)) this.add(span);
  }

  /** "killed 134 herders in Ogossagou and Welingara", "killing 70 in Tchoma Bangou and 30 in Zaroumadareye", "tués à Solhan". */
  addLocativesAfter(verb: number): void {
    const sentence = (this.tokens[verb] as Token).sentence;
    for (let j = verb + 1; j <= verb + this.cues.verbLocativeWindow && j + 1 < this.tokens.length; j++) {
      const link = this.tokens[j] as Token;
      if (link.sentence !== sentence) return;
      if (!this.cues.locatives.has(link.norm) || this.isEnglishArticleA(link)) continue;
      if (!this.sameSentence(j + 1, sentence)) return;
      const span = this.nameAt(j + 1);
      this.add(span);
      this.addListAfter(span);
      if (span) j = span[1];
    }
  }
}

const FRENCH_OF = new WordSet(['de', 'd']);

/**
 * Localities the gazetteer does not list, found from the words around them.
 * `known` marks tokens already inside a gazetteer match; `stopwords` are
 * capitalised words that are never places (months, days, function words);
 * `cues` are data/gazetteer/unlisted.yaml's, or another file's (loadUnlistedCues).
 */
export function findUnlistedPlaces(tt: TokenizedText, known: Uint8Array, stopwords: ReadonlySet<string>, cues = unlistedCues()): UnlistedPlace[] {
  const find = new UnlistedFinder(tt, known, stopwords, cues);
  const { tokens } = tt;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const bits = cues.triggers.get(t.norm) ?? 0;
    if (bits === 0 && t.norm !== 'area') continue;
    const capital = isCapitalised(tt.text, t);
    if (bits & TRIGGER.cueBefore && !capital) find.addNamesAfterCue(i);
    if (bits & TRIGGER.institution && capital) find.addInstitutionPlace(i);
    if (bits & TRIGGER.direction && cues.links.has(tokens[i + 1]?.norm ?? '') && !capital) find.addNamesAfterCue(i);
    const prev = tokens[i - 1];
    const sentenceInitial = !prev || prev.sentence !== t.sentence;
    // "Massacre d'Ogassagou : …" opens a title.
    if (sentenceInitial && bits & TRIGGER.incident) find.addIncidentPlace(i);
    if (bits & TRIGGER.properNounAfter && capital && prev && !sentenceInitial) find.add(find.nameBeforeNoun(i));
    if (bits & TRIGGER.openingLocative && sentenceInitial) find.addOpeningPlace(i);
    if (!prev || sentenceInitial || capital) continue;
    if (bits & (TRIGGER.violence | TRIGGER.incident)) find.addLocativesAfter(i);
    if (bits & TRIGGER.settlementAfter) find.add(find.nameEndingAt(i));
    if (bits & TRIGGER.facility) find.addFacilityPlace(i);
    if (bits & TRIGGER.afterComma) find.addApposition(i);
    if (bits & TRIGGER.incident) {
      find.addIncidentPlace(i);
      const name = find.nameEndingAt(i);
      if (name && cues.nounModifierBefore.has(tokens[name[0] - 1]?.norm ?? '')) find.add(name);
    }
    // "the Pridang general area"
    if (t.norm === 'area' && prev.norm === 'general' && i > 1 && (tokens[i - 2] as Token).sentence === t.sentence) find.add(find.nameAt(i - 2));
  }
  return find.out;
}
