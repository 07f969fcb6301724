import { z } from 'zod';
import { isCountWord } from './casualties.js';
import { evidenceForTokens } from './evidence.js';
import type { Evidence, Frame, Party } from './extraction.js';
import type { GazetteerEntry } from './gazetteer.js';
import { foldPhrase, isPossessive, markBetween, semicolonBetween, type TokenizedText, wordBetween } from './text.js';
import { packagePath } from '../core/paths.js';
import { COMPLEMENTIZERS, type CueFile, foldedWords, inLanguageFamily, loadCueFile, mayBeInFamily, type WordFamilies, WordListsSchema, wordFamilies, withFrenchAgreement } from './cue-words.js';
import { STEM_LANGUAGES, type StemLanguage } from './stem.js';
import { TokenBits } from './token-marks.js';
import { WordFilter, WordMap, WordSet } from './word-set.js';

/** A gazetteer hit with its token span, as extraction resolved it. */
export interface Span {
  entry: GazetteerEntry;
  startTok: number;
  endTok: number;
}

const FrameCuesSchema = z.strictObject({
  source_before: WordListsSchema,
  militant_source_before: WordListsSchema,
  holdout_words: WordListsSchema,
  agent_before: WordListsSchema,
  not_agent_before: WordListsSchema,
  passive_before: WordListsSchema,
  victim_terms: WordListsSchema,
  suffered_before: WordListsSchema,
  natural_causes: WordListsSchema,
  negation: WordListsSchema,
  negation_after: WordListsSchema,
  denial: WordListsSchema,
  planned: WordListsSchema,
  hypothetical: WordListsSchema,
  historical_years: z.number().int().min(0),
  historical: WordListsSchema,
  set_after: WordListsSchema,
  months: z.object({ en: z.array(z.string()).length(12), fr: z.array(z.string()).length(12) }),
  historical_month_days: z.number().int().min(0),
  month_context_before: WordListsSchema,
  month_span_before: WordListsSchema,
  recent_days: WordListsSchema,
  elsewhere_before: WordListsSchema,
  elsewhere_after: WordListsSchema,
  duration_before: WordListsSchema,
  clause_after: WordListsSchema,
  debunk: WordListsSchema,
  claim_before: WordListsSchema,
  not_object_before: WordListsSchema,
  instrument_before: WordListsSchema,
  instrument_after: WordListsSchema,
  instrument_verb_after: WordListsSchema,
  not_subject_before: WordListsSchema,
  carried_before: WordListsSchema,
  supply_before: WordListsSchema,
  destination_before: WordListsSchema,
  owned_after: WordListsSchema,
  unlinked: WordListsSchema,
  undone_after: WordListsSchema,
  undone_before: WordListsSchema,
  anniversary_before: WordListsSchema,
  trend_before: WordListsSchema,
  trend_after: WordListsSchema,
  operation_nouns: WordListsSchema,
  topic_shift: WordListsSchema,
  crew_words: WordListsSchema,
  elapsed_years: WordListsSchema,
  compared_since: WordListsSchema,
  superlative_before: WordListsSchema,
  presumed_before: WordListsSchema,
  damaged: WordListsSchema,
  wreckage: WordListsSchema,
  destroyed_after: WordListsSchema,
  in_use: WordListsSchema,
  device_before: WordListsSchema,
  device_after: WordListsSchema,
  affiliation_words: WordListsSchema,
  aircraft: z.array(z.string()),
  /** Lists whose French words are participles or adjectives, read in every gender and number. */
  french_agreement: z.array(z.string()),
}).superRefine((cues, ctx) => {
  cues.french_agreement.forEach((list, i) => {
    const words = (cues as Record<string, unknown>)[list];
    if (!words || Array.isArray(words) || typeof words !== 'object') ctx.addIssue({ code: 'custom', path: ['french_agreement', i], message: `"${list}" is not a word list of this file` });
  });
});

interface FrameCues {
  affiliationWords: Set<string>;
  sourceBefore: Set<string>;
  militantSourceBefore: Set<string>;
  holdoutWords: Set<string>;
  agentBefore: Set<string>;
  notAgentBefore: Set<string>;
  passiveBefore: Set<string>;
  victimTerms: Set<string>;
  sufferedBefore: Set<string>;
  naturalCauses: Set<string>;
  negation: Set<string>;
  negationAfter: Set<string>;
  denial: Set<string>;
  planned: Set<string>;
  hypothetical: Set<string>;
  carriedBefore: Set<string>;
  supplyBefore: Set<string>;
  destinationBefore: Set<string>;
  notSubjectBefore: Set<string>;
  historicalYears: number;
  /** The words that date a sentence, looked up once per word: a month name's number (1–12), English and French, or RECENT_DAY. */
  dateWords: Map<string, number>;
  historicalMonthDays: number;
  monthContextBefore: Set<string>;
  monthSpanBefore: Set<string>;
  /** Folded phrases as token arrays, by first word (every word of a sentence with an event is looked up). */
  historical: WordMap<string[][]>;
  setAfter: WordMap<string[][]>;
  /** Folded phrases, as token arrays, that name a place as origin, destination or far away; by last word. */
  elsewhereBefore: WordMap<string[][]>;
  elsewhereAfter: WordSet;
  notObjectBefore: Set<string>;
  ownedAfter: Set<string>;
  unlinked: Set<string>;
  undoneAfter: Set<string>;
  undoneBefore: Set<string>;
  anniversaryBefore: Set<string>;
  trendBefore: Set<string>;
  trendAfter: Set<string>;
  operationNouns: Set<string>;
  topicShift: Set<string>;
  crewWords: Set<string>;
  elapsedYears: Set<string>;
  comparedSince: WordSet;
  superlativeBefore: WordSet;
  presumedBefore: Set<string>;
  damaged: Set<string>;
  wreckage: Set<string>;
  destroyedAfter: Set<string>;
  inUse: Set<string>;
  deviceBefore: Set<string>;
  deviceAfter: Set<string>;
  durationBefore: Set<string>;
  clauseAfter: Set<string>;
  claimBefore: Set<string>;
  /** Folded debunking phrases as token arrays, by first word. */
  debunk: WordMap<string[][]>;
  instrumentBefore: Set<string>;
  instrumentAfter: Set<string>;
  instrumentVerbAfter: Set<string>;
  /** Equipment ids of aircraft: a killing word acting on one is a shootdown. */
  aircraft: Set<string>;
  /** Word families of the denial and planned cues, per language: "fearing" is "fear", "menaçaient" is "menace". */
  deniedFamilies: WordFamilies;
  plannedFamilies: WordFamilies;
  /** Cue bits of the words seen so far (see cueBitsOfWord). */
  wordBits: Map<string, number>;
  /** Every word of the CUE lists, as a filter. */
  listWords: WordFilter;
}

/**
 * The cue lists a word is on, as bits. Frames read the few words before and after
 * every event term for a dozen lists; a word's lists are looked up once, not once
 * per list and per window. Word families depend on the article's languages: their
 * bits are computed per language, when an article in it first asks.
 */
const CUE = {
  sourceBefore: 1 << 0,
  militantSourceBefore: 1 << 1,
  holdoutWords: 1 << 2,
  agentBefore: 1 << 3,
  notAgentBefore: 1 << 4,
  passiveBefore: 1 << 5,
  victimTerms: 1 << 6,
  naturalCauses: 1 << 7,
  negation: 1 << 8,
  denial: 1 << 9,
  planned: 1 << 10,
  hypothetical: 1 << 11,
  // Bits 12-18 are the word families' and TOKEN_KNOWN.
  carriedBefore: 1 << 19,
  notSubjectBefore: 1 << 20,
  sufferedBefore: 1 << 21,
} as const;
type CueList = keyof typeof CUE;
const CUE_LISTS = Object.keys(CUE) as CueList[];
const FAMILY_BITS: Record<StemLanguage, { known: number; denied: number; planned: number }> = {
  en: { known: 1 << 12, denied: 1 << 13, planned: 1 << 14 },
  fr: { known: 1 << 15, denied: 1 << 16, planned: 1 << 17 },
};
/** Set on a token's bits once they are computed (a word on no list has bits 0). */
const TOKEN_KNOWN = 1 << 18;
const WORD_BITS_LIMIT = 100_000;
const frameTokenBits = new TokenBits();

const CUES_FILE = packagePath('data', 'gazetteer', 'frames.yaml');
/** For `sahelwatch check`. */
export const FRAME_CUES: CueFile = { file: CUES_FILE, schema: FrameCuesSchema };
let cachedCues: FrameCues | undefined;

function byFirstWord(phrases: string[][]): Map<string, string[][]> {
  return byWord(phrases, (p) => p[0] as string);
}

function byLastWord(phrases: string[][]): Map<string, string[][]> {
  return byWord(phrases, (p) => p[p.length - 1] as string);
}

function byWord(phrases: string[][], wordOf: (phrase: string[]) => string): Map<string, string[][]> {
  const map = new Map<string, string[][]>();
  for (const p of phrases) map.set(wordOf(p), [...(map.get(wordOf(p)) ?? []), p]);
  return map;
}

/** The cue words of data/gazetteer/frames.yaml, read once per process. */
export function frameCues(): FrameCues {
  if (!cachedCues) {
    const file = loadCueFile(FrameCuesSchema, CUES_FILE);
    const c = withFrenchAgreement(file, file.french_agreement as (keyof typeof file)[]);
    const lists: Record<CueList, Set<string>> = {
      sourceBefore: foldedWords(c.source_before),
      militantSourceBefore: foldedWords(c.militant_source_before),
      holdoutWords: foldedWords(c.holdout_words),
      agentBefore: foldedWords(c.agent_before),
      notAgentBefore: foldedWords(c.not_agent_before),
      passiveBefore: foldedWords(c.passive_before),
      victimTerms: foldedWords(c.victim_terms),
      sufferedBefore: foldedWords(c.suffered_before),
      naturalCauses: foldedWords(c.natural_causes),
      negation: foldedWords(c.negation),
      denial: foldedWords(c.denial),
      planned: foldedWords(c.planned),
      hypothetical: foldedWords(c.hypothetical),
      carriedBefore: foldedWords(c.carried_before),
      notSubjectBefore: foldedWords(c.not_subject_before),
    };
    cachedCues = {
      ...lists,
      historicalYears: c.historical_years,
      negationAfter: foldedWords(c.negation_after),
      dateWords: new Map([
        ...[...foldedWords(c.recent_days)].map((w): [string, number] => [w, RECENT_DAY]),
        ...[...c.months.en, ...c.months.fr].map((m, i): [string, number] => [foldPhrase(m), (i % 12) + 1]),
      ]),
      historicalMonthDays: c.historical_month_days,
      monthContextBefore: foldedWords(c.month_context_before),
      monthSpanBefore: foldedWords(c.month_span_before),
      historical: new WordMap(byFirstWord([...c.historical.en, ...c.historical.fr].map((p) => foldPhrase(p).split(' ')))),
      setAfter: new WordMap(byFirstWord([...c.set_after.en, ...c.set_after.fr].map((p) => foldPhrase(p).split(' ')))),
      notObjectBefore: foldedWords(c.not_object_before),
      supplyBefore: foldedWords(c.supply_before),
      destinationBefore: foldedWords(c.destination_before),
      ownedAfter: foldedWords(c.owned_after),
      unlinked: foldedWords(c.unlinked),
      undoneAfter: foldedWords(c.undone_after),
      undoneBefore: foldedWords(c.undone_before),
      anniversaryBefore: foldedWords(c.anniversary_before),
      trendBefore: foldedWords(c.trend_before),
      trendAfter: foldedWords(c.trend_after),
      operationNouns: foldedWords(c.operation_nouns),
      topicShift: foldedWords(c.topic_shift),
      crewWords: foldedWords(c.crew_words),
      elapsedYears: foldedWords(c.elapsed_years),
      comparedSince: new WordSet(foldedWords(c.compared_since)),
      superlativeBefore: new WordSet(foldedWords(c.superlative_before)),
      presumedBefore: foldedWords(c.presumed_before),
      damaged: foldedWords(c.damaged),
      wreckage: foldedWords(c.wreckage),
      destroyedAfter: foldedWords(c.destroyed_after),
      inUse: foldedWords(c.in_use),
      deviceBefore: foldedWords(c.device_before),
      deviceAfter: foldedWords(c.device_after),
      durationBefore: foldedWords(c.duration_before),
      clauseAfter: foldedWords(c.clause_after),
      claimBefore: foldedWords(c.claim_before),
      debunk: new WordMap(byFirstWord([...c.debunk.en, ...c.debunk.fr].map((p) => foldPhrase(p).split(' ')))),
      instrumentBefore: foldedWords(c.instrument_before),
      instrumentAfter: foldedWords(c.instrument_after),
      instrumentVerbAfter: foldedWords(c.instrument_verb_after),
      affiliationWords: foldedWords(c.affiliation_words),
      aircraft: new Set(c.aircraft),
      deniedFamilies: wordFamilies(c.denial),
      plannedFamilies: wordFamilies(c.planned),
      elsewhereAfter: new WordSet(foldedWords(c.elsewhere_after)),
      elsewhereBefore: new WordMap(byLastWord([...c.elsewhere_before.en, ...c.elsewhere_before.fr].map((p) => foldPhrase(p).split(' ')))),
      wordBits: new Map(),
      listWords: new WordFilter(CUE_LISTS.flatMap((list) => [...lists[list]])),
    };
  }
  return cachedCues;
}

function cueBitsOfWord(cues: FrameCues, norm: string, languages: readonly StemLanguage[]): number {
  // Most words are on no list and cannot be of a family: they need no lookup.
  if (!mayBeCue(cues, norm, languages)) return 0;
  const known = cues.wordBits.get(norm);
  let bits = known ?? listBits(cues, norm);
  for (const language of languages) {
    const family = FAMILY_BITS[language];
    if (bits & family.known) continue;
    bits |= family.known;
    if (inLanguageFamily(norm, cues.deniedFamilies, language)) bits |= family.denied;
    if (inLanguageFamily(norm, cues.plannedFamilies, language)) bits |= family.planned;
  }
  if (bits !== known && cues.wordBits.size < WORD_BITS_LIMIT) cues.wordBits.set(norm, bits);
  return bits;
}

function mayBeCue(cues: FrameCues, norm: string, languages: readonly StemLanguage[]): boolean {
  if (cues.listWords.mayHave(norm)) return true;
  for (const language of languages) {
    if (mayBeInFamily(norm, cues.deniedFamilies, language) || mayBeInFamily(norm, cues.plannedFamilies, language)) return true;
  }
  return false;
}

function listBits(cues: FrameCues, norm: string): number {
  let bits = 0;
  for (const list of CUE_LISTS) if (cues[list].has(norm)) bits |= CUE[list];
  return bits;
}

/** The bits of a family cue in any of the article's languages. */
function familyMask(languages: readonly StemLanguage[], kind: 'denied' | 'planned'): number {
  let mask = 0;
  for (const language of languages) mask |= FAMILY_BITS[language][kind];
  return mask;
}

/** "no trucks", "aucun camion", "none of the tankers", "anti-drone"; "supported by drones", "a drone strike". */
function isNotAnObject(tt: TokenizedText, o: Span, cues: FrameCues): boolean {
  const before = normAt(tt, o.startTok - 1);
  if (cues.notObjectBefore.has(before)) return true;
  if ((before === 'the' || before === 'of') && cues.notObjectBefore.has(normAt(tt, o.startTok - (before === 'the' ? 3 : 2)))) return true;
  return isInstrument(tt, o, cues);
}

// Words that may stand between an instrument cue and the equipment ("avec l'appui des drones", "with the help of a drone").
const LINK_WORDS = new WordSet(['the', 'a', 'an', 'of', 'by', 'to', 'with', 'its', 'their', 'de', 'des', 'du', 'd', 'l', 'la', 'le', 'les', 'un', 'une', 'au', 'aux', 'par', 'en', 'sa', 'son', 'ses', 'leur', 'leurs']);
const MAX_LINK_WORDS = 3;
const AUXILIARIES = new WordSet(['have', 'has', 'had', 'ont', 'a', 'avaient', 'avait']);

const GENITIVE_LINKS = new WordSet(['of', 'de', 'du', 'des', 'd']);
const MAX_COMPLEMENT_WORDS = 4;
// What an active verb's object may start with ("spotted the fighters", "killed 20 militants").
const OBJECT_STARTS = new WordSet(['the', 'a', 'an', 'their', 'its', 'his', 'several', 'some', 'many', 'dozens', 'scores', 'les', 'des', 'plusieurs']);

/** "drones spotted the fighters", "les drones ont repéré": a verb of sensing or striking in the active, right after the equipment. */
function isSubjectOfInstrumentVerb(tt: TokenizedText, after: number, sentence: number | undefined, cues: FrameCues): boolean {
  // Past a short complement: "les drones de surveillance ont repéré", "the drones of the army spotted".
  let tok = after;
  if (GENITIVE_LINKS.has(normAt(tt, tok))) {
    while (tok < after + MAX_COMPLEMENT_WORDS && !AUXILIARIES.has(normAt(tt, tok)) && !cues.instrumentVerbAfter.has(normAt(tt, tok))) tok++;
  }
  const auxiliary = AUXILIARIES.has(normAt(tt, tok));
  const verb = auxiliary ? tok + 1 : tok;
  if (tt.tokens[verb]?.sentence !== sentence || !cues.instrumentVerbAfter.has(normAt(tt, verb))) return false;
  const next = normAt(tt, verb + 1);
  return auxiliary || OBJECT_STARTS.has(next) || /^\d/.test(next);
}

/** Is the equipment the means of an action rather than its object: the first content word before it, or the word after it, is an instrument cue? */
function isInstrument(tt: TokenizedText, o: Span, cues: FrameCues): boolean {
  const sentence = tt.tokens[o.startTok]?.sentence;
  if (tt.tokens[o.endTok]?.sentence === sentence && cues.instrumentAfter.has(normAt(tt, o.endTok))) return true;
  if (isSubjectOfInstrumentVerb(tt, o.endTok, sentence, cues)) return true;
  let i = o.startTok - 1;
  for (let links = 0; links < MAX_LINK_WORDS && i >= 0 && LINK_WORDS.has(normAt(tt, i)); links++) i--;
  return i >= 0 && tt.tokens[i]?.sentence === sentence && cues.instrumentBefore.has(normAt(tt, i));
}

// Determiners that may stand between a cue and the place it introduces ("vers le Sénégal").
const PLACE_DETERMINERS = new WordSet(['the', 'le', 'la', 'l', 'les']);

/**
 * Is the place starting at this token named as somewhere else: where goods came
 * from or were heading, or far away ("en provenance du Sénégal", "heading for
 * Kayes", "loin de Kayes")? Such a name does not say where the event was.
 */
export function namedAsElsewhere(tt: TokenizedText, startTok: number, endTok: number): boolean {
  const cues = frameCues();
  const sentence = tt.tokens[startTok]?.sentence;
  if (tt.tokens[endTok]?.sentence === sentence && cues.elsewhereAfter.has(normAt(tt, endTok))) return true;
  let end = startTok;
  if (PLACE_DETERMINERS.has(normAt(tt, end - 1))) end--;
  // Only the phrases ending with the word before the place (or its determiner) can end there.
  const candidates = cues.elsewhereBefore.get(normAt(tt, end - 1)) ?? [];
  return candidates.some(
    (phrase) =>
      end - phrase.length >= 0 &&
      phrase.every((word, i) => tt.tokens[end - phrase.length + i]?.sentence === sentence && normAt(tt, end - phrase.length + i) === word) &&
      // "non loin de la réserve de Pama", "not far from Kayes": near, not elsewhere.
      !NEGATING_NEAR.has(normAt(tt, end - phrase.length - 1)),
  );
}
const NEGATING_NEAR = new WordSet(['non', 'pas', 'not', 'never']);

/** Which side a party term or named group stands for; undefined for names that are not parties. */
export function sideOf(entry: GazetteerEntry): Party['side'] | undefined {
  if (entry.kind === 'party') return entry.side;
  if (entry.kind !== 'actor') return undefined;
  if (entry.role === 'state' || entry.role === 'allied') return 'state';
  if (entry.role === 'jihadist') return 'militant';
  if (entry.role === 'separatist' || entry.role === 'other-armed') return 'armed';
  return undefined;
}

export interface FrameInput {
  tt: TokenizedText;
  triggers: (Span & { type: string })[];
  objects: Span[];
  parties: Span[];
  places: Span[];
  /** Publication date (ISO), for "since 2019" and "en janvier" history; none: dates are not read. */
  published?: string;
  /** The article's languages, for word families of modality cues; default both. */
  languages?: readonly StemLanguage[];
  /** Where the headline ends (a character offset); none: no headline. */
  titleEnd?: number;
}

const ACTS_ON_GOODS = new Set(['seizure', 'hijacking', 'kidnapping', 'surrender', 'arrest']);
/** How far before equipment a word saying it was carried may be, across a list ("arrested with a rifle, three drones and ..."). */
const CARRIED_WINDOW = 8;
/** How many following sentences without an action of their own may list what was seized. */
const FOLLOWING_LIST_SENTENCES = 2;

/**
 * Event frames: for every event term, who did it (agent), to what (objects),
 * from whom (source), where (places of the sentence) and whether the sentence
 * reports it as a new event (modality). Roles come from word order and a few
 * cue words (data/gazetteer/frames.yaml), not from a parser: the nearest party
 * before the verb is its subject, "by X" after it the agent of a passive,
 * "from X" / "X's camp" whom things were taken from.
 */
export function buildFrames(input: FrameInput): Frame[] {
  return adoptStatedSources(framesOf(input));
}

/**
 * A source guessed from the report's subject gives way to one the report states for
 * the same goods: "a drone intercepted" (title) is the drone "intercepted from an
 * individual" in the body, not one taken from the militants the bulletin also names.
 */
function adoptStatedSources(frames: Frame[]): Frame[] {
  for (const f of frames) {
    if (!f.source?.inferred) continue;
    const same = (g: Frame) => g !== f && g.action === f.action && g.objects.some((o) => f.objects.some((p) => p.id === o.id));
    const stated = frames.find((g) => same(g) && g.source && !g.source.inferred);
    if (stated?.source) f.source = stated.source;
    // The same goods seized by customs elsewhere in the report ("la douane a saisi 154 drones … le service a aussi
    // intercepté …"): trade goods, whose source is not guessed.
    else if (frames.some((g) => same(g) && g.agent && NOT_IN_OPERATIONS.has(g.agent.id))) delete f.source;
  }
  return frames;
}

/** What every frame of one document reads: cue words and the spans grouped by sentence. */
interface FrameContext {
  tt: TokenizedText;
  cues: FrameCues;
  /** Every party of the document, in text order. */
  parties: Span[];
  triggerSentences: Set<number>;
  partiesBySentence: Map<number, Span[]>;
  objectsBySentence: Map<number, Span[]>;
  placesBySentence: Map<number, Span[]>;
  historicalBySentence: Map<number, SentenceDating>;
  published: PublicationDate | undefined;
  titleEnd: number;
  /** Does the report check and refute a claim ("Vérification faite")? Computed when a claim word is met. */
  debunks: boolean | undefined;
  /** Evidence per token span, built once (a party is often the agent of several frames). */
  evidence: Map<number, Evidence>;
  languages: readonly StemLanguage[];
  /** The bits of the denial and threat families in the article's languages. */
  deniedFamily: number;
  plannedFamily: number;
  /** Cue bits per token, filled as tokens are read (TOKEN_KNOWN once computed). */
  tokenBits: Int32Array;
  /** The actions framed, in text order (set once they are known). */
  triggers: (Span & { type: string })[];
  /** The first truck, tanker or convoy the report names; null when it names none (computed when first asked). */
  vehicle: Span | null | undefined;
}

// Helpers are module functions rather than closures made per call: frames are built for every article.
function sentenceOf(tt: TokenizedText, s: Span): number {
  return tt.tokens[s.startTok]?.sentence ?? -1;
}

/** The first token of the sentence that holds token `tok`. */
function sentenceFirstToken(tt: TokenizedText, tok: number): number {
  const sentence = tt.tokens[tok]?.sentence;
  let first = tok;
  while (first > 0 && tt.tokens[first - 1]?.sentence === sentence) first--;
  return first;
}

function framesOf(input: FrameInput): Frame[] {
  const { tt } = input;
  const cues = frameCues();
  const languages = input.languages ?? STEM_LANGUAGES;
  const ctx: FrameContext = {
    tt,
    cues,
    parties: input.parties,
    // An operation is the setting of what the sentence lists, not an action on goods: "Il s'est présenté lors d'une opération …, porteur d'un …".
    triggerSentences: new Set(input.triggers.filter((t) => t.type !== 'operation').map((t) => sentenceOf(tt, t))),
    partiesBySentence: bySentence(tt, input.parties),
    // "aucun camion n'a été touché", "anti-drone jammers": equipment untouched or defended against is nobody's object.
    objectsBySentence: bySentence(tt, input.objects.filter((o) => !isNotAnObject(input.tt, o, cues))),
    placesBySentence: bySentence(tt, input.places),
    historicalBySentence: new Map(),
    published: publicationDate(input.published),
    titleEnd: input.titleEnd ?? 0,
    debunks: undefined,
    evidence: new Map(),
    languages,
    deniedFamily: familyMask(languages, 'denied'),
    plannedFamily: familyMask(languages, 'planned'),
    tokenBits: frameTokenBits.zeroed(tt.tokens.length),
    triggers: [],
    vehicle: undefined,
  };
  const triggers = withoutRepeats(tt, input.triggers).filter((t) => !isDeviceNotBlast(ctx, t));
  ctx.triggers = triggers;
  const frames = triggers.map((trigger) => frameOf(ctx, trigger, sentenceOf(tt, trigger)));
  return withAntecedentObjects(ctx, triggers, frames);
}

/** How far before an explosive device a word saying it was carried or made may be ("carrying materials for improvised …"). */
const DEVICE_WINDOW = 3;

/** "one carrying materials for improvised explosive devices", "an IED factory": a device named as a thing, not a blast. */
function isDeviceNotBlast(ctx: FrameContext, trigger: Span & { type: string }): boolean {
  if (trigger.type !== 'ied') return false;
  const { tt, cues } = ctx;
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  if (tt.tokens[trigger.endTok]?.sentence === sentence && cues.deviceAfter.has(normAt(tt, trigger.endTok))) return true;
  if (cueBefore(ctx, trigger.startTok, CUE.carriedBefore, DEVICE_WINDOW)) return true;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - DEVICE_WINDOW) && tt.tokens[i]?.sentence === sentence; i--) {
    if (cues.deviceBefore.has(normAt(tt, i))) return true;
  }
  return false;
}

const DEFINITE_BEFORE_EVENT = new WordSet(['the', 'this', 'that', 'l', 'la', 'le', 'cette', 'cet', 'ce']);
const LOCATED_AFTER_EVENT = new WordSet(['occurred', 'happened', 'produit', 'produite', 'deroule', 'deroulee', 'survenu', 'survenue']);
const LOCATED_PAIRS = new WordMap<string>([['took', 'place'], ['eu', 'lieu']]);
const MAX_WORDS_TO_LOCATED = 4;
const ANTECEDENT_SENTENCES = 3;

// Incidents a later sentence may place: "L'attaque s'est produite …", "The abduction happened …".
const PLACED_INCIDENTS = new Set(['attack', 'raid', 'ambush', 'kidnapping', 'arson', 'hijacking']);

/**
 * "Un convoi de citernes a été incendié … L'attaque s'est produite entre la frontière et Kayes": a definite
 * attack said to have taken place somewhere is the one just reported, and what it hit is that one's objects.
 * When the sentence before told it with no event word ("Armed men stopped a column of lorries and took eleven
 * drivers with them. The abduction happened between Kayes and Diboli"), what that sentence names is what it hit.
 */
function withAntecedentObjects(ctx: FrameContext, triggers: Span[], frames: Frame[]): Frame[] {
  const { tt } = ctx;
  frames.forEach((f, k) => {
    const trigger = triggers[k] as Span;
    if (!PLACED_INCIDENTS.has(f.action) || f.objects.length > 0) return;
    const sentence = sentenceOf(tt, trigger);
    const placesIncident = (DEFINITE_BEFORE_EVENT.has(normAt(tt, trigger.startTok - 1)) && saidToTakePlace(tt, trigger.endTok)) || incidentPlacedIn(tt, trigger);
    if (!placesIncident) return;
    for (let j = k - 1; j >= 0; j--) {
      const earlier = frames[j] as Frame;
      if (sentence - sentenceOf(tt, triggers[j] as Span) > ANTECEDENT_SENTENCES) break;
      if (earlier.objects.length === 0 || earlier.modality !== 'asserted' || ACTS_ON_GOODS.has(earlier.action)) continue;
      f.objects = earlier.objects;
      if (!f.agent && earlier.agent) f.agent = earlier.agent;
      return;
    }
    const toldBefore = ctx.objectsBySentence.get(sentence - 1);
    if (toldBefore && !triggers.some((t) => sentenceOf(tt, t) === sentence - 1)) {
      f.objects = toldBefore.map((o) => frameObject(ctx, o));
    }
  });
  return frames;
}

// Nouns that refer back to the incident just reported: "Le drame s'est déroulé près de Didiéni", "The incident occurred near Diéma".
const INCIDENT_NOUNS = new WordSet(['drame', 'incident', 'tragedie', 'faits', 'tragedy']);

/** Does the trigger's sentence place the incident already reported ("Le drame s'est déroulé dans la zone de Didiéni, lorsqu'un groupe … a ouvert le feu")? */
function incidentPlacedIn(tt: TokenizedText, trigger: Span): boolean {
  const sentence = sentenceOf(tt, trigger);
  for (let i = sentenceFirstToken(tt, trigger.startTok); i < tt.tokens.length && tt.tokens[i]?.sentence === sentence; i++) {
    if (INCIDENT_NOUNS.has(normAt(tt, i)) && DEFINITE_BEFORE_EVENT.has(normAt(tt, i - 1)) && saidToTakePlace(tt, i + 1)) return true;
  }
  return false;
}

/** "took place", "s'est produite", "occurred" within a few words after token `after`. */
function saidToTakePlace(tt: TokenizedText, after: number): boolean {
  const sentence = tt.tokens[after - 1]?.sentence;
  for (let i = after; i < after + MAX_WORDS_TO_LOCATED && tt.tokens[i]?.sentence === sentence; i++) {
    const norm = normAt(tt, i);
    const pairedWith = LOCATED_PAIRS.get(norm);
    if (LOCATED_AFTER_EVENT.has(norm) || (pairedWith !== undefined && pairedWith === normAt(tt, i + 1))) return true;
  }
  return false;
}

/** One action named twice in a row is one frame: "le butin récupéré", "seized and confiscated". */
function withoutRepeats<T extends Span & { type: string }>(tt: TokenizedText, triggers: T[]): T[] {
  const kept: T[] = [];
  for (const t of triggers) {
    const last = kept[kept.length - 1];
    // Within one sentence only: a headline ending on "attacked" and a lead "Gunmen attacked …" are two reports of it.
    if (last && last.type === t.type && t.startTok - last.endTok <= 1 && sentenceOf(tt, last) === sentenceOf(tt, t)) continue;
    kept.push(t);
  }
  return kept;
}

function spanEvidence(ctx: FrameContext, span: Span): Evidence {
  const key = span.startTok * 65_536 + span.endTok;
  let evidence = ctx.evidence.get(key);
  if (!evidence) {
    evidence = evidenceForTokens(ctx.tt, span.startTok, span.endTok);
    ctx.evidence.set(key, evidence);
  }
  return evidence;
}

/** An object as a frame carries it: the gazetteer entry and where the text names it. */
function frameObject(ctx: FrameContext, o: Span): Frame['objects'][number] {
  return { id: o.entry.id, name: o.entry.name, evidence: spanEvidence(ctx, o) };
}

function frameOf(ctx: FrameContext, trigger: Span & { type: string }, sentence: number): Frame {
  const parties = ctx.partiesBySentence.get(sentence) ?? [];
  let source = sourceOf(ctx, parties, trigger);
  let agent = findAgent(ctx, parties, trigger, source);
  // "A militant surrendered with a satellite phone": what he carried is taken from him.
  if (trigger.type === 'surrender' && agent) {
    source = agent;
    agent = undefined;
  }
  if (source && agent && source.startTok === agent.startTok) source = undefined;
  // "Cinq terroristes ont été neutralisés", "deux terroristes neutralisés", "la neutralisation de 100 terroristes": who was killed.
  if (trigger.type === 'killing' && !source) source = killed(ctx, parties, trigger, agent);
  // "Un présumé terroriste a été interpellé en possession d'un drone": the one arrested is whom the goods were taken from.
  if (trigger.type === 'arrest' && !agent && !source && cueBefore(ctx, trigger.startTok, CUE.passiveBefore, 2)) source = lastPartyBefore(ctx, parties, trigger);
  const found = objectsOf(ctx, trigger, sentence);
  if (CREW_TARGETED.has(trigger.type) && !found.some((o) => VEHICLES.has(o.entry.id))) found.push(...crewOfVehicles(ctx, parties, trigger, sentence));
  const actsOnGoods = ACTS_ON_GOODS.has(trigger.type);
  const owners = actsOnGoods ? found.flatMap((o) => statedOwner(ctx, o) ?? []) : [];
  // "seized two drones and motorbikes belonging to Katiba Macina fighters": the militant owner is the source.
  source ??= owners.find((w) => isArmedOrMilitant(w.owner))?.owner;
  const stateOwned = actsOnGoods ? found.filter((o) => ownedByState(ctx, o, ctx.partiesBySentence.get(sentenceOf(ctx.tt, o)) ?? [], agent, trigger)) : [];
  // Troops do not seize their own kit: "backed by an army drone, soldiers seized motorbikes", "its Turkish-made drones".
  // Militants capturing it keep it as their object (the army's kit is what they took).
  const objects = actsOnGoods && stateOwned.length > 0 && !isArmedOrMilitant(agent) ? found.filter((o) => !stateOwned.includes(o)) : found;
  const frame: Frame = {
    action: isStateOperation(ctx, trigger, parties, agent) ? 'operation' : actionOf(ctx, trigger, objects, agent),
    trigger: spanEvidence(ctx, trigger),
    objects: objects.map((o) => frameObject(ctx, o)),
    places: [...new Set((ctx.placesBySentence.get(sentence) ?? []).map((p) => p.entry.id))],
    modality: modalityOf(ctx, trigger, ctx.published),
  };
  if (agent) frame.agent = party(ctx, agent);
  if (source) frame.source = party(ctx, source);
  // Someone arrested is the source only when the text ties him to a group: never inferred from the rest of the report.
  // Nor is it inferred for the army's own kit: "un drone de l'armée récupéré", "one of its drones".
  else if (
    actsOnGoods &&
    // Who was arrested or gave himself up must be named: "gives owners a month to surrender their devices" is nobody's surrender.
    trigger.type !== 'arrest' &&
    trigger.type !== 'surrender' &&
    !(found.length > 0 && stateOwned.length === found.length) &&
    // Said to be someone's who is no party the report names: nobody's kit to infer.
    !owners.some((w) => w.owner === undefined)
  ) {
    const inferred = inferredSource(ctx, sentence, agent);
    if (inferred) frame.source = party(ctx, inferred, true);
  }
  return frame;
}

function lastPartyBefore(ctx: FrameContext, parties: Span[], trigger: Span): Span | undefined {
  let last: Span | undefined;
  for (const p of parties) if (p.endTok <= trigger.startTok && !cueBefore(ctx, p.startTok, CUE.agentBefore, 2)) last = p;
  return last;
}

const GENITIVE_OR_DETERMINER = new WordSet(['of', 'the', 'de', 'du', 'des', 'd', 'l', 'la', 'le', 'les']);
// Singular owners only: "the army ... its drones"; "troops seized their motorbikes" are usually the militants'.
const POSSESSIVES = new WordSet(['its', 'own', 'ses', 'sa', 'son']);
const PLURAL_POSSESSIVES = new WordSet(['their', 'leurs', 'leur']);

/** Equipment said to be a state force's: "drone de l'armée", "the army's drone", "army drone", or the state agent's own ("un de ses drones"). */
function ownedByState(ctx: FrameContext, o: Span, parties: Span[], agent: Span | undefined, trigger: Span): boolean {
  const { tt } = ctx;
  const isState = (p: Span) => sideOf(p.entry) === 'state';
  // "its troops confiscated satellite phones": a possessive before the verb is the subject's, not the goods'.
  const possessive = possessiveBefore(tt, o, o.startTok >= trigger.endTok ? trigger.endTok : 0);
  if (possessive >= 0) {
    // Whose: the last party before the possessive in its sentence ("the army said its drones"), else the frame's agent.
    const owner = [...parties].reverse().find((p) => p.endTok <= possessive) ?? agent;
    if (owner && isState(owner)) return true;
  }
  return parties.some((p) => {
    if (!isState(p)) return false;
    // Before it: "army drone", "the army's drone".
    if (p.endTok === o.startTok || (p.endTok === o.startTok - 1 && isPossessive(tt, p.endTok))) return true;
    // After it, across genitive words: "drone de l'armée", "drones of the Malian army".
    if (p.startTok <= o.endTok || p.startTok - o.endTok > 3) return false;
    for (let i = o.endTok; i < p.startTok; i++) if (!GENITIVE_OR_DETERMINER.has(normAt(tt, i))) return false;
    return GENITIVE_LINKS.has(normAt(tt, o.endTok));
  });
}

const MAX_WORDS_AFTER_POSSESSIVE = 3;

/** The token of a possessive shortly before the equipment, across a few modifiers ("its Turkish-made drones"), or -1. */
function possessiveBefore(tt: TokenizedText, o: Span, floor: number): number {
  const sentence = tt.tokens[o.startTok]?.sentence;
  for (let i = o.startTok - 1; i >= Math.max(floor, o.startTok - MAX_WORDS_AFTER_POSSESSIVE); i--) {
    if (tt.tokens[i]?.sentence !== sentence) return -1;
    const norm = normAt(tt, i);
    if (POSSESSIVES.has(norm)) return i;
    // "one of their drones", "un de leurs drones": a part of the subject's own.
    if (PLURAL_POSSESSIVES.has(norm) && GENITIVE_LINKS.has(normAt(tt, i - 1))) return i;
    if (LINK_WORDS.has(norm)) return -1;
  }
  return -1;
}

function isArmedOrMilitant(p: Span | undefined): boolean {
  const side = p ? sideOf(p.entry) : undefined;
  return side === 'militant' || side === 'armed';
}

const MAX_OWNER_GAP = 6;

/**
 * Goods said to be someone's: "drones belonging to wedding videographers", "des motos appartenant à des
 * éléments de la katiba Macina", "importés sans autorisation". `owner` is the party named shortly after
 * the word, if any; undefined when no such word follows the goods.
 */
function statedOwner(ctx: FrameContext, o: Span): { owner: Span | undefined } | undefined {
  const sentence = sentenceOf(ctx.tt, o);
  for (let i = o.endTok; i < o.endTok + 2; i++) {
    if (!ctx.cues.ownedAfter.has(normAt(ctx.tt, i))) continue;
    const near = (ctx.partiesBySentence.get(sentence) ?? []).filter((p) => p.startTok > i && p.startTok - i <= MAX_OWNER_GAP);
    // "fighters of the katiba Macina": the group named after a generic word is the owner.
    const first = near[0];
    return { owner: first ? (namedAfterGeneric(ctx.tt, first, near) ?? first) : undefined };
  }
  return undefined;
}

// State parties whose seizures are not operations against the militants: customs at a port or border post.
const NOT_IN_OPERATIONS = new Set(['party/customs']);

/**
 * Whom goods were taken from when the sentence does not say. Militants named in
 * the sentence or the one before ("during an operation against ISWAP, troops
 * recovered ..."); when the army or police did the seizing, militants named
 * anywhere in the report (troops seize kit from the insurgents the report is about).
 * An armed group of another kind (separatists) named nearer wins: their kit is theirs.
 */
function inferredSource(ctx: FrameContext, sentence: number, agent: Span | undefined): Span | undefined {
  if (agent && sideOf(agent.entry) !== 'state') return undefined;
  // From here the agent, if any, is the state's: never itself an armed or militant party.
  // A customs seizure is goods in trade: the militants' only when the report says so ("destined for ISWAP"), never
  // guessed from militants it names nearby ("could have fallen into the hands of groups like Boko Haram"). With nobody
  // named as the seizer, customs named in its sentence ("saisie … à la douane du port") are taken to be it.
  const seizer = agent ?? (ctx.partiesBySentence.get(sentence) ?? []).find((p) => NOT_IN_OPERATIONS.has(p.entry.id));
  if (seizer && NOT_IN_OPERATIONS.has(seizer.entry.id)) return undefined;
  const near = nearestArmedOrMilitant(ctx, sentence);
  if (near) return near;
  // Seized by troops, or by nobody named (an army tally): from the militants the report is about, which is
  // the side it names first (headline and lead): "Alleged insurgent drone supplier held … killing a rebel
  // commander" is about insurgents; a report that opens on separatists is about their kit.
  const first = ctx.parties.find((p) => (sideOf(p.entry) === 'militant' || sideOf(p.entry) === 'armed') && !linkDenied(ctx, p));
  // Named only further down ("Dans le cadre de sa lutte contre les djihadistes, le Mali s'est doté de drones"), they are
  // background, not whom the report's seizure took anything from.
  return first && sideOf(first.entry) === 'militant' && sentenceOf(ctx.tt, first) < LEAD_SENTENCES ? first : undefined;
}
/** The title and the first sentences of the text: what a report is about. */
const LEAD_SENTENCES = 4;

const MAX_LINK_TO_PARTY = 4;

/** "no link to any armed group was mentioned", "sans lien avec un groupe terroriste": the party is named only to be ruled out. */
function linkDenied(ctx: FrameContext, p: Span): boolean {
  const sentence = sentenceOf(ctx.tt, p);
  for (let i = p.startTok - 1; i >= Math.max(0, p.startTok - MAX_LINK_TO_PARTY) && ctx.tt.tokens[i]?.sentence === sentence; i--) {
    if (ctx.cues.unlinked.has(normAt(ctx.tt, i))) return cueBefore(ctx, i, CUE.negation, 2);
  }
  return false;
}

/** In the sentence and the ones either side, in text order: the first armed party, else the first militant one. */
function nearestArmedOrMilitant(ctx: FrameContext, sentence: number): Span | undefined {
  let militant: Span | undefined;
  for (let k = sentence - 1; k <= sentence + 1; k++) {
    for (const p of ctx.partiesBySentence.get(k) ?? []) {
      if (linkDenied(ctx, p)) continue;
      const side = sideOf(p.entry);
      if (side === 'armed') return p;
      if (side === 'militant') militant ??= p;
    }
  }
  return militant;
}

function bySentence(tt: TokenizedText, spans: Span[]): Map<number, Span[]> {
  const map = new Map<number, Span[]>();
  for (const s of spans) {
    const k = sentenceOf(tt, s);
    const list = map.get(k);
    if (list) list.push(s);
    else map.set(k, [s]);
  }
  return map;
}

function party(ctx: FrameContext, span: Span, inferred = false): Party {
  const p: Party = { side: sideOf(span.entry) ?? 'civilian', id: span.entry.id, name: span.entry.name, evidence: spanEvidence(ctx, span) };
  if (inferred) p.inferred = true;
  return p;
}

function normAt(tt: TokenizedText, i: number): string {
  return tt.tokens[i]?.norm ?? '';
}

/** The cue bits of token i (of the empty word past either end, as normAt reads it). */
function cueBitsAt(ctx: FrameContext, i: number): number {
  if (i < 0 || i >= ctx.tt.tokens.length) return cueBitsOfWord(ctx.cues, '', ctx.languages);
  let bits = ctx.tokenBits[i] as number;
  if (!(bits & TOKEN_KNOWN)) {
    bits = cueBitsOfWord(ctx.cues, normAt(ctx.tt, i), ctx.languages) | TOKEN_KNOWN;
    ctx.tokenBits[i] = bits;
  }
  return bits;
}

function hasCue(ctx: FrameContext, i: number, bit: number): boolean {
  return (cueBitsAt(ctx, i) & bit) !== 0;
}

/** Is a word with one of the `mask` bits among the n tokens before `tok`, in its sentence? */
function cueBefore(ctx: FrameContext, tok: number, mask: number, n: number): boolean {
  const { tokens } = ctx.tt;
  const sentence = tokens[tok]?.sentence;
  for (let i = tok - 1; i >= Math.max(0, tok - n); i--) {
    if (tokens[i]?.sentence !== sentence) return false;
    if (cueBitsAt(ctx, i) & mask) return true;
  }
  return false;
}

// Quantities without a figure; the figures themselves are casualties.ts's count words.
const VAGUE_QUANTITIES = new Set(['several', 'many', 'some', 'dozens', 'scores', 'hundreds', 'plusieurs', 'nombreux', 'dizaines', 'centaines']);

/** "killed 84 terrorists", "detain 12 suspects": a counted party is acted upon, not the one acting. */
function countedBefore(tt: TokenizedText, p: Span): boolean {
  const before = tt.tokens[p.startTok - 1];
  if (!before || before.sentence !== tt.tokens[p.startTok]?.sentence) return false;
  return isCountWord(before.norm) || VAGUE_QUANTITIES.has(before.norm);
}

/**
 * Whom the goods were taken from: the first party in a source position, unless goods are said to be
 * meant for militants ("smugglers carrying satellite phones meant for ISWAP commanders"): that names the side.
 */
function sourceOf(ctx: FrameContext, parties: Span[], trigger: Span & { type: string }): Span | undefined {
  let first: Span | undefined;
  for (const p of parties) {
    if (linkDenied(ctx, p) || !isSource(ctx, p, trigger)) continue;
    const named = namedAfterGeneric(ctx.tt, p, parties) ?? affiliatedAfter(ctx, p, parties) ?? p;
    first ??= named;
    if (isArmedOrMilitant(p) && (cueBefore(ctx, p.startTok, CUE.sourceBefore, 3) || suppliedTo(ctx, p))) return militantAlongside(ctx.tt, named, parties) ?? named;
  }
  return first;
}

const ALONGSIDE_LINKS = new WordSet(['and', 'or', 'et', 'ou', 'the', 'les', 'des', 'la', 'le', 'l', 'de', 'du', 'd']);
const MAX_ALONGSIDE_GAP = 3;

/** "supplied drones to bandits and Boko Haram": a militant party coordinated with an armed source is a source too, and the one that names the side. */
function militantAlongside(tt: TokenizedText, p: Span, parties: Span[]): Span | undefined {
  if (sideOf(p.entry) === 'militant') return undefined;
  return parties.find(
    (q) =>
      sideOf(q.entry) === 'militant' &&
      q.startTok >= p.endTok &&
      q.startTok - p.endTok <= MAX_ALONGSIDE_GAP &&
      COORDINATORS.has(normAt(tt, p.endTok)) &&
      Array.from({ length: q.startTok - p.endTok }, (_, k) => normAt(tt, p.endTok + k)).every((w) => ALONGSIDE_LINKS.has(w)),
  );
}

const MAX_GENITIVE_GAP = 4;

// Words that may stand around an affiliation word between a person and his group ("a man, a suspected member of ISWAP").
// ('a' is the English article and the folded French 'à'.)
const AFFILIATION_LINKS = new WordSet(['to', 'be', 'being', 'a', 'an', 'the', 'of', 'with', 'as', 'un', 'une', 'd', 'de', 'du', 'des', 'l', 'la', 'le', 'les', 'etre', 'au', 'aux', 'comme']);
const MAX_AFFILIATION_GAP = 7;

/**
 * "sur un individu interpellé, présumé membre du JNIM", "from a trader said to be an ISWAP logistician":
 * a person the goods were taken from, and the armed group the report says he belongs to, is that group.
 */
function affiliatedAfter(ctx: FrameContext, p: Span, parties: Span[]): Span | undefined {
  if (sideOf(p.entry) !== 'civilian') return undefined;
  const { tt, cues } = ctx;
  const group = parties.find((q) => q.startTok >= p.endTok && q.startTok - p.endTok <= MAX_AFFILIATION_GAP && isArmedOrMilitant(q));
  if (!group || tt.tokens[group.startTok]?.sentence !== tt.tokens[p.startTok]?.sentence) return undefined;
  let affiliated = false;
  for (let i = p.endTok; i < group.startTok; i++) {
    const word = normAt(tt, i);
    if (cues.affiliationWords.has(word)) affiliated = true;
    else if (!AFFILIATION_LINKS.has(word) && !(cueBitsAt(ctx, i) & CUE.militantSourceBefore)) return undefined;
  }
  return affiliated ? group : undefined;
}

/** "from fighters of the separatist FLA", "aux combattants de Boko Haram": the group named after a generic word is who it is. */
function namedAfterGeneric(tt: TokenizedText, p: Span, parties: Span[]): Span | undefined {
  if (p.entry.kind !== 'party' || !GENITIVE_LINKS.has(normAt(tt, p.endTok))) return undefined;
  return parties.find((q) => q.entry.kind !== 'party' && q.startTok > p.endTok && q.startTok - p.endTok <= MAX_GENITIVE_GAP);
}

/** "from the terrorists", "an ISWAP camp", "le repaire des terroristes": the party things were taken from. */
function isSource(ctx: FrameContext, p: Span, trigger: Span & { type: string }): boolean {
  if (cueBefore(ctx, p.startTok, CUE.sourceBefore, 3)) return true;
  // "intercepted an individual carrying a drone", "arrested insurgents with two drones": who is seized with the goods.
  // Never the state's forces: "Drone seized as FAMa bust a cell", "surrendered to troops" (they receive, not give).
  if (ACTS_ON_GOODS.has(trigger.type) && p.startTok >= trigger.endTok && p.startTok - trigger.endTok <= 2 && sideOf(p.entry) !== 'state') return true;
  const side = sideOf(p.entry);
  if ((side === 'militant' || side === 'armed') && cueBefore(ctx, p.startTok, CUE.militantSourceBefore, 3) && !opensSentence(ctx.tt, p) && takenFrom(ctx, p, trigger)) return true;
  if (hasCue(ctx, p.endTok, CUE.holdoutWords)) return true;
  if ((side === 'militant' || side === 'armed') && suppliedTo(ctx, p)) return true;
  // "camp des terroristes", "base of the insurgents": the holdout word shortly before the party.
  return p.startTok > trigger.endTok && cueBefore(ctx, p.startTok, CUE.holdoutWords, 3);
}

// Words that open a subordinate clause: a party after one has its own verb ("were killed when suspected jihadists raided").
const SUBORDINATORS = new WordSet(['when', 'as', 'while', 'after', 'before', 'because', 'since', 'lorsque', 'lorsqu', 'quand', 'alors', 'tandis', 'apres', 'avant', 'car', 'puisque']);

/**
 * "fleeing militants", "neutralised terrorists": goods are taken from them whatever their place; for any other action
 * they are only its object right after it ("killed 12 suspected terrorists"), not the subject of a clause of their own.
 */
function takenFrom(ctx: FrameContext, p: Span, trigger: Span & { type: string }): boolean {
  if (ACTS_ON_GOODS.has(trigger.type)) return true;
  return p.startTok >= trigger.endTok && !wordBetween(ctx.tt, trigger.endTok, p.startTok, SUBORDINATORS);
}

const DESTINATION_DETERMINERS = new WordSet(['the', 'les', 'des', 'la', 'le', 'l', 'suspected', 'presumed', 'presumes']);
// "aux éléments de l'EIGS", "to members of Boko Haram": a group's members before its name, skipped like a determiner.
const MEMBERS_OF = new WordSet(['elements', 'members', 'cells', 'units', 'ranks', 'membres', 'cellules', 'unites', 'rangs', 'of', 'de', 'du', 'd']);
const MAX_SUPPLY_TO_PARTY = 14;

/**
 * "collaborators supplying communication gear, drugs and explosives to terrorists", "acheminant des
 * drones vers les jihadistes": goods on their way to militants are taken from them when seized.
 */
function suppliedTo(ctx: FrameContext, p: Span): boolean {
  const { tt, cues } = ctx;
  const sentence = tt.tokens[p.startTok]?.sentence;
  let i = p.startTok - 1;
  while (i >= 0 && (DESTINATION_DETERMINERS.has(normAt(tt, i)) || MEMBERS_OF.has(normAt(tt, i)))) i--;
  if (!cues.destinationBefore.has(normAt(tt, i))) return false;
  for (let k = i - 1; k >= Math.max(0, p.startTok - MAX_SUPPLY_TO_PARTY) && tt.tokens[k]?.sentence === sentence; k--) {
    if (cues.supplyBefore.has(normAt(tt, k))) return true;
  }
  return false;
}

const SUBJECT_LEAD_WORDS = new WordSet(['the', 'a', 'an', 'some', 'several', 'des', 'les', 'le', 'la', 'l', 'un', 'une', 'plusieurs', 'suspected', 'presumed', 'alleged', 'presumes', 'presume', 'suspects', 'suspect']);

/** "Suspected JNIM fighters attacked ...": a party the sentence opens with is its subject, whatever adjective precedes it. */
function opensSentence(tt: TokenizedText, p: Span): boolean {
  const sentence = tt.tokens[p.startTok]?.sentence;
  for (let i = p.startTok - 1; i >= 0 && tt.tokens[i]?.sentence === sentence; i--) if (!SUBJECT_LEAD_WORDS.has(normAt(tt, i))) return false;
  return true;
}

const MAX_PASSIVE_AGENT_REACH = 8;

function findAgent(ctx: FrameContext, parties: Span[], trigger: Span & { type: string }, source: Span | undefined): Span | undefined {
  const { tt } = ctx;
  // Passive: "were seized by troops", "récupérés par l'armée"; after an auxiliary, also past a short adjunct
  // ("ont été détruits dans la région de Kayes par les combattants du JNIM").
  const reach = cueBefore(ctx, trigger.startTok, CUE.passiveBefore, 2) ? MAX_PASSIVE_AGENT_REACH : 4;
  const passive = parties.find((p) => p.startTok >= trigger.endTok && p.startTok - trigger.endTok <= reach && cueBefore(ctx, p.startTok, CUE.agentBefore, 2) && !semicolonBetween(tt, trigger.endTok, p.startTok));
  if (passive) return passive;
  // "Soldiers were killed", "five people died": the subject is the victim, not the agent. So is it for an attack
  // suffered or fought off: "soldiers came under attack", "l'armée a repoussé l'assaut", "a essuyé une attaque".
  if (suffered(ctx, parties, trigger) || hasCue(ctx, trigger.startTok, CUE.victimTerms)) return undefined;
  // The event phrase may open with the word itself: "le poste a essuyé des tirs nourris".
  const sufferedWord = cueBefore(ctx, trigger.startTok, CUE.sufferedBefore, 3) || hasCue(ctx, trigger.startTok, CUE.sufferedBefore) || normAt(tt, trigger.startTok - 1) === 'under';
  if (ASSAULTS.has(trigger.type) && sufferedWord) return militantsOfTheAttack(ctx, parties, trigger);
  // Active: the nearest party before the verb that is not the other side; for a verb
  // coordinated with an earlier one ("police arrested a supplier to jihadists and
  // confiscated ..."), the first such party, the subject both verbs share.
  const coordinated = isCoordinatedVerb(tt, trigger);
  let best: Span | undefined;
  for (const p of parties) {
    // A counted party is acted upon ("killed 84 terrorists"), except by a surrender: "214 Boko Haram fighters surrendered".
    if (p.endTok > trigger.startTok || p === source || (countedBefore(tt, p) && trigger.type !== 'surrender')) continue;
    if (cueBefore(ctx, p.startTok, CUE.notAgentBefore, 2) || cueBefore(ctx, p.startTok, CUE.sourceBefore, 2)) continue;
    // A semicolon ends the clause: "soupçonné d'approvisionner l'EIGS … ; cinq drones ont été retrouvés".
    if (semicolonBetween(tt, p.endTok, trigger.startTok)) continue;
    // "Soldiers were killed in an ambush", "Soldiers killed in ambush near Pama" (a headline): the subject of an
    // action it suffered is not the agent of the next one.
    if (sufferedBetween(ctx, parties, p, trigger)) continue;
    // "Les FAB ont abattu huit présumés terroristes … au cours d'une opération offensive": the object of an earlier verb is not the next one's agent.
    if (objectOfEarlierAction(ctx, parties, p, trigger)) continue;
    if (!best || (coordinated ? p.startTok < best.startTok : p.startTok > best.startTok)) best = p;
  }
  return best;
}

const MAX_OBJECT_GAP = 4;
// A date may stand between a verb and its object: "mardi 14 mai 2024".
const MAX_DATE_WORDS = 4;

/** Is the party the direct object of an active action before it in its sentence ("killed eight terrorists"), and not the subject of a clause of its own ("militants who …")? */
function objectOfEarlierAction(ctx: FrameContext, parties: Span[], p: Span, trigger: Span): boolean {
  const { tt } = ctx;
  if (RELATIVES_AFTER_PARTY.has(normAt(tt, p.endTok))) return false;
  for (const t of ctx.triggers) {
    if (t.endTok > p.startTok) break;
    if (t === trigger || sentenceOf(tt, t) !== sentenceOf(tt, p) || p.startTok - t.endTok > MAX_OBJECT_GAP + MAX_DATE_WORDS) continue;
    if (wordsBetweenBesidesDates(ctx, t.endTok, p.startTok) > MAX_OBJECT_GAP) continue;
    if (!suffered(ctx, parties, t) && !wordBetween(tt, t.endTok, p.startTok, SUBORDINATORS)) return true;
  }
  return false;
}

/** Words in [from, to) that are not a figure or a date word: "ont abattu mardi 14 mai 2024 huit terroristes" has one ("huit"). */
function wordsBetweenBesidesDates(ctx: FrameContext, from: number, to: number): number {
  let words = 0;
  for (let i = from; i < to; i++) if (!/^\d/.test(normAt(ctx.tt, i)) && !ctx.cues.dateWords.has(normAt(ctx.tt, i))) words++;
  return words;
}

const COORDINATORS = new Set(['and', 'et', 'then', 'puis']);
const AUXILIARIES_AFTER_AND = new Set(['have', 'has', 'had', 'ont', 'a', 'avaient', 'avait', 'also', 'aussi', 'later', 'ensuite']);

/**
 * "... and seized", "..., et ont récupéré", and a headline's "Troops hunt
 * jihadist cells, recover drones": a verb with no subject of its own, which
 * shares the clause's.
 */
function isCoordinatedVerb(tt: TokenizedText, trigger: Span): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  let i = trigger.startTok - 1;
  while (i >= 0 && tt.tokens[i]?.sentence === sentence && AUXILIARIES_AFTER_AND.has(normAt(tt, i))) i--;
  if (i < 0 || tt.tokens[i]?.sentence !== sentence) return false;
  return COORDINATORS.has(normAt(tt, i)) || (i === trigger.startTok - 1 && markBetween(tt, i, trigger.startTok, ','));
}

// French past participles (tués, incendiées, enlevé): without an auxiliary before them,
// "cinq militaires tués" says the soldiers were killed.
const FRENCH_PARTICIPLE = /é(?:e|s|es)?$/;
const FRENCH_AUXILIARIES = new Set(['a', 'ont', 'avait', 'avaient', 'aurait', 'auraient', 'ayant', 'avoir', 'eu']);
const ETRE_AUXILIARIES = new Set(['est', 'sont', 'etait', 'etaient', 'sera', 'seront', 'serait', 'seraient', 'etant']);
const REFLEXIVES = new Set(['se', 's']);

// Auxiliaries that cannot be a preposition once folded ("a" is also "à").
const UNAMBIGUOUS_AUXILIARIES = new Set(['ont', 'avait', 'avaient', 'aurait', 'auraient', 'ayant']);

/** "ont attaqué le poste et emporté des armes": the participle shares the auxiliary of the verb it is coordinated with. */
function sharesAuxiliary(tt: TokenizedText, trigger: Span): boolean {
  if (!isCoordinatedVerb(tt, trigger)) return false;
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  for (let i = trigger.startTok - 2; i >= 0 && tt.tokens[i]?.sentence === sentence; i--) if (UNAMBIGUOUS_AUXILIARIES.has(normAt(tt, i))) return true;
  return false;
}

function isFrenchParticipleAfterNoun(tt: TokenizedText, trigger: Span): boolean {
  const token = tt.tokens[trigger.startTok];
  if (!token || trigger.endTok - trigger.startTok !== 1 || !FRENCH_PARTICIPLE.test(tt.text.slice(token.start, token.end).toLowerCase())) return false;
  if (sharesAuxiliary(tt, trigger)) return false;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - 3); i--) {
    if (FRENCH_AUXILIARIES.has(normAt(tt, i))) return false;
    // Pronominal verbs take "être" and are active: "les jihadistes se sont emparés d'un drone".
    if (ETRE_AUXILIARIES.has(normAt(tt, i)) && REFLEXIVES.has(normAt(tt, i - 1))) return false;
  }
  return true;
}

/**
 * The first token from `from`, stepping by `step` (1 forward, -1 back) at most `max` times, that is not a link word
 * (`isLink`): "la levée du [blocus]", "deux ans après l'[attaque]", "tué par un [éléphant]".
 */
function pastLinks(tt: TokenizedText, from: number, step: 1 | -1, max: number, isLink: (norm: string) => boolean): number {
  let i = from;
  while (Math.abs(i - from) < max && isLink(normAt(tt, i))) i += step;
  return i;
}

// Between a killing noun and whom it killed: "la neutralisation de plus de 100 terroristes", "the killing of at least five militants".
const KILLED_LINKS = new WordSet(['of', 'de', 'd', 'des', 'du', 'plus', 'moins', 'at', 'least', 'au', 'over', 'more', 'than', 'some', 'about', 'environ', 'pres', 'quelque', 'the', 'les', 'l']);
const MAX_KILLED_LINKS = 5;

/**
 * Whom a killing killed, when the words say it (the frame's `source`, as in "troops killed 12 terrorists"): the subject
 * of a passive ("ont été neutralisés", "were killed"), the noun a participle follows ("deux terroristes neutralisés",
 * "12 militants killed"), or the party after a killing noun ("la neutralisation de 100 terroristes").
 */
function killed(ctx: FrameContext, parties: Span[], trigger: Span & { type: string }, agent: Span | undefined): Span | undefined {
  const { tt } = ctx;
  if (suffered(ctx, parties, trigger)) {
    const last = lastPartyBefore(ctx, parties, trigger);
    const inClause = last !== undefined && last !== agent && trigger.startTok - last.endTok <= MAX_KILLED_LINKS && !semicolonBetween(tt, last.endTok, trigger.startTok);
    return inClause ? last : undefined;
  }
  if (!GENITIVE_LINKS.has(normAt(tt, trigger.endTok))) return undefined;
  const victim = pastLinks(tt, trigger.endTok, 1, MAX_KILLED_LINKS, (w) => KILLED_LINKS.has(w) || isCountWord(w));
  return parties.find((p) => p.startTok === victim && p !== agent);
}

const MAX_OPERATION_TO_FORCE = 3;

/**
 * "L'armée a lancé une offensive contre le JNIM", "une opération offensive des Forces armées béninoises": an offensive
 * of the state's forces is an operation against the militants, not an attack by them (action `operation`).
 */
function isStateOperation(ctx: FrameContext, trigger: Span & { type: string }, parties: Span[], agent: Span | undefined): boolean {
  const { tt } = ctx;
  if (trigger.type !== 'attack' || !ctx.cues.operationNouns.has(normAt(tt, trigger.endTok - 1))) return false;
  if (agent) return sideOf(agent.entry) === 'state';
  if (!GENITIVE_LINKS.has(normAt(tt, trigger.endTok))) return false;
  const force = parties.find((p) => p.startTok > trigger.endTok && p.startTok - trigger.endTok <= MAX_OPERATION_TO_FORCE);
  return force !== undefined && sideOf(force.entry) === 'state';
}

const MAX_COUNTED_NOUN_WORDS = 4;
const ATTACK_NOUN_DETERMINERS = new WordSet(['une', 'un', 'la', 'le', 'l', 'cette', 'ce', 'the', 'an', 'a', 'this']);
const MAX_NOUN_TO_GROUP = 3;

/**
 * "a repoussé une attaque des terroristes du JNIM", "repelled an attack of jihadists": the militants named right after
 * an attack noun are its authors (troops named there would be its target, so only militant or armed parties count).
 */
function militantsOfTheAttack(ctx: FrameContext, parties: Span[], trigger: Span): Span | undefined {
  const { tt } = ctx;
  if (!ATTACK_NOUN_DETERMINERS.has(normAt(tt, trigger.startTok - 1)) || !GENITIVE_LINKS.has(normAt(tt, trigger.endTok))) return undefined;
  const group = parties.find((p) => p.startTok > trigger.endTok && p.startTok - trigger.endTok <= MAX_NOUN_TO_GROUP);
  return group && isArmedOrMilitant(group) ? (namedAfterGeneric(tt, group, parties) ?? group) : undefined;
}

/**
 * Is the action told of what its subject suffered: a passive ("were killed", "ont été neutralisés"), a participle
 * after its noun ("deux terroristes neutralisés", "12 militants killed") or a headline's bare participle?
 */
function suffered(ctx: FrameContext, parties: Span[], trigger: Span & { type: string }): boolean {
  return cueBefore(ctx, trigger.startTok, CUE.passiveBefore, 2) || isFrenchParticipleAfterNoun(ctx.tt, trigger) || isEnglishParticipleAfterCount(ctx, parties, trigger) || isHeadlineParticiple(ctx, trigger);
}

/** Is there, between the party and the trigger, an action the party suffered? */
function sufferedBetween(ctx: FrameContext, parties: Span[], p: Span, trigger: Span): boolean {
  for (const t of ctx.triggers) {
    if (t.startTok < p.endTok) continue;
    if (t.endTok > trigger.startTok) break;
    if (suffered(ctx, parties, t)) return true;
  }
  return false;
}

// Actions whose headline participle tells what was done to its subject.
const SUFFERED_IN_HEADLINES = new Set(['attack', 'raid', 'ambush', 'killing', 'kidnapping', 'arson', 'ied', 'hijacking']);

/**
 * A headline's bare English participle is a passive: "Police post attacked in Monsey", "Soldiers killed in ambush near
 * Pama" (a headline tells an active in the present: "Gunmen attack police post"). Its subject is the victim.
 */
function isHeadlineParticiple(ctx: FrameContext, trigger: Span & { type: string }): boolean {
  const { tt } = ctx;
  const token = tt.tokens[trigger.startTok];
  if (!token || token.start >= ctx.titleEnd || !SUFFERED_IN_HEADLINES.has(trigger.type)) return false;
  if (!ENGLISH_PARTICIPLE.test(normAt(tt, trigger.endTok - 1))) return false;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - 2); i--) if (ENGLISH_AUXILIARIES.has(normAt(tt, i))) return false;
  return !activeInHeadline(ctx, trigger);
}

// After a headline's participle, these open an adjunct ("Soldiers killed in ambush", "Tanker torched near Kayes"): it is passive.
const HEADLINE_ADJUNCT_STARTS = new WordSet([
  'in', 'at', 'near', 'on', 'by', 'after', 'during', 'as', 'while', 'amid', 'over', 'outside', 'inside', 'around', 'across', 'along',
  'within', 'for', 'from', 'to', 'into', 'off', 'and', 'or', 'but', 'with', 'without', 'between', 'since', 'overnight', 'again',
]);

/** "Gunmen attacked police post", "JNIM fighters torched fuel tankers": a headline's past tense with its object right after is active. */
function activeInHeadline(ctx: FrameContext, trigger: Span): boolean {
  const { tt } = ctx;
  const next = tt.tokens[trigger.endTok];
  if (!next || next.start >= ctx.titleEnd || next.sentence !== tt.tokens[trigger.startTok]?.sentence) return false;
  // "Five soldiers killed, two wounded", "Tanker torched: drivers flee": punctuation ends the participle's phrase.
  if (/[,:;|–—-]/.test(tt.text.slice(tt.tokens[trigger.endTok - 1]?.end ?? 0, next.start))) return false;
  return !HEADLINE_ADJUNCT_STARTS.has(next.norm);
}

const ENGLISH_AUXILIARIES = new WordSet(['was', 'were', 'is', 'are', 'has', 'have', 'had', 'be', 'been', 'they', 'he', 'she', 'it', 'we']);

/**
 * "Results since May: 438 terrorists neutralised, 254 weapons recovered, 300 Starlink devices recovered": a
 * participle right after a counted noun with no auxiliary says the things were taken, so nobody before it did it.
 */
function isEnglishParticipleAfterCount(ctx: FrameContext, parties: Span[], trigger: Span): boolean {
  const { tt } = ctx;
  if (trigger.endTok - trigger.startTok !== 1 || !ENGLISH_PARTICIPLE.test(normAt(tt, trigger.startTok))) return false;
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - 1 - MAX_COUNTED_NOUN_WORDS); i--) {
    if (tt.tokens[i]?.sentence !== sentence || ENGLISH_AUXILIARIES.has(normAt(tt, i))) return false;
    // A party between the count and the verb is its subject: "2 ISWAP commanders seized ...".
    if (parties.some((p) => p.startTok <= i && p.endTok > i)) return false;
    if (isCountWord(normAt(tt, i))) return i < trigger.startTok - 1;
  }
  return false;
}

/** Is this equipment mention its crew ("truck drivers", "camionneurs") rather than the vehicle? */
function isCrew(ctx: FrameContext, o: Span): boolean {
  for (let i = o.startTok; i < o.endTok; i++) if (ctx.cues.crewWords.has(normAt(ctx.tt, i))) return true;
  return false;
}

const CAUSE_LINKS = new WordSet(['by', 'in', 'par', 'dans', 'lors', 'suite', 'a', 'an', 'the', 'un', 'une', 'le', 'la', 'l', 'd', 'de', 'du', 'des', 'wild', 'sauvage']);
const MAX_CAUSE_LINKS = 3;

/** "tué par un éléphant", "killed by a lion", "killed in an accident": the agent or occasion after the verb is no killer. */
function naturalCauseAfter(ctx: FrameContext, trigger: Span): boolean {
  const { tt } = ctx;
  const i = pastLinks(tt, trigger.endTok, 1, MAX_CAUSE_LINKS, (w) => CAUSE_LINKS.has(w));
  return i > trigger.endTok && tt.tokens[i]?.sentence === tt.tokens[trigger.startTok]?.sentence && hasCue(ctx, i, CUE.naturalCauses);
}

// An aircraft this close after a killing word is what was brought down ("ont abattu un drone de l'armée").
const SHOT_DOWN_WINDOW = 3;

/** The action, where the words around the trigger change it: floods that "killed" are deaths, an aircraft "abattu" is shot down. */
function actionOf(ctx: FrameContext, trigger: Span & { type: string }, objects: Span[], agent: Span | undefined): string {
  // "truck drivers seized on the Kayes road", "des routiers saisis": people taken are kidnapped, not goods seized
  // (unless the state's forces took them: that is an arrest).
  if (trigger.type === 'seizure' && objects.length > 0 && objects.every((o) => isCrew(ctx, o))) return agent && sideOf(agent.entry) === 'state' ? 'arrest' : 'kidnapping';
  if (trigger.type !== 'killing') return trigger.type;
  if (cueBefore(ctx, trigger.startTok, CUE.naturalCauses, 4) || naturalCauseAfter(ctx, trigger)) return 'death';
  // "les assaillants neutralisés figurent deux drones": a participle after its noun was done to that noun.
  if (isFrenchParticipleAfterNoun(ctx.tt, trigger)) return trigger.type;
  // Not across a coordinator: "30 terroristes neutralisés et trois drones récupérés" brought no drone down.
  const shotDown = objects.some(
    (o) =>
      ctx.cues.aircraft.has(o.entry.id) &&
      o.startTok >= trigger.endTok &&
      o.startTok - trigger.endTok <= SHOT_DOWN_WINDOW &&
      !wordBetween(ctx.tt, trigger.endTok, o.startTok, COORDINATORS),
  );
  return shotDown ? 'shootdown' : trigger.type;
}

const TRADER_NOUNS = new WordSet(['supplier', 'suppliers', 'dealer', 'dealers', 'smuggler', 'smugglers', 'trafficker', 'traffickers', 'vendor', 'vendors']);

// Actions that can hit a vehicle's crew, and the vehicles whose crew the crew words name.
const CREW_TARGETED = new Set(['attack', 'ambush', 'raid', 'killing', 'kidnapping', 'hijacking']);
const VEHICLES = new Set(['equipment/truck', 'equipment/fuel-tanker', 'equipment/convoy']);

/**
 * "des hommes armés ont ouvert le feu sur les conducteurs", "deux chauffeurs ont été enlevés", "un chauffeur raconte
 * son enlèvement": in a report that names trucks, tankers or a convoy, drivers and crews the action hit are that
 * vehicle's. Hit means named shortly after the action, or before it when it was suffered (a passive, "son
 * enlèvement"). A report that names no such vehicle (a bus, a car) leaves its drivers alone.
 */
function crewOfVehicles(ctx: FrameContext, parties: Span[], trigger: Span & { type: string }, sentence: number): Span[] {
  const { tt } = ctx;
  const before = suffered(ctx, parties, trigger) || SUFFERER_POSSESSIVES.has(normAt(tt, trigger.startTok - 1));
  let i = before ? sentenceFirstToken(tt, trigger.startTok) : trigger.endTok;
  const end = Math.min(tt.tokens.length, trigger.endTok + MAX_CREW_AFTER);
  const crewTokens: number[] = [];
  for (; i < end && tt.tokens[i]?.sentence === sentence; i++) if (ctx.cues.crewWords.has(normAt(tt, i))) crewTokens.push(i);
  if (crewTokens.length === 0) return [];
  ctx.vehicle ??= [...ctx.objectsBySentence.values()].flat().find((o) => VEHICLES.has(o.entry.id)) ?? null;
  const vehicle = ctx.vehicle;
  return vehicle ? crewTokens.map((tok) => ({ entry: vehicle.entry, startTok: tok, endTok: tok + 1 })) : [];
}
const MAX_CREW_AFTER = 6;
const SUFFERER_POSSESSIVES = new WordSet(['son', 'sa', 'leur', 'his', 'her', 'their']);

/** Equipment in the trigger's sentence; for seizures, also in the next sentence when it reports no other action ("The haul included ..."). */
function objectsOf(ctx: FrameContext, trigger: Span & { type: string }, sentence: number): Span[] {
  const parties = ctx.partiesBySentence.get(sentence) ?? [];
  // "Manuals seized near X show how ISWAP turns drones into weapons": a party between the
  // verb and the object (not "from"/"by" it) opens another clause, whose object it is.
  const firstOpener = ACTS_ON_GOODS.has(trigger.type) ? trigger.endTok + 3 : trigger.endTok;
  // A party inside a longer one ("army" in "the Burkinabe army") is judged as that one.
  const outermost = parties.filter((p) => !parties.some((q) => q !== p && q.startTok <= p.startTok && q.endTok >= p.endTok && q.endTok - q.startTok > p.endTok - p.startTok));
  const own = (ctx.objectsBySentence.get(sentence) ?? []).filter(
    (o) =>
      // "un convoi … a été intercepté, tandis qu'un groupe … était neutralisé": another clause's object.
      !(o.endTok <= trigger.startTok && otherClauseBetween(ctx.tt, o.endTok, trigger)) &&
      // "recovered weapons from ISWAP fighters; a drone provided air cover": goods past a semicolon are another
      // clause's. (Not for attacks: "came under attack …; it gave no figure for the tankers lost" names what was hit.)
      !(ACTS_ON_GOODS.has(trigger.type) && o.startTok >= trigger.endTok && semicolonBetween(ctx.tt, trigger.endTok, o.startTok)) &&
      !(o.startTok > trigger.endTok && outermost.some((p) => opensClause(ctx, p, firstOpener, o, trigger.endTok))) &&
      // "the seizure was a regulatory matter, though they warned that drones could fall into the hands of terrorists".
      !(o.startTok > trigger.endTok && complementizerBetween(ctx, trigger.endTok, o.startTok)) &&
      // "They used armed drones to break through, burning vehicles and seizing ammunition": a present participle takes its goods after it.
      !(o.endTok <= trigger.startTok && ACTS_ON_GOODS.has(trigger.type) && isPresentParticiple(ctx.tt, trigger)),
  );
  if (!ACTS_ON_GOODS.has(trigger.type)) return ASSAULTS.has(trigger.type) ? [...own, ...damagedNext(ctx, sentence)] : own;
  // "ont découvert qu'un drone survolait la zone": what follows is a clause, not the goods.
  if (ctx.cues.clauseAfter.has(normAt(ctx.tt, trigger.endTok))) return [];
  // "Les débris ont été récupérés": the remains of a crash or a shootdown, not goods taken from anyone.
  if (sentenceHas(ctx.tt, trigger, ctx.cues.wreckage)) return [];
  // "a intercepté puis neutralisé un drone": taken down, not taken.
  if (destroyedRightAfter(ctx, trigger)) return [];
  // A present participle's goods are in its own clause ("…, pillant puis incendiant commerces et maisons"), not listed after it.
  if (isPresentParticiple(ctx.tt, trigger)) return own;
  // An arrest takes only what the person arrested carried ("arrested with two drones", "en possession d'un drone").
  // In the passive, what they carried may come first: "the suspects, who were ferrying drones to ISWAP, were arrested".
  if (trigger.type === 'arrest') {
    const passive = cueBefore(ctx, trigger.startTok, CUE.passiveBefore, 2);
    // "a drone supplier to ISWAP was arrested": goods named by the trade of the one arrested.
    const traded = (o: Span) => cueBefore(ctx, o.startTok, CUE.carriedBefore, CARRIED_WINDOW) || TRADER_NOUNS.has(normAt(ctx.tt, o.endTok));
    const carried = own.filter((o) => (o.startTok > trigger.startTok || passive) && traded(o));
    // "… a été arrêté près de Ségou ; il était en possession d'un kit Starlink": past a semicolon, as in the next sentence.
    const pastSemicolon = (ctx.objectsBySentence.get(sentence) ?? []).filter(
      (o) => o.startTok > trigger.endTok && semicolonBetween(ctx.tt, trigger.endTok, o.startTok) && cueBefore(ctx, o.startTok, CUE.carriedBefore, CARRIED_WINDOW),
    );
    carried.push(...pastSemicolon.filter((o) => !carried.includes(o)));
    // "… a été interpellé à Kantchari. Il était en possession d'un drone": the next sentence, reporting no action of its own, says what he carried.
    const next = sentence + 1;
    if (ctx.triggerSentences.has(next)) return carried;
    return [...carried, ...(ctx.objectsBySentence.get(next) ?? []).filter((o) => cueBefore(ctx, o.startTok, CUE.carriedBefore, CARRIED_WINDOW))];
  }
  // The goods are often listed after the action, in sentences that report nothing else.
  const listed = [...own];
  for (let next = sentence + 1; next <= sentence + FOLLOWING_LIST_SENTENCES && !ctx.triggerSentences.has(next); next++) {
    const goods = ctx.objectsBySentence.get(next) ?? [];
    // "Parallèlement, … des drones seront fournis à l'armée": another matter, not the list of what was seized; nor is
    // a quotation ("'The proliferation of drones … is of great concern,' the governor said").
    // Nor is a sentence of who used or deployed them ("a team using mini-drones was spotted", "Reaper drones were engaged").
    if (goods[0] && (opensNewTopic(ctx, goods[0]) || opensQuotation(ctx, goods[0]) || sentenceHas(ctx.tt, goods[0], ctx.cues.inUse))) break;
    listed.push(...goods);
  }
  return listed;
}

// "seizing", "recovering"; "saisissant", "récupérant": the action told as a present participle, active.
const PRESENT_PARTICIPLE = /^(?:\p{L}{3,}ing|\p{L}{3,}ant)$/u;

function isPresentParticiple(tt: TokenizedText, trigger: Span): boolean {
  return trigger.endTok - trigger.startTok === 1 && PRESENT_PARTICIPLE.test(normAt(tt, trigger.startTok));
}

/** Link words between a seizure word and a word of destruction that undoes it ("intercepté puis neutralisé"). */
const THEN_WORDS = new WordSet(['then', 'and', 'before', 'puis', 'et', 'avant', 'de']);

/** Is the trigger followed, across link words only, by a word of destruction ("intercepted and destroyed", "intercepté puis neutralisé")? */
function destroyedRightAfter(ctx: FrameContext, trigger: Span): boolean {
  const { tt } = ctx;
  let i = trigger.endTok;
  while (i < trigger.endTok + 2 && THEN_WORDS.has(normAt(tt, i)) && tt.tokens[i]?.sentence === tt.tokens[trigger.startTok]?.sentence) i++;
  return i > trigger.endTok && ctx.cues.destroyedAfter.has(normAt(tt, i));
}

// Actions whose collateral damage is theirs: an assault on a town that damaged the trucks parked there.
const ASSAULTS = new Set(['attack', 'raid']);

const TOPIC_SHIFT_REACH = 2;

const QUOTE_MARKS = /["'«“‘]/;

/** Does the sentence holding this span open with a quotation mark: someone's words, not the report's account? */
function opensQuotation(ctx: FrameContext, within: Span): boolean {
  const { tt } = ctx;
  const first = tt.tokens[sentenceFirstToken(tt, within.startTok)];
  const sentence = first && tt.sentences[first.sentence];
  return first !== undefined && sentence !== undefined && QUOTE_MARKS.test(tt.text.slice(sentence.start, first.start));
}

/** Does the sentence holding this span open on a word that turns to another matter ("Meanwhile", "Par ailleurs", "Parallèlement")? */
function opensNewTopic(ctx: FrameContext, within: Span): boolean {
  const { tt } = ctx;
  const sentence = tt.tokens[within.startTok]?.sentence;
  const first = sentenceFirstToken(tt, within.startTok);
  for (let i = first; i < first + TOPIC_SHIFT_REACH && tt.tokens[i]?.sentence === sentence; i++) if (ctx.cues.topicShift.has(normAt(tt, i))) return true;
  return false;
}

/**
 * "… attacked strategic sites of Nioro du Sahel. Two Moroccan trucks were slightly damaged.": equipment
 * the next sentence says was damaged, when it reports no action of its own, is what the assault hit.
 */
function damagedNext(ctx: FrameContext, sentence: number): Span[] {
  const next = sentence + 1;
  if (ctx.triggerSentences.has(next)) return [];
  const objects = ctx.objectsBySentence.get(next) ?? [];
  const first = objects[0];
  return first && sentenceHas(ctx.tt, first, ctx.cues.damaged) ? objects : [];
}

/** Does the trigger's sentence hold one of the words? Reads outward from the trigger to the sentence's ends. */
function sentenceHas(tt: TokenizedText, trigger: Span, words: Set<string>): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  for (let i = trigger.startTok; i >= 0 && tt.tokens[i]?.sentence === sentence; i--) if (words.has(normAt(tt, i))) return true;
  for (let i = trigger.endTok; i < tt.tokens.length && tt.tokens[i]?.sentence === sentence; i++) if (words.has(normAt(tt, i))) return true;
  return false;
}

// "ainsi que deux drones", "as well as": a list goes on, no clause opens.
const NOT_CLAUSE_BEFORE = new WordSet(['ainsi', 'meme', 'tel', 'telle', 'tels', 'telles', 'plus', 'moins', 'autant', 'so', 'such']);

const CONTRAST_CONNECTIVES = new WordSet(['tandis', 'whereas', 'while', 'meanwhile']);
// "Le syndicat appelle les chauffeurs à ne plus rouler après les attaques de Kayes": an attack named as the cause of
// what the main clause says did not hit what that clause names.
const CAUSE_CONNECTIVES = new WordSet(['apres', 'after', 'following']);
const STRIKES = new Set(['attack', 'raid', 'ambush', 'killing']);

function otherClauseBetween(tt: TokenizedText, from: number, trigger: Span & { type: string }): boolean {
  return wordBetween(tt, from, trigger.startTok, CONTRAST_CONNECTIVES) || (STRIKES.has(trigger.type) && wordBetween(tt, from, trigger.startTok, CAUSE_CONNECTIVES));
}


function complementizerBetween(ctx: FrameContext, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (ctx.cues.clauseAfter.has(normAt(ctx.tt, i)) && !NOT_CLAUSE_BEFORE.has(normAt(ctx.tt, i - 1))) return true;
  return false;
}

/** Is party p, between the verb (from `firstOpener`) and object o, the subject of another clause? */
function opensClause(ctx: FrameContext, p: Span, firstOpener: number, o: Span, verbEnd: number): boolean {
  return (
    p.startTok >= firstOpener &&
    p.endTok <= o.startTok &&
    !insideIncise(ctx.tt, verbEnd, p, o) &&
    !cueBefore(ctx, p.startTok, CUE.sourceBefore, 3) &&
    !cueBefore(ctx, p.startTok, CUE.agentBefore, 2) &&
    !cueBefore(ctx, p.startTok, CUE.notSubjectBefore, 2) &&
    !cueBefore(ctx, p.startTok, CUE.militantSourceBefore, 3) &&
    !hasCue(ctx, p.endTok, CUE.holdoutWords) &&
    // "ont découvert dans une cache du JNIM des drones": the party whose hideout is named is where, not a subject.
    !cueBefore(ctx, p.startTok, CUE.holdoutWords, 3) &&
    // "arrested in Niamey a man who supplied drones", "un individu livrant des drones", "… en possession de": described, not a new subject.
    !RELATIVES_AFTER_PARTY.has(normAt(ctx.tt, p.endTok)) &&
    !hasCue(ctx, p.endTok, CUE.carriedBefore) &&
    !(normAt(ctx.tt, p.endTok) === 'en' && hasCue(ctx, p.endTok + 1, CUE.carriedBefore))
  );
}
const RELATIVES_AFTER_PARTY = new WordSet(['who', 'whom', 'qui']);

/**
 * "ont saisi, après des échanges de tirs avec l'EIGS, un drone": a party set off by commas
 * between the verb and the object is an aside, not the subject of another clause.
 */
function insideIncise(tt: TokenizedText, verbEnd: number, p: Span, o: Span): boolean {
  return markBetween(tt, Math.max(0, verbEnd - 1), p.startTok, ',') && markBetween(tt, Math.max(0, p.endTok - 1), o.startTok, ',');
}


const YEAR = /^(19|20)\d\d$/;

function modalityOf(ctx: FrameContext, trigger: Span & { type: string }, published: PublicationDate | undefined): Frame['modality'] {
  const { tt, cues } = ctx;
  const before = cueBitsWithin(ctx, trigger.startTok);
  // A denial or plan is a cue word as written or any word of a cue's family ("fearing", "menaçaient").
  const { deniedFamily, plannedFamily } = ctx;
  if ((before.within3 & CUE.negation) !== 0 || (before.within8 & (CUE.denial | deniedFamily)) !== 0 || negatedRightAfter(ctx, trigger)) return 'negated';
  if ((before.within5 & (CUE.planned | plannedFamily)) !== 0 && !presumedDone(ctx, trigger)) return 'planned';
  // "JNIM's blockade threats", "attack plans": the cue right after the event word.
  if ((cueBitsAt(ctx, trigger.endTok) & plannedFamily) !== 0 && tt.tokens[trigger.endTok]?.sentence === tt.tokens[trigger.startTok]?.sentence) return 'planned';
  if ((before.within8 & CUE.hypothetical) !== 0 || isYesNoQuestion(tt, tt.tokens[trigger.startTok]?.sentence ?? -1, ctx.titleEnd)) return 'hypothetical';
  if (isDebunkedClaim(ctx, trigger) || deniedAfter(ctx, trigger) || (trigger.type === 'blockade' && saidUndone(ctx, trigger))) return 'negated';
  if (isHistorical(tt, trigger, cues, published, ctx.historicalBySentence) || isSpanOfTime(tt, trigger, cues) || isRemembered(tt, trigger, cues) || isTrend(tt, trigger, cues)) return 'historical';
  return 'asserted';
}

// "recovered no fewer than 20 rifles", "found no less than": a count, not nothing.
const COUNT_AFTER_NO = new WordSet(['fewer', 'less', 'more', 'longer']);

/** "found no terrorists", "recovered nothing": the action came to nothing. */
function negatedRightAfter(ctx: FrameContext, trigger: Span): boolean {
  const { tt } = ctx;
  return tt.tokens[trigger.endTok]?.sentence === tt.tokens[trigger.startTok]?.sentence && ctx.cues.negationAfter.has(normAt(tt, trigger.endTok)) && !COUNT_AFTER_NO.has(normAt(tt, trigger.endTok + 1));
}

// Words for what is said to have happened, between an event word and its denial ("attack rumours denied").
const RUMOUR_NOUNS = new WordSet(['rumour', 'rumours', 'rumor', 'rumors', 'report', 'reports', 'claim', 'claims', 'allegation', 'allegations', 'rumeur', 'rumeurs', 'information', 'informations']);

/** "Attack rumours denied", "Park W attack reports denied", "Attaque démentie": a denial right after the event word, as headlines put it. */
function deniedAfter(ctx: FrameContext, trigger: Span): boolean {
  const { tt } = ctx;
  let next = trigger.endTok;
  if (RUMOUR_NOUNS.has(normAt(tt, next))) next++;
  return tt.tokens[next]?.sentence === tt.tokens[trigger.startTok]?.sentence && (cueBitsAt(ctx, next) & (CUE.denial | ctx.deniedFamily)) !== 0;
}

/** The cue bits of the 3, 5 and 8 tokens before `tok` in its sentence (as cueBefore reads them), in one look back. */
function cueBitsWithin(ctx: FrameContext, tok: number): { within3: number; within5: number; within8: number } {
  const { tokens } = ctx.tt;
  const sentence = tokens[tok]?.sentence;
  let within3 = 0;
  let within5 = 0;
  let within8 = 0;
  for (let distance = 1; distance <= 8 && tok - distance >= 0; distance++) {
    if (tokens[tok - distance]?.sentence !== sentence) break;
    const bits = cueBitsAt(ctx, tok - distance);
    if (distance <= 3) within3 |= bits;
    if (distance <= 5) within5 |= bits;
    within8 |= bits;
  }
  return { within3, within5, within8 };
}

// "Étaient-ils destinés aux terroristes ?", "Did troops seize drones?": asked, not reported. Questions that
// presuppose the event ("Why did JNIM attack ...?", "Qui a attaqué ... ?") keep it.
const FRENCH_INVERSION = /\p{L}-(?:t-)?(?:ils?|elles?|on)\b|\best-ce qu/iu;
const ENGLISH_YES_NO = /^(?:[^:?]*:\s*)?(?:did|does|do|was|were|is|are|has|have|had|can|could|will|would|should)\s/i;

// A headline question asking why, who or how takes its event as given ("Why did JNIM attack Kayes?").
const WH_QUESTION = /^(?:[^:?]*:\s*)?(?:who|whom|whose|why|how|what|when|where|which|qui|pourquoi|comment|quand|où|quel|quelle|quels|quelles|que|qu'|qu’)/iu;

/**
 * "Did militants seize drones?", "Les jihadistes ont-ils saisi des drones ?"; in a headline, also the elliptic question
 * "150 drones saisis au Nigeria, destinés aux terroristes du Sahel ?", which asks rather than reports.
 */
function isYesNoQuestion(tt: TokenizedText, sentence: number, titleEnd: number): boolean {
  const bounds = tt.sentences[sentence];
  if (!bounds) return false;
  // Most sentences do not end with "?": look at the last character before slicing anything.
  let end = bounds.end - 1;
  while (end > bounds.start && /\s/.test(tt.text.charAt(end))) end--;
  if (tt.text.charAt(end) !== '?') return false;
  const text = tt.text.slice(bounds.start, end + 1).trim();
  if (end < titleEnd && !WH_QUESTION.test(text)) return true;
  return FRENCH_INVERSION.test(text) || ENGLISH_YES_NO.test(text);
}

const CLAIM_WINDOW = 8;
// A claim word further back still governs the trigger when a "que"/"that" clause lies between them.
const CLAIM_CLAUSE_WINDOW = 20;
const ENGLISH_PARTICIPLE = /(ed|en)$/;

/** "two tourists are feared kidnapped", "presumed killed": a participle after one of these is an event believed done, not feared to come. */
function presumedDone(ctx: FrameContext, trigger: Span): boolean {
  const { tt, cues } = ctx;
  return cues.presumedBefore.has(normAt(tt, trigger.startTok - 1)) && ENGLISH_PARTICIPLE.test(normAt(tt, trigger.endTok - 1));
}

const UNDONE_WINDOW = 4;

// "la levée du blocus", "the lifting of the blockade": the undoing word, then at most a link word and a determiner.
const UNDONE_BEFORE_WINDOW = 3;

/**
 * "proof that the jihadist blockade had failed", "le blocus a été levé", "après la levée du blocus":
 * a blockade said to be over is none in force.
 */
function saidUndone(ctx: FrameContext, trigger: Span): boolean {
  const { tt, cues } = ctx;
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - UNDONE_BEFORE_WINDOW) && tt.tokens[i]?.sentence === sentence; i--) {
    if (cues.undoneBefore.has(normAt(tt, i))) return true;
  }
  for (let i = trigger.endTok; i < trigger.endTok + UNDONE_WINDOW && tt.tokens[i]?.sentence === sentence; i++) {
    if (cues.undoneAfter.has(normAt(tt, i))) return true;
  }
  return false;
}

/** "Une vidéo affirme que l'armée a saisi 50 drones … Vérification faite, …": a claim the report refutes. */
function isDebunkedClaim(ctx: FrameContext, trigger: Span): boolean {
  const { tt, cues } = ctx;
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  let claimed = false;
  let clause = false;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - CLAIM_CLAUSE_WINDOW) && tt.tokens[i]?.sentence === sentence; i--) {
    if (COMPLEMENTIZERS.has(normAt(tt, i))) clause = true;
    if (cues.claimBefore.has(normAt(tt, i)) && (clause || trigger.startTok - i <= CLAIM_WINDOW)) claimed = true;
  }
  if (!claimed) return false;
  ctx.debunks ??= containsPhrase(tt, cues.debunk);
  return ctx.debunks;
}

function containsPhrase(tt: TokenizedText, phrases: WordMap<string[][]>): boolean {
  for (let i = 0; i < tt.tokens.length; i++) {
    const candidates = phrases.get(normAt(tt, i));
    if (candidates?.some((phrase) => phrase.every((w, k) => normAt(tt, i + k) === w))) return true;
  }
  return false;
}

const SPAN_LINKS = new WordSet(['of', 'de', 'd']);

/** "after months of attacks", "des années de violences": a span of time, not one event. */
function isSpanOfTime(tt: TokenizedText, trigger: Span, cues: FrameCues): boolean {
  const link = trigger.startTok - 1;
  return SPAN_LINKS.has(normAt(tt, link)) && cues.durationBefore.has(normAt(tt, link - 1)) && tt.tokens[link - 1]?.sentence === tt.tokens[trigger.startTok]?.sentence;
}

const REMEMBERED_LINKS = new WordSet(['of', 'the', 'this', 'that', 'de', 'd', 'du', 'des', 'l', 'la', 'le', 'les', 'cette', 'ce']);
const AFTER = new WordSet(['after', 'on', 'apres']);
const MAX_REMEMBERED_LINKS = 2;

/**
 * "Deux ans après l'attaque de Point Triple", "a year on from the ambush", "the anniversary of the attack",
 * "la commémoration de l'attaque": the event is remembered, not reported.
 */
function isRemembered(tt: TokenizedText, trigger: Span, cues: FrameCues): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  const i = pastLinks(tt, trigger.startTok - 1, -1, MAX_REMEMBERED_LINKS + 1, (w) => REMEMBERED_LINKS.has(w));
  if (i < 0 || tt.tokens[i]?.sentence !== sentence) return false;
  if (cues.anniversaryBefore.has(normAt(tt, i))) return true;
  // "a year on from the ambush": "from" between "on" and the event.
  const after = normAt(tt, i) === 'from' && normAt(tt, i - 1) === 'on' ? i - 1 : i;
  return AFTER.has(normAt(tt, after)) && cues.elapsedYears.has(normAt(tt, after - 1)) && tt.tokens[after - 1]?.sentence === sentence;
}

const TREND_LINKS = new WordSet(['up', 'its', 'their', 'his', 'the', 'of', 'in', 'ses', 'leurs', 'les', 'des', 'de', 'd', 'du', 'en']);
const MAX_TREND_LINKS = 2;

// Auxiliaries between an event word and a trend verb after it ("attacks have grown", "les attaques se sont multipliées"),
// and the French adjective of who attacks ("les attaques jihadistes se multiplient").
const TREND_AFTER_LINKS = new WordSet(['have', 'has', 'had', 'been', 'continue', 'continued', 'to', 'se', 's', 'sont', 'ont', 'ete', 'jihadistes', 'djihadistes', 'terroristes']);
const MAX_TREND_AFTER_LINKS = 4;

/**
 * "JNIM has stepped up attacks", "une recrudescence des attaques", "multiplie les enlèvements"; or the trend told
 * after the event word: "where JNIM attacks have grown", "les enlèvements se multiplient". A trend, not one new event.
 */
function isTrend(tt: TokenizedText, trigger: Span, cues: FrameCues): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence;
  const i = pastLinks(tt, trigger.startTok - 1, -1, MAX_TREND_LINKS, (w) => TREND_LINKS.has(w));
  if (i >= 0 && i < trigger.startTok - 1 && tt.tokens[i]?.sentence === sentence && cues.trendBefore.has(normAt(tt, i))) return true;
  const after = pastLinks(tt, trigger.endTok, 1, MAX_TREND_AFTER_LINKS, (w) => TREND_AFTER_LINKS.has(w));
  return tt.tokens[after]?.sentence === sentence && cues.trendAfter.has(normAt(tt, after));
}

// A blockade is a state that lasts: one declared in September is still in force in November.
const LASTING_ACTIONS = new Set(['blockade']);

function isHistorical(tt: TokenizedText, trigger: Span & { type: string }, cues: FrameCues, published: PublicationDate | undefined, memo: Map<number, SentenceDating>): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence ?? -1;
  let dating = memo.get(sentence);
  if (dating === undefined) {
    dating = sentenceDating(tt, trigger.startTok, sentence, cues, published);
    memo.set(sentence, dating);
  }
  // "…, the deadliest since 74 people were killed at Karamga": the event compared with is history.
  if (trigger.startTok > dating.comparedFrom && trigger.startTok < dating.comparedTo) return true;
  return dating.dating === 'past' || (dating.dating === 'past-month' && !LASTING_ACTIONS.has(trigger.type));
}

const DAY_OF_MONTH = /^(?:[1-9]|[12]\d|3[01])$/;

/**
 * What a sentence's dates say: history (a phrase or a year), a month that ended weeks before publication or an
 * incident the report's is set after, or nothing.
 */
type Dating = 'past' | 'past-month' | 'current';
/**
 * A sentence's dating, and where a comparison with the past stands in it ("the deadliest since …", up to the next
 * comma: "the deadliest since 2015, which left 160 dead" is back to the event itself), if it does.
 */
interface SentenceDating {
  dating: Dating;
  /** The token of "since"/"depuis" after a superlative, or Infinity. */
  comparedFrom: number;
  /** The first token after the comparison (after its comma), or Infinity. */
  comparedTo: number;
}

function sentenceDating(tt: TokenizedText, at: number, sentence: number, cues: FrameCues, published: PublicationDate | undefined): SentenceDating {
  const from = sentenceFirstToken(tt, at);
  let comparedFrom = Number.POSITIVE_INFINITY;
  let comparedTo = Number.POSITIVE_INFINITY;
  // The latest year or month named decides: "who joined in 2017 surrendered on 23 April 2023" is news.
  let latest = -1;
  let latestMonthEnd = -1;
  let recentDay = false;
  let setAfter = false;
  let dayOfMonth = false;
  for (let i = from; i < tt.tokens.length && tt.tokens[i]?.sentence === sentence; i++) {
    const norm = normAt(tt, i);
    // "the deadliest since 2019": what follows is the record compared with, not when the event happened.
    if (comparedFrom === Number.POSITIVE_INFINITY && cues.comparedSince.has(norm) && superlativeBefore(tt, i, sentence, cues)) {
      comparedFrom = i;
      comparedTo = afterComma(tt, i, sentence);
      i = comparedTo - 1;
      continue;
    }
    // Length first: this runs on every word of a sentence with an event.
    if (norm.length === 4 && YEAR.test(norm)) latest = Math.max(latest, Number(norm));
    if (phraseStartsAt(tt, i, sentence, cues.historical.get(norm))) return { dating: 'past', comparedFrom, comparedTo };
    if (!setAfter && phraseStartsAt(tt, i, sentence, cues.setAfter.get(norm))) setAfter = true;
    if (norm === 'y' && yearsAgoFrench(tt, i, cues)) return { dating: 'past', comparedFrom, comparedTo };
    const dated = cues.dateWords.get(norm);
    // "dans la nuit du 9 au 10 mai", "on May 10": a day of the month dates the earlier incident closely enough to be news.
    if (dated !== undefined && dated !== RECENT_DAY && (DAY_OF_MONTH.test(normAt(tt, i - 1)) || DAY_OF_MONTH.test(normAt(tt, i + 1)))) dayOfMonth = true;
    if (dated === RECENT_DAY) recentDay = true;
    else if (dated !== undefined && published) latestMonthEnd = Math.max(latestMonthEnd, monthEndAt(tt, i, dated, sentence, cues, published) ?? -1);
  }
  // Like a month ended weeks ago, this leaves lasting actions (a blockade declared earlier and still in force) current.
  if (setAfter && !recentDay && !dayOfMonth) return { dating: 'past-month', comparedFrom, comparedTo };
  if (!published) return { dating: 'current', comparedFrom, comparedTo };
  if (latest > 0 && published.year - latest >= cues.historicalYears) return { dating: 'past', comparedFrom, comparedTo };
  // "ambushed on Tuesday, the deadliest since the attack in January": a day of this week is the latest date.
  return { dating: !recentDay && latestMonthEnd > 0 && published.ms - latestMonthEnd > cues.historicalMonthDays * DAY_MS ? 'past-month' : 'current', comparedFrom, comparedTo };
}

/** Does one of the phrases (each starting with the word at i) run from token i within its sentence? */
function phraseStartsAt(tt: TokenizedText, i: number, sentence: number, phrases: string[][] | undefined): boolean {
  if (!phrases) return false;
  return phrases.some((phrase) => phrase.every((w, k) => tt.tokens[i + k]?.sentence === sentence && normAt(tt, i + k) === w));
}

/** The first token after the next comma of the sentence, or Infinity (the sentence's end). */
function afterComma(tt: TokenizedText, from: number, sentence: number): number {
  for (let k = from + 1; tt.tokens[k]?.sentence === sentence; k++) {
    if (markBetween(tt, k - 1, k, ',')) return k;
  }
  return Number.POSITIVE_INFINITY;
}

/** How far before "since"/"depuis" its superlative may stand ("le plus lourd bilan depuis", "the deadliest against the army since"). */
const SUPERLATIVE_REACH = 4;

function superlativeBefore(tt: TokenizedText, at: number, sentence: number, cues: FrameCues): boolean {
  for (let k = at - 1; k >= at - SUPERLATIVE_REACH && tt.tokens[k]?.sentence === sentence; k--) if (cues.superlativeBefore.has(normAt(tt, k))) return true;
  return false;
}

// Words between "il y a" and the years it counts: "il y a plus de trois ans", "il y a quelques années".
const YEARS_AGO_FILLERS = new WordSet(['plus', 'pres', 'de', 'd', 'environ', 'bientot', 'deja', 'une', 'bonne']);

/** "Il y a trois ans, une attaque …", "il y a plus de deux ans": years counted back from "y" at i are history. */
function yearsAgoFrench(tt: TokenizedText, i: number, cues: FrameCues): boolean {
  if (normAt(tt, i + 1) !== 'a') return false;
  let j = i + 2;
  let counted = false;
  for (; j < i + 6; j++) {
    const word = normAt(tt, j);
    if (isCountWord(word) || word === 'quelques') counted = true;
    else if (!YEARS_AGO_FILLERS.has(word)) break;
  }
  return counted && cues.elapsedYears.has(normAt(tt, j)) && tt.tokens[j]?.sentence === tt.tokens[i]?.sentence;
}

const DAY_MS = 86_400_000;
/** dateWords' value for a day of this week ("Tuesday", "hier"). */
const RECENT_DAY = 0;

/** A publication date, read once per article. */
interface PublicationDate {
  year: number;
  /** 1–12 */
  month: number;
  /** Midnight UTC of the day. */
  ms: number;
}

function publicationDate(iso: string | undefined): PublicationDate | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  return Number.isFinite(ms) && month >= 1 && month <= 12 ? { year, month, ms } : undefined;
}

/**
 * The end (ms) of the month named at token i, when it dates something: after a context word or next to a
 * number ("in May", "le 12 janvier", "March 2025"), not opening a span to now ("since January"). Its year is
 * the one written after it, else its latest occurrence up to the publication month.
 */
function monthEndAt(tt: TokenizedText, i: number, month: number, sentence: number, cues: FrameCues, published: PublicationDate): number | undefined {
  const before = i > 0 && tt.tokens[i - 1]?.sentence === sentence ? normAt(tt, i - 1) : '';
  const after = tt.tokens[i + 1]?.sentence === sentence ? normAt(tt, i + 1) : '';
  if (cues.monthSpanBefore.has(before) || (/^\d/.test(before) && cues.monthSpanBefore.has(normAt(tt, i - 2)))) return undefined;
  if (!cues.monthContextBefore.has(before) && !/^\d/.test(before) && !/^\d/.test(after)) return undefined;
  const written = YEAR.test(after) ? Number(after) : undefined;
  const year = written ?? (month <= published.month ? published.year : published.year - 1);
  // Day 0 of the next month is the month's last day.
  return Date.UTC(year, month, 0);
}
