import { z } from 'zod';
import type { Evidence, Statement } from '../../../extraction/extraction.js';
import { StatementSchema } from '../../../extraction/extraction.js';
import { type CompiledCondition, defineCondition, inScope, leafResult, pathString, qualifyId, referencesIn } from '../condition.js';
import { PhraseSet } from '../phrase-set.js';
import type { DocContext } from '../../doc.js';

const Options = z.strictObject({
  type: z.literal('speaker'),
  /** Person ids of who must be speaking (e.g. iyad-ag-ghali). */
  speakers: z.array(z.string().min(1)).min(1),
  media: z.array(StatementSchema.shape.medium).min(1).optional(),
  /** What the statement must mention: gazetteer ids, ISO countries, or phrases inside the reported statement. */
  mentions: z
    .strictObject({
      /** Full gazetteer ids, as extraction records them: actor/jnim, country/ng, place/ng/lagos. */
      ids: z.array(z.string().min(1)).min(1).optional(),
      countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO alpha-2 code such as NG')).min(1).optional(),
      phrases: z.array(z.string().min(1)).min(1).optional(),
    })
    .optional(),
});

export default defineCondition({
  type: 'speaker',
  description: 'A statement, communiqué, audio or video by one of these people that mentions one of these things.',
  options: Options,
  references: (options) => [...referencesIn('person', options.speakers, 'speakers'), ...referencesIn('mention', options.mentions?.ids, 'mentions', 'ids')],
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const speakers = new Set(options.speakers.map((id) => qualifyId('person', id)));
    const ids = new Set(options.mentions?.ids ?? []);
    const countries = (options.mentions?.countries ?? []).map((c) => c.toLowerCase());
    const phrases = options.mentions?.phrases ? new PhraseSet(options.mentions.phrases) : undefined;
    const needsMention = options.mentions !== undefined;
    const whyNot = `no statement by ${[...speakers].join(', ')}${needsMention ? ' mentioning the listed places' : ''}`;
    // A mention id names a country when it is the code itself or ends in it (`NG`, `country/ng`).
    const isWantedCountry = (m: string): boolean => countries.some((c) => m.toLowerCase() === c || m.toLowerCase().endsWith(`/${c}`));
    const mentioned = (s: Statement, doc: DocContext): string[] => {
      const found = s.mentions.filter((m) => ids.has(m) || isWantedCountry(m));
      // A place in a wanted country counts for it ("Lagos" is Nigeria).
      for (const c of s.countries ?? []) if (countries.includes(c.toLowerCase()) && !found.some((m) => isWantedCountry(m))) found.push(c);
      if (phrases)
        for (const e of s.evidence) {
          const hits = phrases.find(doc, { start: e.sentenceStart, end: e.sentenceStart + e.sentence.length });
          found.push(...phrases.evidence(doc, hits).map((h) => `"${h.quote}"`));
        }
      return found;
    };
    return {
      path,
      type: 'speaker',
      anyOf: [...speakers].map((id) => `speaker:${id}`),
      check(doc, scope) {
        const details: string[] = [];
        const evidence: Evidence[] = [];
        for (const s of doc.extraction.statements) {
          if (!speakers.has(s.speakerId) || (options.media && !options.media.includes(s.medium))) continue;
          const about = needsMention ? mentioned(s, doc) : [];
          if (needsMention && about.length === 0) continue;
          const inside = s.evidence.filter((e) => inScope(e, scope));
          if (inside.length === 0) continue;
          evidence.push(...inside);
          details.push(`${s.medium} by ${s.speaker}${about.length ? ` mentioning ${[...new Set(about)].join(', ')}` : ''}`);
        }
        return leafResult(path, 'speaker', evidence, () => details.join('; '), () => whyNot);
      },
    };
  },
});
