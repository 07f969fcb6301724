import { z } from 'zod';
import { CasualtySchema } from '../../../extraction/extraction.js';
import { type CompiledCondition, defineCondition, inScope, leafResult, pathString } from '../condition.js';

export default defineCondition({
  type: 'casualties',
  description: 'A casualty figure of one of these kinds (killed, wounded, kidnapped, missing) is at least N.',
  options: z.strictObject({
    type: z.literal('casualties'),
    kinds: z.array(CasualtySchema.shape.kind).min(1).default(['killed']),
    at_least: z.number().int().positive(),
  }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const kinds = new Set<string>(options.kinds);
    const whyNot = `no ${options.kinds.join('/')} figure ≥ ${options.at_least}`;
    return {
      path,
      type: 'casualties',
      anyOf: ['has:casualties'],
      check(doc, scope) {
        const figures = doc.extraction.casualties.filter((c) => kinds.has(c.kind) && c.count >= options.at_least && inScope(c.evidence, scope));
        return leafResult(path, 'casualties', figures.map((c) => c.evidence), () => `casualties ${figures.map((c) => `${c.count} ${c.kind}`).join(', ')}`, () => whyNot);
      },
    };
  },
});
