import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';

/** What a labeller expects of one item (see ../shared/eval/LABELING.md). */
export const ExpectSchema = z.object({
  indicators: z.array(z.string()),
  actors: z.array(z.string()),
  people: z.array(z.string()),
  countries: z.array(z.string().length(2)),
  places: z.array(z.string()),
});
export type Expect = z.infer<typeof ExpectSchema>;

/** One line of a labelled corpus (JSONL). */
export const CorpusItemSchema = z.object({
  id: z.string().min(1),
  lang: z.string(),
  published: z.string(),
  source: z.string(),
  provenance: z.string(),
  /** The real-world event the item reports; items of one event stay in one split. */
  event: z.string().optional(),
  title: z.string(),
  text: z.string(),
  expect: ExpectSchema,
  rationale: z.string(),
});
export type CorpusItem = z.infer<typeof CorpusItemSchema>;

export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'CorpusError';
  }
}

/** First problem of a failed parse, as `expect.actors: expected array`. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid item';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  const message = issue.message.replace(/^Invalid input: /, '');
  return path ? `${path}: ${message}` : message;
}

/**
 * Each non-blank line of JSONL text parsed with `schema`, with its line number;
 * a line that is not JSON or not of the schema throws a CorpusError naming `name` and the line.
 */
export function parseJsonLines<S extends z.ZodType>(text: string, name: string, schema: S): { line: number; value: z.output<S> }[] {
  const out: { line: number; value: z.output<S> }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (!line) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new CorpusError(name, i + 1, `invalid JSON (${(e as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new CorpusError(name, i + 1, describe(parsed.error));
    out.push({ line: i + 1, value: parsed.data });
  }
  return out;
}

/** Parses JSONL text; `name` is used in errors. Blank lines are skipped; ids must be unique. */
export function parseCorpus(text: string, name: string): CorpusItem[] {
  const ids = new Set<string>();
  return parseJsonLines(text, name, CorpusItemSchema).map(({ line, value }) => {
    if (ids.has(value.id)) throw new CorpusError(name, line, `duplicate id ${value.id}`);
    ids.add(value.id);
    return value;
  });
}

/** Reads a JSONL corpus file; errors name the file and line (`dev.jsonl:7: expect.actors: expected array`). */
export function loadCorpus(path: string): CorpusItem[] {
  return parseCorpus(readFileSync(path, 'utf8'), basename(path));
}
