import type { CorpusItem } from './corpus.js';
import { type Score, score } from './entity-scores.js';

/** One item an indicator got wrong: fired without the label (fp) or missed it (fn). */
export interface IndicatorError {
  id: string;
  indicator: string;
  outcome: 'fp' | 'fn';
  /** For fp: what matched; for fn: the first condition that failed. */
  why: string;
}

export interface IndicatorScores {
  indicators: Record<string, Score>;
  micro: Score;
  errors: IndicatorError[];
}

/**
 * Scores predicted indicator ids against each item's `expect.indicators`.
 * `explain(itemIndex, indicatorId, outcome)` supplies the reason shown for each error.
 */
export function scoreIndicators(
  items: readonly CorpusItem[],
  predicted: readonly (readonly string[])[],
  indicatorIds: readonly string[],
  explain: (itemIndex: number, indicatorId: string, outcome: 'fp' | 'fn') => string,
): IndicatorScores {
  const counts = new Map(indicatorIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: IndicatorError[] = [];
  items.forEach((item, n) => {
    const got = new Set(predicted[n] ?? []);
    const want = new Set(item.expect.indicators);
    for (const id of indicatorIds) {
      const c = counts.get(id)!;
      if (got.has(id) && want.has(id)) c.tp++;
      else if (got.has(id)) {
        c.fp++;
        errors.push({ id: item.id, indicator: id, outcome: 'fp', why: explain(n, id, 'fp') });
      } else if (want.has(id)) {
        c.fn++;
        errors.push({ id: item.id, indicator: id, outcome: 'fn', why: explain(n, id, 'fn') });
      }
    }
  });
  const indicators: Record<string, Score> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [id, c] of counts) {
    indicators[id] = score(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { indicators, micro: score(tp, fp, fn), errors };
}
