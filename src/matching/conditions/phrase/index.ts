import { RE2 } from 're2-wasm';
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

function compileRegex(source: string, path: readonly (string | number)[]): RE2 {
  try {
    return new RE2(source, 'giu');
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    throw new CompileError(path, `regex rejected: only linear-time RE2 syntax is allowed (no backreferences, lookahead or lookbehind): ${reason}`);
  }
}

/** Token hits of the regex: each match is mapped to the tokens it covers, so `near` works for regexes too. */
function regexHits(regex: RE2, doc: DocContext, scope: Scope | undefined): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const tokens = doc.tokens.tokens;
  regex.lastIndex = 0;
  for (let m = regex.exec(doc.text); m; m = regex.exec(doc.text)) {
    const start = m.index;
    const end = start + (m[0]?.length ?? 0);
    if (end === start) regex.lastIndex = end + 1;
    if (scope && (start < scope.start || start >= scope.end)) continue;
    const first = tokens.findIndex((t) => t.end > start);
    if (first < 0) break;
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
    hits.push({ first, last });
  }
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
    const regex = options.regex === undefined ? undefined : compileRegex(options.regex, [...ctx.path, 'regex']);
    const near = options.near && { set: new PhraseSet(options.near.phrases), within: options.near.within_words };
    const shown = [...new Set([...(options.any_of ?? []), ...(options.en ?? []), ...(options.fr ?? [])])].slice(0, 4).join(' | ');
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
          const why = `"${shown}" found, but not within ${near.within} words of ${options.near?.phrases.slice(0, 4).join(' | ')}`;
          return leafResult(path, 'phrase', found, `phrase near: ${found.map((e) => e.quote).join(' … ')}`, why);
        }
        return leafResult(path, 'phrase', evidence, `phrase: ${[...new Set(evidence.map((e) => e.quote))].join(', ')}`, `none of "${shown}${options.regex ? ` /${options.regex}/` : ''}"`);
      },
    };
  },
});
