import { z } from 'zod';
import actor from './actor/index.js';
import all from './all/index.js';
import any from './any/index.js';
import casualties from './casualties/index.js';
import country from './country/index.js';
import type { ConditionConfig, ConditionPlugin } from './condition.js';
import { setConditionSchema } from './condition.js';
import equipment from './equipment/index.js';
import event from './event/index.js';
import frame from './frame/index.js';
import language from './language/index.js';
import not from './not/index.js';
import person from './person/index.js';
import phrase from './phrase/index.js';
import place from './place/index.js';
import region from './region/index.js';
import same_sentence from './same_sentence/index.js';
import speaker from './speaker/index.js';

/** REGISTRY: one line per condition type. The YAML union below is built from it. */
export const CONDITIONS: readonly ConditionPlugin[] = [
  all,
  any,
  not,
  same_sentence,
  actor,
  person,
  event,
  frame,
  equipment,
  place,
  country,
  region,
  phrase,
  language,
  speaker,
  casualties,
];

export const CONDITION_TYPES = CONDITIONS.map((c) => c.type);
const byType = new Map(CONDITIONS.map((c) => [c.type, c]));

export function conditionPlugin(type: string): ConditionPlugin | undefined {
  return byType.get(type);
}

// Dispatch on `type` by hand so an unknown type gets one clear message listing the known ones
// (zod's discriminated union reports only "Invalid input"), and nested errors keep their paths.
/** Any condition, validated by the schema of its `type`. */
export const ConditionSchema: z.ZodType<ConditionConfig> = z.unknown().transform((value, ctx) => {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const plugin = typeof type === 'string' ? byType.get(type) : undefined;
  if (!plugin) {
    const got = type === undefined ? 'missing' : `"${String(type)}"`;
    ctx.addIssue({ code: 'custom', path: type === undefined ? [] : ['type'], message: `condition type ${got}; expected one of ${CONDITION_TYPES.join(', ')}` });
    return z.NEVER;
  }
  const result = plugin.options.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }
  return result.data;
});

setConditionSchema(ConditionSchema);

/** The condition table of indicators/README.md, generated from the registry (a test keeps them equal). */
export function conditionTable(): string {
  const rows = CONDITIONS.map((c) => `| \`${c.type}\` | ${c.description} |`);
  return ['| type | what it checks |', '|---|---|', ...rows].join('\n');
}
