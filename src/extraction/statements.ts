import { evidenceForTokens } from './evidence.js';
import type { Statement } from './extraction.js';
import type { GazetteerEntry } from './gazetteer.js';
import type { TokenizedText } from './text.js';

/** A resolved name in the text (person, actor, place, country) with its token span. */
export interface NameSpan {
  entry: GazetteerEntry;
  startTok: number;
  endTok: number;
  sentence: number;
  form: 'name' | 'demonym';
}

type Medium = Statement['medium'];

// Folded words naming the channel of a statement.
const MEDIUM = new Map<string, Medium>(Object.entries({
  video: 'video', videos: 'video', footage: 'video',
  audio: 'audio', enregistrement: 'audio', recording: 'audio',
  message: 'message', messages: 'message',
  communique: 'communique', communiques: 'communique', statement: 'statement', declaration: 'statement',
  interview: 'interview', entretien: 'interview',
  sermon: 'sermon', preche: 'sermon', speech: 'statement', discours: 'statement',
}) as [string, Medium][]);
// Audio outranks message ("message audio" is audio).
const MEDIUM_RANK: Medium[] = ['video', 'audio', 'interview', 'sermon', 'communique', 'message', 'statement'];

// Verbs (folded forms) by which a speaker says something.
const SPEECH_VERBS = new Set([
  'said', 'says', 'say', 'saying', 'told', 'tells', 'urged', 'urges', 'urging',
  'speaking', 'speaks', 'spoke', 'declared', 'declares', 'threatened', 'threatens', 'warns', 'warned', 'denies',
  'denied', 'answers', 'answered', 'addresses', 'addressed', 'mentions', 'mentioned', 'cites',
  'cited', 'praised', 'praises', 'evokes', 'evoked', 'refers', 'referred', 'announced',
  'announces', 'vowed', 'vows', 'stated', 'mocks', 'mocked', 'exhorts', 'exhorted', 'appeals', 'appealed',
  'dit', 'disait', 'declare', 'affirme', 'affirmait', 'appelle', 'appellent', 'appelant', 'appele', 'exhorte',
  'exhortant', 'evoque', 'evoquant', 'cite', 'citant', 'adresse', 'parle', 'parlant', 'menace', 'menacant', 'salue',
  'saluant', 'rendant', 'rend', 'exprime', 'annonce', 'promet', 'nargue', 'moque', 'accuse', 'invite', 'invitant',
  'lance', 'lancant', 'demande', 'demandant', 'estime', 'assure', 'explique', 'prevenu', 'previent',
]);
// Speech verbs only with their particle: "calls on" (not "a group called X"), "hails X" is rare beside "hails from".
const PARTICLE_VERBS = new Map<string, readonly string[]>([
  ['calls', ['on', 'upon', 'for']],
  ['called', ['on', 'upon', 'for']],
  ['calling', ['on', 'upon', 'for']],
  ['hailed', ['the']],
]);
// Verbs that publish a medium ("a diffusé un message audio"): count when a medium word is in the sentence.
const PUBLISH_VERBS = new Set(['released', 'posted', 'published', 'broadcast', 'issued', 'diffuse', 'diffusee', 'publie', 'publiee', 'poste']);
// A person right after these is someone else's relative or subordinate, not the speaker.
const NOT_SPEAKER_BEFORE = new Set([
  'proche', 'proches', 'close', 'relative', 'relatives', 'brother', 'frere', 'son', 'fils', 'nephew', 'neveu', 'wife',
  'epouse', 'cousin', 'aide', 'led', 'dirige', 'dirigee', 'headed', 'commanded', 'loyal', 'fidele', 'fideles',
  'lieutenant', 'lieutenants', 'bras', 'successor', 'successeur', 'about', 'sur', 'against', 'contre',
]);
const PRONOUNS = new Set(['il', 'elle', 'he', 'she']);

function verbIndex(tt: TokenizedText, from: number, to: number, hasMedium: boolean): number {
  for (let i = from; i < to; i++) {
    const norm = tt.tokens[i]?.norm ?? '';
    if (SPEECH_VERBS.has(norm) || (hasMedium && PUBLISH_VERBS.has(norm))) return i;
    if (PARTICLE_VERBS.get(norm)?.includes(tt.tokens[i + 1]?.norm ?? '')) return i;
  }
  return -1;
}

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
    const m = MEDIUM.get(tt.tokens[i]?.norm ?? '');
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
export function findStatements(tt: TokenizedText, names: NameSpan[]): Statement[] {
  const found: Attributed[] = [];
  const bySentence = new Map<number, NameSpan[]>();
  for (const n of names) bySentence.set(n.sentence, [...(bySentence.get(n.sentence) ?? []), n]);
  const ranges = sentenceRanges(tt);
  const mediums = ranges.map(([from, to]) => (from < 0 ? undefined : mediumIn(tt, from, to)));
  let previous: Attributed[] = [];
  for (let s = 0; s < tt.sentences.length; s++) {
    const [from, to] = ranges[s] as [number, number];
    if (from < 0) continue;
    const here = bySentence.get(s) ?? [];
    const own = mediums[s];
    const medium = own ?? mediums[s - 1] ?? mediums[s - 2];
    const hasMedium = own !== undefined;
    const current: Attributed[] = [];
    for (const p of here) {
      if (p.entry.kind !== 'person' || isNotSpeaker(tt, p.startTok)) continue;
      // "According to Koufa, ...", "Selon Iyad Ag Ghali, ...": the rest of the sentence is his.
      if (isAttributionLead(tt, p.startTok)) {
        current.push({ speaker: p.entry, contentFrom: p.endTok, contentTo: to, medium, speakerSpan: [p.startTok, p.endTok] });
        continue;
      }
      // The person is the subject of a speech verb that follows them.
      const verb = verbIndex(tt, p.endTok, to, hasMedium);
      if (verb < 0 || here.some((o) => o.entry.kind === 'person' && o.startTok > p.endTok && o.endTok <= verb && isNotSpeaker(tt, o.startTok))) continue;
      current.push({ speaker: p.entry, contentFrom: verb + 1, contentTo: to, medium, speakerSpan: [p.startTok, p.endTok] });
    }
    const pronoun = firstPronoun(tt, from, to);
    const pronounVerb = pronoun >= 0 ? verbIndex(tt, pronoun + 1, to, hasMedium) : -1;
    if (current.length === 0 && pronounVerb >= 0 && !here.some((n) => n.entry.kind === 'person' && n.startTok < pronounVerb)) {
      for (const p of previous) {
        current.push({ ...p, contentFrom: pronoun + 1, contentTo: to, medium: p.medium ?? medium, speakerSpan: [pronoun, pronoun + 1] });
      }
    }
    found.push(...current);
    // Only the sentence right after a statement can continue it.
    previous = current;
  }
  return mergeBySpeaker(tt, found, names);
}

function isAttributionLead(tt: TokenizedText, startTok: number): boolean {
  const before = tt.tokens[startTok - 1]?.norm;
  return before === 'selon' || (before === 'to' && tt.tokens[startTok - 2]?.norm === 'according');
}

function isNotSpeaker(tt: TokenizedText, startTok: number): boolean {
  return NOT_SPEAKER_BEFORE.has(tt.tokens[startTok - 1]?.norm ?? '') || NOT_SPEAKER_BEFORE.has(tt.tokens[startTok - 2]?.norm ?? '');
}

function firstPronoun(tt: TokenizedText, from: number, to: number): number {
  for (let i = from; i < to; i++) if (PRONOUNS.has(tt.tokens[i]?.norm ?? '')) return i;
  return -1;
}

function mergeBySpeaker(tt: TokenizedText, found: Attributed[], names: NameSpan[]): Statement[] {
  const out = new Map<string, Statement>();
  for (const a of found) {
    const named = names.filter((n) => n.startTok >= a.contentFrom && n.endTok <= a.contentTo && n.entry.kind !== 'person');
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
