import { readFileSync } from 'node:fs';
import { locateInYaml } from '../core/validate.js';
import { extract } from '../extraction/extract.js';
import { DocContext } from '../matching/doc.js';
import type { CompiledIndicator } from '../matching/indicator.js';

/** One of an indicator's `examples`, run through extraction and the rule. */
export interface ExampleResult {
  /** `must_match` or `must_not_match`. */
  expect: 'must_match' | 'must_not_match';
  index: number;
  text: string;
  ok: boolean;
  /** For a failure: the first condition that did not hold, or the conditions and words it matched on. */
  why?: string;
}

/** An example text as the service would see an article that is only a headline. */
export function exampleDoc(text: string): DocContext {
  return new DocContext(text, extract({ title: text, text: '' }));
}

/**
 * Runs every example of one indicator through the real extraction stage and the
 * indicator's content conditions (whether or not it is enabled): each `must_match`
 * must hold and each `must_not_match` must not.
 */
export function runExamples(indicator: CompiledIndicator): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const expect of ['must_match', 'must_not_match'] as const) {
    indicator.examples[expect].forEach((text, index) => {
      const result = indicator.evaluate(exampleDoc(text));
      const ok = result.ok === (expect === 'must_match');
      const matched = result.explanation.map((e) => `${e.condition}: ${e.detail}${e.evidence[0] ? ` ("${e.evidence[0].quote}")` : ''}`).join('; ');
      const why = ok ? undefined : expect === 'must_match' ? (result.why ?? 'no match') : matched || 'no evidence';
      out.push({ expect, index, text, ok, ...(why ? { why } : {}) });
    });
  }
  return out;
}

/**
 * The failed examples of an indicator as located lines for `sahelwatch check`:
 * `file:line:col examples.must_match[0]: did not match "…": why`.
 */
export function exampleProblems(indicator: CompiledIndicator, results: readonly ExampleResult[] = runExamples(indicator)): string[] {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return [];
  let text = '';
  try {
    text = readFileSync(indicator.file, 'utf8');
  } catch {
    // Built in memory or removed since: the problems are still reported, at 1:1.
  }
  return failed.map((r) => {
    const message = r.expect === 'must_match' ? `did not match "${r.text}": ${r.why}` : `matched "${r.text}", but must not: ${r.why}`;
    return locateInYaml(text, indicator.file || indicator.id, ['examples', r.expect, r.index], message);
  });
}
