import { z } from 'zod';
import type { EntityMention, Extraction } from '../../extraction/extraction.js';
import {
  type CompiledCondition,
  type ConditionPlugin,
  defineCondition,
  inScope,
  leafResult,
  pathString,
  qualifyId,
  type ReferenceKind,
  referencesIn,
} from './condition.js';

type EntityField = 'actors' | 'people' | 'equipment';

/**
 * Builds a condition over one list of gazetteer mentions (actors, people,
 * equipment): holds when any of the listed ids is mentioned.
 */
export function entityCondition<T extends string>(
  type: T,
  field: EntityField,
  idKind: ReferenceKind & ('actor' | 'person' | 'equipment'),
  keyKind: string,
  description: string,
): ConditionPlugin {
  return defineCondition({
    type,
    description,
    options: z.strictObject({ type: z.literal(type), any_of: z.array(z.string().min(1)).min(1) }),
    references: (options) => referencesIn(idKind, options.any_of, 'any_of'),
    compile(options, ctx): CompiledCondition {
      const path = pathString(ctx.path);
      const wanted = new Set(options.any_of.map((id) => qualifyId(idKind, id)));
      const whyNot = `no ${type} among ${[...wanted].join(', ')}`;
      return {
        path,
        type,
        anyOf: [...wanted].map((id) => `${keyKind}:${id}`),
        check(doc, scope) {
          const mentions: EntityMention[] = (doc.extraction as Extraction)[field].filter((m) => wanted.has(m.id));
          const evidence = mentions.flatMap((m) => m.evidence.filter((e) => inScope(e, scope)));
          return leafResult(path, type, evidence, () => `${type} ${[...new Set(mentions.map((m) => m.name))].join(', ')}`, () => whyNot);
        },
      };
    },
  });
}
