import type { Alert } from '../alerts/alert.js';
import { notifiedState } from '../alerts/merge.js';
import type { ArticleFilter, Silence, SilenceIndicator } from '../matching/silence.js';
import type { QuietCounts } from '../record/article-counts.js';
import { indicatorFields } from './evaluate.js';

const HOUR_MS = 3_600_000;

/** A silence's numbers at one moment: the baseline rate against the quiet period. */
export interface SilenceReading {
  /** Articles a day over the baseline. */
  ratePerDay: number;
  /** Articles in the last quiet_hours. */
  recent: number;
  /** Hours since the newest matching article; undefined when the record holds none. */
  silentHours?: number;
  last?: QuietCounts['last'];
  fires: boolean;
  /** The sentence an analyst reads: the numbers and the rule. */
  summary: string;
  at: string;
}

/** What the filter counts, in words: "articles from feeds allafrica-mali or feeds tagged mali about ML naming a place in Kayes". */
export function describeArticles(filter: ArticleFilter): string {
  const from = [filter.feeds ? `feeds ${filter.feeds.join(', ')}` : '', filter.feed_tags ? `feeds tagged ${filter.feed_tags.join(', ')}` : ''].filter(Boolean).join(' or ');
  const about = filter.countries ? `about ${filter.countries.join(', ')}` : '';
  const regions = filter.regions ? `the ${filter.regions.join(' or ')} area` : '';
  const where = [filter.admin1?.join(' or '), regions].filter(Boolean).join(' and a place in ');
  return ['articles', from ? `from ${from}` : '', about, where ? `naming a place in ${where}` : ''].filter(Boolean).join(' ');
}

/** Whether articles that normally come at the silence's rate have stopped coming. */
export function judgeSilence(silence: Silence, counts: QuietCounts, now: number): SilenceReading {
  const ratePerDay = counts.baseline / silence.baseline_days;
  const silentHours = counts.last ? (now - Date.parse(counts.last.seenAt)) / HOUR_MS : undefined;
  const fires = ratePerDay >= silence.min_items_per_day && counts.recent < silence.max_items;
  const what = `${counts.recent} ${describeArticles(silence.articles)} seen in the ${silence.quiet_hours} hours to ${new Date(now).toISOString().slice(0, 16)}Z`;
  const history = `${ratePerDay.toFixed(1)} a day over the ${silence.baseline_days} days before`;
  const last = counts.last ? `last seen ${counts.last.seenAt.slice(0, 16)}Z (${silentHours?.toFixed(1)} hours ago): ${counts.last.outlet} "${counts.last.title}"` : 'none in the record';
  const rule = `a baseline of ≥ ${silence.min_items_per_day} a day and fewer than ${silence.max_items} in ${silence.quiet_hours} hours`;
  return {
    ratePerDay,
    recent: counts.recent,
    ...(silentHours !== undefined ? { silentHours } : {}),
    ...(counts.last ? { last: counts.last } : {}),
    fires,
    summary: `${what}; ${history}; ${last}; rule: ${rule}`,
    at: new Date(now).toISOString(),
  };
}

/** The alert a firing silence raises: its story is the quiet period, its one source the last article seen. */
export function silenceAlert(indicator: SilenceIndicator, reading: SilenceReading, alertId: string): Alert {
  const { at, last } = reading;
  const hours = reading.silentHours ?? indicator.silence.quiet_hours;
  const title = `${indicator.title}: ${reading.recent === 0 ? 'nothing' : `only ${reading.recent}`} in ${hours.toFixed(0)} hours against ${reading.ratePerDay.toFixed(1)} a day`;
  const alert: Alert = {
    id: alertId,
    ...indicatorFields(indicator),
    version: 1,
    story: {
      id: alertId,
      title,
      firstReport: last?.seenAt ?? new Date(Date.parse(at) - indicator.silence.quiet_hours * HOUR_MS).toISOString(),
      latestReport: at,
      outlets: last ? 1 : 0,
      sources: last ? [{ articleId: last.id, url: last.url, outlet: last.outlet, title: `last seen (${last.feedId}): ${last.title}`, published: last.seenAt }] : [],
    },
    places: [],
    countries: indicator.silence.articles.countries ?? [],
    actors: [],
    people: [],
    casualties: [],
    evidence: [{ condition: 'silence', detail: reading.summary, sourceUrl: last?.url ?? '', evidence: [] }],
    history: [{ at, kind: 'raised', version: 1, note: `raised: ${reading.summary}` }],
    createdAt: at,
    updatedAt: at,
    silenced: false,
    receivers: indicator.receivers,
  };
  alert.notified = notifiedState(alert, Date.parse(at));
  return alert;
}
