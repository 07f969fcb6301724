/**
 * What a feed and its server say about how often to poll it: the RSS channel's
 * <ttl>, <skipHours>, <skipDays> and sy:updatePeriod/sy:updateFrequency, and the
 * HTTP response's Cache-Control max-age or Expires. Read here, weighed by
 * poll-schedule.ts.
 */

/** The syndication module's periods, in seconds. */
const UPDATE_PERIOD_SECS: Record<string, number> = { hourly: 3600, daily: 86_400, weekly: 7 * 86_400, monthly: 30 * 86_400, yearly: 365 * 86_400 };
const DAY_NUMBERS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
/** A cache lifetime past a day is a misconfigured CDN, not a publishing schedule. */
const MAX_FRESH_FOR_SECS = 86_400;

export interface ScheduleHints {
  /** RSS <ttl>: minutes the channel may be cached before it is fetched again. */
  ttlMinutes?: number;
  /** RSS <skipHours>: hours (0–23, GMT) in which the feed asks not to be read. */
  skipHours?: number[];
  /** RSS <skipDays>: days (0 Sunday … 6 Saturday, GMT) in which the feed asks not to be read. */
  skipDays?: number[];
  /** sy:updatePeriod / sy:updateFrequency: the publisher's declared interval between updates. */
  updatePeriod?: { period: string; frequency: number };
  /** Cache-Control max-age or Expires of the last response: seconds it stays fresh. */
  freshFor?: { secs: number; source: 'Cache-Control max-age' | 'Expires' };
}

/** The channel's own hints, as the XML reader finds them (text of each element). */
export interface ChannelHintTexts {
  ttl?: string;
  skipHours: string[];
  skipDays: string[];
  updatePeriod?: string;
  updateFrequency?: string;
}

function wholeNumber(text: string | undefined): number | undefined {
  const n = text === undefined ? Number.NaN : Number(text.trim());
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The channel hints that parse; a nonsense value is left out, never fatal. */
export function channelHints(texts: ChannelHintTexts): ScheduleHints {
  const hints: ScheduleHints = {};
  const ttl = wholeNumber(texts.ttl);
  if (ttl !== undefined && ttl > 0) hints.ttlMinutes = ttl;
  const hours = texts.skipHours.map(wholeNumber).filter((h): h is number => h !== undefined && h <= 24).map((h) => h % 24);
  if (hours.length > 0) hints.skipHours = [...new Set(hours)].sort((a, b) => a - b);
  const days = texts.skipDays.map((d) => DAY_NUMBERS[d.trim().toLowerCase()]).filter((d): d is number => d !== undefined);
  if (days.length > 0) hints.skipDays = [...new Set(days)].sort((a, b) => a - b);
  const period = texts.updatePeriod?.trim().toLowerCase();
  if (period && period in UPDATE_PERIOD_SECS) hints.updatePeriod = { period, frequency: Math.max(1, wholeNumber(texts.updateFrequency) ?? 1) };
  return hints;
}

/** Seconds between updates the publisher declares with sy:updatePeriod / sy:updateFrequency. */
export function declaredUpdateSecs(update: NonNullable<ScheduleHints['updatePeriod']>): number {
  return (UPDATE_PERIOD_SECS[update.period] ?? 86_400) / update.frequency;
}

/** How long the response stays fresh by its Cache-Control max-age, else its Expires (against its Date); none for no-cache/no-store. */
export function httpFreshness(headers: Record<string, string | undefined>, now: number): ScheduleHints['freshFor'] {
  const cacheControl = (headers['cache-control'] ?? '').toLowerCase();
  if (/\b(no-cache|no-store)\b/.test(cacheControl)) return undefined;
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cacheControl)?.[1];
  if (maxAge !== undefined) return Number(maxAge) > 0 ? { secs: Math.min(Number(maxAge), MAX_FRESH_FOR_SECS), source: 'Cache-Control max-age' } : undefined;
  const expires = Date.parse(headers.expires ?? '');
  if (!Number.isFinite(expires)) return undefined;
  const served = Date.parse(headers.date ?? '');
  const secs = Math.floor((expires - (Number.isFinite(served) ? served : now)) / 1000);
  return secs > 0 ? { secs: Math.min(secs, MAX_FRESH_FOR_SECS), source: 'Expires' } : undefined;
}

/** True when `at` falls in an hour or day the feed asks not to be read (RSS skipHours/skipDays are in GMT). */
export function inSkipWindow(hints: ScheduleHints, at: number): boolean {
  const date = new Date(at);
  return (hints.skipHours?.includes(date.getUTCHours()) ?? false) || (hints.skipDays?.includes(date.getUTCDay()) ?? false);
}

/** `0-5,22` for hours 0,1,2,3,4,5,22: how the reason shows a skip list. */
export function compactRanges(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const start = values[i] as number;
    let end = start;
    while (values[i + 1] === end + 1) end = values[++i] as number;
    parts.push(end === start ? `${start}` : `${start}-${end}`);
  }
  return parts.join(',');
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `skipHours 0-5 GMT, skipDays Sat,Sun`, or '' when the feed skips nothing. */
export function skipWindowText(hints: ScheduleHints): string {
  const parts: string[] = [];
  if (hints.skipHours?.length) parts.push(`skipHours ${compactRanges(hints.skipHours)} GMT`);
  if (hints.skipDays?.length) parts.push(`skipDays ${hints.skipDays.map((d) => DAY_NAMES[d]).join(',')}`);
  return parts.join(', ');
}
