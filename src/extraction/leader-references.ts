import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { type CueFile, loadCueFile, WordListsSchema } from './cue-words.js';
import type { Gazetteer, GazetteerEntry } from './gazetteer.js';
import type { NameSpan } from './statements.js';
import { foldWord, isPossessive, type Token, type TokenizedText } from './text.js';
import { WordSet } from './word-set.js';

/**
 * A group's leader named by title ("JNIM's leader", "the Katiba Macina chief",
 * "le chef du GSIM", "l'émir de la katiba Macina") stands for the one person the
 * gazetteer says leads that group (`leads` in data/gazetteer/people.yaml), so a
 * statement reported that way is still attributed to its speaker. A title that
 * is not the group's own ("a JNIM commander", "JNIM's leader in Burkina") names
 * nobody: only a definite or possessive title counts, and none followed by a
 * place or a "for"/"in" qualifier.
 */
const LeaderCuesSchema = z.strictObject({ leader_titles: WordListsSchema, anaphora_words: WordListsSchema, anaphora_sentences: z.number().int().positive() });
const CUES_FILE = packagePath('data', 'gazetteer', 'leaders.yaml');
/** For `sahelwatch check`. */
export const LEADER_CUES: CueFile = { file: CUES_FILE, schema: LeaderCuesSchema };

const DEFINITE = new WordSet(['the', 'le', 'l']);
const OF = new WordSet(['of', 'de', 'du', 'd']);
const OF_DETERMINERS = new WordSet(['the', 'la', 'l']);
const QUALIFIERS = new WordSet(['in', 'for', 'of', 'en', 'pour', 'au', 'aux', 'dans', 'a']);

interface LeaderCues {
  titles: WordSet;
  anaphoraWords: WordSet;
  anaphoraSentences: number;
}
let cachedCues: LeaderCues | undefined;

function leaderCues(): LeaderCues {
  if (!cachedCues) {
    const c = loadCueFile(LeaderCuesSchema, CUES_FILE);
    const words = (lists: z.infer<typeof WordListsSchema>) => new WordSet([...(lists.en ?? []), ...(lists.fr ?? [])].map(foldWord));
    cachedCues = { titles: words(c.leader_titles), anaphoraWords: words(c.anaphora_words), anaphoraSentences: c.anaphora_sentences };
  }
  return cachedCues;
}

const leadersByGazetteer = new WeakMap<Gazetteer, Map<string, GazetteerEntry>>();

/** Group id → the one person who leads it (a group two entries claim leads nobody). */
function leadersOf(gz: Gazetteer): Map<string, GazetteerEntry> {
  let leaders = leadersByGazetteer.get(gz);
  if (!leaders) {
    const claims = new Map<string, GazetteerEntry[]>();
    for (const e of gz.entries) for (const group of e.leads ?? []) claims.set(group, [...(claims.get(group) ?? []), e]);
    leaders = new Map([...claims].filter(([, people]) => people.length === 1).map(([group, people]) => [group, people[0] as GazetteerEntry]));
    leadersByGazetteer.set(gz, leaders);
  }
  return leaders;
}

/** Spans standing for a leader named by title, as person names for statement attribution. */
export function leaderReferences(gz: Gazetteer, tt: TokenizedText, names: readonly NameSpan[]): NameSpan[] {
  const leaders = leadersOf(gz);
  if (leaders.size === 0) return [];
  const cues = leaderCues();
  const titles = cues.titles;
  const out: NameSpan[] = [];
  for (const n of names) {
    const leader = n.entry.kind === 'actor' ? leaders.get(n.entry.id) : undefined;
    if (!leader) continue;
    const span = titleAfter(tt, n, titles) ?? titleBefore(tt, n, titles);
    if (span && !qualified(tt, span[1], n.sentence)) out.push({ entry: leader, startTok: span[0], endTok: span[1], sentence: n.sentence, form: 'name' });
  }
  return [...out, ...leadersNamedAgain(tt, [...names, ...out], cues)];
}

/**
 * "Le chef jihadiste", "the jihadist leader": the last group leader named in the sentences before, named again
 * ("Hamadoun Kouffa … a répondu à une interview. … Le chef jihadiste met en garde les dirigeants du Bénin").
 */
function leadersNamedAgain(tt: TokenizedText, names: readonly NameSpan[], cues: LeaderCues): NameSpan[] {
  const leadersNamed = names.filter((n) => (n.entry.leads?.length ?? 0) > 0).sort((a, b) => a.startTok - b.startTok);
  if (leadersNamed.length === 0) return [];
  const out: NameSpan[] = [];
  for (let i = 0; i + 2 < tt.tokens.length; i++) {
    const sentence = (tt.tokens[i] as Token).sentence;
    if (!DEFINITE.has(norm(tt, i, sentence))) continue;
    const [a, b] = [norm(tt, i + 1, sentence), norm(tt, i + 2, sentence)];
    // "le chef jihadiste" (French, title first) or "the jihadist leader" (English, the word first).
    if (!((cues.titles.has(a) && cues.anaphoraWords.has(b)) || (cues.anaphoraWords.has(a) && cues.titles.has(b)))) continue;
    const last = leadersNamed.filter((n) => n.endTok <= i).at(-1);
    if (last && sentence - last.sentence <= cues.anaphoraSentences) out.push({ entry: last.entry, startTok: i, endTok: i + 3, sentence, form: 'name' });
  }
  return out;
}

const norm = (tt: TokenizedText, i: number, sentence: number): string => (tt.tokens[i]?.sentence === sentence ? (tt.tokens[i]?.norm ?? '') : '');

/** "JNIM's leader", "the JNIM chief": the group, then its title. */
function titleAfter(tt: TokenizedText, n: NameSpan, titles: WordSet): [number, number] | undefined {
  let i = n.endTok;
  const possessive = isPossessive(tt, i);
  if (possessive) i++;
  if (!titles.has(norm(tt, i, n.sentence))) return undefined;
  if (!possessive && !DEFINITE.has(norm(tt, n.startTok - 1, n.sentence))) return undefined;
  return [n.startTok, i + 1];
}

/** "the leader of JNIM", "le chef du GSIM", "l'émir de la katiba Macina": the title, then its group. */
function titleBefore(tt: TokenizedText, n: NameSpan, titles: WordSet): [number, number] | undefined {
  let i = n.startTok - 1;
  if (OF_DETERMINERS.has(norm(tt, i, n.sentence))) i--;
  if (!OF.has(norm(tt, i, n.sentence))) return undefined;
  i--;
  if (!titles.has(norm(tt, i, n.sentence)) || !DEFINITE.has(norm(tt, i - 1, n.sentence))) return undefined;
  // "the head of JNIM's operations in Burkina": the title is of something the group has, not of the group.
  if (isPossessive(tt, n.endTok)) return undefined;
  return [i, n.endTok];
}

/** "JNIM's leader in Burkina", "le chef du GSIM pour la région": a regional leader, not the group's. */
function qualified(tt: TokenizedText, end: number, sentence: number): boolean {
  if (!QUALIFIERS.has(norm(tt, end, sentence))) return false;
  // A determiner may stand before the place: "pour l'Est", "in the Sahel", "pour le Burkina".
  const place = QUALIFIER_DETERMINERS.has(norm(tt, end + 1, sentence)) ? end + 2 : end + 1;
  return tt.tokens[place]?.sentence === sentence && /^\p{Lu}/u.test(tt.text.slice(tt.tokens[place]?.start ?? 0));
}
const QUALIFIER_DETERMINERS = new WordSet(['the', 'le', 'la', 'l', 'les']);
