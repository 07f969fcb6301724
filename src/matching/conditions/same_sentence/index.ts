import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, mostSelective, pathString, type Scope } from '../condition.js';
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
    const [seed, ...rest] = children as [CompiledCondition, ...CompiledCondition[]];
    const span = options.sentences === 1 ? 'one sentence' : `${options.sentences} consecutive sentences`;
    return {
      path,
      type: 'same_sentence',
      children,
      anyOf: mostSelective(children),
      check(doc, scope): CheckResult {
        const first = seed.check(doc, scope);
        if (!first.ok) return { ok: false, evidence: [], explanation: [], why: first.why ?? `${seed.path}: no match` };
        const tried = new Set<string>();
        let lastWhy = '';
        for (const ev of first.evidence) {
          for (const window of windowsAround(doc, ev.sentenceStart, options.sentences, scope)) {
            const key = `${window.start}:${window.end}`;
            if (tried.has(key)) continue;
            tried.add(key);
            const results = [seed, ...rest].map((c) => c.check(doc, window));
            const failed = results.find((r) => !r.ok);
            if (!failed) return { ok: true, evidence: results.flatMap((r) => r.evidence), explanation: results.flatMap((r) => r.explanation) };
            lastWhy = failed.why ?? '';
          }
        }
        return { ok: false, evidence: [], explanation: [], why: `${path} (same_sentence): never all in ${span}${lastWhy ? ` (e.g. ${lastWhy})` : ''}` };
      },
    };
  },
});
