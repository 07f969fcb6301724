import type { CompiledCondition } from './conditions/condition.js';
import { DocContext, type MatchDoc } from './doc.js';
import type { CompiledIndicator } from './indicator.js';
import type { Explanation } from './match.js';

/**
 * A dry run for analysts: every condition of the indicator with ✓ or ✗, the
 * words that matched and, for a miss, why. Nested conditions are shown as they
 * evaluate on the whole article (same_sentence narrows them further).
 */
export function explainIndicator(indicator: CompiledIndicator, input: MatchDoc | DocContext): string {
  const doc = input instanceof DocContext ? input : new DocContext(input.text, input.extraction);
  const verdict = indicator.evaluate(doc);
  const lines = [`${verdict.ok ? 'MATCH' : 'no match'}: ${indicator.id} (${indicator.severity})`];
  walk(indicator.when, doc, 1, lines);
  return lines.join('\n');
}

function walk(node: CompiledCondition, doc: DocContext, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const r = node.check(doc);
  if (r.ok) {
    const leaf = !node.children;
    const words = leaf ? [...new Set(r.evidence.map((e) => `"${e.quote}"`))].slice(0, 6).join(', ') : '';
    lines.push(`${pad}✓ ${node.path} (${node.type})${words ? `: ${words}` : ''}`);
  } else if (node.children) lines.push(`${pad}✗ ${node.path} (${node.type})`);
  else lines.push(`${pad}✗ ${r.why ?? `${node.path} (${node.type})`}`);
  for (const child of node.children ?? []) walk(child, doc, depth + 1, lines);
}

/** A match's evidence for a report: each condition and what it matched, then up to two quotes in their sentences, indented by `pad`. */
export function evidenceLines(explanation: readonly Explanation[], pad: string): string[] {
  const lines: string[] = [];
  for (const e of explanation) {
    lines.push(`${pad}${e.condition}: ${e.detail}`);
    for (const ev of e.evidence.slice(0, 2)) lines.push(`${pad}  "${ev.quote}" in: ${ev.sentence.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return lines;
}
