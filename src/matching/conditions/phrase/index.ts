import { createRequire } from 'node:module';
import type { RE2 } from 're2-wasm';
import { z } from 'zod';
import type { Evidence } from '../../../extraction/extraction.js';
import type { DocContext } from '../../doc.js';
import { CompileError, type CompiledCondition, defineCondition, leafResult, pathString, type Scope } from '../condition.js';
import { hitDistance, type PhraseHit, PhraseSet, phraseProblem } from '../phrase-set.js';

const Phrases = z.array(z.string().min(1)).min(1);

const Options = z
  .strictObject({
    type: z.literal('phrase'),
    /** Phrases in any language; `word*` matches any word starting with "word". Case and accents are ignored. */
    any_of: Phrases.optional(),
    en: Phrases.optional(),
    fr: Phrases.optional(),
    ar: Phrases.optional(),
    /** An RE2 regular expression (linear time; no backreferences or lookaround), case-insensitive, on the original text. */
    regex: z.string().min(1).optional(),
    /** The phrase only counts with one of these phrases within N words of it. */
    near: z.strictObject({ phrases: Phrases, within_words: z.number().int().positive() }).optional(),
  })
  .refine((o) => o.any_of || o.en || o.fr || o.ar || o.regex, 'give at least one of any_of, en, fr, ar, regex');

function checkPhrases(list: readonly string[] | undefined, path: readonly (string | number)[]): void {
  list?.forEach((p, i) => {
    const problem = phraseProblem(p);
    if (problem) throw new CompileError([...path, i], problem);
  });
}

/** A regex condition sees at most this much of each document (headline and lede come first). */
export const MAX_REGEX_TEXT = 20_000;
/** Matches per document mapped to evidence; each re2-wasm exec copies the text into wasm memory again. */
const MAX_REGEX_HITS = 50;
/** A regex that costs more than this per 10,000 characters of prose is refused at compile time. */
export const MAX_REGEX_MS_PER_10K = 100;

// English and French news prose, the text regexes run on: the probe for a pattern's cost.
const PROBE_PARAGRAPH =
  "Des hommes armés ont attaqué un convoi de camions-citernes près de Diboli, dans la région de Kayes, a annoncé samedi l'armée malienne, qui fait état de trois chauffeurs tués. " +
  'Gunmen attacked a convoy of fuel tankers near Kayes on the road to Bamako on Friday, and JNIM claimed the ambush in a statement released by its media arm, al-Zallaqa. ';
const PROBE = PROBE_PARAGRAPH.repeat(Math.ceil(5000 / PROBE_PARAGRAPH.length)).slice(0, 5000);
const costs = new Map<string, number>();

/**
 * re2-wasm, loaded at the first regex: its wasm instance holds ~10 MB of
 * resident memory, and the shipped indicators use none.
 */
const require = createRequire(import.meta.url);
let re2Class: typeof RE2 | undefined;
function newRE2(source: string): RE2 {
  re2Class ??= (require('re2-wasm') as typeof import('re2-wasm')).RE2;
  return new re2Class(source, 'giu');
}

/**
 * What a pattern costs, measured: ms per 10,000 characters of news prose, best
 * of two runs of the same loop a check runs. RE2 is linear in the text, but the
 * constant grows with the pattern's automaton: `(.*a){20}` took 5.5 s per
 * 100,000 characters. Memoised per pattern (hot reload and tests recompile).
 */
export function regexCostMsPer10k(source: string): number {
  const known = costs.get(source);
  if (known !== undefined) return known;
  const regex = newRE2(source);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2 && (run === 0 || best <= 2 * MAX_REGEX_MS_PER_10K); run++) {
    const started = performance.now();
    forEachMatch(regex, PROBE, () => true);
    best = Math.min(best, ((performance.now() - started) * 10_000) / PROBE.length);
  }
  costs.set(source, best);
  return best;
}

function compileRegex(source: string, path: readonly (string | number)[]): { regex: RE2; msPer10k: number } {
  let regex: RE2;
  try {
    regex = newRE2(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    throw new CompileError(path, `regex rejected: only linear-time RE2 syntax is allowed (no backreferences, lookahead or lookbehind): ${reason}`);
  }
  const msPer10k = regexCostMsPer10k(source);
  if (msPer10k > MAX_REGEX_MS_PER_10K) {
    throw new CompileError(
      path,
      `regex rejected: costs ~${Math.round(msPer10k)} ms per 10,000 characters (limit ${MAX_REGEX_MS_PER_10K}); nested or long counted repetition (such as (.*a){20} or (\\w+\\s){3,40}) makes RE2's automaton large: use phrases with near: instead, or a tighter pattern`,
    );
  }
  return { regex, msPer10k };
}

/** Runs the global regex over text, calling `onMatch(start, end)` until it returns false or MAX_REGEX_HITS matches were seen. */
function forEachMatch(regex: RE2, text: string, onMatch: (start: number, end: number) => boolean): void {
  regex.lastIndex = 0;
  let seen = 0;
  for (let m = regex.exec(text); m && seen < MAX_REGEX_HITS; m = regex.exec(text), seen++) {
    const start = m.index;
    const end = start + (m[0]?.length ?? 0);
    if (end === start) regex.lastIndex = end + 1;
    if (!onMatch(start, end)) break;
  }
}

/** First token whose end is past `offset` (tokens are in text order), or -1. */
function tokenAfter(tokens: readonly { end: number }[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo < tokens.length ? lo : -1;
}

/**
 * Token hits of the regex: each match is mapped to the tokens it covers, so
 * `near` works for regexes too. Only the first MAX_REGEX_TEXT characters are
 * searched, and at most MAX_REGEX_HITS matches are kept.
 */
function regexHits(regex: RE2, doc: DocContext, scope: Scope | undefined): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const tokens = doc.tokens.tokens;
  const text = doc.text.length > MAX_REGEX_TEXT ? doc.text.slice(0, MAX_REGEX_TEXT) : doc.text;
  forEachMatch(regex, text, (start, end) => {
    if (scope && (start < scope.start || start >= scope.end)) return true;
    const first = tokenAfter(tokens, start);
    if (first < 0) return false;
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
    hits.push({ first, last });
    return true;
  });
  return hits;
}

export default defineCondition({
  type: 'phrase',
  description: 'Words or phrases (any language, `word*` prefixes, optional RE2 regex), optionally within N words of other phrases.',
  options: Options,
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    for (const key of ['any_of', 'en', 'fr', 'ar'] as const) checkPhrases(options[key], [...ctx.path, key]);
    checkPhrases(options.near?.phrases, [...ctx.path, 'near', 'phrases']);
    const phrases = new PhraseSet([...(options.any_of ?? []), ...(options.en ?? []), ...(options.fr ?? []), ...(options.ar ?? [])]);
    const compiled = options.regex === undefined ? undefined : compileRegex(options.regex, [...ctx.path, 'regex']);
    const regex = compiled?.regex;
    if (compiled) ctx.note?.([...ctx.path, 'regex'], `RE2 cost ~${compiled.msPer10k < 1 ? compiled.msPer10k.toFixed(2) : Math.round(compiled.msPer10k)} ms per 10,000 characters (limit ${MAX_REGEX_MS_PER_10K}); searches the first ${MAX_REGEX_TEXT} characters of each document`);
    const near = options.near && { set: new PhraseSet(options.near.phrases), within: options.near.within_words };
    const shown = [...new Set([...(options.any_of ?? []), ...(options.en ?? []), ...(options.fr ?? [])])].slice(0, 4).join(' | ');
    const noneFound = `none of "${shown}${options.regex ? ` /${options.regex}/` : ''}"`;
    const notNear = !near ? '' : `"${shown}" found, but not within ${near.within} words of ${options.near?.phrases.slice(0, 4).join(' | ')}`;
    return {
      path,
      type: 'phrase',
      anyOf: regex ? null : phrases.indexKeys(),
      check(doc, scope) {
        let hits = phrases.find(doc, scope);
        if (regex) hits = hits.concat(regexHits(regex, doc, scope));
        const evidence: Evidence[] = phrases.evidence(doc, hits);
        if (near && hits.length > 0) {
          const nearHits = near.set.find(doc);
          const kept = new Map<string, PhraseHit>();
          for (const h of hits) {
            const partner = nearHits.find((n) => hitDistance(h, n) <= near.within);
            if (!partner) continue;
            kept.set(`${h.first}:${h.last}`, h);
            kept.set(`${partner.first}:${partner.last}`, partner);
          }
          const found = phrases.evidence(doc, [...kept.values()].sort((a, b) => a.first - b.first));
          return leafResult(path, 'phrase', found, () => `phrase near: ${found.map((e) => e.quote).join(' … ')}`, () => notNear);
        }
        return leafResult(path, 'phrase', evidence, () => `phrase: ${[...new Set(evidence.map((e) => e.quote))].join(', ')}`, () => noneFound);
      },
    };
  },
});
