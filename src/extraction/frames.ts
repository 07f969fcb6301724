import { z } from 'zod';
import { isCountWord } from './casualties.js';
import { evidenceForTokens } from './evidence.js';
import type { Evidence, Frame, Party } from './extraction.js';
import type { GazetteerEntry } from './gazetteer.js';
import { foldPhrase, type TokenizedText } from './text.js';
import { packagePath } from '../core/paths.js';
import { foldedWords, inWordFamily, loadCueFile, type WordFamilies, wordFamilies, WordListsSchema } from './cue-words.js';
import { STEM_LANGUAGES, type StemLanguage } from './stem.js';

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
  natural_causes: WordListsSchema,
  negation: WordListsSchema,
  denial: WordListsSchema,
  planned: WordListsSchema,
  hypothetical: WordListsSchema,
  historical_years: z.number().int().min(0),
  historical: WordListsSchema,
  elsewhere_before: WordListsSchema,
  elsewhere_after: WordListsSchema,
  not_object_before: WordListsSchema,
});

interface FrameCues {
  sourceBefore: Set<string>;
  militantSourceBefore: Set<string>;
  holdoutWords: Set<string>;
  agentBefore: Set<string>;
  notAgentBefore: Set<string>;
  passiveBefore: Set<string>;
  victimTerms: Set<string>;
  naturalCauses: Set<string>;
  negation: Set<string>;
  denial: Set<string>;
  planned: Set<string>;
  hypothetical: Set<string>;
  historicalYears: number;
  /** Folded phrases as token arrays, by first word. */
  historical: Map<string, string[][]>;
  /** Folded phrases, as token arrays, that name a place as origin, destination or far away. */
  elsewhereBefore: string[][];
  elsewhereAfter: Set<string>;
  notObjectBefore: Set<string>;
  /** Word families of the denial and planned cues, per language: "fearing" is "fear", "menaçaient" is "menace". */
  deniedFamilies: WordFamilies;
  plannedFamilies: WordFamilies;
}

const CUES_FILE = packagePath('data', 'gazetteer', 'frames.yaml');
let cachedCues: FrameCues | undefined;

function byFirstWord(phrases: string[][]): Map<string, string[][]> {
  const map = new Map<string, string[][]>();
  for (const p of phrases) map.set(p[0] as string, [...(map.get(p[0] as string) ?? []), p]);
  return map;
}

/** The cue words of data/gazetteer/frames.yaml, read once per process. */
export function frameCues(): FrameCues {
  if (!cachedCues) {
    const c = loadCueFile(FrameCuesSchema, CUES_FILE);
    cachedCues = {
      sourceBefore: foldedWords(c.source_before),
      militantSourceBefore: foldedWords(c.militant_source_before),
      holdoutWords: foldedWords(c.holdout_words),
      agentBefore: foldedWords(c.agent_before),
      notAgentBefore: foldedWords(c.not_agent_before),
      passiveBefore: foldedWords(c.passive_before),
      victimTerms: foldedWords(c.victim_terms),
      naturalCauses: foldedWords(c.natural_causes),
      negation: foldedWords(c.negation),
      denial: foldedWords(c.denial),
      planned: foldedWords(c.planned),
      hypothetical: foldedWords(c.hypothetical),
      historicalYears: c.historical_years,
      historical: byFirstWord([...c.historical.en, ...c.historical.fr].map((p) => foldPhrase(p).split(' '))),
      notObjectBefore: foldedWords(c.not_object_before),
      deniedFamilies: wordFamilies(c.denial),
      plannedFamilies: wordFamilies(c.planned),
      elsewhereAfter: foldedWords(c.elsewhere_after),
      elsewhereBefore: [...c.elsewhere_before.en, ...c.elsewhere_before.fr].map((p) => foldPhrase(p).split(' ')),
    };
  }
  return cachedCues;
}

/** "no trucks", "aucun camion", "none of the tankers", "anti-drone". */
function isNotAnObject(tt: TokenizedText, o: Span, cues: FrameCues): boolean {
  const before = normAt(tt, o.startTok - 1);
  if (cues.notObjectBefore.has(before)) return true;
  return (before === 'the' || before === 'of') && cues.notObjectBefore.has(normAt(tt, o.startTok - (before === 'the' ? 3 : 2)));
}

// Determiners that may stand between a cue and the place it introduces ("vers le Sénégal").
const PLACE_DETERMINERS = new Set(['the', 'le', 'la', 'l', 'les']);

/**
 * Is the place starting at this token named as somewhere else: where goods came
 * from or were heading, or far away ("en provenance du Sénégal", "heading for
 * Kayes", "loin de Kayes")? Such a name does not say where the event was.
 */
export function namedAsElsewhere(tt: TokenizedText, startTok: number, endTok: number): boolean {
  const sentence = tt.tokens[startTok]?.sentence;
  if (tt.tokens[endTok]?.sentence === sentence && frameCues().elsewhereAfter.has(normAt(tt, endTok))) return true;
  let end = startTok;
  if (PLACE_DETERMINERS.has(normAt(tt, end - 1))) end--;
  return frameCues().elsewhereBefore.some(
    (phrase) => end - phrase.length >= 0 && phrase.every((word, i) => tt.tokens[end - phrase.length + i]?.sentence === sentence && normAt(tt, end - phrase.length + i) === word),
  );
}

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
  /** Publication year, for "since 2019" history; none: years are not read. */
  year?: number;
  /** The article's languages, for word families of modality cues; default both. */
  languages?: readonly StemLanguage[];
}

const ACTS_ON_GOODS = new Set(['seizure', 'hijacking', 'kidnapping', 'surrender']);
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
    const stated = frames.find(
      (g) => g !== f && g.action === f.action && g.source && !g.source.inferred && g.objects.some((o) => f.objects.some((p) => p.id === o.id)),
    );
    if (stated?.source) f.source = stated.source;
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
  historicalBySentence: Map<number, boolean>;
  /** Evidence per token span, built once (a party is often the agent of several frames). */
  evidence: Map<number, Evidence>;
}

function framesOf(input: FrameInput): Frame[] {
  const { tt } = input;
  const sentenceOf = (s: Span) => tt.tokens[s.startTok]?.sentence ?? -1;
  const cues = frameCues();
  const ctx: FrameContext = {
    tt,
    cues,
    parties: input.parties,
    triggerSentences: new Set(input.triggers.map(sentenceOf)),
    partiesBySentence: bySentence(input.parties, sentenceOf),
    // "aucun camion n'a été touché", "anti-drone jammers": equipment untouched or defended against is nobody's object.
    objectsBySentence: bySentence(input.objects.filter((o) => !isNotAnObject(input.tt, o, cues)), sentenceOf),
    placesBySentence: bySentence(input.places, sentenceOf),
    historicalBySentence: new Map(),
    evidence: new Map(),
  };
  return input.triggers.map((trigger) => frameOf(ctx, input, trigger, sentenceOf(trigger)));
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

function frameOf(ctx: FrameContext, input: FrameInput, trigger: Span & { type: string }, sentence: number): Frame {
  const { tt, cues } = ctx;
  const parties = ctx.partiesBySentence.get(sentence) ?? [];
  let source = parties.find((p) => isSource(tt, p, trigger, cues));
  let agent = findAgent(tt, parties, trigger, source, cues);
  // "A militant surrendered with a satellite phone": what he carried is taken from him.
  if (trigger.type === 'surrender' && agent) {
    source = agent;
    agent = undefined;
  }
  if (source && agent && source.startTok === agent.startTok) source = undefined;
  const frame: Frame = {
    action: trigger.type === 'killing' && cueBefore(tt, trigger.startTok, cues.naturalCauses, 4) ? 'death' : trigger.type,
    trigger: spanEvidence(ctx, trigger),
    objects: objectsOf(ctx, trigger, sentence).map((o) => ({ id: o.entry.id, name: o.entry.name, evidence: spanEvidence(ctx, o) })),
    places: [...new Set((ctx.placesBySentence.get(sentence) ?? []).map((p) => p.entry.id))],
    modality: modalityOf(tt, trigger, cues, input, ctx.historicalBySentence),
  };
  if (agent) frame.agent = party(ctx, agent);
  if (source) frame.source = party(ctx, source);
  else if (ACTS_ON_GOODS.has(trigger.type)) {
    const inferred = inferredSource(ctx, sentence, agent);
    if (inferred) frame.source = party(ctx, inferred, true);
  }
  return frame;
}

/**
 * Whom goods were taken from when the sentence does not say. Militants named in
 * the sentence or the one before ("during an operation against ISWAP, troops
 * recovered ..."); when the army or police did the seizing, militants named
 * anywhere in the report (troops seize kit from the insurgents the report is about).
 * An armed group of another kind (separatists) named nearer wins: their kit is theirs.
 */
function inferredSource(ctx: FrameContext, sentence: number, agent: Span | undefined): Span | undefined {
  if (agent && sideOf(agent.entry) !== 'state') return undefined;
  const armedOrMilitant = (p: Span) => p !== agent && (sideOf(p.entry) === 'militant' || sideOf(p.entry) === 'armed');
  const others = ctx.parties.filter(armedOrMilitant);
  const near = [sentence - 1, sentence, sentence + 1].flatMap((k) => (ctx.partiesBySentence.get(k) ?? []).filter(armedOrMilitant));
  if (near.length > 0) return near.find((p) => sideOf(p.entry) === 'armed') ?? near[0];
  if (others.some((p) => sideOf(p.entry) === 'armed')) return undefined;
  // Seized by troops, or by nobody named (an army tally): from the militants the report is about.
  return others.find((p) => sideOf(p.entry) === 'militant');
}

function bySentence(spans: Span[], sentenceOf: (s: Span) => number): Map<number, Span[]> {
  const map = new Map<number, Span[]>();
  for (const s of spans) {
    const k = sentenceOf(s);
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

/** Is one of `cue` among the n tokens before `tok`, in its sentence? */
function cueBefore(tt: TokenizedText, tok: number, cue: Set<string>, n: number): boolean {
  const sentence = tt.tokens[tok]?.sentence;
  for (let i = tok - 1; i >= Math.max(0, tok - n); i--) {
    if (tt.tokens[i]?.sentence !== sentence) return false;
    if (cue.has(normAt(tt, i))) return true;
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

/** "from the terrorists", "an ISWAP camp", "le repaire des terroristes": the party things were taken from. */
function isSource(tt: TokenizedText, p: Span, trigger: Span & { type: string }, cues: FrameCues): boolean {
  if (cueBefore(tt, p.startTok, cues.sourceBefore, 3)) return true;
  // "intercepted an individual carrying a drone", "arrested insurgents with two drones": who is seized with the goods.
  if (ACTS_ON_GOODS.has(trigger.type) && p.startTok >= trigger.endTok && p.startTok - trigger.endTok <= 2) return true;
  const side = sideOf(p.entry);
  if ((side === 'militant' || side === 'armed') && cueBefore(tt, p.startTok, cues.militantSourceBefore, 3)) return true;
  const after = normAt(tt, p.endTok);
  if (cues.holdoutWords.has(after)) return true;
  // "camp des terroristes", "base of the insurgents": the holdout word shortly before the party.
  return p.startTok > trigger.endTok && cueBefore(tt, p.startTok, cues.holdoutWords, 3);
}

function findAgent(tt: TokenizedText, parties: Span[], trigger: Span, source: Span | undefined, cues: FrameCues): Span | undefined {
  // Passive: "were seized by troops", "récupérés par l'armée".
  const passive = parties.find((p) => p.startTok >= trigger.endTok && p.startTok - trigger.endTok <= 4 && cueBefore(tt, p.startTok, cues.agentBefore, 2));
  if (passive) return passive;
  // "Soldiers were killed", "five people died": the subject is the victim, not the agent.
  if (cueBefore(tt, trigger.startTok, cues.passiveBefore, 2) || cues.victimTerms.has(normAt(tt, trigger.startTok))) return undefined;
  if (isFrenchParticipleAfterNoun(tt, trigger)) return undefined;
  // Active: the nearest party before the verb that is not the other side.
  let best: Span | undefined;
  for (const p of parties) {
    if (p.endTok > trigger.startTok || p === source || countedBefore(tt, p)) continue;
    if (cueBefore(tt, p.startTok, cues.notAgentBefore, 2) || cueBefore(tt, p.startTok, cues.sourceBefore, 2)) continue;
    if (!best || p.startTok > best.startTok) best = p;
  }
  return best;
}

// French past participles (tués, incendiées, enlevé): without an auxiliary before them,
// "cinq militaires tués" says the soldiers were killed.
const FRENCH_PARTICIPLE = /é(?:e|s|es)?$/;
const FRENCH_AUXILIARIES = new Set(['a', 'ont', 'avait', 'avaient', 'aurait', 'auraient', 'ayant', 'avoir', 'eu']);
const ETRE_AUXILIARIES = new Set(['est', 'sont', 'etait', 'etaient', 'sera', 'seront', 'serait', 'seraient', 'etant']);
const REFLEXIVES = new Set(['se', 's']);

function isFrenchParticipleAfterNoun(tt: TokenizedText, trigger: Span): boolean {
  const token = tt.tokens[trigger.startTok];
  if (!token || trigger.endTok - trigger.startTok !== 1 || !FRENCH_PARTICIPLE.test(tt.text.slice(token.start, token.end).toLowerCase())) return false;
  for (let i = trigger.startTok - 1; i >= Math.max(0, trigger.startTok - 3); i--) {
    if (FRENCH_AUXILIARIES.has(normAt(tt, i))) return false;
    // Pronominal verbs take "être" and are active: "les jihadistes se sont emparés d'un drone".
    if (ETRE_AUXILIARIES.has(normAt(tt, i)) && REFLEXIVES.has(normAt(tt, i - 1))) return false;
  }
  return true;
}

/** Equipment in the trigger's sentence; for seizures, also in the next sentence when it reports no other action ("The haul included ..."). */
function objectsOf(ctx: FrameContext, trigger: Span & { type: string }, sentence: number): Span[] {
  const { tt, cues } = ctx;
  const parties = ctx.partiesBySentence.get(sentence) ?? [];
  // "Manuals seized near X show how ISWAP turns drones into weapons": a party between the
  // verb and the object (not "from"/"by" it) opens another clause, whose object it is.
  const firstOpener = ACTS_ON_GOODS.has(trigger.type) ? trigger.endTok + 3 : trigger.endTok;
  const clauseOpener = (o: Span) =>
    o.startTok > trigger.endTok &&
    parties.some(
      (p) =>
        p.startTok >= firstOpener &&
        p.endTok <= o.startTok &&
        !cueBefore(tt, p.startTok, cues.sourceBefore, 3) &&
        !cueBefore(tt, p.startTok, cues.agentBefore, 2) &&
        !cueBefore(tt, p.startTok, cues.militantSourceBefore, 3) &&
        !cues.holdoutWords.has(normAt(tt, p.endTok)),
    );
  const own = (ctx.objectsBySentence.get(sentence) ?? []).filter((o) => !clauseOpener(o));
  if (!ACTS_ON_GOODS.has(trigger.type)) return own;
  // The goods are often listed after the action, in sentences that report nothing else.
  const listed = [...own];
  for (let next = sentence + 1; next <= sentence + FOLLOWING_LIST_SENTENCES && !ctx.triggerSentences.has(next); next++) {
    listed.push(...(ctx.objectsBySentence.get(next) ?? []));
  }
  return listed;
}

const YEAR = /^(19|20)\d\d$/;

function modalityOf(tt: TokenizedText, trigger: Span, cues: FrameCues, input: FrameInput, memo: Map<number, boolean>): Frame['modality'] {
  const languages = input.languages ?? STEM_LANGUAGES;
  const denied = cueBefore(tt, trigger.startTok, cues.denial, 8) || familyBefore(tt, trigger.startTok, cues.deniedFamilies, languages, 8);
  if (cueBefore(tt, trigger.startTok, cues.negation, 3) || denied) return 'negated';
  if (cueBefore(tt, trigger.startTok, cues.planned, 5) || familyBefore(tt, trigger.startTok, cues.plannedFamilies, languages, 5)) return 'planned';
  // "JNIM's blockade threats", "attack plans": the cue right after the event word.
  if (inWordFamily(normAt(tt, trigger.endTok), cues.plannedFamilies, languages) && tt.tokens[trigger.endTok]?.sentence === tt.tokens[trigger.startTok]?.sentence) return 'planned';
  if (cueBefore(tt, trigger.startTok, cues.hypothetical, 8)) return 'hypothetical';
  if (isHistorical(tt, trigger, cues, input.year, memo)) return 'historical';
  return 'asserted';
}

/** cueBefore for word families: one of the n words before `tok`, in its sentence, is of a cue's family. */
function familyBefore(tt: TokenizedText, tok: number, families: WordFamilies, languages: readonly StemLanguage[], n: number): boolean {
  const sentence = tt.tokens[tok]?.sentence;
  for (let i = tok - 1; i >= Math.max(0, tok - n); i--) {
    if (tt.tokens[i]?.sentence !== sentence) return false;
    if (inWordFamily(normAt(tt, i), families, languages)) return true;
  }
  return false;
}

function isHistorical(tt: TokenizedText, trigger: Span, cues: FrameCues, year: number | undefined, memo: Map<number, boolean>): boolean {
  const sentence = tt.tokens[trigger.startTok]?.sentence ?? -1;
  let historical = memo.get(sentence);
  if (historical === undefined) {
    historical = sentenceIsHistorical(tt, trigger.startTok, sentence, cues, year);
    memo.set(sentence, historical);
  }
  return historical;
}

function sentenceIsHistorical(tt: TokenizedText, at: number, sentence: number, cues: FrameCues, year: number | undefined): boolean {
  let from = at;
  while (from > 0 && tt.tokens[from - 1]?.sentence === sentence) from--;
  // The latest year named decides: "who joined in 2017 surrendered on 23 April 2023" is news.
  let latest = -1;
  for (let i = from; i < tt.tokens.length && tt.tokens[i]?.sentence === sentence; i++) {
    const norm = normAt(tt, i);
    // Length first: this runs on every word of a sentence with an event.
    if (norm.length === 4 && YEAR.test(norm)) latest = Math.max(latest, Number(norm));
    const phrases = cues.historical.get(norm);
    if (phrases?.some((phrase) => phrase.every((w, k) => tt.tokens[i + k]?.sentence === sentence && normAt(tt, i + k) === w))) return true;
  }
  return year !== undefined && latest > 0 && year - latest >= cues.historicalYears;
}
