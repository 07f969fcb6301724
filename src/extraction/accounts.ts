import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { truncate } from '../core/text.js';
import { type CueFile, inWordFamily, loadCueFile, type WordFamilies, wordFamilies, WordListsSchema } from './cue-words.js';
import { foldPhrase, foldWord, type TokenizedText, tokenize } from './text.js';

/**
 * What a report rests on, in English and French: a group's own claim (also as
 * relayed from az-Zallaqa, Amaq or SITE), an official statement (army,
 * government, ministry, spokesman), local or eyewitness sources, a denial,
 * or, when none of these is found, the outlet's own reporting. The words are
 * data (data/gazetteer/accounts.yaml); verbs are matched by word family, as
 * statement verbs are (cue-words.ts).
 */
export const AccountKindSchema = z.enum(['claim', 'official', 'local', 'own', 'denial']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

export const ReportAccountSchema = z.object({
  /** What the report mainly rests on: the kind its earliest attributed sentence shows (see mainKind), else its own reporting. */
  kind: AccountKindSchema,
  /** Every kind found in it (empty: its own reporting). */
  found: z.array(AccountKindSchema),
  /** The sentence that shows `kind`, cut to 300 characters. */
  quote: z.string().optional(),
});
export type ReportAccount = z.infer<typeof ReportAccountSchema>;

/** The order kinds are listed in, and which names the report when two first show in one sentence. */
const PRIORITY: readonly AccountKind[] = ['denial', 'official', 'claim', 'local'];

/**
 * What the report rests on: the kind its earliest attributed sentence shows. News is written lead first,
 * so the source of the lead is the source of the report; "the army said the situation was under control"
 * further down does not make a report of the group's claim an official one. (The story's status reads
 * every kind found, not this one: a denial anywhere still makes it disputed.)
 */
function mainKind(found: ReadonlyMap<AccountKind, FoundAt>): AccountKind {
  let best: AccountKind = 'own';
  let bestAt: FoundAt = { sentence: Number.POSITIVE_INFINITY, token: Number.POSITIVE_INFINITY };
  for (const kind of PRIORITY) {
    const at = found.get(kind);
    // Within one sentence the first attribution is what it rests on ("Boko Haram claimed the killings, which left 76
    // dead according to the authorities"), except that a denial answers the rest of its sentence.
    const earlier = at && (at.sentence < bestAt.sentence || (at.sentence === bestAt.sentence && best !== 'denial' && at.token < bestAt.token));
    if (at && earlier) [best, bestAt] = [kind, at];
  }
  // Authorities who deny are the denial: "Boko Haram didn't kill our men – Army. The army has denied reports …".
  const denial = found.get('denial');
  if (best === 'official' && denial !== undefined && denial.sentence <= DENIAL_LEAD) return 'denial';
  return best;
}
/** Where a kind of account is first shown: its sentence and the token of its cue. */
interface FoundAt {
  sentence: number;
  token: number;
}
/** The title and the first two sentences of the text: a denial there, after the authorities' word, is the report's. */
const DENIAL_LEAD = 2;

// `anonymous`: an unnamed source ("a military source", "des sources sécuritaires"): the outlet's own reporting.
// `relay`: who passes on a group's own word (az-Zallaqa, Amaq, SITE): whatever verb reports it, a claim.
const SpeakerKindSchema = z.enum(['official', 'local', 'group', 'relay', 'anonymous']);
type SpeakerKind = z.infer<typeof SpeakerKindSchema>;

const AccountCuesSchema = z.strictObject({
  speaker_window: z.number().int().positive(),
  reporting_verbs: WordListsSchema,
  reporting_forms: WordListsSchema,
  reporting_before: WordListsSchema,
  speakers: z.partialRecord(SpeakerKindSchema, WordListsSchema),
  according_window: z.number().int().positive(),
  group_claim_verbs: WordListsSchema,
  claim_verbs: WordListsSchema,
  claim_verbs_with_group: WordListsSchema,
  claim_words: WordListsSchema,
  not_claim_after: z.array(z.string()),
  noun_only_speakers: z.array(z.string()),
  speaker_determiners: z.array(z.string()),
  medium_links: z.array(z.string()),
  medium_articles: z.array(z.string()),
  denial_verbs: WordListsSchema,
  denial_phrases: WordListsSchema,
  reporting_phrases: WordListsSchema,
  denial_forms: WordListsSchema,
  not_denial_after: z.array(z.string()),
  negations: z.array(z.string()),
});

interface Phrase {
  words: string[];
}

interface AccountCues {
  accordingWindow: number;
  window: number;
  reportingVerbs: WordFamilies;
  reportingForms: Set<string>;
  reportingBefore: Phrase[];
  speakers: Array<Phrase & { kind: SpeakerKind }>;
  groupClaimVerbs: WordFamilies;
  groupClaimForms: Set<string>;
  claimVerbs: WordFamilies;
  claimForms: Set<string>;
  claimVerbsWithGroup: WordFamilies;
  claimWords: Set<string>;
  notClaimAfter: Set<string>;
  nounOnlySpeakers: Set<string>;
  speakerDeterminers: Set<string>;
  mediumLinks: Set<string>;
  mediumArticles: Set<string>;
  denialVerbs: WordFamilies;
  denialPhrases: Phrase[];
  reportingPhrases: Phrase[];
  denialForms: Set<string>;
  notDenialAfter: Set<string>;
  negations: Set<string>;
}

const CUES_FILE = packagePath('data', 'gazetteer', 'accounts.yaml');
/** For `sahelwatch check`. */
export const ACCOUNT_CUES: CueFile = { file: CUES_FILE, schema: AccountCuesSchema };
/** How far before a verb a negation ("did not deny") and after it an exception ("claimed the lives") are looked for. */
const NEAR = 3;
let cached: AccountCues | undefined;

const both = (lists: z.infer<typeof WordListsSchema>) => [...lists.en, ...lists.fr];
const phrases = (lists: z.infer<typeof WordListsSchema>): Phrase[] => both(lists).map((p) => ({ words: foldPhrase(p).split(' ') }));
const forms = (lists: z.infer<typeof WordListsSchema>) => new Set(both(lists).map(foldWord));

function cues(): AccountCues {
  if (cached) return cached;
  const c = loadCueFile(AccountCuesSchema, CUES_FILE);
  cached = {
    window: c.speaker_window,
    accordingWindow: c.according_window,
    reportingVerbs: wordFamilies(c.reporting_verbs),
    reportingForms: forms(c.reporting_forms),
    reportingBefore: phrases(c.reporting_before),
    speakers: Object.entries(c.speakers).flatMap(([kind, lists]) => phrases(lists).map((p) => ({ ...p, kind: kind as SpeakerKind }))),
    groupClaimVerbs: wordFamilies(c.group_claim_verbs),
    groupClaimForms: forms(c.group_claim_verbs),
    claimVerbs: wordFamilies(c.claim_verbs),
    // Inflected forms the stemmer keeps apart from their verb ("revendiquée") are listed too: match them as written.
    claimForms: forms(c.claim_verbs),
    claimVerbsWithGroup: wordFamilies(c.claim_verbs_with_group),
    claimWords: forms(c.claim_words),
    notClaimAfter: new Set(c.not_claim_after.map(foldWord)),
    nounOnlySpeakers: new Set(c.noun_only_speakers.map(foldWord)),
    speakerDeterminers: new Set(c.speaker_determiners.map(foldWord)),
    mediumLinks: new Set(c.medium_links.map(foldWord)),
    mediumArticles: new Set(c.medium_articles.map(foldWord)),
    denialVerbs: wordFamilies(c.denial_verbs),
    denialPhrases: phrases(c.denial_phrases),
    reportingPhrases: phrases(c.reporting_phrases),
    denialForms: forms(c.denial_forms),
    notDenialAfter: new Set(c.not_denial_after.map(foldWord)),
    negations: new Set(c.negations.map(foldWord)),
  };
  return cached;
}

interface Span {
  start: number;
  end: number;
  sentence: number;
}

/** Where each phrase occurs, as token spans [start, end). */
function phraseSpans<P extends Phrase>(tt: TokenizedText, list: readonly P[]): Array<Span & P> {
  const out: Array<Span & P> = [];
  const { tokens } = tt;
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of list) {
      if (phrase.words.every((w, k) => tokens[i + k]?.norm === w && tokens[i + k]?.sentence === tokens[i]?.sentence)) {
        out.push({ ...phrase, start: i, end: i + phrase.words.length, sentence: tokens[i]?.sentence ?? 0 });
      }
    }
  }
  return out;
}

function within(tt: TokenizedText, from: number, to: number, words: ReadonlySet<string>): boolean {
  for (let i = Math.max(0, from); i < Math.min(tt.tokens.length, to); i++) if (words.has(tt.tokens[i]?.norm ?? '')) return true;
  return false;
}

/** The speaker nearest to the cue at token i in its sentence, within the window; `forwardOnly` after "according to". */
function nearestSpeaker(speakers: ReadonlyArray<Span & { kind: SpeakerKind }>, at: Span, window: number, forwardOnly: boolean): SpeakerKind | undefined {
  let best: { kind: SpeakerKind; distance: number } | undefined;
  for (const s of speakers) {
    if (s.sentence !== at.sentence) continue;
    const distance = s.start >= at.end ? s.start - at.end + 1 : forwardOnly ? Number.POSITIVE_INFINITY : at.start - s.end + 1;
    if (distance > 0 && distance <= window && (!best || distance < best.distance)) best = { kind: s.kind, distance };
  }
  return best?.kind;
}

const speakerAccount = (kind: SpeakerKind | undefined): AccountKind | undefined =>
  kind === 'group' || kind === 'relay' ? 'claim' : kind === 'anonymous' ? undefined : kind;

/** Spans not inside a longer one: "military source" is an anonymous source, not the military. */
function outermost<T extends Span>(spans: T[]): T[] {
  return spans.filter((s) => !spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start));
}

const MODIFIER_PREFIXES = new Set(['pro', 'anti']);

/** "un bilan communiqué dimanche": a speaker word that is also a participle, used as one (no determiner before it). */
function participleNotSpeaker(tt: TokenizedText, span: Span, c: AccountCues): boolean {
  return span.end - span.start === 1 && c.nounOnlySpeakers.has(tt.tokens[span.start]?.norm ?? '') && !c.speakerDeterminers.has(tt.tokens[span.start - 1]?.norm ?? '');
}

/** "dans un communiqué", "in a press release": a speaker word used as the medium of whoever speaks. */
function namesMedium(tt: TokenizedText, span: Span, c: AccountCues): boolean {
  return c.mediumArticles.has(tt.tokens[span.start - 1]?.norm ?? '') && c.mediumLinks.has(tt.tokens[span.start - 2]?.norm ?? '');
}

/** Every kind of account the text shows, each with the first sentence and cue that show it. */
function accountsIn(tt: TokenizedText): Map<AccountKind, FoundAt> {
  const c = cues();
  const found = new Map<AccountKind, FoundAt>();
  // The earliest cue of each kind, whichever pass finds it (phrases are read before single words).
  const note = (kind: AccountKind | undefined, sentence: number, token: number) => {
    const seen = kind && found.get(kind);
    if (kind && (!seen || sentence < seen.sentence || (sentence === seen.sentence && token < seen.token))) found.set(kind, { sentence, token });
  };
  // "pro-government militias", "anti-army protests": a modifier, not the government or the army speaking.
  // "affirme dans un communiqué", "said in a statement": the medium, not who speaks through it.
  const speakers = outermost(phraseSpans(tt, c.speakers)).filter(
    (sp) => !MODIFIER_PREFIXES.has(tt.tokens[sp.start - 1]?.norm ?? '') && !namesMedium(tt, sp, c) && !participleNotSpeaker(tt, sp, c),
  );
  for (const before of phraseSpans(tt, c.reportingBefore)) {
    // Only the words right after "according to" / "selon" name who says it: "selon deux d'entre elles, l'armée a déployé" is not the army speaking.
    if (!within(tt, before.start - NEAR, before.start, c.negations)) note(speakerAccount(nearestSpeaker(speakers, before, c.accordingWindow, true)), before.sentence, before.start);
  }
  for (const denial of phraseSpans(tt, c.denialPhrases)) {
    if (!within(tt, denial.start - NEAR, denial.start, c.negations)) note('denial', denial.sentence, denial.start);
  }
  for (const phrase of phraseSpans(tt, c.reportingPhrases)) {
    if (within(tt, phrase.start - NEAR, phrase.start, c.negations)) continue;
    const kind = nearestSpeaker(speakers, phrase, c.window, false);
    if (kind !== 'group') note(speakerAccount(kind), phrase.sentence, phrase.start);
  }
  tt.tokens.forEach((token, i) => {
    const norm = token.norm;
    const at = { start: i, end: i + 1, sentence: token.sentence };
    const negated = () => within(tt, i - NEAR, i, c.negations);
    if (c.denialForms.has(norm) || inWordFamily(norm, c.denialVerbs)) {
      if (!negated() && !c.notDenialAfter.has(tt.tokens[i + 1]?.norm ?? '')) note('denial', token.sentence, i);
      return;
    }
    if (c.claimForms.has(norm) || inWordFamily(norm, c.claimVerbs)) {
      if (!negated()) note('claim', token.sentence, i);
      return;
    }
    const speaker = () => nearestSpeaker(speakers, at, c.window, false);
    if (inWordFamily(norm, c.claimVerbsWithGroup)) {
      if (negated() || within(tt, i + 1, i + 1 + NEAR, c.notClaimAfter)) return;
      const kind = speaker();
      note(within(tt, i + 1, i + 1 + NEAR, c.claimWords) ? 'claim' : speakerAccount(kind), token.sentence, i);
      return;
    }
    if (c.reportingForms.has(norm) || inWordFamily(norm, c.reportingVerbs)) {
      if (negated()) return;
      const kind = speaker();
      const groupClaims = c.groupClaimForms.has(norm) || inWordFamily(norm, c.groupClaimVerbs);
      if (kind !== 'group' || groupClaims) note(speakerAccount(kind), token.sentence, i);
    }
  });
  return found;
}

const MAX_QUOTE = 300;

/** What one report rests on: `own` unless a claim, an official, local sources or a denial is found in its title or text. */
export function classifyAccount(text: string): ReportAccount {
  const tt = tokenize(text);
  const found = accountsIn(tt);
  const kind = mainKind(found);
  const sentence = found.get(kind)?.sentence;
  const span = sentence === undefined ? undefined : tt.sentences[sentence];
  // Shown to people in alert histories: cut on a grapheme boundary, as all such text is.
  const quote = span ? truncate(text.slice(span.start, span.end).trim(), MAX_QUOTE) : undefined;
  return { kind, found: PRIORITY.filter((k) => found.has(k)), ...(quote ? { quote } : {}) };
}
