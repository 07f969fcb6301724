import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { articleFullText } from '../articles/article.js';
import { ValidationError } from '../core/validate.js';
import { extract } from '../extraction/extract.js';
import type { Extraction } from '../extraction/extraction.js';
import { DocContext } from '../matching/doc.js';
import { evidenceLines } from '../matching/explain.js';
import type { CompiledIndicator } from '../matching/indicator.js';
import { loadIndicatorFile, loadIndicators } from '../matching/loader.js';
import { buildMatcher } from '../matching/matcher.js';
import type { Match } from '../matching/match.js';
import { loadRegions } from '../matching/regions.js';
import { type CorpusItem, loadCorpus } from './corpus.js';
import { type EntityError, type Score, scoreEntities } from './entity-scores.js';
import { type IndicatorError, scoreIndicators } from './indicator-scores.js';

export interface EvalReport {
  items: number;
  indicators: Record<string, Score>;
  micro: { precision: number; recall: number; f1: number };
  /** The same scores per article language (en, fr): the targets hold in each. */
  byLanguage: Record<string, { items: number; indicators: Record<string, Score>; micro: Score }>;
  actors: Score;
  people: Score;
  countries: Score;
  places: Score;
  errors: (IndicatorError | (EntityError & { outcome: 'entities' }))[];
}

interface Judged {
  item: CorpusItem;
  doc: DocContext;
  matches: Match[];
}

/** Extraction and matching of one corpus item, in process, judged on its own content. */
function judge(item: CorpusItem, match: (doc: DocContext) => Match[]): Judged {
  const text = articleFullText(item);
  const extraction: Extraction = extract({ title: item.title, text: item.text, language: item.lang, published: item.published });
  const doc = new DocContext(text, extraction);
  return { item, doc, matches: match(doc) };
}

/** Why an indicator fired (its evidence) or did not (its first failing condition). */
function reason(indicator: CompiledIndicator | undefined, judged: Judged, outcome: 'fp' | 'fn'): string {
  if (!indicator) return 'indicator not loaded';
  const result = indicator.evaluate(judged.doc);
  if (outcome === 'fn') return result.why ?? 'no match';
  return result.explanation.map((e) => `${e.detail}${e.evidence[0] ? ` ("${e.evidence[0].quote}")` : ''}`).join('; ');
}

/**
 * Runs extraction and indicator matching over a labelled corpus (JSONL, see
 * ../shared/eval/LABELING.md) with no Redis: each item is judged on the
 * indicators' content conditions, not their time windows or outlet thresholds.
 */
export function runEval(corpusFile: string, indicatorsDir = 'indicators'): EvalReport {
  const items = loadCorpus(corpusFile);
  const { indicators, errors: loadErrors } = loadIndicators(indicatorsDir);
  if (loadErrors.length > 0) throw new ValidationError(indicatorsDir, loadErrors);
  const matcher = buildMatcher(indicators);
  const judged = items.map((item) => judge(item, (doc) => matcher.match(doc)));
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const ids = indicators.filter((i) => i.enabled).map((i) => i.id);
  const scored = scoreIndicators(
    items,
    judged.map((j) => j.matches.map((m) => m.indicatorId)),
    ids,
    (n, id, outcome) => reason(byId.get(id), judged[n]!, outcome),
  );
  const entities = scoreEntities(
    items,
    judged.map((j) => j.doc.extraction),
  );
  const { precision, recall, f1 } = scored.micro;
  const byLanguage: EvalReport['byLanguage'] = {};
  for (const lang of [...new Set(items.map((i) => i.lang))].sort()) {
    const picked = judged.filter((j) => j.item.lang === lang);
    const part = scoreIndicators(
      picked.map((j) => j.item),
      picked.map((j) => j.matches.map((m) => m.indicatorId)),
      ids,
      () => '',
    );
    byLanguage[lang] = { items: picked.length, indicators: part.indicators, micro: part.micro };
  }
  return {
    items: items.length,
    indicators: scored.indicators,
    micro: { precision, recall, f1 },
    byLanguage,
    actors: entities.actors,
    people: entities.people,
    countries: entities.countries,
    places: entities.places,
    errors: [...scored.errors, ...entities.errors.map((e) => ({ ...e, outcome: 'entities' as const }))],
  };
}

const pct = (x: number): string => x.toFixed(3);

function scoreRow(name: string, s: { tp?: number; fp?: number; fn?: number; precision: number; recall: number; f1: number }): string {
  const counts = s.tp === undefined ? ''.padEnd(15) : `${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  `;
  return `${name.padEnd(30)} ${counts} ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}`;
}

/** The human-readable report printed by `sahelwatch eval`. */
export function formatEvalReport(report: EvalReport): string {
  const lines = [`${report.items} items`, '', `${'indicator'.padEnd(30)}   tp   fp   fn   prec    rec     f1`];
  for (const [id, s] of Object.entries(report.indicators)) lines.push(scoreRow(id, s));
  lines.push(scoreRow('micro average', report.micro));
  for (const [lang, part] of Object.entries(report.byLanguage)) {
    lines.push('', `${`${lang} (${part.items} items)`.padEnd(30)}   tp   fp   fn   prec    rec     f1`);
    for (const [id, s] of Object.entries(part.indicators)) lines.push(scoreRow(id, s));
    lines.push(scoreRow('micro average', part.micro));
  }
  lines.push('', 'Confusion per indicator (false positives, misses):');
  for (const id of Object.keys(report.indicators)) {
    const of = (outcome: 'fp' | 'fn') => report.errors.filter((e) => e.outcome === outcome && 'indicator' in e && e.indicator === id).map((e) => e.id);
    const fp = of('fp');
    const fn = of('fn');
    lines.push(`  ${id}: fp ${fp.length}${fp.length ? ` [${fp.join(' ')}]` : ''}; fn ${fn.length}${fn.length ? ` [${fn.join(' ')}]` : ''}`);
  }
  lines.push('', `${'entities'.padEnd(30)}   tp   fp   fn   prec    rec     f1`);
  for (const field of ['actors', 'people', 'countries', 'places'] as const) lines.push(scoreRow(field, report[field]));
  const wrong = report.errors;
  lines.push('', wrong.length === 0 ? 'No errors.' : `Errors (${wrong.length}):`);
  for (const e of wrong) {
    if (e.outcome === 'entities') {
      const parts = [e.missing.length ? `missing ${e.missing.join(', ')}` : '', e.extra.length ? `extra ${e.extra.join(', ')}` : ''].filter(Boolean);
      lines.push(`  ${e.id} ${e.field}: ${parts.join('; ')}`);
    } else lines.push(`  ${e.id} ${e.indicator} ${e.outcome === 'fp' ? 'false positive' : 'missed'}: ${e.why}`);
  }
  return lines.join('\n');
}

/** Regions for an indicator file: its own folder's regions/, else the shipped ones. */
export function regionsFor(indicatorFile: string) {
  const own = join(dirname(indicatorFile), 'regions');
  return loadRegions(existsSync(own) ? own : 'indicators/regions');
}

/**
 * Backtest for `sahelwatch indicators test <file> --corpus FILE`: what the
 * indicator would have raised on the corpus, the evidence for each hit, the
 * labelled items it missed and why, and precision/recall against the labels.
 */
export function backtestIndicator(indicatorFile: string, corpusFile: string): string {
  const { regions, errors: regionErrors } = regionsFor(indicatorFile);
  const loaded = loadIndicatorFile(indicatorFile, regions);
  if (!loaded.indicator) throw new ValidationError(indicatorFile, [...regionErrors, ...loaded.errors]);
  const indicator = loaded.indicator;
  const items = loadCorpus(corpusFile);
  const matchOne = (doc: DocContext): Match[] => {
    const result = indicator.evaluate(doc);
    return result.ok ? [{ indicatorId: indicator.id, severity: indicator.severity, explanation: result.explanation }] : [];
  };
  const judged = items.map((item) => judge(item, matchOne));
  const lines = [`${indicator.id}: ${indicator.title}`, `${items.length} items in ${corpusFile}`, ''];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const j of judged) {
    const labelled = j.item.expect.indicators.includes(indicator.id);
    const hit = j.matches[0];
    if (hit) {
      labelled ? tp++ : fp++;
      lines.push(`${labelled ? 'HIT ' : 'FP  '} ${j.item.id} [${indicator.severity}] ${j.item.published} ${j.item.source}: ${j.item.title}`);
      lines.push(...evidenceLines(hit.explanation, '       '));
    } else if (labelled) {
      fn++;
      lines.push(`MISS ${j.item.id} ${j.item.title}`, `       ${indicator.evaluate(j.doc).why ?? ''}`);
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  lines.push('', `would have raised ${tp + fp} alert(s): tp ${tp}, fp ${fp}, fn ${fn}; precision ${pct(precision)}, recall ${pct(recall)}`);
  return lines.join('\n');
}
