import { evidenceAt } from './evidence.js';
import type { Casualty } from './extraction.js';
import type { Token, TokenizedText } from './text.js';
import { TokenMarks } from './token-marks.js';
import { WordMap, WordSet } from './word-set.js';

type Kind = Casualty['kind'];

// Folded number words, English and French. Approximations ("une dizaine") count as the round figure.
const NUMBER_WORDS = new WordMap<number>(Object.entries({
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, dozen: 12,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12,
  treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, trente: 30, quarante: 40, cinquante: 50,
  soixante: 60, cent: 100, dizaine: 10, douzaine: 12, quinzaine: 15, vingtaine: 20, trentaine: 30,
  quarantaine: 40, cinquantaine: 50, centaine: 100,
}));
// "a"/"un"/"une" are numbers only right before the casualty word ("killing a civilian"), never as a subject count.
const WEAK_NUMBERS = new WordSet(['a', 'an', 'un', 'une']);

// Folded words that say what happened to the people counted.
// Not the active forms ("kill", "killing", "tuant"): their subject kills, so a count before them is the attackers or
// someone else ("attacked the base of about 150 soldiers, killing 40 to 50" is 40 killed, not 150).
const KIND_WORDS = new WordMap<Kind>(Object.entries({
  killed: 'killed', dead: 'killed', died: 'killed', slain: 'killed',
  executed: 'killed', perished: 'killed', tue: 'killed', tues: 'killed', tuee: 'killed', tuees: 'killed',
  morts: 'killed', mort: 'killed', abattus: 'killed', abattu: 'killed', succombe: 'killed', egorges: 'killed',
  executes: 'killed',
  wounded: 'wounded', injured: 'wounded', hurt: 'wounded', blesses: 'wounded', blessees: 'wounded', blesse: 'wounded',
  kidnapped: 'kidnapped', abducted: 'kidnapped', hostage: 'kidnapped', hostages: 'kidnapped', enleves: 'kidnapped',
  enlevees: 'kidnapped', kidnappes: 'kidnapped', otages: 'kidnapped', taken: 'kidnapped', seized: 'kidnapped',
  missing: 'missing', disparus: 'missing', disparu: 'missing',
}) as [string, Kind][]);
// Verb before the count: "gunmen killed three soldiers", "tuant deux civils".
const KILL_VERBS_BEFORE = new WordMap<Kind>(Object.entries({
  killed: 'killed', kills: 'killed', killing: 'killed', tuant: 'killed', tue: 'killed', wounding: 'wounded',
  injuring: 'wounded', blessant: 'wounded', kidnapping: 'kidnapped', abducting: 'kidnapped', abducted: 'kidnapped',
  kidnapped: 'kidnapped', enlevant: 'kidnapped', enleve: 'kidnapped', toll: 'killed',
}) as [string, Kind][]);
const CONJUNCTIONS = new WordSet(['and', 'or', 'et', 'ou']);
// A count followed by one of these is a measure, not people.
const UNITS = new WordSet([
  'km', 'kilometres', 'kilometers', 'kilometre', 'metres', 'meters', 'heures', 'heure', 'h', 'hours', 'minutes', 'minute',
  'ans', 'years', 'year', 'jours', 'days', 'mois', 'months', 'weeks', 'semaines', 'billion', 'million', 'milliards',
  'francs', 'cfa', 'tonnes', 'per', 'pour', 'percent', 'am', 'pm', 'gmt', 'utc', 'rounds', 'firearms',
]);
// A count whose noun is one of these counts things, never people: "torched twenty fuel tankers, killing three
// drivers" is 3 killed, not 20. Folded; plurals are found by dropping a final s or x.
const OBJECT_NOUNS = new WordSet([
  'tanker', 'truck', 'lorry', 'lorries', 'vehicle', 'car', 'bus', 'buses', 'minibus', 'pickup', 'motorbike', 'motorcycle',
  'moto', 'bike', 'bicycle', 'house', 'home', 'hut', 'shop', 'stall', 'building', 'school', 'church', 'mosque', 'granary',
  'granaries', 'warehouse', 'depot', 'container', 'barrel', 'drum', 'weapon', 'rifle', 'gun', 'drone', 'phone',
  'camion', 'citerne', 'vehicule', 'voiture', 'engin', 'tricycle', 'velo', 'maison', 'case', 'habitation', 'boutique',
  'magasin', 'hangar', 'batiment', 'ecole', 'eglise', 'mosquee', 'grenier', 'entrepot', 'fut', 'bidon', 'arme',
  'fusil', 'telephone', 'cattle', 'cow', 'goat', 'sheep', 'camel', 'donkey', 'livestock', 'animal', 'animaux',
  'boeuf', 'vache', 'chevre', 'mouton', 'chameau', 'ane', 'betail', 'tete',
]);
// People counted: a count with one of these nouns is about people even when an object noun follows ("12 bus passengers").
const PEOPLE_NOUNS = new WordSet([
  'people', 'persons', 'passenger', 'driver', 'trucker', 'soldier', 'civilian', 'villager', 'worker', 'miner', 'trader',
  'member', 'fighter', 'militant', 'jihadist', 'gendarme', 'policeman', 'policemen', 'men', 'women', 'children',
  'personne', 'passager', 'chauffeur', 'camionneur', 'soldat', 'civil', 'militaire', 'villageois', 'commercant',
  'orpailleur', 'membre', 'combattant', 'homme', 'femme', 'enfant', 'agent', 'eleve', 'student', 'pupil',
]);
// "une vingtaine de citernes", "twenty of their trucks", "20 heavy fuel trucks": words between a count and its noun.
const NOUN_WINDOW = 3;
const WINDOW = 12;
// "a"/"un" after a verb counts one person only before one of these ("killing a civilian", not "killed in a reprisal").
const PERSON_NOUNS = new WordSet([
  'civilian', 'soldier', 'man', 'woman', 'child', 'person', 'driver', 'trucker', 'policeman', 'officer', 'guard',
  'villager', 'farmer', 'herder', 'civil', 'soldat', 'militaire', 'homme', 'femme', 'enfant', 'personne', 'chauffeur',
  'camionneur', 'gendarme', 'policier', 'garde', 'villageois', 'berger', 'eleveur', 'agent',
]);
const MONTHS = new WordSet([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre',
  'novembre', 'decembre',
]);
// A count never reaches across these to its verb.
const BARRIER = /[;:()«»"]/;

function numberAt(tokens: readonly Token[], i: number, allowWeak: boolean): number | undefined {
  const norm = tokens[i]?.norm ?? '';
  const c = norm.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    // "0600 GMT", "0h30": a clock time, not a count; no count is written with a leading zero.
    if (norm.length > 4 || !/^\d+$/.test(norm) || (norm.length > 1 && c === 48)) return undefined;
    const n = Number(norm);
    const isDate = MONTHS.has(tokens[i - 1]?.norm ?? '') || MONTHS.has(tokens[i + 1]?.norm ?? '');
    return (n >= 1900 && n <= 2100) || isDate ? undefined : n;
  }
  if (WEAK_NUMBERS.has(norm) && (!allowWeak || !PERSON_NOUNS.has(tokens[i + 1]?.norm ?? ''))) return undefined;
  return NUMBER_WORDS.get(norm);
}

/** "twenty-eight" → 28; "vingt et un" is rare in reporting and left as 20. */
/** "1,000" and "1 400" are split by the tokenizer: join digit groups of three. */
function groupedDigits(tt: TokenizedText, i: number): { value: number; end: number } | undefined {
  const { tokens, text } = tt;
  const head = tokens[i];
  if (!head || !/^\d{1,3}$/.test(head.norm)) return undefined;
  let digits = head.norm;
  let end = i + 1;
  for (let next = tokens[end]; next && /^\d{3}$/.test(next.norm); next = tokens[end]) {
    const gap = text.slice((tokens[end - 1] as Token).end, next.start);
    if (gap !== ',' && gap !== ' ' && gap !== '\u202f' && gap !== '\u00a0' && gap !== '.') break;
    digits += next.norm;
    end++;
  }
  return end > i + 1 ? { value: Number(digits), end } : undefined;
}

/** Cheap test before compoundNumber: only digits and number words (the weak ones among them) can start a count. */
function mayStartNumber(norm: string): boolean {
  const c = norm.charCodeAt(0);
  return (c >= 48 && c <= 57) || NUMBER_WORDS.has(norm);
}

/** A folded word that gives a count ("84", "twelve", "vingtaine"), not "a"/"un". */
export function isCountWord(norm: string): boolean {
  return /^\d+$/.test(norm) || (NUMBER_WORDS.has(norm) && !WEAK_NUMBERS.has(norm));
}

function compoundNumber(tt: TokenizedText, i: number, allowWeak: boolean): { value: number; end: number } | undefined {
  const tokens = tt.tokens;
  const grouped = groupedDigits(tt, i);
  if (grouped) return grouped;
  const first = numberAt(tokens, i, allowWeak);
  if (first === undefined) return undefined;
  const next = numberAt(tokens, i + 1, false);
  if (first >= 20 && first % 10 === 0 && first < 100 && next !== undefined && next < 10) return { value: first + next, end: i + 2 };
  // "une dizaine de", "a dozen": the approximation word carries the value.
  if (next !== undefined && (WEAK_NUMBERS.has(tokens[i]?.norm ?? '')) && next >= 10) return { value: next, end: i + 2 };
  return { value: first, end: i + 1 };
}

function nounForm(norm: string, set: WordSet): boolean {
  return set.has(norm) || (norm.length > 3 && /[sx]$/.test(norm) && set.has(norm.slice(0, -1)));
}

/**
 * True when the count at `end` (the token after the number) counts things, not
 * people: an object noun among the next few words, with no word for people
 * before it ("twenty fuel tankers", "une vingtaine de citernes"; not "12 bus passengers").
 */
function countsObjects(tokens: readonly Token[], end: number): boolean {
  const sentence = tokens[end - 1]?.sentence;
  for (let j = end; j < Math.min(tokens.length, end + NOUN_WINDOW); j++) {
    const t = tokens[j] as Token;
    if (t.sentence !== sentence || KIND_WORDS.has(t.norm) || numberAt(tokens, j, false) !== undefined) return false;
    if (nounForm(t.norm, PEOPLE_NOUNS) || nounForm(t.norm, PERSON_NOUNS)) return false;
    if (nounForm(t.norm, OBJECT_NOUNS)) {
      // "20 bus passengers", "trois camions de commerçants": a people noun right after the object keeps the count on people.
      const next = tokens[j + 1];
      return !(next && next.sentence === sentence && (nounForm(next.norm, PEOPLE_NOUNS) || nounForm(next.norm, PERSON_NOUNS)));
    }
  }
  return false;
}

function crossesBarrier(tt: TokenizedText, from: number, to: number): boolean {
  return BARRIER.test(tt.text.slice(from, to));
}

const countedTokens = new TokenMarks();

/**
 * Casualty figures: a count followed within a few words by what happened
 * ("At least 35 soldiers killed", "plus de 35 membres ... ont été tués",
 * "six truckers kidnapped", "50 civils portés disparus"), or a killing verb
 * followed by a count ("killing three soldiers"). Years, measures and counts of
 * things ("twenty fuel tankers", "une vingtaine de citernes") are skipped: the
 * killing verb takes its own count ("..., killing three drivers" → 3 killed).
 */
export function findCasualties(tt: TokenizedText): Casualty[] {
  const { tokens } = tt;
  const out: Casualty[] = [];
  // Tokens already read as part of a count.
  const used = countedTokens.zeroed(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const verbKind = KILL_VERBS_BEFORE.get(tok.norm);
    if (verbKind) {
      for (let j = i + 1; j <= i + 2 && j < tokens.length; j++) {
        // "two were killed and five were kidnapped": a count after a conjunction starts another clause.
        if (CONJUNCTIONS.has((tokens[j - 1] as Token).norm) && j > i + 1) break;
        const num = compoundNumber(tt, j, true);
        if (!num || used[j] || (tokens[j] as Token).sentence !== tok.sentence) continue;
        if (UNITS.has(tokens[num.end]?.norm ?? '') || countsObjects(tokens, num.end)) break;
        for (let k = j; k < num.end; k++) used[k] = 1;
        // Quote the verb, the count and the noun after it when it is in the same sentence.
        const after = tokens[num.end];
        const last = after && after.sentence === tok.sentence ? after : (tokens[num.end - 1] as Token);
        out.push({ kind: verbKind, count: num.value, evidence: evidenceAt(tt, tok.start, last.end, tok.sentence) });
        break;
      }
    }
    const num = used[i] || !mayStartNumber(tok.norm) ? undefined : compoundNumber(tt, i, false);
    if (!num || UNITS.has(tokens[num.end]?.norm ?? '')) continue;
    if (countsObjects(tokens, num.end)) {
      for (let k = i; k < num.end; k++) used[k] = 1; // "twenty-eight trucks" is not also "eight"
      continue;
    }
    for (let j = num.end; j < Math.min(tokens.length, num.end + WINDOW); j++) {
      const t = tokens[j] as Token;
      if (t.sentence !== tok.sentence) break;
      if (j > num.end && numberAt(tokens, j, false) !== undefined) break;
      const kind = KIND_WORDS.get(t.norm);
      if (!kind) continue;
      if (crossesBarrier(tt, tok.start, t.start)) break;
      for (let k = i; k < num.end; k++) used[k] = 1; // "twenty-eight" is not also "eight"
      out.push({ kind, count: num.value, evidence: evidenceAt(tt, tok.start, t.end, tok.sentence) });
      break;
    }
  }
  return out;
}

/** Highest figure per kind: sources disagree, and analysts record the highest credible one. */
export function highestPerKind(casualties: readonly { kind: string; count: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of casualties) out[c.kind] = Math.max(out[c.kind] ?? 0, c.count);
  return out;
}
