import { z } from 'zod';
import { type CompiledCondition, defineCondition, inScope, leafResult, pathString, referencesIn } from '../condition.js';

export default defineCondition({
  type: 'event',
  description: 'Extraction found one of these event types (attack, ambush, ied, kidnapping, blockade, seizure, ...).',
  options: z.strictObject({ type: z.literal('event'), any_of: z.array(z.string().min(1)).min(1) }),
  references: (options) => referencesIn('event', options.any_of, 'any_of'),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const wanted = new Set(options.any_of);
    const whyNot = `no event of type ${options.any_of.join(', ')}`;
    return {
      path,
      type: 'event',
      anyOf: options.any_of.map((t) => `event:${t}`),
      check(doc, scope) {
        const events = doc.extraction.events.filter((e) => wanted.has(e.type));
        const evidence = events.flatMap((e) => e.evidence.filter((ev) => inScope(ev, scope)));
        return leafResult(path, 'event', evidence, () => `event ${[...new Set(events.map((e) => e.type))].join(', ')}`, () => whyNot);
      },
    };
  },
});
