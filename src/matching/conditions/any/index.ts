import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, failed, pathString } from '../condition.js';

/** Union of the children's keys; null when one child cannot be indexed. */
function unionKeys(children: readonly CompiledCondition[]): string[] | null {
  const keys = new Set<string>();
  for (const c of children) {
    if (!c.anyOf) return null;
    for (const k of c.anyOf) keys.add(k);
  }
  return [...keys];
}

export default defineCondition({
  type: 'any',
  description: 'At least one sub-condition holds (all that hold are reported as evidence).',
  options: z.strictObject({ type: z.literal('any'), of: z.array(AnyCondition).min(1) }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const children = options.of.map((c, i) => ctx.compileChild(c, [...ctx.path, 'of', i]));
    return {
      path,
      type: 'any',
      children,
      anyOf: unionKeys(children),
      check(doc, scope): CheckResult {
        const out: CheckResult = { ok: false, evidence: [], explanation: [] };
        const misses: { child: CompiledCondition; result: CheckResult }[] = [];
        for (const child of children) {
          const r = child.check(doc, scope);
          if (r.ok) {
            out.ok = true;
            out.evidence.push(...r.evidence);
            out.explanation.push(...r.explanation);
          } else misses.push({ child, result: r });
        }
        if (out.ok) return out;
        return failed(() => `${path} (any): none held [${misses.map(({ child, result }) => result.why ?? `${child.path}: no match`).join('; ')}]`);
      },
    };
  },
});
