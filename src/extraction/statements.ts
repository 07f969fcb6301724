import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { COMPLEMENTIZERS, type CueFile, inWordFamily, loadCueFile, type WordFamilies, wordFamilies, WordListsSchema } from './cue-words.js';
import { evidenceForTokens } from './evidence.js';
import { type Statement, StatementSchema } from './extraction.js';
import type { GazetteerEntry } from './gazetteer.js';
import type { StemLanguage } from './stem.js';
import { foldPhrase, foldWord, isPossessive, markBetween, semicolonBetween, type TokenizedText, wordBetween } from './text.js';
import { WordMap, WordSet } from './word-set.js';

/** A resolved name in the text (person, actor, place, country) with its token span. */
export interface NameSpan {
  entry: GazetteerEntry;
  startTok: number;
  endTok: number;
  sentence: number;
  form: 'name' | 'demonym';
}

type Medium = Statement['medium'];

const StatementCuesSchema = z.strictObject({
  speech_verbs: WordListsSchema,
  speech_forms: WordListsSchema,
  particle_verbs: z.record(z.string(), z.array(z.string()).min(1)),
  preceded_verbs: z.record(z.string(), z.array(z.string()).min(1)),
  auxiliaries: z.array(z.string()),
  publish_verbs: WordListsSchema,
  target_verbs: WordListsSchema,
  mediums: z.record(StatementSchema.shape.medium, z.array(z.string()).min(1)),
  not_genuine: WordListsSchema,
  naming_participles: WordListsSchema,
  feature_verbs: WordListsSchema,
  appear_verbs: WordListsSchema,
  irrealis_before: WordListsSchema,
  question_participles: WordListsSchema,
  official_heads: z.array(z.string().min(1)),
  list_words: z.strictObject({ nouns: z.array(z.string()).min(1), verbs: z.array(z.string()).min(1), openers: z.array(z.string().min(1)) }),
});

interface StatementCues {
  /** Folded phrases, as word arrays, that make a clause after them a wish or an expectation. */
  irrealisBefore: readonly (readonly string[])[];
  questionParticiples: WordSet;
  /** Stems of speech verbs, per language ("menac", "warn"). */
  speechStems: WordFamilies;
  /** Forms matched as written ("said", "dit"). */
  speechForms: WordSet;
  particleVerbs: WordMap<readonly string[]>;
  precededVerbs: WordMap<readonly string[]>;
  auxiliaries: WordSet;
  publishStems: WordFamilies;
  /** Verbs of whom a leader aims at: his statement only with a medium near. */
  targetStems: WordFamilies;
  mediums: WordMap<Medium>;
  notGenuine: WordSet;
  namingParticiples: WordSet;
  featureVerbs: WordSet;
  appearVerbs: WordSet;
  listNouns: WordSet;
  listVerbs: WordSet;
  /** "le chef de l'État", "chief of staff": an official's title, not the leader. */
  officialHeads: WordSet;
  /** "Y figurent", "among them": a sentence opening so lists what the statement before it named. */
  listOpeners: string[][];
}

const CUES_FILE = packagePath('data', 'gazetteer', 'statements.yaml');
/** For `sahelwatch check`. */
export const STATEMENT_CUES: CueFile = { file: CUES_FILE, schema: StatementCuesSchema };
// Verb families are looked for only right after a person's name, so a three-letter stem ("urg", "vow") is safe there.
const MIN_VERB_STEM = 3;
let cachedCues: StatementCues | undefined;

const foldedMap = (record: Record<string, string[]>) => new WordMap(Object.entries(record).map(([k, v]) => [foldWord(k), v.map(foldWord)] as const));

/** The words of data/gazetteer/statements.yaml, read once per process. */
function statementCues(): StatementCues {
  if (!cachedCues) {
    const c = loadCueFile(StatementCuesSchema, CUES_FILE);
    cachedCues = {
      speechStems: wordFamilies(c.speech_verbs, MIN_VERB_STEM),
      speechForms: new WordSet([...c.speech_forms.en, ...c.speech_forms.fr].map(foldWord)),
      particleVerbs: foldedMap(c.particle_verbs),
      precededVerbs: foldedMap(c.preceded_verbs),
      auxiliaries: new WordSet(c.auxiliaries.map(foldWord)),
      publishStems: wordFamilies(c.publish_verbs, MIN_VERB_STEM),
      targetStems: wordFamilies(c.target_verbs, MIN_VERB_STEM),
      mediums: new WordMap(Object.entries(c.mediums).flatMap(([medium, ws]) => ws.map((w) => [foldWord(w), medium as Medium] as const))),
      notGenuine: new WordSet([...c.not_genuine.en, ...c.not_genuine.fr].map(foldWord)),
      namingParticiples: new WordSet([...c.naming_participles.en, ...c.naming_participles.fr].map(foldWord)),
      featureVerbs: new WordSet([...c.feature_verbs.en, ...c.feature_verbs.fr].map(foldWord)),
      appearVerbs: new WordSet([...c.appear_verbs.en, ...c.appear_verbs.fr].map(foldWord)),
      questionParticiples: new WordSet([...c.question_participles.en, ...c.question_participles.fr].map(foldWord)),
      irrealisBefore: [...c.irrealis_before.en, ...c.irrealis_before.fr].map((phrase) => foldPhrase(phrase).split(' ')),
      listNouns: new WordSet(c.list_words.nouns.map(foldWord)),
      listVerbs: new WordSet(c.list_words.verbs.map(foldWord)),
      officialHeads: new WordSet(c.official_heads.map(foldWord)),
      listOpeners: c.list_words.openers.map((p) => foldPhrase(p).split(' ')),
    };
  }
  return cachedCues;
}
// Audio outranks message ("message audio" is audio).
const MEDIUM_RANK: Medium[] = ['video', 'audio', 'interview', 'sermon', 'communique', 'message', 'statement'];

// Words that link a medium to its author: "a video of Koufa", "l'audio attribué à Iyad Ag Ghaly".
const AUTHOR_LINKS = new WordSet(['of', 'by', 'from', 'de', 'd', 'du', 'par', 'attributed', 'attribue', 'attribuee', 'to', 'a', 'signed', 'signe', 'signee', 'featuring', 'showing', 'montrant', 'released', 'diffuse', 'diffusee', 'purportedly', 'allegedly']);
const LINK_FILLERS = new WordSet(['the', 'a', 'an', 'le', 'la', 'l', 'un', 'une', 'new', 'latest', 'nouveau', 'nouvel', 'nouvelle', 'dernier', 'derniere', 'purported', 'supposed', 'presume', 'attribue', 'attribuee']);
// A sentence opening like these goes on reporting the previous sentence's statement.
const CONTINUATION_OPENERS = new WordSet([
  'it', 'celui', 'celle', 'ce', 'cette', 'leader', 'chef', 'chief', 'commander', 'commandant', 'emir', 'founder', 'fondateur', 'preacher', 'predicateur',
  'ideologue', 'cleric', 'jihadist', 'jihadiste', 'djihadiste', 'recording', 'enregistrement',
]);
// A person right after these is someone else's relative or subordinate, not the speaker.
const NOT_SPEAKER_BEFORE = new WordSet([
  'proche', 'proches', 'close', 'relative', 'relatives', 'brother', 'frere', 'son', 'fils', 'nephew', 'neveu', 'wife',
  'epouse', 'cousin', 'aide', 'led', 'dirige', 'dirigee', 'diriges', 'dirigees', 'mene', 'menee', 'menes', 'menees', 'commande', 'commandee', 'commandes',
  'commandees', 'headed', 'commanded', 'loyal', 'fidele', 'fideles',
  'lieutenant', 'lieutenants', 'bras', 'successor', 'successeur', 'about', 'sur', 'against', 'contre',
  'adjoint', 'adjoints', 'deputy', 'deputies', 'second', 'parent', 'parents', 'uncle', 'oncle', 'father', 'pere', 'daughter', 'fille',
]);
// A person right after these is at the speaker's side, not speaking: "Koufa, flanqué d'Iyad Ag Ghali, …", "flanked by", "alongside".
const COMPANION_BEFORE = new WordSet([
  'flanque', 'flanques', 'flanked', 'accompagne', 'accompagnes', 'accompanied', 'entoure', 'entoures', 'surrounded', 'alongside', 'cotes', 'compagnie',
]);
const PRONOUNS = new WordSet(['il', 'elle', 'he', 'she']);

/** "s'en prend", "s'en est pris", "singles out": the word a preceded verb needs, right before it or before its auxiliary. */
function hasPrecedingWord(tt: TokenizedText, i: number, words: readonly string[], cues: StatementCues): boolean {
  const before = tt.tokens[i - 1]?.norm ?? '';
  return words.includes(before) || (cues.auxiliaries.has(before) && words.includes(tt.tokens[i - 2]?.norm ?? ''));
}

/** The first speech verb in [from, to); a publishing verb counts with a medium in the sentence, an aiming one with a medium near. */
function verbIndex(tt: TokenizedText, from: number, to: number, hasMedium: boolean, languages: readonly StemLanguage[], mediumNear = hasMedium): number {
  const cues = statementCues();
  for (let i = from; i < to; i++) {
    const norm = tt.tokens[i]?.norm ?? '';
    if (cues.speechForms.has(norm) || inWordFamily(norm, cues.speechStems, languages)) return i;
    if (hasMedium && inWordFamily(norm, cues.publishStems, languages)) return i;
    if (mediumNear && inWordFamily(norm, cues.targetStems, languages)) return i;
    if (cues.particleVerbs.get(norm)?.includes(tt.tokens[i + 1]?.norm ?? '')) return i;
    const preceding = cues.precededVerbs.get(norm);
    if (preceding && hasPrecedingWord(tt, i, preceding, cues)) return i;
  }
  return -1;
}

/**
 * The person authors a medium named next to them: "a video of Koufa",
 * "the message, attributed to Iyad Ag Ghaly", "Iyad Ag Ghaly's latest message",
 * "l'audio d'Amadou Koufa". Returns the medium, or undefined.
 */
function authoredMedium(tt: TokenizedText, p: NameSpan, from: number, to: number): Medium | undefined {
  // His title may stand between the link word and the name: "a video message from JNIM leader Iyad Ag Ghali".
  let nameStart = p.startTok;
  while (nameStart > p.startTok - MAX_TITLE_BEFORE_NAME && TITLE_WORDS.has(tt.tokens[nameStart - 1]?.norm ?? '') && !AUTHOR_LINKS.has(tt.tokens[nameStart - 1]?.norm ?? '')) nameStart--;
  return mediumBeforeAuthor(tt, nameStart, from) ?? possessiveMedium(tt, p, to);
}

/**
 * "a video of Koufa", "l'audio attribué à Iyad", "un audio de 18 minutes attribué à …": only link words,
 * determiners and the medium's length between the medium and the name, not "le JNIM d'".
 */
function mediumBeforeAuthor(tt: TokenizedText, nameStart: number, from: number): Medium | undefined {
  if (!AUTHOR_LINKS.has(tt.tokens[nameStart - 1]?.norm ?? '')) return undefined;
  for (let i = nameStart - 1; i >= Math.max(from, nameStart - MAX_MEDIUM_TO_AUTHOR); i--) {
    const norm = tt.tokens[i]?.norm ?? '';
    const medium = statementCues().mediums.get(norm);
    if (medium) return medium;
    if (!AUTHOR_LINKS.has(norm) && !LINK_FILLERS.has(norm) && !isLength(norm)) return undefined;
  }
  return undefined;
}

const MAX_MEDIUM_TO_AUTHOR = 7;
const LENGTH_UNITS = new WordSet(['minute', 'minutes', 'min', 'seconds', 'secondes', 'hour', 'hours', 'heure', 'heures', 'page', 'pages']);

/** "18 minutes", "30-minute": how long a medium is. */
function isLength(norm: string): boolean {
  return LENGTH_UNITS.has(norm) || /^\d+$/.test(norm);
}

const MAX_APPEARANCE_TO_MEDIUM = 5;
const APPEARANCE_FILLERS = new WordSet(['is', 'was', 'est', 'etait', 'has', 'a', 'l', 'le', 'la']);

/**
 * The name as the subject of a verb of appearing, then "in"/"dans" and his medium: "Koufa appears in a new video",
 * "apparaît dans une vidéo", "est l'auteur d'un message audio". Returns the medium and where it is.
 */
function appearsIn(tt: TokenizedText, p: Pick<NameSpan, 'endTok'>, to: number): { medium: Medium; at: number } | undefined {
  const cues = statementCues();
  let i = p.endTok;
  while (i < to && i < p.endTok + 2 && APPEARANCE_FILLERS.has(tt.tokens[i]?.norm ?? '')) i++;
  if (!cues.appearVerbs.has(tt.tokens[i]?.norm ?? '')) return undefined;
  for (let k = i + 1; k < Math.min(to, i + 1 + MAX_APPEARANCE_TO_MEDIUM); k++) {
    const norm = tt.tokens[k]?.norm ?? '';
    const medium = cues.mediums.get(norm);
    if (medium) return { medium, at: k };
    if (!PASSIVE_TO_MEDIUM.has(norm) && !AUTHOR_LINKS.has(norm)) return undefined;
  }
  return undefined;
}

/**
 * "Koufa's new video", "Iyad Ag Ghaly's message to …" (the apostrophe splits "s" off as a token), and the
 * name used as a modifier: "the new Koufa video".
 */
function possessiveMedium(tt: TokenizedText, p: NameSpan, to: number): Medium | undefined {
  const adjunct = p.endTok < to ? statementCues().mediums.get(tt.tokens[p.endTok]?.norm ?? '') : undefined;
  if (adjunct) return adjunct;
  if (isPossessive(tt, p.endTok)) {
    for (let i = p.endTok + 1; i < Math.min(to, p.endTok + 4); i++) {
      const medium = statementCues().mediums.get(tt.tokens[i]?.norm ?? '');
      if (medium) return medium;
    }
  }
  return undefined;
}

/** Does this sentence go on reporting a statement ("In it, the preacher names ...", "Dans cette vidéo, ...")? */
function continuesStatement(tt: TokenizedText, from: number, to: number, hasMedium: boolean, here: NameSpan[], languages: readonly StemLanguage[]): number {
  for (let i = from; i < Math.min(to, from + 10); i++) {
    const norm = tt.tokens[i]?.norm ?? '';
    if (!PRONOUNS.has(norm) && !CONTINUATION_OPENERS.has(norm) && !statementCues().mediums.has(norm)) continue;
    if (CONTINUATION_OPENERS.has(norm) && headsOfficialBody(tt, i)) continue;
    // The opener is the verb's subject: the verb follows closely, with no relative clause of someone else's between
    // ("The recording was monitored by a consultancy, which said ..." is the consultancy speaking).
    const verb = verbIndex(tt, i + 1, Math.min(to, i + 1 + CONTINUATION_VERB_WINDOW), hasMedium, languages);
    if (verb < 0) continue;
    if (here.some((n) => n.entry.kind === 'person' && n.startTok < verb)) return -1;
    for (let k = i + 1; k < verb; k++) if (RELATIVE_PRONOUNS.has(tt.tokens[k]?.norm ?? '')) return -1;
    return verb;
  }
  return -1;
}
const CONTINUATION_VERB_WINDOW = 6;
const GENITIVE_LINKS = new WordSet(['de', 'du', 'des', 'd', 'l', 'la', 'le', 'les', 'of', 'the']);

/** "le chef de l'État", "the chief of staff", "le chef du village": the head of an official body, not the leader. */
function headsOfficialBody(tt: TokenizedText, at: number): boolean {
  let i = at + 1;
  if (!GENITIVE_LINKS.has(tt.tokens[i]?.norm ?? '')) return false;
  while (GENITIVE_LINKS.has(tt.tokens[i]?.norm ?? '') && i < at + 4) i++;
  return statementCues().officialHeads.has(tt.tokens[i]?.norm ?? '');
}
const RELATIVE_PRONOUNS = new WordSet(['which', 'who', 'whose', 'that', 'qui', 'dont', 'lequel', 'laquelle']);

/** Token range [from, to) of every sentence; [-1, -1] for a sentence without tokens. */
function sentenceRanges(tt: TokenizedText): [number, number][] {
  const ranges: [number, number][] = tt.sentences.map(() => [-1, -1]);
  tt.tokens.forEach((t, i) => {
    const r = ranges[t.sentence];
    if (!r) return;
    if (r[0] < 0) r[0] = i;
    r[1] = i + 1;
  });
  return ranges;
}

function mediumIn(tt: TokenizedText, from: number, to: number): Medium | undefined {
  let best: Medium | undefined;
  for (let i = from; i < to; i++) {
    const m = statementCues().mediums.get(tt.tokens[i]?.norm ?? '');
    if (m && (!best || MEDIUM_RANK.indexOf(m) < MEDIUM_RANK.indexOf(best))) best = m;
  }
  return best;
}

interface Attributed {
  speaker: GazetteerEntry;
  /** Reported content starts here (after the speech verb or the pronoun). */
  contentFrom: number;
  contentTo: number;
  medium: Medium | undefined;
  speakerSpan: [number, number];
}

/**
 * Statements attributed to a named person: the person is the subject of a
 * speech verb in the same sentence ("Koufa calls on ...", "Iyad Ag Ghali s'exprime
 * dans un audio et évoque ..."), or the next sentence continues with a pronoun
 * subject and a speech verb ("Il y évoque ..."). What it mentions is the places,
 * countries and groups named after the verb. The medium comes from the sentence or
 * the two before it (a video described first, then what is said in it).
 */
export function findStatements(tt: TokenizedText, names: NameSpan[], languages: readonly StemLanguage[]): Statement[] {
  // Every statement is attributed to a person named in the text: most reports name none.
  if (!names.some((n) => n.entry.kind === 'person')) return [];
  const found: Attributed[] = [];
  const bySentence = new Map<number, NameSpan[]>();
  for (const n of names) bySentence.set(n.sentence, [...(bySentence.get(n.sentence) ?? []), n]);
  const ranges = sentenceRanges(tt);
  const mediums = ranges.map(([from, to]) => (from < 0 ? undefined : mediumIn(tt, from, to)));
  let previous: Attributed[] = [];
  let beforePrevious: Attributed[] = [];
  for (let s = 0; s < tt.sentences.length; s++) {
    const [from, to] = ranges[s] as [number, number];
    if (from < 0) continue;
    const here = bySentence.get(s) ?? [];
    const own = mediums[s];
    const medium = own ?? mediums[s - 1] ?? mediums[s - 2];
    const hasMedium = own !== undefined;
    const current: Attributed[] = [];
    for (const p of here) {
      if (p.entry.kind !== 'person' || isNotSpeaker(tt, p.startTok) || secondCompanion(tt, p, here) || namesSomeoneOfHis(tt, p) || namesAGroup(tt, p, here)) continue;
      const authored = authoredMedium(tt, p, from, to);
      if (authored) {
        // "Benin and Togo were singled out in a video from Iyad Ag Ghali": a passive speech verb before the medium makes its subject his content.
        const contentFrom = passiveSpeechBefore(tt, from, to, p, languages) ? from : p.endTok;
        current.push({ speaker: p.entry, contentFrom, contentTo: relativeClauseEnd(tt, p.endTok, to, hasMedium, languages), medium: authored, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // "Koufa appears in a new video in which Nigeria is named", "Iyad est l'auteur d'un message où …": what follows the medium is his.
      const appearance = appearsIn(tt, p, to);
      if (appearance) {
        current.push({ speaker: p.entry, contentFrom: appearance.at + 1, contentTo: to, medium: appearance.medium, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // "According to Koufa, ...", "Selon Iyad Ag Ghali, ...": the rest of the sentence is his.
      if (isAttributionLead(tt, p.startTok)) {
        current.push({ speaker: p.entry, contentFrom: p.endTok, contentTo: to, medium, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // « Le Nigeria n'est pas loin », lance Koufa; "Addressing Nigerians, Koufa said ...": what comes before the name is his too.
      if (speaksBeforeName(tt, p, from, to, languages)) current.push({ speaker: p.entry, contentFrom: from, contentTo: p.startTok, medium, speakerSpan: [p.startTok, p.endTok] });
      // "Koufa : « … »", "In his message, the JNIM leader targets Nigeria": whatever the verb, the rest is his.
      if (quotedAfterColon(tt, p) || opensWithMedium(tt, p, from)) {
        // "Dans la vidéo, Koufa ne cite ni le Bénin ni le Togo", "In the video, Koufa does not mention Nigeria".
        if (negatedRightAfter(tt, p.endTok, to)) continue;
        current.push({ speaker: p.entry, contentFrom: p.endTok, contentTo: to, medium, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // "Abidjan et Cotonou sont citées à plusieurs reprises par Amadou Koufa": he is the agent of a passive speech verb.
      if (agentOfPassiveSpeech(tt, p, from, languages)) {
        current.push({ speaker: p.entry, contentFrom: from, contentTo: to, medium, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // The person is the subject of a speech verb that follows them, in the same clause: not "Koufa … draws his
      // fighters from Burkina; the think tank said …".
      const verb = verbIndex(tt, p.endTok, to, hasMedium, languages, medium !== undefined);
      if (verb < 0 || describedAs(tt, p, from, to, languages) || semicolonBetween(tt, p.endTok, verb) || here.some((o) => o.entry.kind === 'person' && o.startTok > p.endTok && o.endTok <= verb && tiedBy(tt, o.startTok, NOT_SPEAKER_BEFORE))) continue;
      // "Koufa often spoke of Nigeria" (as a former hostage recalls): a habit, not a statement released.
      if (HABITUAL.has(tt.tokens[verb - 1]?.norm ?? '') || HABITUAL.has(tt.tokens[verb + 1]?.norm ?? '')) continue;
      // "Ag Ghaly has not publicly addressed Benin", "Koufa n'a jamais cité le Nigeria"; "Kouffa pourrait un jour s'adresser …".
      // "On s'attend à ce que Koufa s'exprime sur le Nigeria": a clause that says what is awaited, not what he said.
      if (negatedBetween(tt, p.endTok, verb) || modalBetween(tt, p.endTok, verb) || irrealisBefore(tt, p.startTok)) continue;
      current.push({ speaker: p.entry, contentFrom: verb + 1, contentTo: relativeClauseEnd(tt, p.endTok, to, hasMedium, languages), medium, speakerSpan: [p.startTok, p.endTok] });
    }
    const continued = current.length === 0 && previous.length > 0 ? continuesStatement(tt, from, to, hasMedium, here, languages) : -1;
    // What a statement named may be given a sentence later ("Il a énuméré onze pays dans un entretien. L'entretien a paru …. La liste comprend …").
    const named = previous.length > 0 ? previous : beforePrevious;
    if (continued < 0 && current.length === 0 && named.length > 0 && namesWithoutAgent(tt, from, to, here)) {
      // "… Koufa y appelle au jihad. Le Bénin et le Nigeria figurent parmi les pays cités.": the countries he named.
      for (const p of named) current.push({ ...p, contentFrom: from, contentTo: to, medium: p.medium ?? medium });
    } else if (continued >= 0) {
      const pronoun = firstPronoun(tt, from, continued);
      const standIn: [number, number] = pronoun >= 0 ? [pronoun, pronoun + 1] : [continued, continued + 1];
      for (const p of previous) current.push({ ...p, contentFrom: from, contentTo: to, medium: p.medium ?? medium, speakerSpan: standIn });
    }
    if (current.length === 0) {
      const resolved = pronounSpeaker(tt, s, from, to, hasMedium, bySentence, languages, ranges);
      if (resolved) current.push({ ...resolved, medium });
    }
    if (current.length === 0) {
      // "Le message, qui …, invite les Peuls du Sénégal …": the medium already reported speaks for its one speaker.
      const verb = mediumSubjectVerb(tt, from, to, here, languages);
      const speakers = new Map(found.map((a) => [a.speaker.id, a]));
      const [only] = speakers.values();
      if (verb >= 0 && speakers.size === 1 && only) current.push({ ...only, contentFrom: verb + 1, contentTo: to, medium: only.medium ?? medium, speakerSpan: [from, from + 1] });
    }
    // "a fake audio of Iyad", "a man resembling Koufa": not his. (A statement recalled from years ago is still
    // his: the corpus labels "the piece recalls that in a 2018 video, Koufa urged ..." as his statement.)
    const kept = saidNotGenuine(tt, from, to) ? [] : current;
    found.push(...kept);
    // Only the sentence right after a statement can continue it (or, naming what it named, the one after that).
    beforePrevious = previous;
    previous = kept;
  }
  return mergeBySpeaker(tt, found, names);
}

/** Words after the object of a speech verb that say what it is called: "describes Koufa … as", "présente Koufa comme". */
const DESCRIBED_AS = new WordSet(['as', 'comme']);
const MAX_DESCRIBED_AS = 10;

/**
 * "The article describes Amadou Koufa, a Fulani preacher, as JNIM's co-founder … and cites …": the person is the
 * object of the speech verb right before the name (no quotation or comma between them, unlike "« … », lance Koufa"),
 * described as something, and not the subject of a verb that follows.
 */
function describedAs(tt: TokenizedText, p: NameSpan, from: number, to: number, languages: readonly StemLanguage[]): boolean {
  const verb = p.startTok - 1;
  if (verb <= from || verbIndex(tt, verb, verb + 1, false, languages) !== verb || /[,«»"“”]/.test(tt.text.slice(tt.tokens[verb - 1]?.end ?? 0, tt.tokens[verb]?.start ?? 0))) return false;
  return wordBetween(tt, p.endTok, Math.min(to, p.endTok + MAX_DESCRIBED_AS), DESCRIBED_AS);
}

/** An aside between the subject and its verb: "Le message, qui donne une coloration ethnique à son projet, invite …". */
const MAX_ASIDE = 16;

/**
 * The speech verb whose subject is the medium opening the sentence ("The
 * video urges …", "Le message, qui …, invite …"), with no name before the
 * verb that could be the speaker instead; -1 when there is none.
 */
function mediumSubjectVerb(tt: TokenizedText, from: number, to: number, here: NameSpan[], languages: readonly StemLanguage[]): number {
  let i = from;
  while (i < to && i < from + 3 && MEDIUM_DETERMINERS.has(tt.tokens[i]?.norm ?? '')) i++;
  if (!statementCues().mediums.has(tt.tokens[i]?.norm ?? '')) return -1;
  let verbFrom = i + 1;
  if (markBetween(tt, i, i + 1, ',')) {
    // Past the aside to the comma that closes it.
    let close = i + 2;
    while (close < Math.min(to, i + MAX_ASIDE) && !markBetween(tt, close - 1, close, ',')) close++;
    verbFrom = close;
  }
  const verb = verbIndex(tt, verbFrom, Math.min(to, verbFrom + 3), true, languages);
  if (verb < 0 || here.some((n) => n.startTok < verb && (n.entry.kind === 'person' || n.entry.kind === 'actor'))) return -1;
  return verb;
}

/**
 * "Début novembre, il avait exhorté ses frères peuls ...": a pronoun subject of a
 * speech verb stands for the one person named in this sentence before it or in the
 * two sentences before; with two people named there, nobody is guessed.
 */
function pronounSpeaker(
  tt: TokenizedText,
  s: number,
  from: number,
  to: number,
  hasMedium: boolean,
  bySentence: Map<number, NameSpan[]>,
  languages: readonly StemLanguage[],
  ranges: [number, number][],
): Omit<Attributed, 'medium'> | undefined {
  const pronoun = firstPronoun(tt, from, to);
  if (pronoun < 0) return undefined;
  // "il est apparu dans une nouvelle vidéo … dans laquelle il appelait …": what follows the medium is his, as for a name.
  const appearance = appearsIn(tt, { endTok: pronoun + 1 }, to);
  const verb = appearance ? appearance.at : verbIndex(tt, pronoun + 1, Math.min(to, pronoun + 4), hasMedium, languages);
  if (verb < 0) return undefined;
  const window = [...(bySentence.get(s - 2) ?? []), ...(bySentence.get(s - 1) ?? []), ...(bySentence.get(s) ?? []).filter((n) => n.startTok < pronoun)];
  // Only someone named as a subject can be "il": not "la katiba d'Amadou Koufa", "un adjoint d'Iyad".
  const genitive = (n: NameSpan) => ['d', 'de', 'du', 'of'].includes(tt.tokens[n.startTok - 1]?.norm ?? '') || isPossessive(tt, n.endTok);
  // Someone else spoke first in that sentence ("le ministre a estimé que ... Iyad Ag Ghali ..."): "il" is more likely that speaker.
  const spokenOf = (n: NameSpan) => n.sentence !== s && verbIndex(tt, ranges[n.sentence]?.[0] ?? n.startTok, n.startTok, false, languages) >= 0;
  const people = new Map(
    window
      .filter((n) => n.entry.kind === 'person' && !isNotSpeaker(tt, n.startTok) && !genitive(n) && !inReportedClause(tt, n) && !spokenOf(n))
      .map((n) => [n.entry.id, n.entry]),
  );
  if (people.size !== 1) return undefined;
  const [speaker] = people.values() as IterableIterator<GazetteerEntry>;
  return speaker ? { speaker, contentFrom: verb + 1, contentTo: to, speakerSpan: [pronoun, pronoun + 1] } : undefined;
}

/** A sentence naming no person that has a naming participle with no agent of its own ("among the countries cited", "were named"). */
function namesWithoutAgent(tt: TokenizedText, from: number, to: number, here: NameSpan[]): boolean {
  if (here.some((n) => n.entry.kind === 'person')) return false;
  const { namingParticiples, listNouns, listVerbs, listOpeners } = statementCues();
  // "La liste comprend les États-Unis, …", "Y figurent les États-Unis, …": the list the statement gave.
  const listAt = [from, from + 1].find((i) => listNouns.has(tt.tokens[i]?.norm ?? ''));
  if (listAt !== undefined && listVerbs.has(tt.tokens[listAt + 1]?.norm ?? '')) return true;
  if (listOpeners.some((p) => p.every((word, k) => from + k < to && tt.tokens[from + k]?.norm === word))) return true;
  for (let i = from; i < to; i++) {
    // "La France est citée ailleurs par un ministre": someone else named it.
    if (namingParticiples.has(tt.tokens[i]?.norm ?? '') && !wordBetween(tt, i + 1, Math.min(to, i + 1 + MAX_VERB_TO_AGENT), PASSIVE_AGENT_WORDS)) return true;
  }
  return false;
}

const NEGATIONS = new WordSet(['not', 'never', 'no', 'n', 'ne', 'pas', 'jamais', 'nullement']);

// Negation sits right before the verb or its auxiliary ("has not addressed", "n'a jamais cité"), or right after it ("ne cite pas").
const NEGATION_REACH = 3;

const MODALS = new WordSet(['could', 'may', 'might', 'would', 'will', 'shall', 'pourrait', 'pourraient', 'pourra', 'pourront', 'devrait', 'devraient', 'devra', 'va', 'vont']);
const MODAL_REACH = 4;

/**
 * A speech verb under a modal is a guess about what he might say, not a statement; so is one in the
 * infinitive right after the name ("analysts expect Koufa to address Nigeria", "Koufa to issue video").
 */
function modalBetween(tt: TokenizedText, nameEnd: number, verb: number): boolean {
  if (tt.tokens[verb - 1]?.norm === 'to') return true;
  return wordBetween(tt, Math.max(nameEnd, verb - MODAL_REACH), verb, MODALS);
}

// What opens the main clause again after a relative clause: "…, a été suivi", "…, was followed".
const MAIN_CLAUSE_AUXILIARIES = new WordSet(['a', 'ont', 'avait', 'avaient', 'est', 'sont', 'etait', 'etaient', 'sera', 'fut', 'was', 'were', 'is', 'are', 'has', 'have', 'had', 'will']);

/**
 * "L'enregistrement attribué à Koufa, qui évoquait le Mali, a été suivi d'une attaque au Bénin": a relative
 * clause set off by commas right after the name is what he said; the main clause that resumes after it
 * with an auxiliary is not his, unless it reports his speech too ("Koufa, who spoke for an hour, has named Benin").
 */
function relativeClauseEnd(tt: TokenizedText, nameEnd: number, to: number, hasMedium: boolean, languages: readonly StemLanguage[]): number {
  if (!RELATIVE_PRONOUNS.has(tt.tokens[nameEnd]?.norm ?? '') || !markBetween(tt, nameEnd - 1, nameEnd, ',')) return to;
  for (let i = nameEnd + 2; i < to; i++) {
    if (!markBetween(tt, i - 1, i, ',') || !MAIN_CLAUSE_AUXILIARIES.has(tt.tokens[i]?.norm ?? '')) continue;
    return verbIndex(tt, i, Math.min(to, i + 3), hasMedium, languages) >= 0 ? to : i;
  }
  return to;
}

const MAX_IRREALIS_TO_NAME = 6;

/** One of the irrealis phrases ends at most a few words before the name, in its sentence ("à ce que [le chef du JNIM] Koufa"). */
function irrealisBefore(tt: TokenizedText, nameStart: number): boolean {
  const sentence = tt.tokens[nameStart]?.sentence;
  const endsAt = (end: number, phrase: readonly string[]) =>
    phrase.every((word, k) => tt.tokens[end - phrase.length + k]?.norm === word && tt.tokens[end - phrase.length + k]?.sentence === sentence);
  for (let end = nameStart; end > nameStart - MAX_IRREALIS_TO_NAME && tt.tokens[end - 1]?.sentence === sentence; end--) {
    if (statementCues().irrealisBefore.some((phrase) => endsAt(end, phrase))) return true;
  }
  return false;
}

/** A negation opening the clause after the name, with no aside between ("Koufa, who has not been seen, …" is one). */
function negatedRightAfter(tt: TokenizedText, nameEnd: number, to: number): boolean {
  const end = Math.min(to, nameEnd + NEGATION_REACH);
  for (let i = nameEnd; i < end; i++) {
    if (markBetween(tt, i - 1, i, ',')) return false;
    if (NEGATIONS.has(tt.tokens[i]?.norm ?? '')) return true;
  }
  return false;
}

function negatedBetween(tt: TokenizedText, nameEnd: number, verb: number): boolean {
  return wordBetween(tt, Math.max(nameEnd, verb - NEGATION_REACH), verb + 2, NEGATIONS);
}

function saidNotGenuine(tt: TokenizedText, from: number, to: number): boolean {
  const { notGenuine } = statementCues();
  for (let i = from; i < to; i++) if (notGenuine.has(tt.tokens[i]?.norm ?? '')) return true;
  return false;
}

const PASSIVE_AUXILIARIES = new WordSet(['were', 'was', 'are', 'is', 'been', 'being', 'ete', 'sont', 'est', 'etaient', 'etait', 'furent', 'fut']);

/** The auxiliary right before the verb, or one adverb before it ("were named", "sont nommément cités"). */
function inPassive(tt: TokenizedText, verb: number): boolean {
  return PASSIVE_AUXILIARIES.has(tt.tokens[verb - 1]?.norm ?? '') || PASSIVE_AUXILIARIES.has(tt.tokens[verb - 2]?.norm ?? '');
}

// What may stand between a passive speech verb and the medium that is its agent: "singled out by name in a new video".
const PASSIVE_TO_MEDIUM = new WordSet([
  'by', 'name', 'par', 'nommement', 'in', 'dans', 'a', 'an', 'the', 'un', 'une', 'le', 'la', 'l', 'new', 'latest', 'recent', 'nouveau', 'nouvel', 'nouvelle',
  'dernier', 'derniere', 'out', 'on', 'sur', 'prominently', 'heavily', 'largely', 'also', 'en', 'bonne', 'place', 'largement', 'aussi', 'egalement', 'his', 'sa', 'son',
]);
const MAX_PASSIVE_TO_MEDIUM = 5;

/**
 * A speech verb in the passive whose agent is the author's medium: "Benin and Togo were singled out by name
 * in a video message from Iyad Ag Ghali", "sont nommément cités dans une vidéo d'Amadou Koufa".
 */
function passiveSpeechBefore(tt: TokenizedText, from: number, to: number, p: NameSpan, languages: readonly StemLanguage[]): boolean {
  // The medium that chains to the name ("a video message from [JNIM leader] Iyad"), or the name itself when
  // the medium follows it ("in the new Koufa video", "in Koufa's video").
  const cues = statementCues();
  let medium = p.startTok - 1;
  while (medium > from && !cues.mediums.has(tt.tokens[medium]?.norm ?? '')) medium--;
  if (medium <= from || p.startTok - medium > 6) {
    if (!possessiveMedium(tt, p, to)) return false;
    medium = p.startTok;
  }
  while (medium - 1 > from && cues.mediums.has(tt.tokens[medium - 1]?.norm ?? '')) medium--;
  for (let verb = medium - 1; verb > from && medium - verb <= MAX_PASSIVE_TO_MEDIUM + 1; verb--) {
    const norm = tt.tokens[verb]?.norm ?? '';
    // "Nigeria features prominently in the new Koufa video", "Le Bénin figure en bonne place dans la vidéo de Koufa".
    if (cues.featureVerbs.has(norm)) return true;
    if (verbIndex(tt, verb, verb + 1, false, languages) === verb) return inPassive(tt, verb);
    if (!PASSIVE_TO_MEDIUM.has(norm)) return false;
  }
  return false;
}

const PASSIVE_AGENT_WORDS = new WordSet(['by', 'par']);
// Between "by" and the name: a short title ("par le chef du JNIM, Amadou Koufa").
const MAX_AGENT_TO_NAME = 5;
// Between the passive verb and "by": an adverbial ("named repeatedly by", "citées à plusieurs reprises par").
const MAX_VERB_TO_AGENT = 4;

/** "Nigeria was named by Koufa", "sont citées à plusieurs reprises par Amadou Koufa": the name is the agent of a passive speech verb. */
function agentOfPassiveSpeech(tt: TokenizedText, p: NameSpan, from: number, languages: readonly StemLanguage[]): boolean {
  let by = p.startTok - 1;
  while (by > from && p.startTok - by < MAX_AGENT_TO_NAME && !PASSIVE_AGENT_WORDS.has(tt.tokens[by]?.norm ?? '')) by--;
  if (!PASSIVE_AGENT_WORDS.has(tt.tokens[by]?.norm ?? '')) return false;
  for (let verb = by - 1; verb > from && by - verb <= MAX_VERB_TO_AGENT; verb--) {
    if (verbIndex(tt, verb, verb + 1, false, languages) === verb) return inPassive(tt, verb);
  }
  return false;
}


/** "le ministre a estimé que le chef du JNIM, Iyad Ag Ghali, regarde ...": a person inside what someone else says is not the next "il". */
function inReportedClause(tt: TokenizedText, n: NameSpan): boolean {
  const sentence = tt.tokens[n.startTok]?.sentence;
  for (let i = n.startTok - 1; i >= 0 && tt.tokens[i]?.sentence === sentence; i--) if (COMPLEMENTIZERS.has(tt.tokens[i]?.norm ?? '')) return true;
  return false;
}

const HABITUAL = new WordSet(['often', 'frequently', 'regularly', 'habitually', 'souvent', 'frequemment', 'regulierement']);
const QUOTE_AUXILIARIES = new WordSet(['a', 'avait', 'has', 'had', 'have']);
const CLOSING_QUOTE_BEFORE_VERB = /[»”"]\s*,?\s*$/;
// Participles that open a sentence with the speaker's act: "Addressing", "S'adressant", "Evoking".
const PARTICIPLE = /(ing|ant)$/;
// French reflexive or gerund words a participle may follow: "s'adressant", "en évoquant".
const PARTICIPLE_LEADS = new WordSet(['s', 'en', 'se']);

/**
 * Is the part of the sentence before the speaker's name his statement: a quotation closed
 * right before an inverted speech verb ("« … », lance Amadou Koufa", '"…," said Koufa',
 * '"…," Koufa said'), or an opening participle of a speech verb ("Addressing Nigerians, Koufa ...")?
 */
function speaksBeforeName(tt: TokenizedText, p: NameSpan, from: number, to: number, languages: readonly StemLanguage[]): boolean {
  if (p.startTok <= from) return false;
  const sentenceStart = tt.tokens[from]?.start ?? 0;
  const isVerb = (i: number) => i >= 0 && verbIndex(tt, i, i + 1, false, languages) === i;
  const inverted = p.startTok - 1 > from && isVerb(p.startTok - 1);
  // "« … », a affirmé Iyad Ag Ghali": the auxiliary stands between the quotation and the verb.
  const verbStart = inverted && QUOTE_AUXILIARIES.has(tt.tokens[p.startTok - 2]?.norm ?? '') ? p.startTok - 2 : p.startTok - 1;
  const quoteEnd = inverted ? (tt.tokens[verbStart]?.start ?? 0) : (tt.tokens[p.startTok]?.start ?? 0);
  if ((inverted || isVerb(p.endTok)) && CLOSING_QUOTE_BEFORE_VERB.test(tt.text.slice(sentenceStart, quoteEnd))) return true;
  const first = PARTICIPLE_LEADS.has(tt.tokens[from]?.norm ?? '') ? from + 1 : from;
  if (first >= p.startTok) return false;
  // "Asked about Nigeria in a rare interview, Iyad Ag Ghaly replied …": what he was asked about is what he answers, when he answers.
  const asked = statementCues().questionParticiples.has(tt.tokens[first]?.norm ?? '') && verbIndex(tt, p.endTok, to, false, languages) >= 0;
  if (!asked && (!PARTICIPLE.test(tt.tokens[first]?.norm ?? '') || !isVerb(first))) return false;
  // The leader is the subject right after the opener's comma, with at most a title before him ("..., JNIM leader Koufa").
  let subjectFrom = p.startTok;
  while (subjectFrom > first + 1 && !tt.text.slice(tt.tokens[subjectFrom - 1]?.end ?? 0, tt.tokens[subjectFrom]?.start ?? 0).includes(',')) subjectFrom--;
  return subjectFrom > first + 1 && p.startTok - subjectFrom <= MAX_TITLE_WORDS;
}
const MAX_TITLE_WORDS = 2;

const COLON_THEN_QUOTE = /^\s*:\s*[«"“']/;

/** A headline's "Koufa : « … »" or "Koufa: '…'". */
function quotedAfterColon(tt: TokenizedText, p: NameSpan): boolean {
  const end = tt.tokens[p.endTok - 1]?.end ?? 0;
  return COLON_THEN_QUOTE.test(tt.text.slice(end, end + 6));
}

const MEDIUM_OPENERS = new WordSet(['in', 'dans', 'throughout', 'tout']);
const MEDIUM_DETERMINERS = new WordSet(['the', 'his', 'this', 'that', 'its', 'a', 'son', 'sa', 'ce', 'cet', 'cette', 'le', 'la', 'l', 'un', 'une', 'new', 'latest', 'nouveau', 'nouvelle', 'dernier', 'derniere']);

/** "In his message, the JNIM leader ...", "Dans cette vidéo, Koufa ...": the sentence opens with the medium, and he is its subject. */
function opensWithMedium(tt: TokenizedText, p: NameSpan, from: number): boolean {
  if (!MEDIUM_OPENERS.has(tt.tokens[from]?.norm ?? '')) return false;
  let i = from + 1;
  while (i < p.startTok && MEDIUM_DETERMINERS.has(tt.tokens[i]?.norm ?? '')) i++;
  if (!statementCues().mediums.has(tt.tokens[i]?.norm ?? '')) return false;
  const afterMedium = tt.tokens[i]?.end ?? 0;
  const comma = tt.text.indexOf(',', afterMedium);
  if (comma < 0 || comma > (tt.tokens[i + 1]?.start ?? 0)) return false;
  // At most a title between the comma and the name ("the JNIM leader", "le chef du GSIM").
  return p.startTok - (i + 1) <= 4;
}

function isAttributionLead(tt: TokenizedText, startTok: number): boolean {
  const before = tt.tokens[startTok - 1]?.norm;
  return before === 'selon' || (before === 'to' && tt.tokens[startTok - 2]?.norm === 'according');
}

// "brother of Koufa", "led by Iyad", "proche d'Iyad": the word that ties a relative or subordinate to the name.
const TIES = new WordSet(['of', 'by', 'to', 'de', 'd', 'du', 'par', 'a']);

/** Someone else's relative or subordinate, or someone at the speaker's side: not a speaker. */
function isNotSpeaker(tt: TokenizedText, startTok: number): boolean {
  return tiedBy(tt, startTok, NOT_SPEAKER_BEFORE) || tiedBy(tt, startTok, COMPANION_BEFORE);
}

const AND = new WordSet(['and', 'et']);

/** "flanked by Ag Ghaly and Okacha", "flanqué d'Iyad Ag Ghali et de Yahya": the second companion is one too. */
function secondCompanion(tt: TokenizedText, p: NameSpan, here: readonly NameSpan[]): boolean {
  let and = p.startTok - 1;
  if (TIES.has(tt.tokens[and]?.norm ?? '')) and--;
  if (!AND.has(tt.tokens[and]?.norm ?? '')) return false;
  return here.some((o) => o.entry.kind === 'person' && o.endTok === and && tiedBy(tt, o.startTok, COMPANION_BEFORE));
}

/** Is the name tied to one of `words` before it ("proche d'Iyad", "flanked by Koufa")? */
function tiedBy(tt: TokenizedText, startTok: number, words: WordSet): boolean {
  // "Near its close, Amadou Koufa ...": a comma between the word and the name unties them.
  if (tt.text.slice(tt.tokens[startTok - 1]?.end ?? 0, tt.tokens[startTok]?.start ?? 0).includes(',')) return false;
  const before = tt.tokens[startTok - 1]?.norm ?? '';
  // Two words back only across a tie: "dans son prêche, Koufa" is his sermon, not his son.
  if (words.has(before) || (TIES.has(before) && words.has(tt.tokens[startTok - 2]?.norm ?? ''))) return true;
  // Across his title: "a nephew of JNIM leader Iyad Ag Ghali", "un proche du chef jihadiste Amadou Koufa".
  let i = startTok - 1;
  while (i > startTok - 1 - MAX_TITLE_BEFORE_NAME && TITLE_WORDS.has(tt.tokens[i]?.norm ?? '')) i--;
  if (i === startTok - 1) return false;
  const tie = tt.tokens[i]?.norm ?? '';
  return (TIES.has(tie) || tie === 'du') && words.has(tt.tokens[i - 1]?.norm ?? '');
}
const MAX_TITLE_BEFORE_NAME = 3;

// After his name, someone of his: "a Koufa relative said", "Koufa's brother told reporters", "Iyad's men".
const HIS_PEOPLE_AFTER = new WordSet([
  'relative', 'relatives', 'brother', 'brothers', 'son', 'sons', 'nephew', 'wife', 'cousin', 'aide', 'aides', 'lieutenant', 'lieutenants',
  'deputy', 'deputies', 'uncle', 'father', 'daughter', 'successor', 'men', 'fighters', 'followers', 'supporters', 'loyalists', 'family',
  'spokesman', 'spokesperson', 'envoy', 'emissary',
]);

/** The name stands before one of his people, who is the subject: "a Koufa relative said …", "Koufa's brother told …". */
function namesSomeoneOfHis(tt: TokenizedText, p: NameSpan): boolean {
  const next = tt.tokens[p.endTok]?.norm ?? '';
  return HIS_PEOPLE_AFTER.has(next) || (isPossessive(tt, p.endTok) && HIS_PEOPLE_AFTER.has(tt.tokens[p.endTok + 1]?.norm ?? ''));
}
const TITLE_WORDS = new WordSet([
  'leader', 'chief', 'chef', 'emir', 'commander', 'founder', 'fondateur', 'preacher', 'predicateur', 'jihadist', 'jihadiste', 'djihadiste',
  'jnim', 'gsim', 'katiba', 'macina', 'al', 'qaeda', 'qaida', 'the', 'le', 'l', 'de', 'du',
]);

// "le JNIM d'Iyad Ag Ghaly", "the group of Koufa", "Koufa's fighters": the leader names the group, he does not speak.
const GROUP_WORDS = new WordSet(['group', 'groupe', 'men', 'hommes', 'fighters', 'combattants', 'katiba', 'forces', 'troupes', 'elements', 'jihadists', 'jihadistes', 'djihadistes', 'organisation', 'organization', 'movement', 'mouvement', 'coalition', 'branch', 'branche']);

function namesAGroup(tt: TokenizedText, p: NameSpan, names: NameSpan[]): boolean {
  const before = tt.tokens[p.startTok - 1]?.norm ?? '';
  if (before === 'd' || before === 'de' || before === 'of') {
    const prev = p.startTok - 2;
    if (GROUP_WORDS.has(tt.tokens[prev]?.norm ?? '')) return true;
    if (names.some((n) => n.entry.kind === 'actor' && n.endTok === prev + 1)) return true;
  }
  return isPossessive(tt, p.endTok) && GROUP_WORDS.has(tt.tokens[p.endTok + 1]?.norm ?? '');
}

function firstPronoun(tt: TokenizedText, from: number, to: number): number {
  for (let i = from; i < to; i++) if (PRONOUNS.has(tt.tokens[i]?.norm ?? '')) return i;
  return -1;
}

/**
 * A semicolon ends what he said: "In the video Koufa speaks only about Mali; Benin was attacked a day later".
 * One right before the content's first word leaves him nothing ("a video of Koufa was released; the army said …").
 */
function clauseEnd(tt: TokenizedText, from: number, to: number): number {
  for (let i = from; i < to; i++) if (markBetween(tt, i - 1, i, ';')) return i;
  return to;
}

function mergeBySpeaker(tt: TokenizedText, found: Attributed[], names: NameSpan[]): Statement[] {
  const out = new Map<string, Statement>();
  for (const a of found) {
    const contentTo = clauseEnd(tt, a.contentFrom, a.contentTo);
    const named = names.filter((n) => n.startTok >= a.contentFrom && n.endTok <= contentTo && n.entry.kind !== 'person');
    const mentions = named.map((n) => n.entry.id);
    const countries = named
      .filter((n) => n.entry.kind === 'place')
      .map((n) => (n.entry.placeKind === 'country' ? n.entry.iso2 : n.entry.country))
      .filter((c): c is string => c !== undefined);
    const st = out.get(a.speaker.id) ?? {
      speakerId: a.speaker.id,
      speaker: a.speaker.name,
      medium: a.medium ?? 'statement',
      mentions: [],
      countries: [],
      evidence: [],
    };
    if (st.medium === 'statement' && a.medium) st.medium = a.medium;
    for (const m of mentions) if (!st.mentions.includes(m)) st.mentions.push(m);
    for (const c of countries) if (!st.countries?.includes(c)) st.countries?.push(c);
    // The speaker's name, or for a continuation the pronoun standing for it.
    const evidence = evidenceForTokens(tt, a.speakerSpan[0], a.speakerSpan[1]);
    if (!st.evidence.some((e) => e.start === evidence.start && e.sentence === evidence.sentence)) st.evidence.push(evidence);
    out.set(a.speaker.id, st);
  }
  return [...out.values()];
}
