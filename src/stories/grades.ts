import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { loadYamlFile } from '../core/validate.js';
import { foldedWords } from './minhash.js';
import type { StorySource } from './story.js';

/**
 * An Admiralty (NATO) grade: the source's reliability, A (completely reliable)
 * to E (unreliable) and F (cannot be judged), then the information's
 * credibility, 1 (confirmed) to 5 (improbable) and 6 (cannot be judged).
 */
export const AdmiraltyGradeSchema = z
  .string()
  .regex(/^[A-F][1-6]$/, 'an Admiralty grade: a letter A–F (source reliability) then a digit 1–6 (information credibility), e.g. B2');
export type AdmiraltyGrade = z.infer<typeof AdmiraltyGradeSchema>;

/** ACLED's `source_scale`: how far an outlet's reporting reaches. */
export const SOURCE_SCALES = ['local', 'national', 'regional', 'international'] as const;
export const SourceScaleSchema = z.enum(SOURCE_SCALES);
export type SourceScale = z.infer<typeof SourceScaleSchema>;

/** Outlet → value, keyed by web domain ("rfi.fr"), feed id or outlet name. */
export const OutletTableSchema = <T extends z.ZodType>(value: T) => z.record(z.string().min(1), value);

const fold = (name: string) => foldedWords(name).join(' ');

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Does a table key name this report's outlet: its feed id, its name, or its site's domain (or a parent domain)? */
function namesOutlet(key: string, source: Pick<StorySource, 'outlet' | 'feedId' | 'url'>, host: string | undefined): boolean {
  if (key === source.feedId || fold(key) === fold(source.outlet)) return true;
  const domain = key.toLowerCase();
  return host !== undefined && domain.includes('.') && (host === domain || host.endsWith(`.${domain}`));
}

/** The table's value for a report's outlet (the first key that names it), if any. */
export function outletValue<T>(table: Readonly<Record<string, T>>, source: Pick<StorySource, 'outlet' | 'feedId' | 'url'>): T | undefined {
  const host = hostOf(source.url);
  for (const [key, value] of Object.entries(table)) if (namesOutlet(key, source, host)) return value;
  return undefined;
}

const reliability = (grade: string) => 'ABCDEF'.indexOf(grade[0] ?? 'F');
const credibility = (grade: string) => Number(grade[1] ?? 6);

/**
 * The best grade among graded reports: the most reliable source first, then
 * the most credible information (B1 over B3, A5 over B1). F and 6, "cannot be
 * judged", rank last. An outlet with no grade in the config is not graded
 * (not F6): it takes no part.
 */
export function bestGrade(sources: readonly Pick<StorySource, 'grade'>[]): AdmiraltyGrade | undefined {
  const grades = sources.map((s) => s.grade).filter((g): g is string => g !== undefined);
  return grades.sort((a, b) => reliability(a) - reliability(b) || credibility(a) - credibility(b))[0];
}

const SCALES_FILE = packagePath('data', 'sources', 'scales.yaml');
let defaultScales: Record<string, SourceScale> | undefined;

/** The shipped outlet scales (data/sources/scales.yaml). */
export function shippedScales(): Readonly<Record<string, SourceScale>> {
  defaultScales ??= loadYamlFile(OutletTableSchema(SourceScaleSchema), SCALES_FILE);
  return defaultScales;
}

/**
 * ACLED's `source_scale` for a set of reports: their scales, narrowest first,
 * capitalised and joined as ACLED joins them ("National-International").
 */
export function sourceScaleLabel(sources: readonly Pick<StorySource, 'scale'>[]): string {
  const present = new Set(sources.map((s) => s.scale));
  return SOURCE_SCALES.filter((s) => present.has(s))
    .map((s) => `${s[0]?.toUpperCase()}${s.slice(1)}`)
    .join('-');
}
