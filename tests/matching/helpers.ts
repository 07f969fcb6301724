import type { Evidence, Extraction, PlaceMention } from '../../src/extraction/extraction.js';
import { tokenize } from '../../src/extraction/text.js';
import { compileCondition } from '../../src/matching/indicator.js';
import { ConditionSchema } from '../../src/matching/conditions/index.js';
import type { ConditionConfig } from '../../src/matching/conditions/condition.js';
import { DocContext } from '../../src/matching/doc.js';
import { loadRegions } from '../../src/matching/regions.js';

export const REGIONS = loadRegions('indicators/regions').regions;

export function emptyExtraction(language = 'en'): Extraction {
  return { language, actors: [], people: [], places: [], countries: [], events: [], equipment: [], casualties: [], statements: [], frames: [] };
}

/** Evidence for the first occurrence of quote in text (the nth when given). */
export function ev(text: string, quote: string, nth = 0): Evidence {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`"${quote}" not in text`);
  const sentence = tokenize(text).sentences.find((s) => start >= s.start && start < s.end)!;
  return { start, end: start + quote.length, quote, sentence: text.slice(sentence.start, sentence.end), sentenceStart: sentence.start };
}

export function place(text: string, quote: string, id: string, extra: Partial<PlaceMention>): PlaceMention {
  return { id, name: quote, evidence: [ev(text, quote)], placeKind: 'town', resolvedBy: 'curated', ...extra };
}

/** Validates (defaults applied) and compiles one condition as the loader would. */
export function compile(config: ConditionConfig) {
  return compileCondition(ConditionSchema.parse(config), REGIONS);
}

/** Compiles one condition and checks it on text + extraction. */
export function check(config: ConditionConfig, text: string, extraction: Extraction = emptyExtraction()) {
  return compile(config).check(new DocContext(text, extraction));
}
