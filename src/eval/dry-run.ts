import { z } from 'zod';
import { articleFullText } from '../articles/article.js';
import { ValidationError } from '../core/validate.js';
import { extract } from '../extraction/extract.js';
import { DocContext } from '../matching/doc.js';
import { evidenceLines, explainIndicator } from '../matching/explain.js';
import { loadIndicatorFile } from '../matching/loader.js';
import { CorpusError, parseJsonLines } from './corpus.js';
import { regionsFor } from './run.js';

/** One document to try an indicator on: a headline, a body, optionally its language. */
export interface DryRunDoc {
  title: string;
  text: string;
  lang?: string;
  /** Publication date (YYYY-MM-DD): an event the text dates years before it is history, not news. */
  published?: string;
  /** Shown in the report when a JSONL line has one. */
  id?: string;
}

/** A JSONL line: `title` and `text` (either may be left out, not both), optional `lang` and `published`; other fields are ignored. */
const DryRunLineSchema = z
  .object({
    title: z.string().default(''),
    text: z.string().default(''),
    lang: z.string().min(1).optional(),
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date, YYYY-MM-DD').optional(),
    id: z.union([z.string(), z.number()]).optional(),
  })
  .refine((d) => d.title.trim() || d.text.trim(), 'give a title or a text');

/**
 * Reads what `indicators test --text` was given: JSONL (one `{title, text, lang?}` object
 * per line) when it starts with `{`, otherwise plain text whose first non-blank line is
 * the headline and the rest the body. `name` is used in errors (`stdin:3: title: ...`).
 */
export function parseDryRunInput(input: string, name = 'text'): DryRunDoc[] {
  const trimmed = input.trim();
  if (!trimmed) throw new CorpusError(name, 1, 'no text given');
  if (!trimmed.startsWith('{')) {
    const [title = '', ...rest] = trimmed.split(/\r?\n/);
    return [{ title: title.trim(), text: rest.join('\n').trim() }];
  }
  return parseJsonLines(input, name, DryRunLineSchema).map(({ value: { title, text, lang, published, id } }) => ({
    title,
    text,
    ...(lang ? { lang } : {}),
    ...(published ? { published } : {}),
    ...(id !== undefined ? { id: String(id) } : {}),
  }));
}

/**
 * Dry run for `sahelwatch indicators test FILE --text …`: each document goes through
 * extraction and the indicator's conditions, and the report says MATCH or no match,
 * every condition with ✓/✗ and the words that matched or why not, and for a match
 * the sentences the evidence is in. Alerting thresholds and outlets are not applied.
 */
export function dryRunIndicator(indicatorFile: string, docs: readonly DryRunDoc[]): { report: string; matched: number } {
  const { regions, errors: regionErrors } = regionsFor(indicatorFile);
  const loaded = loadIndicatorFile(indicatorFile, regions);
  if (!loaded.indicator) throw new ValidationError(indicatorFile, [...regionErrors, ...loaded.errors]);
  const indicator = loaded.indicator;
  const lines: string[] = [];
  let matched = 0;
  docs.forEach((d, n) => {
    const extraction = extract({ title: d.title, text: d.text, ...(d.lang ? { language: d.lang } : {}), ...(d.published ? { published: d.published } : {}) });
    const doc = new DocContext(articleFullText(d), extraction);
    const result = indicator.evaluate(doc);
    if (result.ok) matched++;
    const headline = (d.title || d.text).replace(/\s+/g, ' ').slice(0, 120);
    if (docs.length > 1 || d.id) lines.push(`[${n + 1}]${d.id ? ` ${d.id}` : ''} ${headline}`);
    lines.push(explainIndicator(indicator, doc));
    if (result.ok) {
      lines.push('  evidence:');
      lines.push(...evidenceLines(result.explanation, '    '));
    } else lines.push(`  why: ${result.why ?? 'no match'}`);
    lines.push('');
  });
  lines.push(`${indicator.id}: matched ${matched} of ${docs.length} document${docs.length === 1 ? '' : 's'}`);
  return { report: lines.join('\n'), matched };
}
