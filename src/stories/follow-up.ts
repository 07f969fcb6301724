import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { loadYamlFile } from '../core/validate.js';
import { COMPLEMENTIZERS, type CueFile } from '../extraction/cue-words.js';
import { foldPhrase, type Token, tokenize } from '../extraction/text.js';
import { commonPlaces, placeIndexKeys } from './place-names.js';

/**
 * How a later report points back at an incident already reported: "the death
 * toll from last Tuesday's ambush rose to 54", "le JNIM a revendiqué l'attaque
 * de dimanche dernier". Dates are resolved against the report's publication
 * day; every word comes from data/stories/follow-ups.yaml.
 */

const WORDS_FILE = packagePath('data', 'stories', 'follow-ups.yaml');

const ByLanguage = z.record(z.string(), z.array(z.string().min(1)));
const WordsFileSchema = z.strictObject({
  weekdays: z.record(z.string(), z.array(z.string()).length(7)),
  months: z.record(z.string(), z.array(z.array(z.string().min(1)).min(1)).length(12)),
  days_back: z.array(z.strictObject({ days: z.number().int().positive(), phrases: z.array(z.string().min(1)) })),
  night_to: z.array(z.string().min(1)),
  night_of: z.strictObject({ before: z.array(z.string().min(1)), after: z.array(z.string().min(1)) }),
  day_list_links: z.array(z.string().min(1)),
  last: z.strictObject({ before: z.array(z.string().min(1)), after: z.array(z.string().min(1)) }),
  incident_nouns: ByLanguage,
  determiners: ByLanguage,
  date_links: ByLanguage,
  toll: z.strictObject({
    nouns: ByLanguage,
    count_of: ByLanguage,
    dead: ByLanguage,
    change: ByLanguage,
    revised_before_noun: ByLanguage,
    caused_before: ByLanguage,
    to: z.array(z.string().min(1)),
    from: z.array(z.string().min(1)),
  }),
  elapsed: z.strictObject({
    counts: z.record(z.string(), z.array(z.array(z.string().min(1)))),
    days: z.array(z.string().min(1)),
    weeks: z.array(z.string().min(1)),
    after: z.array(z.string().min(1)),
    ago_after: z.array(z.string().min(1)),
    ago_before: z.array(z.string().min(1)),
  }),
  vague_days: z.strictObject({
    last_week: z.array(z.string().min(1)),
    this_week: z.array(z.string().min(1)),
    weekend: z.array(z.string().min(1)),
    last_month: z.array(z.string().min(1)),
  }),
  month_parts: z.strictObject({ early: z.array(z.string().min(1)), mid: z.array(z.string().min(1)), late: z.array(z.string().min(1)) }),
  claim_verbs: ByLanguage,
  new_incident: z.strictObject({ before_noun: ByLanguage, phrases: ByLanguage }),
  said: ByLanguage,
  said_channels: z.array(z.string().min(1)),
  since: z.array(z.string().min(1)),
  killed_on: ByLanguage,
  aftermath: ByLanguage,
  event_families: z.record(z.string(), z.array(z.string().min(1))),
});

/** For `sahelwatch check`. */
export const FOLLOW_UP_CUES: CueFile = { file: WORDS_FILE, schema: WordsFileSchema };

/** One way a report refers back to an earlier incident, as the story shows it. */
export const FollowUpSchema = z.object({
  /** reference: "the attack on Monday"; toll: a revised death toll; claim: a group claims an incident reported before. */
  kind: z.enum(['reference', 'toll', 'claim']),
  /** The words that showed it, as written. */
  quote: z.string(),
  /** The incident day it names (YYYY-MM-DD), resolved against the publication day, when it names one. */
  day: z.string().optional(),
  /** The new death toll, for a toll. */
  toll: z.number().int().nonnegative().optional(),
  /**
   * The day was counted back from publication ("two days after the attack"): it may be a day out either way; or,
   * with `through`, the report names only a span ("last week", "over the weekend", "last month", "late October"):
   * the incident is one of its days.
   */
  approximate: z.literal(true).optional(),
  /** The last day of the span an approximate reference names (YYYY-MM-DD). */
  through: z.string().optional(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

/** What a report says about when its incident happened and whether it refers back to one. */
export interface IncidentDating {
  /** Back references in the title or lead (first sentences). */
  cues: FollowUp[];
  /** Days the lead gives for incidents it reports (a date right after "said" is when it was said, not counted). */
  eventDays: string[];
  /** The second days of nights the lead names ("de mardi à mercredi"): the incident's days too, not later ones. */
  nightEnds: string[];
  /** "another attack", "une nouvelle attaque", "struck again": the report is about a new incident. */
  newIncident: boolean;
  /**
   * Of eventDays, those given outside the sentences that call an incident new: the day of the report's own
   * incident ("new attack in the north" in the title, "killed on Monday" below), not of the earlier one it is
   * set against ("the second attack in a week: last Monday 58 were killed").
   */
  daysApartFromNew: string[];
  /** The same for weeks and parts of months the lead points to ("an attack hit northern Togo last weekend"), as [first, last]. */
  spansApartFromNew: Array<[string, string]>;
  /** The report's publication day. */
  published: string;
}

/** Sentences of the text (after the title) read as its lead. */
const LEAD_SENTENCES = 3;
/** Characters of text read for the lead: three sentences of news copy are well within this. */
const LEAD_CHARS = 2_000;
/** Tokens allowed between an incident noun and the date that names it ("l'attaque jihadiste de dimanche"). */
const NOUN_DATE_GAP = 5;
const TOLL_GAP = 14;
/** Words between a toll noun and a date that dates the count, not the incident ("the toll on Thursday", "le bilan provisoire à la mi-journée du 3 janvier"). */
const COUNT_DATE_GAP = 8;
const DAY_MS = 86_400_000;

type VagueSpan = 'last_week' | 'this_week' | 'weekend' | 'last_month';
type MonthPart = 'early' | 'mid' | 'late';

/** The first and last day a vague span names, from the day of publication (ms at midnight UTC). */
function vagueSpan(span: VagueSpan, pubDay: number): { day: string; through: string } {
  const weekday = new Date(pubDay).getUTCDay();
  const monday = pubDay - ((weekday + 6) % 7) * DAY_MS;
  if (span === 'this_week') return { day: isoDay(monday), through: isoDay(pubDay) };
  if (span === 'last_week') return { day: isoDay(monday - 7 * DAY_MS), through: isoDay(monday - DAY_MS) };
  if (span === 'last_month') {
    const pub = new Date(pubDay);
    const firstOfMonth = Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth(), 1);
    return { day: isoDay(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth() - 1, 1)), through: isoDay(firstOfMonth - DAY_MS) };
  }
  // The last Sunday up to today (today, if it is one), and the Saturday before it; a Saturday reports its own.
  const sunday = weekday === 6 ? pubDay + DAY_MS : pubDay - weekday * DAY_MS;
  return { day: isoDay(sunday - DAY_MS), through: isoDay(Math.min(sunday, pubDay)) };
}

/**
 * The days of a part of a month ("late October": the 21st to the 31st), in the last such month that began by the day
 * of publication, or in the year given; never past publication.
 */
function monthPartSpan(part: MonthPart, month: number, year: number | undefined, pubDay: number): { day: string; through: string } {
  const y = year ?? new Date(pubDay).getUTCFullYear();
  const startYear = year === undefined && Date.UTC(y, month, 1) > pubDay ? y - 1 : y;
  const lastOfMonth = new Date(Date.UTC(startYear, month + 1, 0)).getUTCDate();
  const [from, to] = part === 'early' ? [1, 10] : part === 'mid' ? [11, 20] : [21, lastOfMonth];
  return { day: isoDay(Date.UTC(startYear, month, from)), through: isoDay(Math.min(Date.UTC(startYear, month, to), pubDay)) };
}

interface Words {
  weekdays: Map<string, number>;
  months: Map<string, number>;
  daysBack: Array<{ tokens: string[]; days: number }>;
  nightTo: Set<string>;
  /** "dans la nuit de mercredi", "overnight Wednesday" (before the weekday, as token lists); "Wednesday night" (after it). */
  nightOfBefore: string[][];
  nightOfAfter: Set<string>;
  /** "14 et 15 janvier", "January 14 and 15": two days of one month. */
  dayListLinks: Set<string>;
  lastBefore: Set<string>;
  lastAfter: Set<string>;
  incidentNouns: Set<string>;
  determiners: Set<string>;
  dateLinks: Set<string>;
  tollNouns: string[][];
  /** "number", "nombre": with a word for the dead a few words on, a toll ("the number of soldiers killed"). */
  countOf: Set<string>;
  dead: Set<string>;
  tollChange: string[][];
  tollRevised: Set<string>;
  /** "a fait un bilan très lourd samedi": a toll the incident caused, dated by the incident's day, not the count's. */
  tollCaused: Set<string>;
  tollTo: Set<string>;
  tollFrom: Set<string>;
  /** "deux", "three": how many days or weeks after an incident a sentence opens ("Deux jours après l'attaque"). */
  elapsedCounts: Map<string, number>;
  /** "jours" → 1, "weeks" → 7. */
  elapsedUnits: Map<string, number>;
  elapsedAfter: Set<string>;
  /** "ago"; "il y a", as tokens: a count of days or weeks back from publication. */
  agoAfter: Set<string>;
  agoBefore: string[][];
  /** "last week", "cette semaine", "over the weekend", as token lists, with the span of days each names. */
  vagueDays: Array<{ tokens: string[]; span: VagueSpan }>;
  /** "late" (October), "mi" (-octobre): the part of the month named next. */
  monthParts: Map<string, MonthPart>;
  /** "since", "depuis": a date after them starts a period. */
  since: Set<string>;
  /** "killed", "tués": the dead named by their death, the date after it the incident's. */
  killedOn: Set<string>;
  claimVerbs: Set<string>;
  newBeforeNoun: Set<string>;
  newPhrases: string[][];
  said: string[][];
  /** Where something was said or posted ("wrote on Facebook on Saturday"): a date after it is still the saying's. */
  saidChannels: Set<string>;
  /** Words of the aftermath (mourning, burials): a date in their sentence is not the incident's. */
  aftermath: Set<string>;
  families: Map<string, string>;
  /** First words of every phrase list above: most tokens are turned away by one lookup. */
  firstWords: Set<string>;
}

const folded = (lists: Record<string, string[]>) => Object.values(lists).flat().map(foldPhrase);
const phrases = (lists: Record<string, string[]>) => folded(lists).map((p) => p.split(' '));

export function loadFollowUpWords(file = WORDS_FILE): Words {
  const w = loadYamlFile(WordsFileSchema, file);
  const weekdays = new Map<string, number>();
  for (const list of Object.values(w.weekdays)) for (const [i, day] of list.entries()) weekdays.set(foldPhrase(day), i);
  const months = new Map<string, number>();
  for (const list of Object.values(w.months)) for (const [i, names] of list.entries()) for (const n of names) months.set(foldPhrase(n), i);
  const elapsedCounts = new Map<string, number>();
  for (const list of Object.values(w.elapsed.counts)) for (const [i, names] of list.entries()) for (const n of names) elapsedCounts.set(foldPhrase(n), i + 1);
  const elapsedUnits = new Map<string, number>([...w.elapsed.days.map((d) => [foldPhrase(d), 1] as const), ...w.elapsed.weeks.map((d) => [foldPhrase(d), 7] as const)]);
  const families = new Map<string, string>();
  for (const [family, events] of Object.entries(w.event_families)) for (const e of events) families.set(e, family);
  return {
    weekdays,
    months,
    daysBack: w.days_back
      .flatMap((d) => d.phrases.map((p) => ({ tokens: foldPhrase(p).split(' '), days: d.days })))
      .sort((a, b) => b.tokens.length - a.tokens.length),
    nightTo: new Set(w.night_to.map(foldPhrase)),
    nightOfBefore: w.night_of.before.map((p) => foldPhrase(p).split(' ')),
    nightOfAfter: new Set(w.night_of.after.map(foldPhrase)),
    dayListLinks: new Set(w.day_list_links.map(foldPhrase)),
    lastBefore: new Set(w.last.before.map(foldPhrase)),
    lastAfter: new Set(w.last.after.map(foldPhrase)),
    incidentNouns: new Set(folded(w.incident_nouns)),
    determiners: new Set(folded(w.determiners)),
    dateLinks: new Set(folded(w.date_links)),
    tollNouns: phrases(w.toll.nouns),
    countOf: new Set(folded(w.toll.count_of)),
    dead: new Set(folded(w.toll.dead)),
    tollChange: phrases(w.toll.change),
    tollRevised: new Set(folded(w.toll.revised_before_noun)),
    tollCaused: new Set(folded(w.toll.caused_before)),
    tollTo: new Set(w.toll.to.map(foldPhrase)),
    tollFrom: new Set(w.toll.from.map(foldPhrase)),
    elapsedCounts,
    elapsedUnits,
    elapsedAfter: new Set(w.elapsed.after.map(foldPhrase)),
    agoAfter: new Set(w.elapsed.ago_after.map(foldPhrase)),
    agoBefore: w.elapsed.ago_before.map((p) => foldPhrase(p).split(' ')),
    vagueDays: (['last_week', 'this_week', 'weekend', 'last_month'] as const)
      .flatMap((span) => w.vague_days[span].map((p) => ({ tokens: foldPhrase(p).split(' '), span })))
      .sort((a, b) => b.tokens.length - a.tokens.length),
    monthParts: new Map((['early', 'mid', 'late'] as const).flatMap((part) => w.month_parts[part].map((word) => [foldPhrase(word), part] as const))),
    since: new Set(w.since.map(foldPhrase)),
    killedOn: new Set(folded(w.killed_on)),
    claimVerbs: new Set(folded(w.claim_verbs)),
    newBeforeNoun: new Set(folded(w.new_incident.before_noun)),
    newPhrases: phrases(w.new_incident.phrases),
    said: phrases(w.said),
    saidChannels: new Set(w.said_channels.map(foldPhrase)),
    aftermath: new Set(folded(w.aftermath)),
    families,
    firstWords: new Set(
      [
        ...w.days_back.flatMap((d) => d.phrases),
        ...Object.values(w.new_incident.phrases).flat(),
        ...Object.values(w.toll.nouns).flat(),
        ...Object.values(w.toll.count_of).flat(),
        ...Object.values(w.vague_days).flat(),
        ...w.elapsed.ago_before,
      ].map((p) => foldPhrase(p).split(' ')[0] as string),
    ),
  };
}

let defaultWords: Words | undefined;
function words(): Words {
  defaultWords ??= loadFollowUpWords();
  return defaultWords;
}

/** The incident family an event type belongs to (an ambush and the attack a claim names are one), else the type itself. */
export function eventFamily(type: string): string {
  return words().families.get(type) ?? type;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

interface DateMention {
  /** Token span [from, to). */
  from: number;
  to: number;
  day: string;
  /** The second day of a night ("de mardi à mercredi"): the same incident's day too, never a later one. */
  through?: string;
}

function startsAt(tokens: readonly Token[], i: number, phrase: readonly string[]): boolean {
  return phrase.every((word, k) => tokens[i + k]?.norm === word);
}

/** Day of month written as "12" or "1er". */
function dayOfMonth(norm: string | undefined): number | undefined {
  // Most tokens are words: one character code turns them away before the pattern runs.
  const c = norm?.charCodeAt(0) ?? 0;
  if (c < 48 || c > 57) return undefined;
  const m = norm?.match(/^(\d{1,2})(er|st|nd|rd|th)?$/);
  const n = m ? Number(m[1]) : Number.NaN;
  return n >= 1 && n <= 31 ? n : undefined;
}

/** The same month's day `dom` ("2019-01-15", 14 → "2019-01-14"). */
function withDayOfMonth(day: string, dom: number): string {
  return `${day.slice(0, 8)}${String(dom).padStart(2, '0')}`;
}

/** An explicit day and month, in the publication's year unless that lands after it (then the year before). */
function explicitDay(day: number, month: number, year: number | undefined, published: number): string {
  const pub = new Date(published);
  const y = year ?? pub.getUTCFullYear();
  const at = Date.UTC(y, month, day);
  return isoDay(year === undefined && at > published + DAY_MS ? Date.UTC(y - 1, month, day) : at);
}

function yearAt(norm: string | undefined): number | undefined {
  return norm && /^(19|20)\d\d$/.test(norm) ? Number(norm) : undefined;
}

/** Every date the text gives, resolved against the publication time. */
/**
 * An explicit day and month starting at token i: "12 mars", "12 March 2025",
 * "March 12" (a lone "may" is a verb unless a day follows). Its length in tokens.
 */
function explicitDate(tokens: readonly Token[], i: number, published: number, w: Words): { day: string; length: number } | undefined {
  const first = tokens[i]?.norm ?? '';
  const second = tokens[i + 1]?.norm ?? '';
  const dom = dayOfMonth(first) ?? dayOfMonth(second);
  const month = dayOfMonth(first) !== undefined ? w.months.get(second) : w.months.get(first);
  if (dom === undefined || month === undefined) return undefined;
  const year = yearAt(tokens[i + 2]?.norm);
  return { day: explicitDay(dom, month, year, published), length: year ? 3 : 2 };
}

/** Every date the text gives, resolved against the publication time. */
function findDates(tokens: readonly Token[], published: number, w: Words): DateMention[] {
  const out: DateMention[] = [];
  const pubDay = dayMs(isoDay(published));
  const add = (from: number, to: number, day: string) => {
    const previous = out[out.length - 1];
    // "de mardi à mercredi", "from Saturday to Sunday": the night's second day belongs to the first.
    const nightEnd = previous && previous.to === from - 1 && w.nightTo.has(tokens[from - 1]?.norm ?? '') && dayMs(day) - dayMs(previous.day) === DAY_MS;
    if (nightEnd) {
      previous.to = to;
      previous.through = day;
    }
    else out.push({ from, to, day });
    return to - 1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const back = w.firstWords.has(tokens[i]?.norm ?? '') ? w.daysBack.find((d) => startsAt(tokens, i, d.tokens)) : undefined;
    if (back) {
      i = add(i, i + back.tokens.length, isoDay(pubDay - back.days * DAY_MS));
      continue;
    }
    // "la nuit du 10 au 11 mai": the night's first day, in the month named after the second.
    const firstOfNight = dayOfMonth(tokens[i]?.norm);
    const secondOfNight = w.nightTo.has(tokens[i + 1]?.norm ?? '') ? dayOfMonth(tokens[i + 2]?.norm) : undefined;
    const night = firstOfNight !== undefined && secondOfNight === firstOfNight + 1 ? explicitDate(tokens, i + 2, published, w) : undefined;
    if (night) {
      out.push({ from: i, to: i + 2 + night.length, day: isoDay(dayMs(night.day) - DAY_MS), through: night.day });
      i += 1 + night.length;
      continue;
    }
    // "les 14 et 15 janvier", "14 and 15 January": the first day takes the month of the second.
    const firstOfTwo = w.dayListLinks.has(tokens[i + 1]?.norm ?? '') ? dayOfMonth(tokens[i]?.norm) : undefined;
    const listed = firstOfTwo !== undefined ? explicitDate(tokens, i + 2, published, w) : undefined;
    if (listed && firstOfTwo !== undefined) {
      const first = withDayOfMonth(listed.day, firstOfTwo);
      // Two days in a row are one incident's, as a night is: the second is never a later incident.
      if (dayMs(listed.day) - dayMs(first) === DAY_MS) {
        out.push({ from: i, to: i + 2 + listed.length, day: first, through: listed.day });
        i += 1 + listed.length;
        continue;
      }
      out.push({ from: i, to: i + 1, day: first });
      i = add(i + 2, i + 2 + listed.length, listed.day);
      continue;
    }
    const explicit = explicitDate(tokens, i, published, w);
    if (explicit) {
      i = add(i, i + explicit.length, explicit.day);
      // "January 14 and 15": the second day, in the same month (the day after: the same incident's, as above).
      const second = w.dayListLinks.has(tokens[i + 1]?.norm ?? '') ? dayOfMonth(tokens[i + 2]?.norm) : undefined;
      const secondDay = second === undefined ? undefined : withDayOfMonth(explicit.day, second);
      const mention = out[out.length - 1];
      if (secondDay && mention && !mention.through && dayMs(secondDay) - dayMs(mention.day) === DAY_MS) {
        mention.to = i + 3;
        mention.through = secondDay;
        i += 2;
      } else if (secondDay) i = add(i + 2, i + 3, secondDay);
      continue;
    }
    const weekday = w.weekdays.get(tokens[i]?.norm ?? '');
    if (weekday === undefined) continue;
    // "mardi 10 mai": the explicit date decides.
    const dated = explicitDate(tokens, i + 1, published, w);
    if (dated && dayOfMonth(tokens[i + 1]?.norm) !== undefined) {
      i = add(i, i + 1 + dated.length, dated.day);
      continue;
    }
    const lastBefore = w.lastBefore.has(tokens[i - 1]?.norm ?? '');
    const lastAfter = w.lastAfter.has(tokens[i + 1]?.norm ?? '');
    let daysAgo = (new Date(pubDay).getUTCDay() - weekday + 7) % 7;
    if (daysAgo === 0 && (lastBefore || lastAfter)) daysAgo = 7;
    const day = pubDay - daysAgo * DAY_MS;
    i = add(lastBefore ? i - 1 : i, lastAfter ? i + 2 : i + 1, isoDay(day));
    // "Wednesday night", "dans la nuit de mercredi": the night runs into the next day, which a later report may give
    // ("jeudi, entre 2 heures et 4 heures du matin"); it is the same incident's day, as in "de mercredi à jeudi".
    const mention = out[out.length - 1];
    if (mention && !mention.through && daysAgo > 0 && namesNightOf(tokens, i - (lastAfter ? 1 : 0), w)) mention.through = isoDay(day + DAY_MS);
  }
  return out;
}

/** Is the weekday at `at` named as a night: "nuit de" / "overnight" before it, or "night" after it? */
function namesNightOf(tokens: readonly Token[], at: number, w: Words): boolean {
  return w.nightOfAfter.has(tokens[at + 1]?.norm ?? '') || w.nightOfBefore.some((p) => startsAt(tokens, at - p.length, p));
}

function quote(text: string, tokens: readonly Token[], from: number, to: number): string {
  const a = tokens[Math.max(0, from)];
  const b = tokens[Math.min(tokens.length, to) - 1];
  return a && b ? text.slice(a.start, b.end) : '';
}

/** A number written in digits ("54", "1,200" is read as 1200 only when grouped by a space or comma of thousands). */
function numberAt(tokens: readonly Token[], i: number): number | undefined {
  const norm = tokens[i]?.norm;
  return norm && /^\d{1,5}$/.test(norm) ? Number(norm) : undefined;
}

/** How many sentences the title takes at the start of the tokenized text (at least one): read off its tokens, not by tokenizing it again. */
function titleSentenceCount(tokens: readonly Token[], titleLength: number): number {
  let last = 0;
  for (const t of tokens) {
    if (t.start >= titleLength) break;
    last = t.sentence;
  }
  return last + 1;
}

/**
 * What the report says about when its incident happened and whether it points
 * back at one reported earlier. Only the title and the lead count: a back
 * reference in the tenth paragraph is background, not what the report is about.
 */
export function readIncidentDating(input: { title: string; text: string; published: string }, nowMs: number): IncidentDating {
  const w = words();
  const publishedMs = Date.parse(input.published);
  const published = Number.isNaN(publishedMs) ? nowMs : publishedMs;
  // Only the lead is read: the text is cut well past its first sentences before it is tokenized.
  const full = `${input.title}\n\n${input.text.slice(0, LEAD_CHARS)}`;
  const tt = tokenize(full);
  // The title is the first sentence (or more, when it holds a full stop); the lead follows it.
  const titleSentences = titleSentenceCount(tt.tokens, input.title.length);
  const leadEnd = titleSentences + LEAD_SENTENCES;
  const tokens = tt.tokens.filter((t) => t.sentence < leadEnd);
  const dates = findDates(tokens, published, w);
  const dateStartingAt = new Map(dates.map((d) => [d.from, d]));
  const dateEndingAt = new Map(dates.map((d) => [d.to, d]));
  const cues: FollowUp[] = [];
  const inCue = new Set<DateMention>();
  /** Sentences that tell what has lasted since an incident they name by its day, with that day. */
  const sinceIncident = new Map<number, string>();
  /** The date linked to an incident noun at j by a date word ("l'attaque de vendredi", "the attack last Monday"), if any. */
  const linkedDateAfter = (j: number): DateMention | undefined => {
    const found = dateAfterNoun(full, tokens, j, dateStartingAt, false, w);
    return found && (w.dateLinks.has(tokens[found.from - 1]?.norm ?? '') || w.lastBefore.has(tokens[found.from]?.norm ?? '')) ? found : undefined;
  };
  const pubDay = dayMs(isoDay(published));
  /** A reference counted back from publication ("deux jours après l'attaque", "ten days ago"): a day either way. */
  const countedCue = (from: number, to: number, days: number): FollowUp => ({ kind: 'reference', quote: quote(full, tokens, from, to), day: isoDay(pubDay - days * DAY_MS), approximate: true });
  let newIncident = false;
  const newAt = new Set<number>();
  /** Dates of the "new" incident itself ("une nouvelle attaque commise mardi soir"): its own day, not an older one's. */
  const newNounDates = new Set<DateMention>();
  /** Weeks and parts of months pointed to, with their sentences. */
  const vagueAt: Array<{ sentence: number; span: [string, string] }> = [];
  const tollAt: number[] = [];
  /** Where each toll noun ends, revised or not: a date a few words on dates the count ("le bilan provisoire du 3 janvier"). */
  const countAt: number[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i]?.norm ?? '';
    if (tokens[i - 1]?.sentence !== tokens[i]?.sentence) {
      const elapsed = elapsedSinceIncident(tokens, i, w);
      if (elapsed) cues.push(countedCue(i, elapsed.to, elapsed.days));
    }
    const phraseStart = w.firstWords.has(norm);
    const ago = countedBack(tokens, i, phraseStart, w);
    if (ago) {
      cues.push(countedCue(i, ago.to, ago.days));
      i = ago.to - 1;
      continue;
    }
    const vague = phraseStart ? w.vagueDays.find((v) => startsAt(tokens, i, v.tokens)) : undefined;
    if (vague) {
      const span = vagueSpan(vague.span, pubDay);
      cues.push({ kind: 'reference', quote: quote(full, tokens, i, i + vague.tokens.length), ...span, approximate: true });
      vagueAt.push({ sentence: tokens[i]?.sentence ?? -1, span: [span.day, span.through] });
      i += vague.tokens.length - 1;
      continue;
    }
    const part = w.monthParts.get(norm);
    const partMonth = part ? w.months.get(tokens[i + 1]?.norm ?? '') : undefined;
    if (part && partMonth !== undefined && tokens[i + 1]?.sentence === tokens[i]?.sentence && dayOfMonth(tokens[i + 2]?.norm) === undefined) {
      const year = yearAt(tokens[i + 2]?.norm);
      const span = monthPartSpan(part, partMonth, year, pubDay);
      cues.push({ kind: 'reference', quote: quote(full, tokens, i, i + (year ? 3 : 2)), ...span, approximate: true });
      vagueAt.push({ sentence: tokens[i]?.sentence ?? -1, span: [span.day, span.through] });
      i += year ? 2 : 1;
      continue;
    }
    if (phraseStart && w.newPhrases.some((p) => startsAt(tokens, i, p))) {
      newIncident = true;
      newAt.add(tokens[i]?.sentence ?? -1);
    }
    if (w.incidentNouns.has(norm)) {
      const prev = tokens[i - 1]?.norm ?? '';
      if (w.newBeforeNoun.has(prev) || w.newBeforeNoun.has(tokens[i - 2]?.norm ?? '')) {
        if (tokens[i - 1]?.sentence === tokens[i]?.sentence) {
          newIncident = true;
          newAt.add(tokens[i]?.sentence ?? -1);
          const own = dateAfterNoun(full, tokens, i, dateStartingAt, true, w) ?? openingDateBefore(tokens, i, dates);
          if (own) newNounDates.add(own);
        }
        continue;
      }
      // "Tuesday's attack", "last Tuesday's deadly ambush": a date, a possessive 's, maybe one adjective.
      const possessive = [i - 1, i - 2]
        .map((at) => (tokens[at]?.norm === 's' ? dateEndingAt.get(at) : undefined))
        .find((d) => d !== undefined);
      const determined = w.determiners.has(prev) || w.determiners.has(tokens[i - 2]?.norm ?? '');
      // "the June 5 attack", "Boko Haram's 14 January attack": a date used as the noun's modifier, after a determiner or a possessive.
      const before = dateEndingAt.get(i);
      const beforeDate = tokens[before ? before.from - 1 : -1];
      const modifier = before && beforeDate && (w.determiners.has(beforeDate.norm) || beforeDate.norm === 's') && beforeDate.sentence === tokens[i]?.sentence ? before : undefined;
      // Else "the attack on Monday", "l'embuscade du 12 mars", "l'attaque jihadiste de dimanche dernier".
      const date = possessive ?? modifier ?? (determined ? linkedDateAfter(i) : undefined);
      if (date) {
        inCue.add(date);
        cues.push({ kind: 'reference', quote: quote(full, tokens, Math.min(date.from, i), Math.max(date.to, i + 1)), day: date.day });
        // "… manquaient à l'appel depuis l'attaque de Tabankort, survenue le lundi précédent": what lasts since the incident.
        if ([1, 2, 3, 4].some((k) => w.since.has(tokens[i - k]?.norm ?? '') && tokens[i - k]?.sentence === tokens[i]?.sentence)) sinceIncident.set(tokens[i]?.sentence ?? -1, date.day);
      }
    }
    if (w.claimVerbs.has(norm)) {
      // "JNIM claimed Tuesday's attack", "a revendiqué l'attaque de Kpinkankandi": the claim of an incident named as known.
      // A date before the noun without a possessive is when it was claimed ("a revendiqué samedi l'attaque de vendredi").
      for (let j = i + 1; j <= i + 6 && j < tokens.length; j++) {
        if (tokens[j]?.sentence !== tokens[i]?.sentence) break;
        const date = dateStartingAt.get(j);
        const possessive = date && tokens[date.to]?.norm === 's' ? date : undefined;
        // A headline drops the article: "JNIM claims attack in Mali capital", "Jihadists claim deadly raid".
        const headline = (tokens[j]?.sentence ?? leadEnd) < titleSentences && j <= i + 2;
        const noun = w.incidentNouns.has(tokens[j]?.norm ?? '') && (w.determiners.has(tokens[j - 1]?.norm ?? '') || headline);
        if (possessive || noun) {
          const day = possessive?.day ?? linkedDateAfter(j)?.day;
          cues.push({ kind: 'claim', quote: quote(full, tokens, i, possessive ? possessive.to + 2 : j + 1), ...(day ? { day } : {}) });
          break;
        }
        if (date) j = date.to - 1;
      }
    }
    const tollNoun = phraseStart ? (w.tollNouns.find((p) => startsAt(tokens, i, p)) ?? countOfDead(tokens, i, w)) : undefined;
    if (tollNoun) {
      const caused = w.tollCaused.has(tokens[i - 2]?.norm ?? '') && CAUSED_ARTICLES.has(tokens[i - 1]?.norm ?? '');
      if (!caused) countAt.push(i + tollNoun.length - 1);
      const toll = tollChange(tokens, i, tollNoun.length, w);
      if (toll) {
        cues.push({ kind: 'toll', quote: quote(full, tokens, toll.from, toll.to), ...(toll.value !== undefined ? { toll: toll.value } : {}) });
        tollAt.push(i);
      }
    }
  }
  // A toll cue takes the day of a reference in its sentence or the lead ("the toll from Tuesday's ambush rose to 54").
  const referenced = cues.find((c) => c.kind === 'reference')?.day;
  for (const cue of cues) if (cue.kind !== 'reference' && !cue.day && referenced) cue.day = referenced;

  const unique = cues.filter((c, k) => cues.findIndex((o) => o.kind === c.kind && o.day === c.day && o.toll === c.toll) === k);
  // A date in a sentence giving a revised toll dates the count ("selon un bilan établi jeudi"), and one in a sentence
  // about the aftermath dates it ("un deuil national commence mardi"), unless it names the incident.
  const notIncidentSentences = new Set(tollAt.map((at) => tokens[at]?.sentence));
  for (const t of tokens) if (w.aftermath.has(t.norm)) notIncidentSentences.add(t.sentence);
  const datesCount = (d: DateMention) => countAt.some((at) => d.from > at && d.from - at <= COUNT_DATE_GAP && tokens[at]?.sentence === tokens[d.from]?.sentence);
  const deathDates = datesOfDeath(tokens, dates, w);
  // A sentence telling what has lasted since an incident it names by its day ("… les corps de 13 soldats qui manquaient à
  // l'appel depuis l'attaque de Tabankort, survenue le lundi précédent") dates what followed by a later day it gives
  // ("Jeudi 21 novembre, une patrouille a retrouvé …"). Not "a week after Tuesday's ambush": that dates a new incident.
  const followsReferenced = (d: DateMention) => {
    const day = sinceIncident.get(tokens[d.from]?.sentence ?? -1);
    return day !== undefined && d.day > day;
  };
  const incidentDates = dates.filter(
    (d) =>
      inCue.has(d) ||
      deathDates.has(d) ||
      (!afterSaid(tokens, d, w) &&
        !beforeSaid(full, tokens, d, w) &&
        !openingSaid(full, tokens, d, w) &&
        !datesCount(d) &&
        !notIncidentSentences.has(tokens[d.from]?.sentence) &&
        !startsPeriod(full, tokens, d, w) &&
        !followsReferenced(d)),
  );
  // A revised toll is of an incident already reported: "the death toll in fresh Zamfara killings rises to 63" sets
  // those killings against older ones, as "new" does in the story's first report.
  for (const at of tollAt) newAt.delete(tokens[at]?.sentence ?? -1);
  if (newAt.size === 0) newIncident = false;
  const eventDays = incidentDates.map((d) => d.day);
  const nightEnds = incidentDates.flatMap((d) => (d.through ? [d.through] : []));
  const daysApartFromNew = incidentDates.filter((d) => !newAt.has(tokens[d.from]?.sentence ?? -1) || newNounDates.has(d)).map((d) => d.day);
  return {
    cues: unique,
    eventDays: [...new Set(eventDays)].sort(),
    nightEnds: [...new Set(nightEnds)].sort(),
    newIncident,
    daysApartFromNew: [...new Set(daysApartFromNew)].sort(),
    spansApartFromNew: vagueAt.filter((v) => !newAt.has(v.sentence)).map((v) => v.span),
    published: isoDay(published),
  };
}

/** The text between token i and the one before it (a space, or punctuation that ends a clause). */
function gapBefore(text: string, tokens: readonly Token[], i: number): string {
  return text.slice((tokens[i - 1] as Token).end, (tokens[i] as Token).start);
}

/** Words between "since" and the date it governs ("depuis la prise du pouvoir par les militaires le 26 juillet"). */
const SINCE_GAP = 8;

/** A date after "since" / "depuis" in its clause: the start of a period ("the deadliest since …"), not an incident day. */
function startsPeriod(text: string, tokens: readonly Token[], d: DateMention, w: Words): boolean {
  const sentence = tokens[d.from]?.sentence;
  for (let at = d.from - 1; at >= d.from - 1 - SINCE_GAP && tokens[at]?.sentence === sentence; at--) {
    if (w.since.has(tokens[at]?.norm ?? '')) return true;
    if (/[,;:]/.test(gapBefore(text, tokens, at + 1))) return false;
  }
  return false;
}

/** Words from "killed" to the date of that death ("the 53 gendarmes killed at Inata, in Soum province, on November 14"). */
const DEATH_DATE_GAP = 8;

/** The first date after each word for the dead killed ("killed … on November 14", "tués dimanche"), in its sentence. */
function datesOfDeath(tokens: readonly Token[], dates: readonly DateMention[], w: Words): Set<DateMention> {
  const out = new Set<DateMention>();
  for (const [i, t] of tokens.entries()) {
    if (!w.killedOn.has(t.norm)) continue;
    const next = dates.find((d) => d.from > i && d.from - i <= DEATH_DATE_GAP && tokens[d.from]?.sentence === t.sentence);
    if (!next) continue;
    // Not a date of what came after the death: "les soldats tués ont été inhumés jeudi", "killed, the army said on Monday".
    let between = i + 1;
    while (between < next.from && !breaksDateLink(tokens, between, w)) between++;
    if (between === next.from) out.add(next);
  }
  return out;
}

/** A date opening the sentence of the incident noun at i, before it ("Samedi dernier, une nouvelle attaque …"). */
function openingDateBefore(tokens: readonly Token[], i: number, dates: readonly DateMention[]): DateMention | undefined {
  const sentence = tokens[i]?.sentence;
  return dates.find((d) => d.to <= i && tokens[d.from]?.sentence === sentence && tokens[d.from - 2]?.sentence !== sentence);
}

/** A count of days or weeks at token i ("deux jours", "3 weeks", "une semaine"): how many days. */
function countOfDays(tokens: readonly Token[], i: number, w: Words): number | undefined {
  const norm = tokens[i]?.norm ?? '';
  const count = w.elapsedCounts.get(norm) ?? (/^\d{1,2}$/.test(norm) ? Number(norm) : undefined);
  const unit = w.elapsedUnits.get(tokens[i + 1]?.norm ?? '');
  return count && unit && tokens[i + 1]?.sentence === tokens[i]?.sentence ? count * unit : undefined;
}

/**
 * The first date a few words after an incident noun at i, in its sentence ("l'attaque jihadiste de dimanche",
 * "une nouvelle attaque terroriste commise mardi soir"). With `ownClause`, not past a colon or semicolon ("the
 * second attack in a week: last Monday 30 were killed" dates the older attack).
 */
function dateAfterNoun(text: string, tokens: readonly Token[], i: number, dateStartingAt: ReadonlyMap<number, DateMention>, ownClause: boolean, w: Words): DateMention | undefined {
  for (let j = i + 1; j <= i + 1 + NOUN_DATE_GAP && tokens[j]?.sentence === tokens[i]?.sentence; j++) {
    if (ownClause && /[:;]/.test(gapBefore(text, tokens, j))) return undefined;
    const date = dateStartingAt.get(j);
    if (date) return date;
    // Past a burial or a speech verb, the date is theirs: "those killed in the attack were buried on Saturday".
    if (breaksDateLink(tokens, j, w)) return undefined;
  }
  return undefined;
}

/** Token j is a word of the aftermath or starts a speech verb: a date after it dates that, not the incident or death before it. */
const breaksDateLink = (tokens: readonly Token[], j: number, w: Words) => w.aftermath.has(tokens[j]?.norm ?? '') || w.said.some((p) => startsAt(tokens, j, p));

/** "ten days ago", "il y a une semaine" at token i: the days counted back from publication, and the token after the phrase. */
function countedBack(tokens: readonly Token[], i: number, phraseStart: boolean, w: Words): { days: number; to: number } | undefined {
  const before = phraseStart ? w.agoBefore.find((p) => startsAt(tokens, i, p)) : undefined;
  if (before) {
    const days = countOfDays(tokens, i + before.length, w);
    return days ? { days, to: i + before.length + 2 } : undefined;
  }
  const days = w.agoAfter.has(tokens[i + 2]?.norm ?? '') ? countOfDays(tokens, i, w) : undefined;
  return days && tokens[i + 2]?.sentence === tokens[i]?.sentence ? { days, to: i + 3 } : undefined;
}

/** "Deux jours après l'attaque", "A week after the massacre" at token i: the days counted back, and the token after the noun. */
function elapsedSinceIncident(tokens: readonly Token[], i: number, w: Words): { days: number; to: number } | undefined {
  const days = countOfDays(tokens, i, w);
  if (!days || !w.elapsedAfter.has(tokens[i + 2]?.norm ?? '')) return undefined;
  const noun = w.determiners.has(tokens[i + 3]?.norm ?? '') ? i + 4 : i + 3;
  if (!w.incidentNouns.has(tokens[noun]?.norm ?? '') || tokens[noun]?.sentence !== tokens[i]?.sentence) return undefined;
  return { days, to: noun + 1 };
}

/** "a fait un bilan", "made a toll": the article between a verb of causing and the toll noun. */
const CAUSED_ARTICLES = new Set(['un', 'a', 'the', 'le']);

/** How far after a date opening its sentence the speech verb may come ("Mardi matin, les autorités locales évoquent"). */
const OPENING_SAID_GAP = 6;

/** A date opening a sentence whose speaker speaks right after it ("Tuesday, officials said"): when it was said. */
function openingSaid(text: string, tokens: readonly Token[], date: DateMention, w: Words): boolean {
  const sentence = tokens[date.from]?.sentence;
  // At most one word before it ("Mardi", "Le 3 janvier", "On Tuesday").
  if (tokens[date.from - 2]?.sentence === sentence) return false;
  let end = date.to + OPENING_SAID_GAP;
  for (let at = date.to; at < end && tokens[at]?.sentence === sentence; at++) {
    if (w.said.some((p) => startsAt(tokens, at, p))) return true;
    // A name set off by commas after the speaker ("le porte-parole du gouvernement, Lionel Bilgo, a précisé") does not
    // count, nor does the auxiliary of the speech verb.
    if (at > date.to + 1 && gapBefore(text, tokens, at).includes(',')) end += asideLength(text, tokens, at);
    if (SAID_AUXILIARIES.has(tokens[at]?.norm ?? '')) end++;
  }
  return false;
}

/** Words of an aside from token i to the comma that closes it, if one does within a few words; else 0. */
function asideLength(text: string, tokens: readonly Token[], i: number): number {
  for (let k = i + 1; k <= i + MAX_ASIDE_WORDS && tokens[k]?.sentence === tokens[i]?.sentence; k++) {
    if (gapBefore(text, tokens, k).includes(',')) return k - i;
  }
  return 0;
}
const MAX_ASIDE_WORDS = 5;
const SAID_AUXILIARIES = new Set(['a', 'ont', 'avait', 'avaient', 'has', 'have', 'had']);

/** Words allowed between "number of" and the word for the dead ("the number of civilian villagers killed"). */
const COUNTED_GAP = 3;

/** "the number of soldiers killed", "le nombre de civils tués": the tokens of such a toll noun from i, or undefined. */
function countOfDead(tokens: readonly Token[], i: number, w: Words): string[] | undefined {
  if (!w.countOf.has(tokens[i]?.norm ?? '')) return undefined;
  const sentence = tokens[i]?.sentence;
  for (let j = i + 1; j <= i + 2 + COUNTED_GAP && tokens[j]?.sentence === sentence; j++) {
    if (w.dead.has(tokens[j]?.norm ?? '')) return tokens.slice(i, j + 1).map((t) => t.norm);
  }
  return undefined;
}

/**
 * A date right after a speech verb ("said on Saturday", "a indiqué samedi"): when it was said. Not after a
 * complementizer: "indique que ce jeudi 11 juin … le poste a été attaqué" dates what was said.
 */
function afterSaid(tokens: readonly Token[], date: DateMention, w: Words): boolean {
  let reach = 3;
  for (let back = 1; back <= reach; back++) {
    const at = date.from - back;
    if (COMPLEMENTIZERS.has(tokens[at]?.norm ?? '')) return false;
    if (w.said.some((p) => startsAt(tokens, at - p.length + 1, p))) return true;
    if (back === 1 && w.claimVerbs.has(tokens[at]?.norm ?? '') && tokens[date.to]?.norm !== 's') return true;
    // "wrote on Facebook on Saturday", "a annoncé sur sa page Facebook samedi": past where it was said.
    if (w.saidChannels.has(tokens[at]?.norm ?? '')) reach = Math.min(back + 3, SAID_CHANNEL_REACH);
  }
  return false;
}
/** How far back a speech verb may stand before a date when a channel ("on Facebook") stands between them. */
const SAID_CHANNEL_REACH = 6;

/** A date right before a speech or claim verb ("the army on Sunday said", "the group on Tuesday claimed"): when it was said. */
function beforeSaid(text: string, tokens: readonly Token[], date: DateMention, w: Words): boolean {
  const next = tokens[date.to];
  // Not across a comma: "attaqué tôt ce vendredi 8 septembre, a indiqué l'armée" dates the attack.
  if (!next || next.sentence !== tokens[date.to - 1]?.sentence || gapBefore(text, tokens, date.to) !== ' ') return false;
  return w.said.some((p) => startsAt(tokens, date.to, p)) || w.claimVerbs.has(tokens[date.to]?.norm ?? '');
}

/** "toll rose to 54", "bilan s'est alourdi à 54 morts", "un nouveau bilan ... 49 morts", "portant à 49 le nombre de morts". */
function tollChange(tokens: readonly Token[], i: number, nounLength: number, w: Words): { value?: number; from: number; to: number } | undefined {
  const sentence = tokens[i]?.sentence;
  const revised = w.tollRevised.has(tokens[i - 1]?.norm ?? '') || w.tollRevised.has(tokens[i + nounLength]?.norm ?? '');
  let changeAt: number | undefined;
  for (let j = Math.max(0, i - TOLL_GAP); j <= i + nounLength + TOLL_GAP && j < tokens.length; j++) {
    if (tokens[j]?.sentence !== sentence) continue;
    if (w.tollChange.some((p) => startsAt(tokens, j, p))) {
      changeAt = j;
      if (j > i) break;
    }
  }
  if (changeAt === undefined && !revised) return undefined;
  // The figure: after the change word, the one introduced by "to"/"à", else the first not introduced by "from"/"de"
  // ("passé de 17 à 42" is 42); without a change word, anywhere close in the sentence.
  const from = changeAt ?? Math.max(0, i - TOLL_GAP);
  const figures: Array<{ value: number; at: number; to: boolean; from: boolean }> = [];
  for (let j = from; j <= (changeAt ?? i + nounLength) + TOLL_GAP && j < tokens.length; j++) {
    const value = tokens[j]?.sentence === sentence ? numberAt(tokens, j) : undefined;
    const before = tokens[j - 1]?.norm ?? '';
    if (value !== undefined) figures.push({ value, at: j, to: w.tollTo.has(before), from: w.tollFrom.has(before) });
  }
  const figure = changeAt === undefined ? figures[0] : (figures.find((f) => f.to) ?? figures.find((f) => !f.from));
  if (figure) return { value: figure.value, from: Math.min(i, figure.at), to: Math.max(figure.at + 1, i + nounLength) };
  // A revised toll without a figure in digits ("le bilan s'alourdit", "selon un nouveau bilan"): still a revision.
  const end = changeAt !== undefined && changeAt >= i ? changeAt + 1 : i + nounLength;
  return { from: Math.min(i, changeAt ?? i, revised && w.tollRevised.has(tokens[i - 1]?.norm ?? '') ? i - 1 : i), to: end };
}

/** The days a report gives its incident: those its lead names, else its publication day and the day before. */
export function reportIncidentDays(dating: IncidentDating): string[] {
  const own = statedDays(dating);
  if (own.length > 0) return own;
  return [isoDay(dayMs(dating.published) - DAY_MS), dating.published];
}

const statedDays = (dating: IncidentDating) => [...dating.eventDays, ...dating.nightEnds].filter((d) => d <= dating.published);

/** A report that dates nothing: the days reportIncidentDays gives it are assumed from its publication, not stated. */
export const datesNothing = (dating: IncidentDating) => statedDays(dating).length === 0;

/** What a story knows of its incident, for joining reports that refer back to it: days, specific places, event types, armed groups. */
export const StoryIncidentSchema = z.object({
  /** Days the incident happened on (YYYY-MM-DD), as its reports give them. */
  days: z.array(z.string()),
  places: z.array(z.string()),
  events: z.array(z.string()),
  actors: z.array(z.string()),
  /** ISO2 codes; stories filed before they were kept have none. */
  countries: z.array(z.string()).default([]),
  /** Of `days`, those held only because a report dated nothing (its publication day and the day before). */
  assumed: z.array(z.string()).default([]),
});
export type StoryIncident = z.infer<typeof StoryIncidentSchema>;

/** The facts a report brings to a story's incident (a subset of IncidentFacts). */
export type ReportFacts = Pick<StoryIncident, 'places' | 'events' | 'actors' | 'countries'>;

const MAX_DAYS = 31;

export function mergeIncident(incident: StoryIncident | undefined, facts: ReportFacts | undefined, days: readonly string[], assumed = false): StoryIncident {
  const union = (a: readonly string[] | undefined, b: readonly string[] | undefined) => [...new Set([...(a ?? []), ...(b ?? [])])].sort();
  const allDays = union(incident?.days, days).slice(-MAX_DAYS);
  // A day a report states is no longer only assumed.
  const assumedDays = (assumed ? union(incident?.assumed, days) : (incident?.assumed ?? []).filter((d) => !days.includes(d))).filter((d) => allDays.includes(d));
  return {
    days: allDays,
    places: union(incident?.places, facts?.places),
    events: union(incident?.events, facts?.events),
    actors: union(incident?.actors, facts?.actors),
    countries: union(incident?.countries, facts?.countries),
    assumed: assumedDays,
  };
}

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));
const families = (events: readonly string[]) => [...new Set(events.map(eventFamily))];

/** Reports naming different armed groups are about different incidents; one naming none is compatible with any. */
function actorsAgree(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || overlaps(a, b);
}

const placeKeys = (facts: ReportFacts) => placeIndexKeys(facts.places).flatMap((place) => families(facts.events).map((family) => `${place}|${family}`));
const countryKeys = (facts: ReportFacts) => facts.countries.flatMap((country) => families(facts.events).map((family) => `country=${country}|${family}`));

/** Index keys of an incident: each specific place (and its spelling-variant key), and each country, with each family of event. */
export function followUpKeys(facts: ReportFacts | undefined): string[] {
  return facts ? [...placeKeys(facts), ...countryKeys(facts)] : [];
}

/** The keys a report looks its incident up by: its specific places, or its countries when it names none. */
export function followUpLookupKeys(facts: ReportFacts | undefined): string[] {
  if (!facts) return [];
  return facts.places.length > 0 ? placeKeys(facts) : countryKeys(facts);
}

/** The days a report's back references name ("the attack on Tuesday", "the toll from Monday's raid"). */
export function namedDays(dating: IncidentDating): string[] {
  return dating.cues.flatMap((c) => (c.day !== undefined && !c.approximate ? [c.day] : []));
}

/** Does the report point to one of these days: a day it names, or a week or part of a month it points to that holds one? */
export function pointsToDays(dating: IncidentDating, days: readonly string[]): boolean {
  return namedDays(dating).some((d) => days.includes(d)) || approximateSpans(dating).some(([from, to]) => days.some((d) => d >= from && d <= to));
}

/** Does the report point to any day at all (a named day, a week, part of a month)? */
export const pointsToADay = (dating: IncidentDating) => dating.cues.some((c) => c.day !== undefined);

/**
 * The spans of days a report points back to without naming a day: a day counted back ("two days after the
 * attack"), give or take one, or a week, weekend or part of a month ("last week", "fin octobre"), each as [first, last].
 */
function approximateSpans(dating: IncidentDating): Array<[string, string]> {
  return dating.cues.flatMap((c): Array<[string, string]> => {
    if (c.day === undefined || !c.approximate) return [];
    return [c.through ? [c.day, c.through] : [isoDay(dayMs(c.day) - DAY_MS), dayAfter(c.day)]];
  });
}

const dayAfter = (day: string) => isoDay(dayMs(day) + DAY_MS);

/** An incident's first and last day, and the eve of the first: the night of an attack reported the next morning. */
function spanOf(incident: StoryIncident): { eve: string; first: string; last: string } {
  const first = incident.days[0] as string;
  return { eve: isoDay(dayMs(first) - DAY_MS), first, last: incident.days[incident.days.length - 1] as string };
}

/**
 * What every follow-up must share with the story's incident, wherever it is
 * placed: an incident with days, not a new incident, the same kind of event,
 * armed groups that do not differ, and no day in the report's lead after the incident's.
 */
function sameIncidentKind(report: { facts: ReportFacts; dating: IncidentDating }, incident: StoryIncident): boolean {
  const { facts, dating } = report;
  if (incident.days.length === 0 || newIncidentFor(dating, incident)) return false;
  if (!overlaps(families(facts.events), families(incident.events)) || !actorsAgree(facts.actors, incident.actors)) return false;
  // Days a report gave the incident, not those assumed from an undated report's publication: "Gao camp attacked
  // on Friday, the day after a double attack" is not the boat attack a Friday-morning report told without a day.
  const stated = incident.days.filter((d) => !incident.assumed.includes(d));
  const last = stated.length > 0 ? (stated[stated.length - 1] as string) : spanOf(incident).last;
  return !dating.eventDays.some((d) => d > last);
}

/**
 * Does this report refer back to the story's incident? It must point back (a
 * reference, a revised toll, a claim), or date what it reports within the
 * incident's days, at its place (see sameIncidentKind for the rest). Days before
 * the incident's eve recall earlier incidents ("the attack of 17 November"):
 * the days the report gives its own decide. The eve itself is the incident's
 * night, or the incident a report of a later, undated event follows ("Boko Haram retakes Bosso").
 */
export function followUpFits(report: { facts: ReportFacts; dating: IncidentDating }, incident: StoryIncident): boolean {
  const { facts, dating } = report;
  if (!sameIncidentKind(report, incident) || commonPlaces(facts.places, incident.places) === 0) return false;
  const { eve, first, last } = spanOf(incident);
  const recalled = (d: string) => d < eve;
  const within = (d: string) => d >= first && d <= last;
  // No words pointing back, but the lead dates what it reports within the incident's days, at its place:
  // "Sept employés de l'ONG et leur guide ont été exécutés dimanche par des hommes armés" two days on.
  if (dating.cues.length === 0) {
    const own = dating.eventDays.filter((d) => !recalled(d));
    return own.length > 0 && own.every((d) => d >= first);
  }
  const named = namedDays(dating);
  if (named.some(within) || approximateSpans(dating).some(([from, to]) => from <= last && to >= first)) return true;
  // Only an earlier incident recalled ("quelques jours après l'attaque du samedi 15 avril"): the days it gives its own decide.
  if (named.length > 0) return named.every(recalled) && dating.eventDays.some(within);
  return dating.cues.some((c) => c.kind !== 'reference');
}

/**
 * A report that names no specific place, only its country ("Monday's raid on
 * an army outpost in the north"): it fits a story of its country and kind of
 * event when every day it points back to is one of the story's incident days.
 * The caller joins it only to the one story that fits (see followedStory):
 * without a place, two incidents of one day in one country cannot be told apart.
 */
export function countryFollowUpFits(report: { facts: ReportFacts; dating: IncidentDating }, incident: StoryIncident): boolean {
  const { facts, dating } = report;
  if (facts.places.length > 0 || !overlaps(facts.countries, incident.countries) || !sameIncidentKind(report, incident)) return false;
  const { first, last } = spanOf(incident);
  const named = namedDays(dating);
  const spans = approximateSpans(dating);
  return named.length + spans.length > 0 && named.every((d) => d >= first && d <= last) && spans.every(([from, to]) => from <= last && to >= first);
}

/**
 * "A new attack", "une nouvelle attaque": an incident other than the story's,
 * unless a day the report gives its incident outside the sentence saying "new"
 * is one of the story's (its eve included): then "new" sets it against older
 * attacks ("twelve soldiers killed in a new attack in the north", "killed on
 * Monday", a day after the first report of it).
 */
function newIncidentFor(dating: IncidentDating, incident: StoryIncident | undefined): boolean {
  if (!dating.newIncident) return false;
  if (!incident || incident.days.length === 0) return true;
  const { eve, last } = spanOf(incident);
  return !dating.daysApartFromNew.some((d) => d >= eve && d <= last) && !dating.spansApartFromNew.some(([from, to]) => from <= last && to >= eve);
}

/**
 * A report in another language that the facts would join: not when it reports a
 * new incident or an incident day outside the story's (its eve included), or
 * refers back to a named day none of which is the story's. Days before the eve
 * recall earlier incidents when another day is the story's own.
 */
export function datesContradict(dating: IncidentDating, incident: StoryIncident | undefined): boolean {
  if (newIncidentFor(dating, incident)) return true;
  if (!incident || incident.days.length === 0) return false;
  const { eve, last } = spanOf(incident);
  if (dating.eventDays.some((d) => d > last)) return true;
  // The report names the incident it refers back to ("the July 22 attack on Kati"), and none of its days is the story's.
  const named = namedDays(dating);
  if (named.length > 0 && named.every((d) => d < eve || d > last)) return true;
  return dating.eventDays.some((d) => d < eve) && !dating.eventDays.some((d) => d >= eve);
}
