import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { foldCase } from '../core/text.js';
import { loadYamlFile } from '../core/validate.js';

const Lists = z.strictObject({ en: z.array(z.string().min(1)), fr: z.array(z.string().min(1)) });
const BoilerplateSchema = z.strictObject({
  max_words: z.number().int().positive(),
  max_label_words: z.number().int().positive(),
  date_line_words: z.number().int().positive(),
  date_lines: z.array(z.string().min(1)),
  openers: Lists,
  credit_agencies: z.array(z.string().min(1)),
  bio_phrases: Lists,
  credit_phrases: Lists,
  bracketed_credit_phrases: z.array(z.string().min(1)),
  max_credit_words: z.number().int().positive(),
});

/** Case and accents folded, hyphens and apostrophes as spaces: how paragraphs and the listed words are compared. */
const fold = (s: string) =>
  foldCase(s)
    .replace(/[-'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface Cues {
  maxWords: number;
  maxLabelWords: number;
  dateLineWords: number;
  dateLines: string[];
  openers: { words: string; needsColon: boolean }[];
  agencies: string[];
  bio: string[];
  credits: string[];
  bracketedCredits: string[];
  maxCreditWords: number;
}
let cached: Cues | undefined;

function cues(): Cues {
  if (cached) return cached;
  const c = loadYamlFile(BoilerplateSchema, packagePath('data', 'pages', 'boilerplate.yaml'));
  cached = {
    maxWords: c.max_words,
    maxLabelWords: c.max_label_words,
    dateLineWords: c.date_line_words,
    dateLines: c.date_lines.map(fold),
    openers: [...c.openers.en, ...c.openers.fr].map((o) => ({ words: fold(o.replace(/:$/, '')), needsColon: o.endsWith(':') })),
    agencies: c.credit_agencies.map(fold),
    bio: [...c.bio_phrases.en, ...c.bio_phrases.fr].map(fold),
    credits: [...c.credit_phrases.en, ...c.credit_phrases.fr].map(fold),
    bracketedCredits: c.bracketed_credit_phrases.map(fold),
    maxCreditWords: c.max_credit_words,
  };
  return cached;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** "Related: …", "SIGN UP FOR OUR NEWSLETTER", "Lire aussi | …": a short paragraph opening with a call to act or a link label. */
function isCallToAct(paragraph: string, c: Cues): boolean {
  const count = wordCount(paragraph);
  if (count > c.maxLabelWords) return false;
  const folded = fold(paragraph);
  return c.openers.some(({ words, needsColon }) => {
    if (!folded.startsWith(words)) return false;
    const rest = folded.slice(words.length);
    // "Lire aussi : <a headline>" is a link label, as long as a headline; "Sign up for our newsletter" a short call.
    const labelled = /^\s*[:|]/.test(rest);
    return labelled || (!needsColon && count <= c.maxWords && (rest === '' || /^[\s»›>–—.!]/.test(rest)));
  });
}

/** "CNNMoney (New York) First published February 1, 2016: 1:28 AM ET": the page's date line, inside the text. */
function isDateLine(paragraph: string, c: Cues): boolean {
  if (wordCount(paragraph) > c.dateLineWords || !/\d/.test(paragraph)) return false;
  const folded = fold(paragraph);
  return c.dateLines.some((d) => folded.includes(d));
}

/**
 * "JIM WATSON/AFP/Getty Images", "Photo: Reuters": a credit line under a picture; and a caption that
 * ends with its credit in brackets ("Gunmen stormed the museum on Wednesday. (Reuters)").
 */
function isPhotoCredit(paragraph: string, c: Cues): boolean {
  const count = wordCount(paragraph);
  const folded = fold(paragraph);
  const bracketed = /\(([^()]{1,40})\)\s*$/.exec(paragraph)?.[1];
  if (bracketed && count <= c.maxCreditWords && (/photo/i.test(bracketed) || c.agencies.includes(fold(bracketed)))) return true;
  if (count > 8) return false;
  if (/^\(?photos? ?:/.test(folded)) return true;
  return paragraph.includes('/') && c.agencies.some((a) => folded.endsWith(a));
}

/** "[Read: Why Tunisia …]", "[Get New York Today in your inbox.]": a link box, the whole paragraph in square brackets. */
function isBracketedLink(paragraph: string, c: Cues): boolean {
  return paragraph.startsWith('[') && paragraph.endsWith(']') && wordCount(paragraph) <= c.maxLabelWords;
}

/**
 * "Heba Habib contributed to this report.", "This version corrects …", "(Reporting by … in Bamako;
 * Editing by …)": the desk's credits and corrections.
 */
function isDeskNote(paragraph: string, c: Cues): boolean {
  if (wordCount(paragraph) > c.maxCreditWords) return false;
  const folded = fold(paragraph);
  if (c.credits.some((phrase) => folded.includes(phrase))) return true;
  return paragraph.startsWith('(') && paragraph.endsWith(')') && c.bracketedCredits.some((phrase) => folded.includes(phrase));
}

/**
 * The article's paragraphs without the page furniture Readability keeps:
 * calls to act and link labels, date lines, photo credits and credited captions, link boxes
 * in brackets, the desk's credits and corrections, and an author bio closing the text. Only
 * short paragraphs are ever dropped, and a bio only among the last two.
 */
export function withoutBoilerplate(paragraphs: readonly string[]): string[] {
  const c = cues();
  const kept = paragraphs.filter((p) => !isCallToAct(p, c) && !isDateLine(p, c) && !isPhotoCredit(p, c) && !isBracketedLink(p, c) && !isDeskNote(p, c));
  // A bio closes the text: the last paragraph, or the one before a last furniture line Readability kept.
  for (let k = 0; k < 2 && kept.length > 2; k++) {
    const at = kept.length - 1 - k;
    const paragraph = kept[at]!;
    if (wordCount(paragraph) <= c.maxCreditWords && c.bio.some((b) => fold(paragraph).includes(b))) kept.splice(at, 1);
  }
  return kept;
}
