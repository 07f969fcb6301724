import { z } from 'zod';
import { AnyCondition, type CompiledCondition, defineCondition, failed, pathString } from '../condition.js';

export default defineCondition({
  type: 'not',
  description: 'The sub-condition does not hold (an exclusion: "not an army drone strike").',
  options: z.strictObject({ type: z.literal('not'), of: AnyCondition }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const child = ctx.compileChild(options.of, [...ctx.path, 'of']);
    return {
      path,
      type: 'not',
      children: [child],
      anyOf: null,
      check(doc, scope) {
        const r = child.check(doc, scope);
        if (!r.ok) return { ok: true, evidence: [], explanation: [] };
        return failed(() => {
          const what = r.explanation.map((e) => `${e.detail}`).join('; ');
          const where = r.evidence[0] ? ` in "${r.evidence[0].sentence.slice(0, 160)}"` : '';
          return `${path} (not): excluded by ${what}${where}`;
        });
      },
    };
  },
});
