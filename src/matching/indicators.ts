/** Public face of the matching stage: what the service, CLI and eval import. */
export type { CheckResult, CompiledCondition, ConditionConfig } from './conditions/condition.js';
export { CONDITION_TYPES, CONDITIONS } from './conditions/index.js';
export { DocContext, type MatchDoc } from './doc.js';
export { type CompiledIndicator, compileIndicator, type IndicatorFile, IndicatorFileSchema } from './indicator.js';
export { checkIndicators, createIndicatorReloader, type FileCheck, type LoadResult, loadIndicatorFile, loadIndicators, watchIndicators } from './loader.js';
export { explainIndicator } from './explain.js';
export { buildMatcher, type Matcher } from './matcher.js';
export { loadRegions, type Region } from './regions.js';
