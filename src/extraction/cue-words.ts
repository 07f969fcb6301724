import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MIN_STEM_LENGTH, STEM_LANGUAGES, type StemLanguage, stemWord } from './stem.js';
import { foldPhrase } from './text.js';
import { WordSet } from './word-set.js';

/** A cue word list per language, as the cue files (frames.yaml, statements.yaml) write them. */
export const WordListsSchema = z.object({ en: z.array(z.string()).default([]), fr: z.array(z.string()).default([]) });
export type WordLists = z.infer<typeof WordListsSchema>;

/** Words of both languages, folded, matched as written. */
export function foldedWords(lists: WordLists): Set<string> {
  return new Set([...lists.en, ...lists.fr].map((w) => foldPhrase(w)));
}

/**
 * Word families of cue words: each language's words by Snowball stem, so "menacer"
 * also finds "menaçait" and "warn" finds "warning". A stem shorter than `minStem`
 * cannot tell words apart: such a word stays out, and its forms are listed as written.
 */
export interface WordFamilies {
  readonly minStem: number;
  readonly stems: Readonly<Record<StemLanguage, ReadonlySet<string>>>;
  /** First letters (char codes) of the stems: see mayBeInFamily. */
  readonly initials: Readonly<Record<StemLanguage, ReadonlySet<number>>>;
}

export function wordFamilies(lists: WordLists, minStem = MIN_STEM_LENGTH): WordFamilies {
  const stems = (language: StemLanguage) =>
    new Set(lists[language].map((w) => stemWord(foldPhrase(w), language)).filter((stem) => stem.length >= minStem));
  const en = stems('en');
  const fr = stems('fr');
  const initials = (set: ReadonlySet<string>) => new Set([...set].map((stem) => stem.charCodeAt(0)));
  return { minStem, stems: { en, fr }, initials: { en: initials(en), fr: initials(fr) } };
}

/**
 * False when the word cannot be of the families, told without stemming it: the
 * English and French Snowball stemmers change only a word's ending, so a stem
 * begins with the word's first letter.
 */
export function mayBeInFamily(norm: string, families: WordFamilies, language: StemLanguage): boolean {
  return norm.length >= families.minStem && families.initials[language].has(norm.charCodeAt(0));
}

/** Is this folded word of one of the families, in one of the article's languages? */
export function inWordFamily(norm: string, families: WordFamilies, languages: readonly StemLanguage[] = STEM_LANGUAGES): boolean {
  return languages.some((language) => inLanguageFamily(norm, families, language));
}

/** Is this folded word of one of the families in one language? */
export function inLanguageFamily(norm: string, families: WordFamilies, language: StemLanguage): boolean {
  return norm.length >= families.minStem && families.stems[language].has(stemWord(norm, language));
}

/** A bundled cue file and the schema it is read with: `sahelwatch check` validates each one. */
export interface CueFile {
  readonly file: string;
  readonly schema: z.ZodType;
}

/** What is wrong with a cue file, one line naming the file and the key, or nothing. */
export function cueFileProblems({ file, schema }: CueFile): string[] {
  try {
    loadCueFile(schema, file);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/** A bundled cue file, parsed and validated; a problem names the file and the key. */
export function loadCueFile<S extends z.ZodType>(schema: S, file: string): z.output<S> {
  const parsed = schema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A problem with the whole file (an unknown key) has no path.
    const key = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new Error(`${file}: ${key}${issue?.message}`);
  }
  return parsed.data;
}

/**
 * A French participle or adjective in both genders and numbers: "destinés" also
 * finds "destiné", "destinée" and "destinées", "saisie" finds "saisi". Cue lists
 * of participles write one form and read them all. The masculine singular is the
 * word less "-es", "-s" or "-e" that ends in é, i or u; a word with no such form
 * ("suspects", "sur") is kept as written.
 */
export function frenchAgreement(word: string): string[] {
  const folded = foldPhrase(word);
  if (folded.length < MIN_AGREEING_LENGTH || folded.includes(' ')) return [folded];
  const stripped = ['es', 's', 'e'].filter((ending) => folded.endsWith(ending)).map((ending) => folded.slice(0, -ending.length));
  const masculine = [...stripped, folded].find((m) => m.length >= MIN_AGREEING_LENGTH - 1 && /[eiu]$/.test(m));
  return masculine ? [...new Set([folded, masculine, `${masculine}s`, `${masculine}e`, `${masculine}es`])] : [folded];
}
const MIN_AGREEING_LENGTH = 5;

/** The lists with their French words in every gender and number (frenchAgreement), the others as they are. */
export function withFrenchAgreement<T extends Record<string, unknown>>(cues: T, agreeing: readonly (keyof T)[]): T {
  const out = { ...cues };
  for (const key of agreeing) {
    const lists = cues[key] as WordLists;
    out[key] = { ...lists, fr: [...new Set(lists.fr.flatMap(frenchAgreement))] } as T[keyof T];
  }
  return out;
}

/** Words that open a reported clause: "a affirmé que …", "said that …". */
export const COMPLEMENTIZERS = new WordSet(['que', 'qu', 'that']);
