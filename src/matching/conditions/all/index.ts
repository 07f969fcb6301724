import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, pathString } from '../condition.js';

/** Among the children's index keys, the most selective: concrete words and ids before generic flags. */
export function mostSelective(children: readonly CompiledCondition[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of children) {
    if (!c.anyOf) continue;
    const score = c.anyOf.length + (c.anyOf.some((k) => k.startsWith('has:') || k.startsWith('lang:')) ? 1000 : 0);
    if (score < bestScore) {
      best = c.anyOf;
      bestScore = score;
    }
  }
  return best;
}

export default defineCondition({
  type: 'all',
  description: 'Every sub-condition holds.',
  options: z.strictObject({ type: z.literal('all'), of: z.array(AnyCondition).min(1) }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const children = options.of.map((c, i) => ctx.compileChild(c, [...ctx.path, 'of', i]));
    return {
      path,
      type: 'all',
      anyOf: mostSelective(children),
      check(doc, scope): CheckResult {
        const out: CheckResult = { ok: true, evidence: [], explanation: [] };
        for (const child of children) {
          const r = child.check(doc, scope);
          // Stop at the first failing child: its reason is the indicator's reason.
          if (!r.ok) return { ok: false, evidence: [], explanation: [], why: r.why ?? `${child.path}: no match` };
          out.evidence.push(...r.evidence);
          out.explanation.push(...r.explanation);
        }
        return out;
      },
    };
  },
});
