import { z } from 'zod';
import { type CompiledCondition, defineCondition, pathString } from '../condition.js';

export default defineCondition({
  type: 'language',
  description: 'The article is written in one of these languages (ISO 639-1: en, fr, ...).',
  options: z.strictObject({ type: z.literal('language'), any_of: z.array(z.string().regex(/^[a-z]{2}$/, 'expected a two-letter code such as fr')).min(1) }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    return {
      path,
      type: 'language',
      anyOf: options.any_of.map((l) => `lang:${l}`),
      check(doc) {
        const lang = doc.extraction.language;
        if (options.any_of.includes(lang)) return { ok: true, evidence: [], explanation: [{ condition: `${path} (language)`, detail: `language ${lang}`, evidence: [] }] };
        return { ok: false, evidence: [], explanation: [], why: `${path} (language): article is in "${lang}", not ${options.any_of.join(', ')}` };
      },
    };
  },
});
