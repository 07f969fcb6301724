import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, failed, mostSelective, pathString } from '../condition.js';

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
      children,
      anyOf: mostSelective(children),
      check(doc, scope): CheckResult {
        const out: CheckResult = { ok: true, evidence: [], explanation: [] };
        for (const child of children) {
          const r = child.check(doc, scope);
          // Stop at the first failing child: its reason is the indicator's reason.
          if (!r.ok) return failed(() => r.why ?? `${child.path}: no match`);
          out.evidence.push(...r.evidence);
          out.explanation.push(...r.explanation);
        }
        return out;
      },
    };
  },
});
