import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, pathString } from '../condition.js';

// Keys most documents carry (an event type, a country, the language) select poorly;
// a specific word, place or actor id selects well.
const COMMON_KEY = /^(event|country|lang|has):/;

function keyCost(keys: readonly string[]): number {
  let cost = 0;
  for (const k of keys) cost += COMMON_KEY.test(k) ? 50 : 1;
  return cost;
}

/** Among the children's index keys, the most selective set: a document must carry one of them. */
export function mostSelective(children: readonly CompiledCondition[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of children) {
    if (!c.anyOf) continue;
    const cost = keyCost(c.anyOf);
    if (cost < bestCost) {
      best = c.anyOf;
      bestCost = cost;
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
