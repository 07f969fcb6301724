import { z } from 'zod';
import type { Evidence } from '../../extraction/extraction.js';
import type { Explanation } from '../match.js';
import type { DocContext } from '../doc.js';
import type { Region } from '../regions.js';

/** A condition as written in YAML: its `type` plus the options of that type. */
export interface ConditionConfig {
  type: string;
  [option: string]: unknown;
}

/** Character range of one sentence: `same_sentence` evaluates its children inside it. */
export interface Scope {
  start: number;
  end: number;
}

/** What a condition says about one document. `why` is set whenever `ok` is false. */
export interface CheckResult {
  ok: boolean;
  evidence: Evidence[];
  explanation: Explanation[];
  why?: string;
}

export interface CompiledCondition {
  /** Key path inside the indicator, e.g. `when.of[1]`. */
  readonly path: string;
  readonly type: string;
  /**
   * Index keys (see DocContext.keys) of which a document must carry at least one
   * for this condition to hold; null when the condition cannot promise that.
   * The matcher only evaluates an indicator on documents carrying one of its keys.
   */
  readonly anyOf: readonly string[] | null;
  check(doc: DocContext, scope?: Scope): CheckResult;
  /** Nested conditions of all / any / not / same_sentence, for explanations. */
  readonly children?: readonly CompiledCondition[];
}

/** Thrown by compile() for a reference problem (unknown region, bad regex) at a key path. */
export class CompileError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

export interface CompileContext {
  /** Key path of this condition from the file root, e.g. ['when', 'of', 1]. */
  path: readonly (string | number)[];
  regions: ReadonlyMap<string, Region>;
  /** Compiles a nested condition (for all / any / not / same_sentence). */
  compileChild(config: ConditionConfig, path: readonly (string | number)[]): CompiledCondition;
  /** Something `check` should tell the author about this condition (e.g. a regex's measured cost). */
  note?(path: readonly (string | number)[], message: string): void;
}

/** A compile-time remark located at a key path from the file root. */
export interface CompileNote {
  path: readonly (string | number)[];
  message: string;
}

/**
 * What a gazetteer reference names. `actor`, `person`, `equipment`, `place`: an entry of
 * that kind, its id written with or without the kind prefix (see qualifyId). `event`: the
 * `name` of an event type (attack, seizure). `mention`: anything a reported statement can
 * name (an armed group, place, country or organisation), written as its full id (country/ng).
 */
export type ReferenceKind = 'actor' | 'person' | 'event' | 'equipment' | 'place' | 'mention';

/** One gazetteer id written in a condition, at its key path relative to the condition. */
export interface Reference {
  kind: ReferenceKind;
  /** As written in the file. */
  id: string;
  path: readonly (string | number)[];
}

/** One condition type: a folder under conditions/ and one registry line. */
export interface ConditionPlugin<S extends z.ZodType<ConditionConfig> = z.ZodType<ConditionConfig>> {
  /** Kebab/snake name, identical to the folder name and the YAML `type:` value. */
  type: string;
  description: string;
  options: S;
  compile(options: z.output<S>, ctx: CompileContext): CompiledCondition;
  /**
   * Every gazetteer id these options name (not those of nested conditions: those are
   * asked separately). The loader rejects a file naming an id the gazetteer does not
   * know, with a suggestion, so a typo never silently disables a condition. Required
   * of every plugin whose options take ids (the condition contract test checks it).
   */
  references?(options: z.output<S>): Reference[];
}

/** References for a list of ids under one option key, e.g. `any_of: [jnim, aqim]`. */
export function referencesIn(kind: ReferenceKind, ids: readonly string[] | undefined, ...key: (string | number)[]): Reference[] {
  return (ids ?? []).map((id, i) => ({ kind, id, path: [...key, i] }));
}

/** Helper so each plugin keeps its own option type while the registry holds them all. */
export function defineCondition<S extends z.ZodType<ConditionConfig>>(plugin: ConditionPlugin<S>): ConditionPlugin {
  return plugin as unknown as ConditionPlugin;
}

/** Renders a key path as `when.of[1].in`. */
export function pathString(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out;
}

/** Whether evidence starts inside the scope (always, when there is none). */
export function inScope(evidence: Evidence, scope: Scope | undefined): boolean {
  return !scope || (evidence.start >= scope.start && evidence.start < scope.end);
}

/**
 * A result that does not hold. Its reason is worded only when read (a dry run, eval's
 * misses): most failures, inside any, not and same_sentence, are never reported.
 * A class, so the getter is shared (an object literal with a getter is slow to create).
 */
class Miss implements CheckResult {
  readonly ok = false;
  readonly evidence: Evidence[] = [];
  readonly explanation: Explanation[] = [];
  private worded: string | undefined;
  constructor(private readonly reason: () => string) {}
  get why(): string {
    this.worded ??= this.reason();
    return this.worded;
  }
}

export function failed(why: () => string): CheckResult {
  return new Miss(why);
}

/** A leaf result: matched with these evidence spans, or not with this reason; each worded only when needed. */
export function leafResult(
  path: string,
  type: string,
  evidence: Evidence[],
  detail: () => string,
  whyNot: () => string,
): CheckResult {
  if (evidence.length === 0) return failed(() => `${path} (${type}): ${whyNot()}`);
  return { ok: true, evidence, explanation: [{ condition: `${path} (${type})`, detail: detail(), evidence }] };
}

let conditionSchema: z.ZodType<ConditionConfig> | undefined;

/** Registers the union built by the registry (index.ts) so combinators can nest conditions. */
export function setConditionSchema(schema: z.ZodType<ConditionConfig>): void {
  conditionSchema = schema;
}

/** Any condition (resolved lazily, the union is built after the plugins are defined). */
export const AnyCondition: z.ZodType<ConditionConfig> = z.lazy(() => {
  if (!conditionSchema) throw new Error('condition registry not initialised');
  return conditionSchema;
});

/** Gazetteer ids may be written without their kind prefix: `jnim` means `actor/jnim`. */
export function qualifyId(kind: string, id: string): string {
  return id.includes('/') ? id : `${kind}/${id}`;
}

// Keys most documents carry (an event type, a country, the language) select poorly;
// a specific word, place or actor id selects well.
const COMMON_KEY = /^(event|country|lang|has):/;

function keyCost(keys: readonly string[]): number {
  let cost = 0;
  for (const k of keys) cost += COMMON_KEY.test(k) ? 50 : 1;
  return cost;
}

/** Among the children's index keys, the most selective set: a document must carry one of them. */
export function mostSelective(children: readonly CompiledCondition[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of children) {
    if (!c.anyOf) continue;
    const cost = keyCost(c.anyOf);
    if (cost < bestCost) {
      best = c.anyOf;
      bestCost = cost;
    }
  }
  return best;
}
