import { z } from 'zod';
import type { Article } from '../articles/article.js';
import { packagePath } from '../core/paths.js';
import { type CueFile, loadCueFile } from '../extraction/cue-words.js';
import { foldWord } from '../extraction/text.js';
import type { AgencyCitation, AgencySignal } from './story.js';

/**
 * Which news agency a report rests on, from its own words: the agency's
 * dateline at the head of the text ("BAMAKO (AFP) –"), its sign-off at the end
 * ("(avec AFP)"), the page's author line, facts attributed to it ("selon l'AFP",
 * "told Reuters") or a canonical URL on the agency's own site. The words are
 * data (data/gazetteer/agencies.yaml).
 */

const AgencySchema = z.strictObject({
  name: z.string().min(1),
  names: z.array(z.string().min(1)).min(1),
  domains: z.array(z.string().min(1)).default([]),
});

const AgencyCuesSchema = z.strictObject({
  agencies: z.array(AgencySchema).min(1),
  dateline: z.array(z.string()),
  signoff: z.array(z.string()),
  byline: z.array(z.string()),
  attribution: z.array(z.string()),
});

/** How far into the text a dateline may stand, and how far from its end a sign-off. */
const HEAD_CHARS = 400;
const TAIL_CHARS = 300;

interface CompiledAgencies {
  /** Agency display name by folded name. */
  /** By folded name: the agency, and the only ways it may be written (undefined: any case). */
  byFoldedName: Map<string, { agency: string; exactCase: Set<string> | undefined }>;
  byDomain: Map<string, string>;
  patterns: Record<Exclude<AgencySignal, 'canonical'>, RegExp[]>;
}

const CUES_FILE = packagePath('data', 'gazetteer', 'agencies.yaml');
/** For `sahelwatch check`. */
export const AGENCY_CUES: CueFile = { file: CUES_FILE, schema: AgencyCuesSchema };
let compiled: CompiledAgencies | undefined;

/**
 * Letters folded one for one (accents off, lower case), so offsets in the folded
 * text are offsets in the original: the agency's own capitals are checked there.
 */
function foldKeepingOffsets(text: string): string {
  let out = '';
  for (const c of text) {
    const folded = foldWord(c);
    out += folded.length === c.length ? folded : c.toLowerCase();
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template ("selon l'{agency}") as a regular expression over folded text; group 1 is the agency's name. */
function templateRegExp(template: string, names: string): RegExp {
  const parts = foldKeepingOffsets(template).split('{agency}').map((part) =>
    escapeRegExp(part)
      .replace(/\s+/g, '\\s+')
      .replace(/['’]/g, "['’‘`´]\\s*")
      .replace(/[-–—]/g, '[-–—]'),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join(`(${names})`)}(?![\\p{L}\\p{N}])`, 'gu');
}

/** Names written in capitals (AFP, AP) must be written so: "ap" or "Ani" are other words. */
const isAcronym = (name: string) => name.length <= 6 && name === name.toUpperCase() && /\p{Lu}/u.test(name);

function agencies(): CompiledAgencies {
  if (compiled) return compiled;
  const cues = loadCueFile(AgencyCuesSchema, CUES_FILE);
  const byFoldedName = new Map<string, { agency: string; exactCase: Set<string> | undefined }>();
  const byDomain = new Map<string, string>();
  for (const agency of cues.agencies) {
    for (const name of agency.names) {
      const key = foldKeepingOffsets(name);
      const known = byFoldedName.get(key);
      // "Xinhua" and "XINHUA": a name also listed in ordinary case matches in any case.
      const exactCase = !isAcronym(name) || (known && !known.exactCase) ? undefined : new Set([...(known?.exactCase ?? []), name]);
      byFoldedName.set(key, { agency: agency.name, exactCase });
    }
    for (const domain of agency.domains) byDomain.set(domain.toLowerCase(), agency.name);
  }
  const names = [...byFoldedName.keys()]
    .sort((a, b) => b.length - a.length)
    .map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+').replace(/['’]/g, "['’‘`´]\\s*").replace(/[-–—]/g, '[-–—\\s]'))
    .join('|');
  const compile = (templates: string[]) => templates.map((t) => templateRegExp(t, names));
  compiled = {
    byFoldedName,
    byDomain,
    patterns: { dateline: compile(cues.dateline), signoff: compile(cues.signoff), byline: compile(cues.byline), attribution: compile(cues.attribution) },
  };
  return compiled;
}

/** The agency a matched name stands for, if the original text writes it as the agency does. */
function agencyNamed(original: string, folded: string): string | undefined {
  const normalised = folded.replace(/\s+/g, ' ').replace(/['’‘`´]\s*/g, "'");
  const entry = agencies().byFoldedName.get(normalised) ?? agencies().byFoldedName.get(folded);
  if (!entry) return undefined;
  if (entry.exactCase && !entry.exactCase.has(original)) return undefined;
  return entry.agency;
}

function citationsIn(text: string, signal: Exclude<AgencySignal, 'canonical'>, out: Map<string, AgencyCitation>, minTimes = 1): void {
  const folded = foldKeepingOffsets(text);
  const seen = new Map<string, { times: number; citation: AgencyCitation }>();
  for (const pattern of agencies().patterns[signal]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
      const name = m[1] ?? '';
      const at = m.index + m[0].indexOf(name);
      const agency = agencyNamed(text.slice(at, at + name.length), name);
      if (agency) {
        const entry = seen.get(agency) ?? { times: 0, citation: { agency, signal, quote: text.slice(m.index, m.index + m[0].length).trim() } };
        entry.times++;
        seen.set(agency, entry);
      }
      if (m[0].length === 0) pattern.lastIndex++;
    }
  }
  for (const [agency, { times, citation }] of seen) if (times >= minTimes && !out.has(agency)) out.set(agency, citation);
}

// One fact credited to an agency ("according to Reuters") is a citation in the outlet's own report; a report
// that credits the agency again and again, with no sign of its own, rests on it.
const MIN_ATTRIBUTIONS = 2;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Agencies the report rests on, in order of first sign: the canonical URL, byline, dateline, sign-off, attribution. */
export function agencyCitations(article: Pick<Article, 'url' | 'text' | 'byline'>): AgencyCitation[] {
  const found = new Map<string, AgencyCitation>();
  const host = hostOf(article.url);
  for (const [domain, agency] of agencies().byDomain) {
    if (host === domain || host.endsWith(`.${domain}`)) found.set(agency, { agency, signal: 'canonical', quote: host });
  }
  if (article.byline) citationsIn(article.byline, 'byline', found);
  citationsIn(article.text.slice(0, HEAD_CHARS), 'dateline', found);
  citationsIn(article.text.slice(-TAIL_CHARS), 'signoff', found);
  citationsIn(article.text, 'attribution', found, MIN_ATTRIBUTIONS);
  return [...found.values()];
}

/** The agency a name stands for, as alerts show it ("Agence France-Presse" → AFP), in any case; undefined if not a listed agency. */
export function agencyByName(name: string): string | undefined {
  const folded = foldKeepingOffsets(name.trim()).replace(/\s+/g, ' ').replace(/['’‘`´]\s*/g, "'");
  return agencies().byFoldedName.get(folded)?.agency;
}
