import { DocContext, type MatchDoc, PREFIX_KEY_LENGTH } from './doc.js';
import type { CompiledIndicator } from './indicator.js';
import type { Match } from './match.js';

export interface Matcher {
  readonly size: number;
  /** Matches of every enabled indicator whose content conditions hold for the document. */
  match(doc: MatchDoc | DocContext): Match[];
  /** How many indicators would be evaluated for this document (for benchmarks and tests). */
  candidates(doc: MatchDoc | DocContext): number;
}

function mark(picked: Uint8Array, list: number[] | undefined): void {
  if (list) for (const n of list) picked[n] = 1;
}

/**
 * Compiles indicators into an inverted index: each indicator is filed under the
 * index keys its condition tree requires (one of them must be in a document for
 * it to hold), so a document is only evaluated against indicators sharing a key
 * with it. Indicators that cannot be indexed (e.g. a top-level `not`) are always evaluated.
 */
export function buildMatcher(indicators: readonly CompiledIndicator[]): Matcher {
  const enabled = indicators.filter((i) => i.enabled);
  // Word keys are filed by the bare word so a document's words are probed without building key strings.
  const byWord = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const byFact = new Map<string, number[]>();
  const always: number[] = [];
  const file = (map: Map<string, number[]>, key: string, n: number): void => {
    const list = map.get(key);
    if (list) list.push(n);
    else map.set(key, [n]);
  };
  enabled.forEach((indicator, n) => {
    const keys = indicator.when.anyOf;
    if (!keys) always.push(n);
    else
      for (const key of keys) {
        if (key.startsWith('tok:')) file(byWord, key.slice(4), n);
        else if (key.startsWith('p4:')) file(byPrefix, key.slice(3), n);
        else file(byFact, key, n);
      }
  });

  const candidateSet = (ctx: DocContext): number[] => {
    const picked = new Uint8Array(enabled.length);
    for (const n of always) picked[n] = 1;
    for (const key of ctx.factKeys()) mark(picked, byFact.get(key));
    // Without word keys (the shipped indicators have none) the document's words are not indexed at all.
    if (byWord.size > 0 || byPrefix.size > 0) {
      for (const word of ctx.vocabulary()) {
        mark(picked, byWord.get(word));
        if (byPrefix.size > 0 && word.length >= PREFIX_KEY_LENGTH) mark(picked, byPrefix.get(word.slice(0, PREFIX_KEY_LENGTH)));
      }
    }
    const out: number[] = [];
    for (let n = 0; n < picked.length; n++) if (picked[n]) out.push(n);
    return out;
  };

  const context = (doc: MatchDoc | DocContext): DocContext => (doc instanceof DocContext ? doc : new DocContext(doc.text, doc.extraction));

  return {
    size: enabled.length,
    candidates: (doc) => candidateSet(context(doc)).length,
    match(doc) {
      const ctx = context(doc);
      const matches: Match[] = [];
      for (const n of candidateSet(ctx)) {
        const indicator = enabled[n]!;
        const result = indicator.evaluate(ctx);
        if (result.ok) matches.push({ indicatorId: indicator.id, severity: indicator.severity, explanation: result.explanation });
      }
      return matches;
    },
  };
}
