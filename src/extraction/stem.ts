import { createRequire } from 'node:module';

// snowball-stemmers is CommonJS without types: one English and one French Snowball stemmer.
const require = createRequire(import.meta.url);
const snowball = require('snowball-stemmers') as { newStemmer(language: string): { stem(word: string): string } };

export type StemLanguage = 'en' | 'fr';
export const STEM_LANGUAGES: readonly StemLanguage[] = ['en', 'fr'];

export function isStemLanguage(language: string | undefined): language is StemLanguage {
  return language === 'en' || language === 'fr';
}

const stemmers = { en: snowball.newStemmer('english'), fr: snowball.newStemmer('french') };
const caches = { en: new Map<string, string>(), fr: new Map<string, string>() };
// Only words that may start a known family are stemmed (see StemIndex.heads), so this stays small.
const CACHE_LIMIT = 50_000;

/**
 * Snowball stem of one folded word ("recovered", "recovering" → "recov";
 * "recuperes", "recuperation" → "recuper"). Both aliases and text are folded
 * before stemming, so the two sides always agree. Cached: vocabulary repeats.
 */
export function stemWord(norm: string, language: StemLanguage): string {
  const cache = caches[language];
  let out = cache.get(norm);
  if (out === undefined) {
    out = language === 'fr' ? stemFrench(norm) : stemmers.en.stem(norm);
    if (cache.size < CACHE_LIMIT) cache.set(norm, out);
  }
  return out;
}

// French Snowball strips a participle's "-ée(s)" only with its accent; folded, "récupérées" would stem to
// "recupere", not "recuper" as "récupéré" does. The folded "-ee(s)" is put back to the folded "-é".
const FOLDED_FEMININE_PARTICIPLE = /ees?$/;

function unfoldFeminineParticiple(norm: string): string {
  return norm.length > 4 ? norm.replace(FOLDED_FEMININE_PARTICIPLE, 'e') : norm;
}

// French Snowball leaves a present-tense third person plural whole ("attaquent", "indiquent", "enlevent"):
// such a word is stemmed as its singular ("attaque" → "attaqu", as "attaquer"). Nouns it also leaves whole
// ("moment", "accident") get a stem no cue list uses; short words are left alone.
const THIRD_PERSON_PLURAL = /ent$/;
const MIN_PLURAL_VERB_LENGTH = 6;

function stemFrench(norm: string): string {
  const word = unfoldFeminineParticiple(norm);
  const stem = stemmers.fr.stem(word);
  if (stem !== word || word.length < MIN_PLURAL_VERB_LENGTH || !THIRD_PERSON_PLURAL.test(word)) return joinDreVerb(stem);
  return joinDreVerb(stemmers.fr.stem(word.slice(0, -2)));
}

// French Snowball gives a "-dre" verb three stems: "répondre" → "repondr", "répondu" → "repondu", "répond",
// "répondait" → "repond". The infinitive's "r" and the participle's "u" after "d" are dropped, so the verb is one family.
const DRE_VERB_STEM = /d[ru]$/;
const MIN_DRE_STEM = 5;

function joinDreVerb(stem: string): string {
  return stem.length >= MIN_DRE_STEM && DRE_VERB_STEM.test(stem) ? stem.slice(0, -1) : stem;
}

/** Shortest stem a one-word alias may be matched by: "tue" → "tu" would match the pronoun. */
export const MIN_STEM_LENGTH = 4;
