import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type Article, articleFullText } from '../articles/article.js';
import { type Clock, systemClock } from '../core/clock.js';
import { contentId } from '../core/ids.js';
import { classifyAccount } from '../extraction/accounts.js';
import { CROSS_LANGUAGE_HOURS, CROSS_LANGUAGE_SIMILARITY, crossLanguageSimilarity, decodeFacts, encodeFacts, type IncidentFacts, incidentKeys } from './facts.js';
import { bestGrade, outletValue, shippedScales } from './grades.js';
import { countryFollowUpFits, datesContradict, datesNothing, type FollowUp, followUpFits, followUpKeys, followUpLookupKeys, type IncidentDating, isoDay, mergeIncident, namedDays, pointsToADay, pointsToDays, readIncidentDating, reportIncidentDays } from './follow-up.js';
import { independentReports, type SourcesConfig, SourcesConfigSchema, sourceGroups } from './independence.js';
import { storyStatus } from './status.js';
import { bandKeys, decodeSignature, encodeSignature, estimateOverlap, type Fingerprint, fingerprintOfWords, foldedWords } from './minhash.js';
import { commonPlaces } from './place-names.js';
import { commitAssign, type ReadResult, readForAssign, readRecentStories } from './store-scripts.js';
import { type Story, StorySchema, type StorySource } from './story.js';
import { agencyCitations } from './syndication.js';

export const StoryOptionsSchema = z.strictObject({
  /** Reports further apart than this are different events, however alike. */
  window_hours: z.number().positive().default(72),
  /** Minimum estimated overlap coefficient of word bigrams (0–1) for a report to join a story. */
  similarity: z.number().min(0).max(1).default(0.5),
  /**
   * How far back (days) a later report that refers to an earlier incident ("the
   * death toll from Tuesday's ambush rose to 54", a claim days later) finds its
   * story, through the index of recent stories by place and kind of event.
   */
  follow_up_days: z.number().positive().default(14),
  /**
   * How far back a report that names the incident's day ("JNIM claims the attack of 11 May", "the ambush of
   * January 7"), or a week or part of a month holding it ("kidnapped in early March"), finds its story: such a day
   * within the incident's days is evidence enough weeks later.
   */
  dated_follow_up_days: z.number().positive().default(30),
});
export type StoryOptions = z.infer<typeof StoryOptionsSchema>;

export interface AssignResult {
  story: Story;
  /** Same canonical URL, same item (GUID) or same normalised text as a report already filed: nothing added. */
  duplicate: boolean;
}

const RETENTION_SECS = 30 * 24 * 3600;
/** Texts shorter than this (in words) are too generic for exact-text deduplication. */
const MIN_WORDS_FOR_TEXT_HASH = 20;
const MAX_CANDIDATES = 200;
const MIN_SHINGLES_TO_CLUSTER = 6;
const MAX_LISTED_STORIES = 10_000;
/** Stories read per place and kind of event when a report refers back to an earlier incident. */
const MAX_FOLLOW_UP_STORIES = 20;
const DAY_MS = 86_400_000;
/** Commits refused because a near duplicate landed meanwhile; more than this in a row means something is wrong. */
const MAX_ATTEMPTS = 50;

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The report as its story lists it, with the agencies it rests on, the report it copies, if any, its outlet's grade and scale, and how it refers back to the incident when it does.
 * Exported for `sahelwatch eval-sources`, which must decide as the analyze stage does.
 */
export function sourceOf(article: Article, copyOf: string | undefined, config: SourcesConfig, followUp?: FollowUp[]): StorySource {
  const outlet = { outlet: article.outlet, feedId: article.feedId, url: article.url };
  const grade = outletValue(config.grades, outlet);
  const scale = outletValue(config.scales, outlet) ?? outletValue(shippedScales(), outlet);
  return {
    articleId: article.id,
    url: article.url,
    outlet: article.outlet,
    title: article.title,
    published: article.published,
    feedId: article.feedId,
    agencies: agencyCitations(article),
    ...(copyOf ? { copyOf } : {}),
    account: classifyAccount(articleFullText(article)),
    ...(grade ? { grade } : {}),
    ...(scale ? { scale } : {}),
    ...(followUp && followUp.length > 0 ? { followUp } : {}),
  };
}

/** What the story's sources add up to: independent sources and where the story stands. */
function sourcing(sources: readonly StorySource[], groups: SourcesConfig['groups']): Pick<Story, 'sourceGroups' | 'status' | 'bestGrade'> {
  const best = bestGrade(sources);
  return { sourceGroups: sourceGroups(sources, groups), status: storyStatus(independentReports(sources, groups)), ...(best ? { bestGrade: best } : {}) };
}

/** Independent outlets: distinct names, case- and accent-insensitive. */
function countOutlets(sources: readonly StorySource[]): number {
  return new Set(sources.map((s) => foldedWords(s.outlet).join(' '))).size;
}

function withSource(story: Story, source: StorySource, groups: SourcesConfig['groups']): Story {
  const sources = [...story.sources, source].sort((a, b) => ms(a.published) - ms(b.published));
  return {
    ...story,
    sources,
    firstReport: sources[0]?.published ?? story.firstReport,
    latestReport: sources[sources.length - 1]?.published ?? story.latestReport,
    outlets: countOutlets(sources),
    ...sourcing(sources, groups),
  };
}

/** A report's stored fingerprint: "<story id> <shingles> <signature> <published ms> <incident facts>". */
function encodeFingerprint(storyId: string, fp: Fingerprint, published: number, facts: IncidentFacts | undefined): string {
  return `${storyId} ${fp.shingles} ${encodeSignature(fp.signature)} ${published} ${encodeFacts(facts)}`;
}

interface StoredReport extends Fingerprint {
  storyId: string;
  published: number;
  facts: IncidentFacts | undefined;
}

/** The report being filed: what is stored for it, less the story it has yet to join. */
type NewReport = Omit<StoredReport, 'storyId'> & { dating: IncidentDating };

function decodeFingerprint(value: string): StoredReport | null {
  const [storyId, shingles, encoded, published, facts] = value.split(' ');
  const signature = decodeSignature(encoded ?? '');
  if (!storyId || !signature || !(Number(shingles) >= 0)) return null;
  return { storyId, shingles: Number(shingles), signature, published: Number(published) || 0, facts: decodeFacts(facts) };
}

/** Two reports in different languages, close in time, agreeing on what happened where: their facts' similarity, else 0. */
function crossLanguage(report: NewReport, other: StoredReport, story: Story | undefined): number {
  if (!report.facts || !other.facts) return 0;
  // A new incident in the same town, or one on another day, is not this story however alike the facts.
  if (datesContradict(report.dating, story?.incident)) return 0;
  if (Math.abs(report.published - other.published) > CROSS_LANGUAGE_HOURS * 3600_000) return 0;
  // The later of the two is the one whose toll may have risen (a report may be filed after one published later).
  const revisesToll = report.dating.cues.some((c) => c.kind === 'toll');
  const score = report.published >= other.published ? crossLanguageSimilarity(report.facts, other.facts, revisesToll) : crossLanguageSimilarity(other.facts, report.facts);
  return score >= CROSS_LANGUAGE_SIMILARITY ? score : 0;
}

function parseStory(json: string): Story {
  return StorySchema.parse(JSON.parse(json));
}

/**
 * What makes a report an exact duplicate of one already filed, as [kind, value]:
 * its canonical URL (the article id), its item (feed + GUID) and, for real
 * texts, its normalised text.
 */
export function exactReportKeys(article: Pick<Article, 'id' | 'itemId'>, textWords: readonly string[]): Array<[string, string]> {
  const keys: Array<[string, string]> = [
    ['url', article.id],
    ['item', article.itemId],
  ];
  if (textWords.length >= MIN_WORDS_FOR_TEXT_HASH) keys.push(['text', sha(textWords.join(' '))]);
  return keys;
}

/** The MinHash of a report's title and text, by which it joins a story and is compared for copying. */
export function reportFingerprint(article: Pick<Article, 'title' | 'text'>, textWords: readonly string[] = foldedWords(article.text)): Fingerprint {
  return fingerprintOfWords([...foldedWords(article.title), ...textWords]);
}

/**
 * The LSH band keys a report is looked up by (`read`) and filed under
 * (`write`): its text bands, and its incident facts for reports in other
 * languages. Reports sharing a key are compared; no others are.
 */
export function reportBands(fp: Fingerprint, facts: IncidentFacts | undefined): { read: string[]; write: string[] } {
  // A bare generic title ("Communiqué", "Flash info") says nothing about which event it is: no near-duplicate search.
  const textBands = fp.shingles < MIN_SHINGLES_TO_CLUSTER ? [] : bandKeys(fp.signature);
  const factKeys = incidentKeys(facts);
  return { read: [...textBands, ...factKeys.read], write: [...textBands, ...factKeys.write] };
}

/**
 * Of the candidate reports, by other outlets, the one whose text this report
 * nearly repeats (at or above `threshold`, `sources.copy_similarity`): a
 * reprint of one dispatch, whether or not it names the agency. Of several, the
 * first published, the likeliest original: later copies of an unmarked
 * original resemble each other more than they resemble it, and linking them
 * only to each other would leave the original a source of its own.
 */
export function copiedReport(
  report: { outlet: string; fingerprint: Fingerprint },
  candidates: ReadonlyArray<{ articleId: string; outlet: string; fingerprint: Fingerprint; published?: string }>,
  threshold: number,
): { articleId: string; score: number } | undefined {
  const outlet = foldedWords(report.outlet).join(' ');
  let best: { articleId: string; score: number; at: number } | undefined;
  for (const candidate of candidates) {
    if (foldedWords(candidate.outlet).join(' ') === outlet) continue;
    if (report.fingerprint.shingles < MIN_SHINGLES_TO_CLUSTER || candidate.fingerprint.shingles < MIN_SHINGLES_TO_CLUSTER) continue;
    const score = estimateOverlap(report.fingerprint, candidate.fingerprint);
    if (score < threshold) continue;
    // No time, or an unreadable one: it cannot be placed before the others.
    const at = (candidate.published && Date.parse(candidate.published)) || Number.POSITIVE_INFINITY;
    // Same time (a date without an hour): the one filed first, as candidates come in filing order; no times: the most alike.
    if (!best || at < best.at || (at === best.at && !Number.isFinite(at) && score > best.score)) best = { articleId: candidate.articleId, score, at };
  }
  return best && { articleId: best.articleId, score: best.score };
}

interface Decision {
  story: Story;
  /** The joined story's record as read ('' for a new story): the commit checks it is unchanged. */
  readStory: string;
}

/**
 * Groups articles into stories (one real-world event, many reports) in Redis.
 * Exact duplicates are recognised by key; near duplicates by MinHash/LSH within
 * the time window. Workers in any number of processes assign concurrently: each
 * assignment is one read and one conditional commit (see store-scripts.ts).
 */
export class StoryStore {
  private readonly base: string;
  private readonly options: StoryOptions;
  private readonly sourcesConfig: SourcesConfig;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: Partial<StoryOptions> = {},
    private readonly clock: Clock = systemClock,
    /** What makes two outlets one source (ownership groups, copy threshold): `sources:` in the config. */
    sourcesConfig: Partial<SourcesConfig> = {},
  ) {
    this.base = prefix.endsWith(':') ? prefix : `${prefix}:`;
    this.options = StoryOptionsSchema.parse(options);
    this.sourcesConfig = SourcesConfigSchema.parse(sourcesConfig);
  }

  private k(...parts: string[]): string {
    return `${this.base}story-${parts.join(':')}`;
  }

  async get(storyId: string): Promise<Story | null> {
    const raw = await this.redis.get(this.k('record', storyId));
    return raw ? parseStory(raw) : null;
  }

  /** Most recently reported stories first. */
  async list(options: { limit?: number } = {}): Promise<Story[]> {
    const ids = await this.redis.zrevrange(this.k('index'), 0, Math.max(0, (options.limit ?? 50) - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k('record', id)));
    return raws.filter((r): r is string => r !== null).map(parseStory);
  }

  /**
   * Files the article under a story. `facts` (from extraction) let a report in
   * another language join the story of the same incident.
   */
  async assign(article: Article, facts?: IncidentFacts): Promise<AssignResult> {
    const textWords = foldedWords(article.text);
    const exact = this.exactKeys(article, textWords);
    const fp = reportFingerprint(article, textWords);
    const bands = reportBands(fp, facts);
    const band = (key: string) => this.k('band', key);
    const readBands = bands.read.map(band);
    const writeBands = bands.write.map(band);
    // An unreadable date cannot place the report in a window: treat it as reported now.
    const published = ms(article.published) || this.clock.now();
    const windowMs = this.options.window_hours * 3600_000;
    const window = { from: published - windowMs, to: published + windowMs };
    const dating = readIncidentDating(article, this.clock.now());
    // Points back at an incident, or dates what it reports (either may make it a later report of one: see followUpFits).
    // "A new attack" that dates itself may still be the story's incident, told against older ones (see followUpFits).
    const refersBack =
      facts !== undefined && (dating.cues.length > 0 || dating.eventDays.length > 0) && (!dating.newIncident || dating.daysApartFromNew.length > 0 || dating.spansApartFromNew.length > 0);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const read = await readForAssign(this.redis, { exact, readBands, fingerprintPrefix: this.k('fp', ''), recordPrefix: this.k('record', '') }, window, MAX_CANDIDATES);
      if (read.kind === 'exact') {
        const story = parseStory(read.story);
        // A re-run after a crash between the commit and the index write files it now (ZADD GT: idempotent).
        if (story.sources.some((s) => s.articleId === article.id)) await this.indexIncident(story);
        return { story, duplicate: true };
      }
      const report = { ...fp, published, facts, dating };
      let decision = this.decide(article, report, read, new Map());
      // The stories of earlier incidents are read only for a report that no story in the window takes.
      if (refersBack && !decision.readStory) decision = this.decide(article, report, read, await this.recentStories(facts, published, this.lookBackDays(dating)));
      const committed = await commitAssign(this.redis, {
        keys: { record: this.k('record', decision.story.id), index: this.k('index'), fingerprint: this.k('fp', article.id), exact, readBands, writeBands },
        window,
        read: { reportsInWindow: read.reportsInWindow, story: decision.readStory },
        story: { id: decision.story.id, json: JSON.stringify(decision.story), latestReport: ms(decision.story.latestReport) },
        article: { id: article.id, published, fingerprint: encodeFingerprint(decision.story.id, fp, published, facts) },
        // Trimmed relative to the report's own date, not the wall clock, so replaying old feeds clusters too.
        staleBefore: published - 2 * windowMs,
        bandTtlSecs: Math.ceil(this.options.window_hours * 3600 * 2 + 3600),
        retentionSecs: Math.max(RETENTION_SECS, Math.ceil(this.indexedDays * 86_400) + 2 * 86_400),
        maxListed: MAX_LISTED_STORIES,
      });
      if (committed) {
        await this.indexIncident(decision.story);
        return { story: decision.story, duplicate: false };
      }
    }
    throw new Error(`story assignment of ${article.url} changed under it ${MAX_ATTEMPTS} times in a row`);
  }

  private exactKeys(article: Article, words: readonly string[]): string[] {
    return exactReportKeys(article, words).map(([kind, value]) => this.k(kind, value));
  }

  /**
   * Join the story of the most similar report within the window if it reaches
   * the threshold; else, for a report that refers back to an earlier incident,
   * that incident's story; else start one.
   */
  private decide(article: Article, report: NewReport, read: Extract<ReadResult, { kind: 'near' }>, earlier: Map<string, string>): Decision {
    let best: { storyId: string; score: number } | null = null;
    const parsed = new Map<string, Story>();
    const storyOf = (id: string) => {
      const raw = read.stories.get(id);
      if (raw && !parsed.has(id)) parsed.set(id, parseStory(raw));
      return parsed.get(id);
    };
    for (const candidate of read.candidates) {
      const other = decodeFingerprint(candidate.fingerprint);
      if (!other || !read.stories.has(other.storyId)) continue;
      const score = Math.max(this.textSimilarity(report, other), crossLanguage(report, other, storyOf(other.storyId)));
      if (score > 0 && (!best || score > best.score)) best = { storyId: other.storyId, score };
    }
    const readStory = best ? (read.stories.get(best.storyId) ?? '') : '';
    if (readStory && best) {
      const story = parseStory(readStory);
      const followUp = report.dating.cues.length > 0 && !report.dating.newIncident ? report.dating.cues : undefined;
      const source = sourceOf(article, this.copiedReport(article, report, story, read.candidates), this.sourcesConfig, followUp);
      return { story: this.withIncident(withSource(story, source, this.sourcesConfig.groups), report, false), readStory };
    }
    const followed = this.followedStory(report, earlier);
    if (followed) {
      const source = sourceOf(article, undefined, this.sourcesConfig, report.dating.cues);
      return { story: this.withIncident(withSource(followed.story, source, this.sourcesConfig.groups), report, true), readStory: followed.raw };
    }
    return { story: this.withIncident(this.newStory(article), report, false), readStory: '' };
  }

  /**
   * The earlier story this report refers back to: the one whose incident fits
   * (see followUpFits) that began first, then the one with the most facts in
   * common. Two stories that both fit are most often one incident whose later
   * report failed to join the first: the first is the incident's own story.
   */
  private followedStory(report: NewReport, earlier: Map<string, string>): { story: Story; raw: string } | undefined {
    const facts = report.facts;
    if (!facts) return undefined;
    if (facts.places.length === 0) return this.onlyStoryOfCountry(report, facts, earlier);
    let best: { story: Story; raw: string; common: number; began: string } | undefined;
    // Past follow_up_days, only a day the report points to ties it to the incident (see dated_follow_up_days).
    const undatedFrom = isoDay(report.published - this.options.follow_up_days * DAY_MS);
    for (const raw of earlier.values()) {
      const story = parseStory(raw);
      if (!story.incident || !followUpFits({ facts, dating: report.dating }, story.incident)) continue;
      const { days } = story.incident;
      if ((days[days.length - 1] ?? '') < undatedFrom && !pointsToDays(report.dating, days)) continue;
      const { places, events, actors } = story.incident;
      const common = commonPlaces(facts.places, places) + [...facts.events.filter((e) => events.includes(e)), ...facts.actors.filter((a) => actors.includes(a))].length;
      const began = story.firstReport;
      if (!best || began < best.began || (began === best.began && common > best.common)) best = { story, raw, common, began };
    }
    return best && { story: best.story, raw: best.raw };
  }

  /**
   * For a report that names only its country: the one story whose incident fits
   * (see countryFollowUpFits), or none when two fit, or when the index held more
   * stories than were read (the others might fit too).
   */
  private onlyStoryOfCountry(report: NewReport, facts: IncidentFacts, earlier: Map<string, string>): { story: Story; raw: string } | undefined {
    if (earlier.size >= MAX_FOLLOW_UP_STORIES) return undefined;
    const fitting = [...earlier.values()].map((raw) => ({ raw, story: parseStory(raw) })).filter(({ story }) => story.incident && countryFollowUpFits({ facts, dating: report.dating }, story.incident));
    return fitting.length === 1 ? fitting[0] : undefined;
  }

  /** The story with this report's facts and days added to its incident: a follow-up adds only the day it names. */
  private withIncident(story: Story, report: NewReport, followUp: boolean): Story {
    // A follow-up that joined by the days it dates its report on (no words pointing back: see followUpFits) states them.
    const days = followUp ? (report.dating.cues.length > 0 ? namedDays(report.dating) : report.dating.eventDays) : reportIncidentDays(report.dating);
    return { ...story, incident: mergeIncident(story.incident, report.facts, days, !followUp && datesNothing(report.dating)) };
  }

  /** The longest look-back for follow-ups: stories stay in the index this long. */
  private get indexedDays(): number {
    return Math.max(this.options.follow_up_days, this.options.dated_follow_up_days);
  }

  /** How far back this report looks for the incident it refers to: further when it names the incident's day. */
  private lookBackDays(dating: IncidentDating): number {
    return pointsToADay(dating) ? this.indexedDays : this.options.follow_up_days;
  }

  /** Stories of incidents at the report's places, of its kinds of event, up to `days` back: the index, not a scan. */
  private async recentStories(facts: IncidentFacts | undefined, published: number, days: number): Promise<Map<string, string>> {
    const keys = followUpLookupKeys(facts).map((key) => this.k('follow', key));
    const since = published - days * DAY_MS;
    return readRecentStories(this.redis, keys, since, MAX_FOLLOW_UP_STORIES, this.k('record', ''));
  }

  /** Files the story under each of its incident's places and kinds of event, scored by its latest day, kept as long as a follow-up may look back. */
  private async indexIncident(story: Story): Promise<void> {
    const incident = story.incident;
    const keys = followUpKeys(incident);
    const latest = incident?.days[incident.days.length - 1];
    if (keys.length === 0 || !latest) return;
    const score = Date.parse(`${latest}T00:00:00Z`) + DAY_MS - 1;
    const ttl = Math.ceil(this.indexedDays * 86_400) + 2 * 86_400;
    // A busy key (a country's attacks) is written often enough never to expire: stories far older than this one, which
    // no report reads any more (twice the look-back, for feeds replayed out of order), leave it.
    const stale = score - 2 * this.indexedDays * DAY_MS;
    const batch = this.redis.multi();
    for (const key of keys) batch.zadd(this.k('follow', key), 'GT', score, story.id).zremrangebyscore(this.k('follow', key), '-inf', `(${stale}`).expire(this.k('follow', key), ttl);
    await batch.exec();
  }

  /** The report of the story, by another outlet, that this one reprints (see copiedReport). */
  private copiedReport(article: Article, report: NewReport, story: Story, candidates: ReadonlyArray<{ articleId: string; fingerprint: string }>): string | undefined {
    const byId = new Map(story.sources.map((s) => [s.articleId, s]));
    const inStory = candidates.flatMap((candidate) => {
      const source = byId.get(candidate.articleId);
      const other = source && decodeFingerprint(candidate.fingerprint);
      return source && other ? [{ articleId: candidate.articleId, outlet: source.outlet, fingerprint: other, published: source.published }] : [];
    });
    return copiedReport({ outlet: article.outlet, fingerprint: report }, inStory, this.sourcesConfig.copy_similarity)?.articleId;
  }

  private textSimilarity(fp: Fingerprint, other: Fingerprint): number {
    if (fp.shingles < MIN_SHINGLES_TO_CLUSTER || other.shingles < MIN_SHINGLES_TO_CLUSTER) return 0;
    const score = estimateOverlap(fp, other);
    return score >= this.options.similarity ? score : 0;
  }

  private newStory(article: Article): Story {
    const source = sourceOf(article, undefined, this.sourcesConfig);
    return {
      id: contentId('st', article.id),
      title: article.title,
      firstReport: article.published,
      latestReport: article.published,
      sources: [source],
      outlets: 1,
      ...sourcing([source], this.sourcesConfig.groups),
    };
  }
}
