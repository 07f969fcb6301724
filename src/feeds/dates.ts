/**
 * Feed dates, read by grammar rather than by Date.parse: RFC 822/1123 and its
 * real-world variants (JS Date.toString, asctime, Twitter, French day and month
 * names), ISO 8601 / W3C-DTF, and dd/mm/yyyy as francophone sites write it.
 *
 * - Zone names are read from a table (MET, MEST, CET, CEST, WAT, US "ET/PT"…);
 *   an unknown zone name makes the date unreadable rather than silently wrong.
 * - A date without any zone is read as UTC, so the same feed gives the same
 *   instant whatever the server's TZ (Date.parse would use the local zone).
 * - Anything left over that is not a day, month, year, time or zone makes the
 *   whole text unreadable ("1:2:3:4", "Dec x 2012"): the item then gets its
 *   first-seen time instead of a plausible wrong date.
 */

/** Minutes east of UTC. RFC 822 names, feedparser's US short names, and the zones our outlets use. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  'etc/gmt': 0,
  'etc/utc': 0,
  wet: 0,
  west: 60,
  bst: 60,
  wat: 60, // West Africa Time (Nigeria, Niger, Benin, Chad): UTC+1, no DST
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  mesz: 120,
  cat: 120,
  eet: 120,
  sast: 120,
  eest: 180,
  eat: 180,
  msk: 180,
  ist: 330,
  jst: 540,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  ast: -240,
  adt: -180,
  akst: -540,
  akdt: -480,
  hst: -600,
  at: -240,
  et: -300,
  ct: -360,
  mt: -420,
  pt: -480,
};

/** English and French month names and abbreviations (accents folded), by their first letters. */
const MONTH_PREFIXES: Array<[string, number]> = [
  ['janv', 0],
  ['jan', 0],
  ['fevr', 1],
  ['feb', 1],
  ['fev', 1],
  ['mars', 2],
  ['mar', 2],
  ['avr', 3],
  ['apr', 3],
  ['may', 4],
  ['mai', 4],
  ['juin', 5],
  ['jun', 5],
  ['juil', 6],
  ['jul', 6],
  ['aout', 7],
  ['aug', 7],
  ['sep', 8],
  ['oct', 9],
  ['nov', 10],
  ['dec', 11],
];
const MONTH_WORDS = new Set([
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'janvier', 'fevrier', 'avril', 'juillet', 'septembre', 'octobre', 'novembre', 'decembre',
]);
const WEEKDAYS = new Set([
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'lun', 'mer', 'jeu', 'ven', 'sam', 'dim', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
]);

/** Words around a date in running text: "le 12 septembre 2025 à 10h30", "on 3 May". */
const FILLERS = new Set(['le', 'a', 'on', 'de', 'du']);

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function monthOf(token: string): number | undefined {
  const word = fold(token).replace(/\.$/, '');
  if (!/^[a-z]{3,}$/.test(word)) return undefined;
  for (const [prefix, month] of MONTH_PREFIXES) {
    if (word === prefix || (word.startsWith(prefix) && (MONTH_WORDS.has(word) || word.length <= 4))) return month;
  }
  return undefined;
}

/** "+0100", "-01:01", "+01", "GMT+1", "UTC-05:00" → minutes east; undefined when not an offset. */
function offsetOf(token: string): number | undefined {
  const m = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC; zone-less dates are UTC. */
  offset: number;
}

function toMs(p: Parts): number | null {
  if (p.month < 0 || p.month > 11 || p.day < 1 || p.day > daysIn(p.year, p.month)) return null;
  if (p.hour > 23 || p.minute > 59 || p.second > 60) return null;
  const ms = Date.UTC(p.year, p.month, p.day, p.hour, p.minute, Math.min(p.second, 59)) - p.offset * 60_000;
  // Years before 1995 are parse accidents ("0001-01-01", two-digit years), not news.
  return Number.isNaN(ms) || ms < Date.UTC(1995, 0, 1) ? null : ms;
}

// A zone only after a time: "2013-01-27-01" is not a date.
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T\s]\s*(\d{2}):(\d{2})(?::(\d{2})([.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;
const ISO_COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?([.,]\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(raw: string): number | null | undefined {
  const m = ISO.exec(raw) ?? ISO_COMPACT.exec(raw);
  if (!m) return undefined;
  const offset = m[8] === undefined || /^z$/i.test(m[8]) ? 0 : offsetOf(m[8]);
  if (offset === undefined) return null;
  const ms = toMs({
    year: Number(m[1]),
    month: Number(m[2] ?? 1) - 1,
    day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offset,
  });
  const fraction = m[7] ? Math.floor(Number(`0.${m[7].slice(1)}`) * 1000) : 0;
  return ms === null ? null : ms + fraction;
}

const TIME = /^(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?$/i;
const SLASHED_YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;

/** RFC 822 and its relatives, token by token: every token must be a day, month, year, time, weekday or zone. */
function parseWords(raw: string): number | null {
  // "Sat, ", "mar., ", "Fri,24": a leading word followed by a comma is the weekday (French "mar." is Tuesday, not March).
  const text = raw
    .replace(/\s*\([^)]*\)\s*$/, '') // "GMT+0200 (Central European Summer Time)"
    .replace(/^[^\d\s,]+\.?\s*,\s*/, '')
    .replace(/,/g, ' ')
    .trim();
  const p: Partial<Parts> = {};
  let weekdaySeen = false;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const lower = fold(token).replace(/\.$/, '');
    const time = TIME.exec(token);
    if (time && p.hour === undefined) {
      p.hour = Number(time[1]);
      p.minute = Number(time[2]);
      p.second = Number(time[3] ?? 0);
      continue;
    }
    const ymd = SLASHED_YMD.exec(token);
    if (ymd && p.year === undefined && p.day === undefined && p.month === undefined) {
      p.year = Number(ymd[1]);
      p.month = Number(ymd[2]) - 1;
      p.day = Number(ymd[3]);
      continue;
    }
    if (/^\d{1,4}$/.test(token)) {
      const n = Number(token);
      if (token.length === 4 && p.year === undefined) p.year = n;
      else if (token.length <= 2 && p.day === undefined) p.day = n;
      else if (token.length <= 2 && p.year === undefined) p.year = n < 70 ? 2000 + n : 1900 + n;
      else return null;
      continue;
    }
    const month = monthOf(token);
    if (month !== undefined && p.month === undefined) {
      p.month = month;
      continue;
    }
    // "at" before the time is a word ("3 May 2025 at 10:00"); after it, Atlantic Time.
    if (FILLERS.has(lower) || (lower === 'at' && p.hour === undefined)) continue;
    if (!weekdaySeen && WEEKDAYS.has(lower) && p.day === undefined) {
      weekdaySeen = true;
      continue;
    }
    if (p.offset === undefined) {
      const offset = ZONES[lower] ?? offsetOf(token);
      if (offset !== undefined) {
        p.offset = offset;
        continue;
      }
    }
    return null;
  }
  if (p.year === undefined || p.month === undefined || p.day === undefined) return null;
  return toMs({ hour: 0, minute: 0, second: 0, offset: 0, ...p } as Parts);
}

/** Milliseconds since epoch, or null when the text is not a date we can trust. */
export function parseFeedDate(text: string | undefined): number | null {
  const raw = text?.trim();
  if (!raw) return null;
  // 15/09/2025 or 15.09.2025: day first, as francophone sites write it (month-first readers would swap them).
  const dayFirst = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(raw);
  if (dayFirst) {
    return toMs({ year: Number(dayFirst[3]), month: Number(dayFirst[2]) - 1, day: Number(dayFirst[1]), hour: 0, minute: 0, second: 0, offset: 0 });
  }
  const iso = parseIso(raw);
  if (iso !== undefined) return iso;
  return parseWords(raw);
}
