import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Logger } from '../core/log.js';
import type { Gazetteer } from '../extraction/gazetteer.js';
import { locateInYaml, parseYamlWith, readDataFile, ValidationError } from '../core/validate.js';
import { CompileError } from './conditions/condition.js';
import { type CompiledIndicator, compileIndicator, IndicatorFileSchema } from './indicator.js';
import { referenceProblems } from './references.js';
import { lookUpRegions, type TrendIndicator, TrendIndicatorFileSchema, trendReferences } from './trend.js';
import { loadRegions, type Region } from './regions.js';
import { type FeedRef, type SilenceIndicator, SilenceIndicatorFileSchema, silenceFeedProblems } from './silence.js';

export interface LoadResult {
  indicators: CompiledIndicator[];
  /** Indicators of kind `trend`, evaluated over the record's events on a schedule, not per article. */
  trends: TrendIndicator[];
  /** Indicators of kind `silence`, evaluated over the record's articles on a schedule, like trends. */
  silences: SilenceIndicator[];
  /** One line per problem: `file:line:col key.path: message`. */
  errors: string[];
}

interface FileResult {
  file: string;
  indicator?: CompiledIndicator;
  trend?: TrendIndicator;
  silence?: SilenceIndicator;
  errors: string[];
}

/** The `kind` a file declares (absent: an article indicator); undefined too when the YAML does not parse, which the schema then reports. */
function declaredKind(text: string): unknown {
  try {
    const doc: unknown = parseYaml(text);
    return typeof doc === 'object' && doc !== null ? (doc as { kind?: unknown }).kind : undefined;
  } catch {
    return undefined;
  }
}

function indicatorFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Parses, validates and compiles one indicator file; never throws. Every gazetteer id
 * its conditions name must be known to the gazetteer (the repository's by default).
 */
export function loadIndicatorFile(file: string, regions: ReadonlyMap<string, Region>, gazetteer?: Gazetteer): FileResult {
  let text: string;
  try {
    text = readDataFile(file, 'indicator');
  } catch (err) {
    return { file, errors: err instanceof ValidationError ? err.problems : [`${file}: cannot read (${String(err)})`] };
  }
  try {
    if (declaredKind(text) === 'silence') {
      const silence: SilenceIndicator = { ...parseYamlWith(SilenceIndicatorFileSchema, text, file), file };
      const areas = lookUpRegions(silence.silence.articles.regions, regions, ['silence', 'articles', 'regions']);
      return { file, silence: areas ? { ...silence, areas } : silence, errors: [] };
    }
    if (declaredKind(text) !== undefined) {
      const parsed: TrendIndicator = { ...parseYamlWith(TrendIndicatorFileSchema, text, file), file };
      const areas = lookUpRegions(parsed.trend.events.regions, regions, ['trend', 'events', 'regions']);
      const trend = areas ? { ...parsed, areas } : parsed;
      const unknown = referenceProblems(trendReferences(trend), gazetteer);
      return unknown.length > 0 ? { file, errors: unknown.map((p) => locateInYaml(text, file, p.path, p.message)) } : { file, trend, errors: [] };
    }
    const data = parseYamlWith(IndicatorFileSchema, text, file);
    const indicator = compileIndicator(data, regions, file);
    const unknown = referenceProblems(indicator.references ?? [], gazetteer);
    if (unknown.length > 0) return { file, errors: unknown.map((p) => locateInYaml(text, file, p.path, p.message)) };
    return { file, indicator, errors: [] };
  } catch (err) {
    if (err instanceof ValidationError) return { file, errors: err.problems };
    if (err instanceof CompileError) return { file, errors: [locateInYaml(text, file, err.path, err.message)] };
    return { file, errors: [`${file}: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

function loadFiles(dir: string): { results: FileResult[]; regionErrors: string[] } {
  const { regions, errors } = loadRegions(join(dir, 'regions'));
  return { results: indicatorFiles(dir).map((f) => loadIndicatorFile(f, regions)), regionErrors: errors };
}

/** Keeps the first indicator for each id; later duplicates become errors. */
function dedupe(results: readonly FileResult[]): LoadResult {
  const seen = new Map<string, string>();
  const out: LoadResult = { indicators: [], trends: [], silences: [], errors: [] };
  for (const r of results) {
    out.errors.push(...r.errors);
    const loaded = r.indicator ?? r.trend ?? r.silence;
    if (!loaded) continue;
    const first = seen.get(loaded.id);
    if (first) {
      out.errors.push(`${r.file}:1:1 id: duplicate id "${loaded.id}" (already defined in ${first}); skipped`);
      continue;
    }
    seen.set(loaded.id, r.file);
    if (r.indicator) out.indicators.push(r.indicator);
    if (r.trend) out.trends.push(r.trend);
    if (r.silence) out.silences.push(r.silence);
  }
  return out;
}

/**
 * Loads every `*.yaml` indicator in dir (regions from dir/regions). A bad file
 * is reported on one line per problem and skipped; the rest load.
 */
export function loadIndicators(dir = 'indicators'): LoadResult {
  const { results, regionErrors } = loadFiles(dir);
  const out = dedupe(results);
  out.errors.unshift(...regionErrors);
  return out;
}

/** One file's verdict for `sahelwatch check`: no errors means √. */
export interface FileCheck {
  file: string;
  /** Indicator id when the file loaded. */
  id?: string;
  /** The compiled indicator when the file loaded (its examples are run by `sahelwatch check`). */
  indicator?: CompiledIndicator;
  errors: string[];
}

/**
 * What `sahelwatch check` reports for indicators: one entry per file (region
 * files included), each problem as one located line. Duplicate ids are errors;
 * given the configuration's feeds, so are the feeds and tags a silence names
 * that none of them has.
 */
export function checkIndicators(dir = 'indicators', feeds?: readonly FeedRef[]): FileCheck[] {
  const { results, regionErrors } = loadFiles(dir);
  const out: FileCheck[] = [];
  const regionDir = join(dir, 'regions');
  if (regionErrors.length > 0) out.push({ file: regionDir, errors: regionErrors });
  const seen = new Map<string, string>();
  for (const r of results) {
    const errors = [...r.errors];
    const id = r.indicator?.id ?? r.trend?.id ?? r.silence?.id;
    if (r.silence && feeds) {
      const text = readDataFile(r.file, 'indicator');
      errors.push(...silenceFeedProblems(r.silence, feeds).map((p) => locateInYaml(text, r.file, p.path, p.message)));
    }
    if (id) {
      const first = seen.get(id);
      if (first) errors.push(`${r.file}:1:1 id: duplicate id "${id}" (already defined in ${first})`);
      else seen.set(id, r.file);
    }
    out.push({ file: r.file, ...(id ? { id, indicator: r.indicator } : {}), errors });
  }
  return out;
}

/**
 * Reloads dir on demand, keeping for each file its last good version when the
 * file has become bad (its problems are logged); a deleted file drops out.
 */
export function createIndicatorReloader(dir: string, log: Pick<Logger, 'warn'>): () => CompiledIndicator[] {
  const lastGood = new Map<string, CompiledIndicator>();
  return () => {
    const { results, regionErrors } = loadFiles(dir);
    for (const e of regionErrors) log.warn({ error: e }, 'Region file rejected.');
    const present = new Set(results.map((r) => r.file));
    for (const file of lastGood.keys()) if (!present.has(file)) lastGood.delete(file);
    const merged = results.map((r) => {
      if (r.trend || r.silence) return r;
      if (r.indicator) {
        lastGood.set(r.file, r.indicator);
        return r;
      }
      const kept = lastGood.get(r.file);
      for (const e of r.errors) log.warn({ file: r.file, error: e, keptLastGood: Boolean(kept) }, 'Indicator file rejected; last good version kept.');
      return { ...r, indicator: kept, errors: [] };
    });
    const { indicators, errors } = dedupe(merged);
    for (const e of errors) log.warn({ error: e }, 'Indicator skipped.');
    return indicators;
  };
}

/**
 * Watches dir (and dir/regions) and calls onChange with the new set after each
 * change. A file that became bad keeps its last good version in force, and its
 * problems are logged; a deleted file drops out. Returns a function that stops watching.
 */
export function watchIndicators(
  dir: string,
  onChange: (indicators: CompiledIndicator[]) => void,
  log: Pick<Logger, 'warn'>,
  debounceMs = 150,
): () => void {
  const reload = createIndicatorReloader(dir, log);
  // Seed the last-good versions with what is on disk now.
  reload();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(reload()), debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const d of [dir, join(dir, 'regions')]) {
    try {
      watchers.push(watch(d, schedule));
    } catch {
      // A missing regions folder is fine: there is nothing to watch there.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
