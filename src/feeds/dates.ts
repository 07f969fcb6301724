/**
 * French day and month names as French CMSs write them in pubDate
 * ("mar., 12 nov. 2024 10:00:00 +0100"), mapped to the English forms Date.parse knows.
 */
const FRENCH_WORDS: Array<[RegExp, string]> = [
  [/\b(lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?,/gi, ''],
  [/\bjanv?[a-z]*\.?/gi, 'Jan'],
  [/\bf[ée]vr?[a-z]*\.?/gi, 'Feb'],
  [/\bmars\b/gi, 'Mar'],
  [/\bavr[a-z]*\.?/gi, 'Apr'],
  [/\bmai\b/gi, 'May'],
  [/\bjuin\b/gi, 'Jun'],
  [/\bjuil[a-z]*\.?/gi, 'Jul'],
  [/\bao[uû]t\b/gi, 'Aug'],
  [/\bsept?[a-z]*\.?/gi, 'Sep'],
  [/\boct[a-z]*\.?/gi, 'Oct'],
  [/\bnov[a-z]*\.?/gi, 'Nov'],
  [/\bd[ée]c[a-z]*\.?/gi, 'Dec'],
];

/** Milliseconds since epoch, or null when the text is not a date we can trust. */
export function parseFeedDate(text: string | undefined): number | null {
  const raw = text?.trim();
  if (!raw) return null;
  // 15/09/2025 or 15.09.2025: day first, as francophone sites write it (Date.parse would read month first).
  const dayFirst = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(raw);
  if (dayFirst) return validDate(Date.UTC(Number(dayFirst[3]), Number(dayFirst[2]) - 1, Number(dayFirst[1])), dayFirst);
  let ms = Date.parse(raw);
  if (Number.isNaN(ms) && /[a-zé]{3}/i.test(raw)) {
    let english = raw;
    for (const [pattern, replacement] of FRENCH_WORDS) english = english.replace(pattern, replacement);
    ms = Date.parse(english.trim());
  }
  return validDate(ms, null);
}

function validDate(ms: number, parts: RegExpExecArray | null): number | null {
  // Years before 1995 are parse accidents ("0001-01-01", two-digit years), not news.
  if (Number.isNaN(ms) || ms < Date.UTC(1995, 0, 1)) return null;
  // Date.UTC rolls 31/02 over to March: refuse instead.
  if (parts && new Date(ms).getUTCDate() !== Number(parts[1])) return null;
  return ms;
}
