import { z } from 'zod';
import { type CheckResult, CompileError, type CompileNote, type CompiledCondition, type ConditionConfig, type Reference } from './conditions/condition.js';
import { ConditionSchema, conditionPlugin } from './conditions/index.js';
import type { DocContext } from './doc.js';
import { SEVERITY_ORDER, type Severity, SeveritySchema } from './match.js';
import { type AlertPolicy, AlertPolicySchema } from './policy.js';
import type { Region } from './regions.js';

/** What every indicator file declares, whatever it watches: who it is, how grave, who owns it and hears of it. */
export const IndicatorMetaSchema = z.strictObject({
  /** Stable id, kebab-case; alerts and stored matches refer to it. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected kebab-case such as kayes-convoy-interdiction'),
  title: z.string().min(1),
  /** Why it matters; shown in every alert. */
  description: z.string().min(1),
  severity: SeveritySchema,
  owner: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
  /** Receivers (config/receivers.yaml names) its alerts route to by default. */
  receivers: z.array(z.string().min(1)).default([]),
  enabled: z.boolean().default(true),
});

/** One indicator file in indicators/ that watches articles (the default kind). */
export const IndicatorFileSchema = IndicatorMetaSchema.extend({
  alerting: AlertPolicySchema.prefault({}),
  /** The content conditions an article must meet. */
  when: ConditionSchema,
  /** Behaviour tests kept with the rule: texts it must and must not match (run by the test suite). */
  examples: z
    .strictObject({
      must_match: z.array(z.string().min(1)).default([]),
      must_not_match: z.array(z.string().min(1)).default([]),
    })
    .optional(),
  })
  .superRefine((data, ctx) => {
    // Escalating to the severity it already has (or lower) is a mistake worth flagging.
    data.alerting.escalate.forEach((rule, i) => {
      if (SEVERITY_ORDER.indexOf(rule.severity) <= SEVERITY_ORDER.indexOf(data.severity))
        ctx.addIssue({
          code: 'custom',
          path: ['alerting', 'escalate', i, 'severity'],
          message: `escalation severity "${rule.severity}" is not above the indicator's severity "${data.severity}"`,
        });
    });
  });
export type IndicatorFile = z.output<typeof IndicatorFileSchema>;

/** An indicator ready to match: its metadata as declared plus the compiled condition tree. */
export interface CompiledIndicator {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly receivers: readonly string[];
  readonly enabled: boolean;
  readonly alerting: AlertPolicy;
  readonly examples: { readonly must_match: readonly string[]; readonly must_not_match: readonly string[] };
  /** File it was loaded from ('' when built in memory). */
  readonly file: string;
  readonly when: CompiledCondition;
  /** Every gazetteer id the condition tree names, at its key path from the file root (checked by the loader). */
  readonly references?: readonly Reference[];
  /** Compile-time remarks for `check` (a regex's measured cost), at their key paths. */
  readonly notes?: readonly CompileNote[];
  /** Evaluates the content conditions on one document. */
  evaluate(doc: DocContext): CheckResult;
}

/**
 * Compiles one condition tree, resolving regions and building regexes once. Throws CompileError.
 * The gazetteer ids each condition names (its plugin's `references`) are appended to
 * `references` with their paths from the file root.
 */
export function compileCondition(
  config: ConditionConfig,
  regions: ReadonlyMap<string, Region>,
  path: readonly (string | number)[] = ['when'],
  references: Reference[] = [],
  notes: CompileNote[] = [],
): CompiledCondition {
  const plugin = conditionPlugin(config.type);
  if (!plugin) throw new CompileError([...path, 'type'], `unknown condition type "${config.type}"`);
  for (const ref of plugin.references?.(config) ?? []) references.push({ ...ref, path: [...path, ...ref.path] });
  return plugin.compile(config, {
    path,
    regions,
    compileChild: (child, childPath) => compileCondition(child, regions, childPath, references, notes),
    note: (notePath, message) => notes.push({ path: notePath, message }),
  });
}

/** Compiles a validated indicator file. Throws CompileError for reference problems. */
export function compileIndicator(data: IndicatorFile, regions: ReadonlyMap<string, Region>, file = ''): CompiledIndicator {
  const references: Reference[] = [];
  const notes: CompileNote[] = [];
  const when = compileCondition(data.when, regions, ['when'], references, notes);
  return {
    id: data.id,
    title: data.title,
    description: data.description,
    severity: data.severity,
    owner: data.owner,
    tags: data.tags,
    receivers: data.receivers,
    enabled: data.enabled,
    alerting: data.alerting,
    examples: data.examples ?? { must_match: [], must_not_match: [] },
    file,
    when,
    references,
    notes,
    evaluate: (doc) => when.check(doc),
  };
}

