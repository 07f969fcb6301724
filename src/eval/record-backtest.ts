import { existsSync } from 'node:fs';
import { articleFullText } from '../articles/article.js';
import { ValidationError } from '../core/validate.js';
import { extract } from '../extraction/extract.js';
import { evidenceLines } from '../matching/explain.js';
import type { CompiledIndicator } from '../matching/indicator.js';
import { loadIndicatorFile, loadIndicators } from '../matching/loader.js';
import type { Explanation, Severity } from '../matching/match.js';
import { buildMatcher } from '../matching/matcher.js';
import { type FeedRef, type SilenceIndicator, silenceCountFilter } from '../matching/silence.js';
import type { TrendIndicator } from '../matching/trend.js';
import type { RecordStore } from '../record/store.js';
import { judgeTrend } from '../trends/evaluate.js';
import { judgeSilence } from '../trends/silence.js';
import { regionsFor } from './run.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** What `backtest` runs: an article indicator over stored articles, a trend indicator over stored events, or a silence indicator over when articles were seen. */
export type BacktestSubject = { kind: 'article'; indicator: CompiledIndicator } | { kind: 'trend'; indicator: TrendIndicator } | { kind: 'silence'; indicator: SilenceIndicator };

/** An indicator file (a path, or a name ending .yaml) or the id of one in the configured folder. */
export function resolveIndicator(ref: string, dir: string): BacktestSubject {
  if (/\.ya?ml$/.test(ref) || existsSync(ref)) {
    const { regions, errors: regionErrors } = regionsFor(ref);
    const loaded = loadIndicatorFile(ref, regions);
    if (loaded.trend) return { kind: 'trend', indicator: loaded.trend };
    if (loaded.silence) return { kind: 'silence', indicator: loaded.silence };
    if (!loaded.indicator) throw new ValidationError(ref, [...regionErrors, ...loaded.errors]);
    return { kind: 'article', indicator: loaded.indicator };
  }
  const { indicators, trends, silences } = loadIndicators(dir);
  const silence = silences.find((s) => s.id === ref);
  if (silence) return { kind: 'silence', indicator: silence };
  const found = indicators.find((i) => i.id === ref);
  if (found) return { kind: 'article', indicator: found };
  const trend = trends.find((t) => t.id === ref);
  if (trend) return { kind: 'trend', indicator: trend };
  const known = [...indicators, ...trends, ...silences].map((i) => i.id);
  throw new Error(`unknown indicator "${ref}": no file of that name, and no indicator with that id in ${dir} (known: ${known.join(', ') || 'none'})`);
}

/** One stored article the indicator matched, with the words that made it match. */
export interface BacktestArticle {
  id: string;
  url: string;
  title: string;
  outlet: string;
  published: string;
  explanation: Explanation[];
}

/** A story (or a lone article kept without one) the indicator matched, and whether it would have alerted. */
export interface BacktestStory {
  storyId: string;
  title: string;
  /** Independent outlets the record counts for the story (1 for an article kept without a story). */
  outlets: number;
  /** The story's window time: its earliest report. */
  at: string;
  /** Matching stories in the threshold window ending at this story's time, this one included. */
  storiesInWindow: number;
  /** Would have raised an alert; otherwise `heldBack` says which part of the alerting policy held it. */
  alert: boolean;
  heldBack?: string;
  articles: BacktestArticle[];
}

export interface BacktestReport {
  indicator: { id: string; title: string; severity: Severity; file: string };
  since: string;
  until: string | null;
  /** Articles read from the record in [since, until). */
  scanned: number;
  /** Of them, those the indicator's conditions held for. */
  matchedArticles: number;
  stories: BacktestStory[];
  /** Stories that would have raised an alert after min_sources and the threshold window. */
  wouldAlert: number;
}

/**
 * Runs one indicator over the articles kept in the record, as the analyze
 * stage would: each article extracted again with today's extraction and
 * gazetteer, and matched by the service's matcher (disabled indicators too: a
 * backtest is how one is tried before it is switched on). Articles are read
 * a batch at a time; only the matches are held.
 *
 * The alerting policy is applied to the outcome, not replayed: a matching
 * story alerts when its outlets reach `min_sources` (the record keeps a story's
 * outlets, not its independent sources: a backtest counts syndicated copies
 * as sources, so it may let through a story the service holds) and the matching stories
 * in `threshold.within_days` up to its earliest report reach
 * `threshold.stories` — what the service's Redis windows settle on whatever
 * order reports arrive in. Matching stories up to one window before `since`
 * are read to count in those windows but are not reported.
 */
export async function backtestOverRecord(record: RecordStore, indicator: CompiledIndicator, range: { since: Date; until?: Date; batch?: number }): Promise<BacktestReport> {
  const matcher = buildMatcher([{ ...indicator, enabled: true }]);
  const policy = indicator.alerting;
  const leadIn = policy.threshold.stories > 1 ? policy.threshold.within_days * DAY_MS : 0;
  const stories = new Map<string, BacktestStory>();
  let scanned = 0;
  let matchedArticles = 0;
  for await (const batch of record.articlesInTime({ ...range, since: new Date(range.since.getTime() - leadIn) })) {
    for (const a of batch) {
      const reported = Date.parse(a.at) >= range.since.getTime();
      if (reported) scanned++;
      const extraction = extract({ title: a.title, text: a.text, language: a.language ?? undefined, published: a.at });
      const [match] = matcher.match({ text: articleFullText(a), extraction });
      if (!match) continue;
      if (reported) matchedArticles++;
      const storyId = a.story?.id ?? a.id;
      const firstReport = a.story?.firstReport ? Math.min(Date.parse(a.story.firstReport), Date.parse(a.at)) : Date.parse(a.at);
      const story = stories.get(storyId) ?? { storyId, title: a.story?.title ?? a.title, outlets: a.story?.outlets ?? 1, at: new Date(firstReport).toISOString(), storiesInWindow: 0, alert: false, articles: [] };
      if (firstReport < Date.parse(story.at)) story.at = new Date(firstReport).toISOString();
      story.articles.push({ id: a.id, url: a.url, title: a.title, outlet: a.outlet, published: a.at, explanation: match.explanation });
      stories.set(storyId, story);
    }
  }
  const times = [...stories.values()].map((s) => Date.parse(s.at)).sort((x, y) => x - y);
  const windowMs = policy.threshold.within_days * DAY_MS;
  const reported = [...stories.values()].filter((s) => Date.parse(s.at) >= range.since.getTime()).sort((x, y) => x.at.localeCompare(y.at));
  for (const story of reported) {
    const t = Date.parse(story.at);
    story.storiesInWindow = times.filter((x) => x >= t - windowMs && x <= t).length;
    if (story.outlets < policy.min_sources) story.heldBack = `min_sources: ${story.outlets} of ${policy.min_sources} (outlets in the record)`;
    else if (story.storiesInWindow < policy.threshold.stories) story.heldBack = `threshold: ${story.storiesInWindow} of ${policy.threshold.stories} matching stories within ${policy.threshold.within_days} days`;
    story.alert = story.heldBack === undefined;
  }
  return {
    indicator: { id: indicator.id, title: indicator.title, severity: indicator.severity, file: indicator.file },
    since: range.since.toISOString(),
    until: range.until?.toISOString() ?? null,
    scanned,
    matchedArticles,
    stories: reported,
    wouldAlert: reported.filter((s) => s.alert).length,
  };
}

/** The report for a person: each matched story, its articles and their evidence, then the totals. */
export function formatBacktest(report: BacktestReport): string {
  const { indicator } = report;
  const lines = [`${indicator.id}: ${indicator.title} [${indicator.severity}]`, `articles from ${report.since}${report.until ? ` to ${report.until}` : ''}`, ''];
  for (const story of report.stories) {
    lines.push(`${story.alert ? 'ALERT' : 'held '} ${story.at.slice(0, 10)} ${story.title} (${story.outlets} outlet${story.outlets === 1 ? '' : 's'}, ${story.storyId})${story.heldBack ? ` — held back by ${story.heldBack}` : ''}`);
    for (const a of story.articles) {
      lines.push(`      ${a.published.slice(0, 10)} ${a.outlet}: ${a.title}`, `        ${a.url}`);
      lines.push(...evidenceLines(a.explanation, '        '));
    }
  }
  if (report.stories.length > 0) lines.push('');
  lines.push(`${report.scanned} articles scanned, ${report.matchedArticles} matched in ${report.stories.length} stories; would have raised ${report.wouldAlert} alert(s)`);
  return lines.join('\n');
}

/** One alert a trend would have raised: the reading that opened its episode. */
export interface TrendBacktestAlert {
  at: string;
  count: number;
  mean: number;
  summary: string;
  events: string[];
}

export interface TrendBacktestReport {
  indicator: { id: string; title: string; severity: Severity; file: string };
  since: string;
  until: string;
  /** Readings taken: one at the end of each day. */
  readings: number;
  /** Readings over the bar. */
  firing: number;
  alerts: TrendBacktestAlert[];
}

/**
 * A trend indicator read at the end of each day in [since, until] over the
 * events in the record, as the service's sweep would have read it then:
 * each reading over the bar opens an alert unless one is open (an episode
 * lasts until a window passes without a firing reading), as in the service.
 */
export async function backtestTrend(record: RecordStore, indicator: TrendIndicator, range: { since: Date; until?: Date }): Promise<TrendBacktestReport> {
  const { trend } = indicator;
  const windowMs = trend.window_days * DAY_MS;
  const until = (range.until ?? new Date()).getTime();
  const alerts: TrendBacktestAlert[] = [];
  let readings = 0;
  let firing = 0;
  let lastFired: number | undefined;
  for (let at = Math.ceil(range.since.getTime() / DAY_MS) * DAY_MS; at <= until; at += DAY_MS) {
    readings++;
    const reading = judgeTrend(trend, await record.eventWindowCounts(trend.events, at, windowMs, trend.baseline_windows, indicator.areas), at);
    if (!reading.fires) continue;
    firing++;
    if (lastFired === undefined || at - lastFired > windowMs) alerts.push({ at: reading.windowEnd, count: reading.count, mean: reading.mean, summary: reading.summary, events: reading.events.map((e) => e.id) });
    lastFired = at;
  }
  return { indicator: { id: indicator.id, title: indicator.title, severity: indicator.severity, file: indicator.file }, since: range.since.toISOString(), until: new Date(until).toISOString(), readings, firing, alerts };
}

export function formatTrendBacktest(report: TrendBacktestReport): string {
  const { indicator } = report;
  const lines = [`${indicator.id}: ${indicator.title} [${indicator.severity}] (trend)`, `read daily from ${report.since} to ${report.until}`, ''];
  for (const a of report.alerts) lines.push(`ALERT ${a.at.slice(0, 10)} ${a.summary}`, `      events: ${a.events.join(' ')}`);
  if (report.alerts.length > 0) lines.push('');
  lines.push(`${report.readings} daily readings, ${report.firing} over the bar; would have raised ${report.alerts.length} alert(s)`);
  return lines.join('\n');
}

/** One alert a silence would have raised: the reading that opened its episode. */
export interface SilenceBacktestAlert {
  at: string;
  ratePerDay: number;
  recent: number;
  /** Hours since the last matching article; absent when the record held none. */
  silentHours?: number;
  lastArticle?: string;
  summary: string;
}

export interface SilenceBacktestReport {
  indicator: { id: string; title: string; severity: Severity; file: string };
  since: string;
  until: string;
  /** Readings taken: one at the end of each hour. */
  readings: number;
  /** Readings where the silence held. */
  firing: number;
  alerts: SilenceBacktestAlert[];
}

/**
 * A silence indicator read at the end of each hour in [since, until] over when
 * the service saw the record's articles, as its sweep would have read it then
 * (the sweep reads every 15 minutes, so a silence may show here up to 45
 * minutes later than it did): a reading that holds opens an alert unless one
 * is open, and the episode ends at the first reading that does not (articles
 * came again), as in the service. The feeds it names are the configuration's.
 */
export async function backtestSilence(record: RecordStore, indicator: SilenceIndicator, feeds: Iterable<FeedRef>, range: { since: Date; until?: Date }): Promise<SilenceBacktestReport> {
  const { silence } = indicator;
  const filter = silenceCountFilter(indicator, feeds);
  if (!filter) throw new Error(`${indicator.id}: its feeds and feed tags name no configured feed, so it counts no article`);
  const until = (range.until ?? new Date()).getTime();
  const alerts: SilenceBacktestAlert[] = [];
  let readings = 0;
  let firing = 0;
  let open = false;
  for (let at = Math.ceil(range.since.getTime() / HOUR_MS) * HOUR_MS; at <= until; at += HOUR_MS) {
    readings++;
    const reading = judgeSilence(silence, await record.quietCounts(filter, at, silence.baseline_days * DAY_MS, silence.quiet_hours * HOUR_MS), at);
    if (!reading.fires) {
      open = false;
      continue;
    }
    firing++;
    if (open) continue;
    open = true;
    alerts.push({
      at: reading.at,
      ratePerDay: reading.ratePerDay,
      recent: reading.recent,
      ...(reading.silentHours !== undefined ? { silentHours: reading.silentHours } : {}),
      ...(reading.last ? { lastArticle: reading.last.id } : {}),
      summary: reading.summary,
    });
  }
  return { indicator: { id: indicator.id, title: indicator.title, severity: indicator.severity, file: indicator.file }, since: range.since.toISOString(), until: new Date(until).toISOString(), readings, firing, alerts };
}

export function formatSilenceBacktest(report: SilenceBacktestReport): string {
  const { indicator } = report;
  const lines = [`${indicator.id}: ${indicator.title} [${indicator.severity}] (silence)`, `read hourly from ${report.since} to ${report.until}`, ''];
  for (const a of report.alerts) lines.push(`ALERT ${a.at.slice(0, 16)}Z ${a.summary}`);
  if (report.alerts.length > 0) lines.push('');
  lines.push(`${report.readings} hourly readings, ${report.firing} silent; would have raised ${report.alerts.length} alert(s)`);
  return lines.join('\n');
}
