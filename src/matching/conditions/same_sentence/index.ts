import { z } from 'zod';
import { AnyCondition, type CheckResult, type CompiledCondition, defineCondition, failed, mostSelective, pathString, type Scope } from '../condition.js';
import type { DocContext } from '../../doc.js';

/** Index of the sentence that starts at (or holds) sentenceStart; -1 when none does. */
function sentenceIndex(doc: DocContext, sentenceStart: number): number {
  return doc.tokens.sentences.findIndex((s) => sentenceStart >= s.start && sentenceStart < Math.max(s.end, s.start + 1));
}

/** Windows of `size` consecutive sentences that contain the sentence starting at sentenceStart. */
function windowsAround(doc: DocContext, sentenceStart: number, size: number, outer: Scope | undefined): Scope[] {
  const sentences = doc.tokens.sentences;
  const k = sentenceIndex(doc, sentenceStart);
  if (k < 0) return [];
  const out: Scope[] = [];
  for (let first = Math.max(0, k - size + 1); first <= k; first++) {
    const last = Math.min(sentences.length - 1, first + size - 1);
    const scope = { start: sentences[first]!.start, end: sentences[last]!.end };
    // Never widen the scope an enclosing same_sentence imposed.
    if (outer) {
      scope.start = Math.max(scope.start, outer.start);
      scope.end = Math.min(scope.end, outer.end);
    }
    if (scope.end > scope.start) out.push(scope);
  }
  return out;
}

// Where one clause of a sentence ends and another begins: a semicolon, or a comma, "but" / "mais" and a demonstrative,
// which sets this event against what came before ("have operated in the W and Pendjari parks, but this raid hit near
// the border", "mais cette fois"). A bare "but" often only goes on with the same matter ("gave no details, but a source said").
const CLAUSE_BOUNDARY = /;|,\s*(?:but|mais)\s+(?:this|these|that|those|ce|cet|cette|ces)\b/giu;

interface Clause {
  sentence: { start: number; end: number };
  start: number;
  end: number;
}

/**
 * With `clauses`, the seed's own sentence counts only from the clause boundary before it to the one after it:
 * "… operated through the W and Pendjari parks; this time they struck near Benin's eastern border" does not put
 * the strike in the parks. Found once per seed, then fitted to each of its windows.
 */
function clauseOf(doc: DocContext, seed: { start: number; end: number; sentenceStart: number }): Clause | undefined {
  const sentence = doc.tokens.sentences[sentenceIndex(doc, seed.sentenceStart)];
  if (!sentence) return undefined;
  const clause = { sentence, start: sentence.start, end: sentence.end };
  // Only the sentence is scanned, with one shared global RegExp (matching is synchronous; lastIndex is reset).
  const text = doc.text.slice(sentence.start, sentence.end);
  CLAUSE_BOUNDARY.lastIndex = 0;
  for (let m = CLAUSE_BOUNDARY.exec(text); m; m = CLAUSE_BOUNDARY.exec(text)) {
    const start = sentence.start + m.index;
    const end = start + m[0].length;
    if (end <= seed.start) clause.start = end;
    else if (start >= seed.end) {
      clause.end = start;
      break;
    }
  }
  return clause;
}

/** The window cut to the seed's clause; none when it reaches across the clause's boundary to another sentence. */
function withinClause(window: Scope, clause: Clause | undefined): Scope | undefined {
  if (!clause) return window;
  const { sentence } = clause;
  // The window may hold earlier sentences only if the seed's clause opens its sentence, later ones only if it closes it.
  if (window.start < sentence.start && clause.start > sentence.start) return undefined;
  if (window.end > sentence.end && clause.end < sentence.end) return undefined;
  return {
    start: window.start < sentence.start ? window.start : Math.max(window.start, clause.start),
    end: window.end > sentence.end ? window.end : Math.min(window.end, clause.end),
  };
}

/** The children's results in order, up to the first that does not hold (the rest cannot change the verdict). */
function checkUntilMiss(children: readonly CompiledCondition[], doc: DocContext, window: Scope): CheckResult[] {
  const results: CheckResult[] = [];
  for (const child of children) {
    const r = child.check(doc, window);
    results.push(r);
    if (!r.ok) break;
  }
  return results;
}

export default defineCondition({
  type: 'same_sentence',
  description: 'All sub-conditions hold inside one sentence (or within `sentences` consecutive sentences): "X seized drones", not "drones" here and "seized" there.',
  options: z.strictObject({
    type: z.literal('same_sentence'),
    of: z.array(AnyCondition).min(2),
    sentences: z.number().int().min(1).max(5).default(1),
    /** Semicolons (and ", but this") bound the first condition's sentence: the others must be in its clause (or the next sentences it touches). */
    clauses: z.boolean().default(false),
  }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const children = options.of.map((c, i) => ctx.compileChild(c, [...ctx.path, 'of', i]));
    const seed = children[0] as CompiledCondition;
    const span = options.sentences === 1 ? 'one sentence' : `${options.sentences} consecutive sentences`;
    return {
      path,
      type: 'same_sentence',
      children,
      anyOf: mostSelective(children),
      check(doc, scope): CheckResult {
        const first = seed.check(doc, scope);
        if (!first.ok) return failed(() => first.why ?? `${seed.path}: no match`);
        // One number per window: its start and end offsets in the text.
        const tried = new Set<number>();
        let lastMiss: CheckResult | undefined;
        for (const ev of first.evidence) {
          const clause = options.clauses ? clauseOf(doc, ev) : undefined;
          for (const around of windowsAround(doc, ev.sentenceStart, options.sentences, scope)) {
            const window = withinClause(around, clause);
            if (!window || window.end <= window.start) continue;
            const key = window.start * (doc.text.length + 1) + window.end;
            if (tried.has(key)) continue;
            tried.add(key);
            const results = checkUntilMiss(children, doc, window);
            const miss = results.find((r) => !r.ok);
            if (!miss) return { ok: true, evidence: results.flatMap((r) => r.evidence), explanation: results.flatMap((r) => r.explanation) };
            lastMiss = miss;
          }
        }
        return failed(() => {
          const lastWhy = lastMiss?.why ?? '';
          return `${path} (same_sentence): never all in ${span}${lastWhy ? ` (e.g. ${lastWhy})` : ''}`;
        });
      },
    };
  },
});
