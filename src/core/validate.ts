import { readFileSync, statSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One located problem in a data file: `file:line:col path: message`. */
export class ValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'ValidationError';
  }
}

type PathKey = PropertyKey;

/** Renders a zod path as `a.b[2].c`. */
export function dotPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** Line and column of the YAML node at `path`, walking up to the nearest existing parent. */
function locate(doc: Document, counter: LineCounter, path: readonly PathKey[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  return { line: 1, col: 1 };
}

/**
 * Parses YAML text and validates it against a zod schema. Every problem, YAML
 * syntax or schema, becomes one line naming the file, line, column and key path.
 */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ValidationError(
      file,
      doc.errors.map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return `${file}:${pos.line}:${pos.col} YAML syntax: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // yaml's alias-bomb guard ("Excessive alias count …") names no file on its own.
    throw new ValidationError(file, [`${file}: YAML refused: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    file,
    result.error.issues.map((issue) => {
      const { line, col } = locate(doc, counter, issue.path);
      return `${file}:${line}:${col} ${dotPath(issue.path)}: ${describeIssue(issue)}`;
    }),
  );
}

/**
 * Size limits for the files people write. A 53 MB config took 28 s and 3.6 GB
 * to parse; nothing legitimate comes near these (the shipped indicators are
 * 3–4 KB each, a config with 5,000 feeds about 1 MB).
 */
export const MAX_DATA_FILE_BYTES = {
  config: 4 * 1024 * 1024,
  indicator: 256 * 1024,
  region: 8 * 1024 * 1024,
  /** An OPML list to import (about 20,000 outlines). */
  opml: 8 * 1024 * 1024,
} as const;
export type DataFileKind = keyof typeof MAX_DATA_FILE_BYTES;

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** Reads a config, indicator or region file, refusing one over its size limit (checked before reading) in one line naming it. */
export function readDataFile(file: string, kind: DataFileKind): string {
  const limit = MAX_DATA_FILE_BYTES[kind];
  try {
    const bytes = statSync(file).size;
    if (bytes > limit) throw new ValidationError(file, [`${file}: ${size(bytes)} is over the ${size(limit)} limit for ${kind === 'config' ? 'a config' : kind === 'opml' ? 'an OPML' : `an ${kind}`} file; refused unread`]);
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(file, [`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
}

export function loadYamlFile<S extends z.ZodType>(schema: S, file: string, kind: DataFileKind = 'config'): z.output<S> {
  return parseYamlWith(schema, readDataFile(file, kind), file);
}

/** Locates a problem found after schema validation (e.g. an unknown reference) at its key path. */
export function locateInYaml(text: string, file: string, path: readonly PathKey[], message: string): string {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const { line, col } = locate(doc, counter, path);
  return `${file}:${line}:${col} ${dotPath(path)}: ${message}`;
}
