import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, failed, mostSelective, pathString, type Scope } from '../condition.js';
import type { DocContext } from '../../doc.js';

/** Windows of `size` consecutive sentences that contain the sentence starting at sentenceStart. */
function windowsAround(doc: DocContext, sentenceStart: number, size: number, outer: Scope | undefined): Scope[] {
  const sentences = doc.tokens.sentences;
  const k = sentences.findIndex((s) => sentenceStart >= s.start && sentenceStart < Math.max(s.end, s.start + 1));
  if (k < 0) return [];
  const out: Scope[] = [];
  for (let first = Math.max(0, k - size + 1); first <= k; first++) {
    const last = Math.min(sentences.length - 1, first + size - 1);
    const scope = { start: sentences[first]!.start, end: sentences[last]!.end };
    // Never widen the scope an enclosing same_sentence imposed.
    if (outer) {
      scope.start = Math.max(scope.start, outer.start);
      scope.end = Math.min(scope.end, outer.end);
    }
    if (scope.end > scope.start) out.push(scope);
  }
  return out;
}

/** The children's results in order, up to the first that does not hold (the rest cannot change the verdict). */
function checkUntilMiss(children: readonly CompiledCondition[], doc: DocContext, window: Scope): CheckResult[] {
  const results: CheckResult[] = [];
  for (const child of children) {
    const r = child.check(doc, window);
    results.push(r);
    if (!r.ok) break;
  }
  return results;
}

export default defineCondition({
  type: 'same_sentence',
  description: 'All sub-conditions hold inside one sentence (or within `sentences` consecutive sentences): "X seized drones", not "drones" here and "seized" there.',
  options: z.strictObject({
    type: z.literal('same_sentence'),
    of: z.array(AnyCondition).min(2),
    sentences: z.number().int().min(1).max(5).default(1),
  }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const children = options.of.map((c, i) => ctx.compileChild(c, [...ctx.path, 'of', i]));
    const seed = children[0] as CompiledCondition;
    const span = options.sentences === 1 ? 'one sentence' : `${options.sentences} consecutive sentences`;
    return {
      path,
      type: 'same_sentence',
      children,
      anyOf: mostSelective(children),
      check(doc, scope): CheckResult {
        const first = seed.check(doc, scope);
        if (!first.ok) return failed(() => first.why ?? `${seed.path}: no match`);
        // One number per window: its start and end offsets in the text.
        const tried = new Set<number>();
        let lastMiss: CheckResult | undefined;
        for (const ev of first.evidence) {
          for (const window of windowsAround(doc, ev.sentenceStart, options.sentences, scope)) {
            const key = window.start * (doc.text.length + 1) + window.end;
            if (tried.has(key)) continue;
            tried.add(key);
            const results = checkUntilMiss(children, doc, window);
            const miss = results.find((r) => !r.ok);
            if (!miss) return { ok: true, evidence: results.flatMap((r) => r.evidence), explanation: results.flatMap((r) => r.explanation) };
            lastMiss = miss;
          }
        }
        return failed(() => {
          const lastWhy = lastMiss?.why ?? '';
          return `${path} (same_sentence): never all in ${span}${lastWhy ? ` (e.g. ${lastWhy})` : ''}`;
        });
      },
    };
  },
});
