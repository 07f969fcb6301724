import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Article } from '../articles/article.js';
import { contentId } from '../core/ids.js';
import { truncate } from '../core/text.js';
import { type AccountKind, AccountKindSchema } from '../extraction/accounts.js';
import { extract } from '../extraction/extract.js';
import { canonicalUrl } from '../feeds/canonical-url.js';
import { copiedReport, exactReportKeys, reportBands, reportFingerprint, sourceOf, StoryOptionsSchema, type StoryOptions } from '../stories/cluster.js';
import { incidentFacts } from '../stories/facts.js';
import { independentReports, type SourceLink, type SourcesConfig, SourcesConfigSchema, sourceLinks } from '../stories/independence.js';
import { estimateOverlap, type Fingerprint, foldedWords } from '../stories/minhash.js';
import type { StorySource } from '../stories/story.js';
import { agencyByName } from '../stories/syndication.js';
import { CorpusError, parseJsonLines } from './corpus.js';
import { type Score, score } from './entity-scores.js';

/**
 * `sahelwatch eval-sources`: source independence (which reports of one
 * incident rest on one original text or agency dispatch) and each report's
 * account (claim, official, local, denial, own), scored against a labelled set
 * of real reporting. Every decision is the analyze stage's own code: the
 * exact-duplicate keys, the LSH bands and the copy test of the story store
 * (src/stories/cluster.ts), agencyCitations, sourceLinks/independentReports
 * and classifyAccount. What is not the analyze stage's: every report of one
 * labelled incident is taken to be in one story (clustering is what `eval`
 * and `eval-followups` score), so no Redis is needed.
 */

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const slug = z.string().regex(SLUG, 'a slug: lower-case letters, digits, - and _');

/** One report of a labelled source set (JSONL, one per line). */
export const SourceReportSchema = z.strictObject({
  id: z.string().min(1),
  lang: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code'),
  published: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date'),
  outlet: z.string().min(1),
  url: z.string().url(),
  byline: z.string().nullable(),
  canonical_url: z.string().url().nullable(),
  provenance: z.string().min(1),
  /** The real-world incident: pairs are scored within one incident. */
  incident: slug,
  /** Reports resting on one original text or agency dispatch share it. */
  source_group: slug,
  agency: z.string().min(1).nullable(),
  account: AccountKindSchema,
  found: z.array(AccountKindSchema),
  title: z.string(),
  text: z.string(),
  rationale: z.string(),
});
export type SourceReport = z.infer<typeof SourceReportSchema>;

/** Parses a source set; errors are one line, `file:line: field: message`. Ids must be unique. */
export function parseSourceSet(text: string, name: string): SourceReport[] {
  const ids = new Set<string>();
  return parseJsonLines(text, name, SourceReportSchema).map(({ line, value }) => {
    if (ids.has(value.id)) throw new CorpusError(name, line, `id: duplicate id ${value.id}`);
    ids.add(value.id);
    return value;
  });
}

export function readSourceSet(file: string): SourceReport[] {
  return parseSourceSet(readFileSync(file, 'utf8'), file);
}

interface Ratio {
  n: number;
  of: number;
  share: number;
}
const ratio = (n: number, of: number): Ratio => ({ n, of, share: of === 0 ? 0 : n / of });

const FOUND_KINDS = ['claim', 'official', 'local', 'denial'] as const;
type FoundKind = (typeof FOUND_KINDS)[number];
const KINDS = AccountKindSchema.options;

export interface AccountScores {
  reports: number;
  /** The main kind right, over every report. */
  accuracy: Ratio;
  /** The main kind right, over reports labelled claim, official, local or denial (the issue's target). */
  accuracyNotOwn: Ratio;
  /** confusion[labelled][predicted] */
  confusion: Record<AccountKind, Record<AccountKind, number>>;
  /** Each kind's presence (`found`; `own` is no presence and is left out). */
  found: Record<FoundKind, Score>;
}

/** What the code decided for one report, and the label. */
export interface ReportDecision {
  id: string;
  incident: string;
  lang: string;
  outlet: string;
  /** Index of its predicted independent source within its incident. */
  group: number;
  agencies: StorySource['agencies'];
  copyOf?: { id: string; score: number };
  /** An exact duplicate (same canonical URL, or same text) of an earlier report: the store files it as no new source. */
  duplicateOf?: { id: string; why: 'same canonical URL' | 'same text' };
  account: NonNullable<StorySource['account']>;
}

export interface SourceScores {
  reports: number;
  incidents: number;
  /** Labelled source groups, and those with two reports or more (syndicated). */
  labelledGroups: number;
  syndicatedGroups: number;
  copyThreshold: number;
  syndication: {
    pairs: number;
    sameSource: Score;
    /** Incidents whose number of independent sources is the labelled one. */
    sourceCounts: Ratio;
    /** The first agency the code names is the labelled one, over reports labelled with an agency. */
    agency: Ratio;
    /** Reports labelled with no agency where the code names one. */
    agencyWhereNone: Ratio;
  };
  accounts: AccountScores;
  byLanguage: Record<string, AccountScores>;
  errors: {
    merged: Array<{ a: string; b: string; incident: string; why: string }>;
    split: Array<{ a: string; b: string; incident: string; why: string }>;
    counts: Array<{ incident: string; predicted: number; labelled: number }>;
    agency: Array<{ id: string; labelled: string | null; predicted: string[]; quote?: string }>;
    accounts: Array<{ id: string; lang: string; labelled: AccountKind; predicted: AccountKind; labelledFound: AccountKind[]; found: AccountKind[]; quote?: string }>;
    /** Reports whose main kind is right but whose other kinds found differ from the labelled ones. */
    found: Array<{ id: string; lang: string; missing: AccountKind[]; extra: AccountKind[] }>;
  };
  decisions: ReportDecision[];
}

/** The article the fetch stage would have built: its URL the page's canonical link when on the same site, as read-page.ts trusts it. */
function articleOf(item: SourceReport): Article {
  const host = (u: string) => {
    try {
      return new URL(u).hostname.replace(/^www\./, '');
    } catch {
      return '';
    }
  };
  const url = item.canonical_url && host(item.canonical_url) === host(item.url) ? canonicalUrl(item.canonical_url) : canonicalUrl(item.url);
  return {
    id: contentId('ar', url),
    itemId: contentId('it', item.id),
    feedId: item.outlet,
    outlet: item.outlet,
    url,
    title: item.title,
    text: item.text,
    published: new Date(`${item.published}T00:00:00Z`).toISOString(),
    language: item.lang,
    ...(item.byline ? { byline: truncate(item.byline, 200, '…') } : {}),
    textSource: 'page',
  };
}

interface Filed {
  item: SourceReport;
  article: Article;
  fingerprint: Fingerprint;
  bands: { read: string[]; write: string[] };
  exact: Array<[string, string]>;
  source: StorySource;
  duplicateOf?: ReportDecision['duplicateOf'] & { index: number };
  copy?: { articleId: string; score: number };
}

/**
 * Files one incident's reports in order of publication as the story store
 * would if they formed one story: an exact duplicate is no new source; each
 * other report is compared, for copying, with the earlier reports sharing an
 * LSH band with it within the clustering window, by other outlets.
 */
function fileIncident(items: readonly SourceReport[], sources: SourcesConfig, stories: StoryOptions): Filed[] {
  const ordered = [...items].sort((a, b) => a.published.localeCompare(b.published));
  const windowMs = stories.window_hours * 3600_000;
  const filed: Filed[] = [];
  for (const item of ordered) {
    const article = articleOf(item);
    const textWords = foldedWords(article.text);
    const fingerprint = reportFingerprint(article, textWords);
    const extraction = extract({ title: item.title, text: item.text, language: item.lang, published: article.published });
    const bands = reportBands(fingerprint, incidentFacts(extraction));
    const exact = exactReportKeys(article, textWords);
    const published = Date.parse(article.published);
    // Exact keys are kept for weeks, not the window: a reprint of the same text days later is still no new source.
    const original = filed.find((f) => !f.duplicateOf && f.exact.some(([kind, value]) => exact.some(([k, v]) => k === kind && v === value)));
    if (original) {
      const why = original.article.id === article.id ? 'same canonical URL' : 'same text';
      filed.push({ item, article, fingerprint, bands, exact, source: sourceOf(article, undefined, sources), duplicateOf: { id: original.item.id, why, index: filed.indexOf(original) } });
      continue;
    }
    const read = new Set(bands.read);
    const candidates = filed
      .filter((f) => !f.duplicateOf && Math.abs(Date.parse(f.article.published) - published) <= windowMs)
      .filter((f) => f.bands.write.some((b) => read.has(b)))
      .map((f) => ({ articleId: f.article.id, outlet: f.article.outlet, fingerprint: f.fingerprint, published: f.article.published }));
    const copy = copiedReport({ outlet: article.outlet, fingerprint }, candidates, sources.copy_similarity);
    filed.push({ item, article, fingerprint, bands, exact, source: sourceOf(article, copy?.articleId, sources), ...(copy ? { copy } : {}) });
  }
  return filed;
}

function emptyAccountScores(): { scores: AccountScores; tally: Record<FoundKind, { tp: number; fp: number; fn: number }> } {
  const confusion = Object.fromEntries(KINDS.map((l) => [l, Object.fromEntries(KINDS.map((p) => [p, 0]))])) as AccountScores['confusion'];
  const tally = Object.fromEntries(FOUND_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<FoundKind, { tp: number; fp: number; fn: number }>;
  return {
    scores: { reports: 0, accuracy: ratio(0, 0), accuracyNotOwn: ratio(0, 0), confusion, found: {} as AccountScores['found'] },
    tally,
  };
}

function scoreAccounts(judged: ReadonlyArray<{ item: SourceReport; account: NonNullable<StorySource['account']> }>): AccountScores {
  const { scores, tally } = emptyAccountScores();
  let right = 0;
  let notOwn = 0;
  let rightNotOwn = 0;
  for (const { item, account } of judged) {
    scores.confusion[item.account][account.kind]++;
    const ok = item.account === account.kind;
    if (ok) right++;
    if (item.account !== 'own') {
      notOwn++;
      if (ok) rightNotOwn++;
    }
    for (const kind of FOUND_KINDS) {
      const labelled = item.found.includes(kind);
      const predicted = account.found.includes(kind);
      if (labelled && predicted) tally[kind].tp++;
      else if (predicted) tally[kind].fp++;
      else if (labelled) tally[kind].fn++;
    }
  }
  scores.reports = judged.length;
  scores.accuracy = ratio(right, judged.length);
  scores.accuracyNotOwn = ratio(rightNotOwn, notOwn);
  scores.found = Object.fromEntries(FOUND_KINDS.map((k) => [k, score(tally[k].tp, tally[k].fp, tally[k].fn)])) as AccountScores['found'];
  return scores;
}

const q = (s: string) => `"${truncate(s.replace(/\s+/g, ' '), 120)}"`;

function describeAgencies(source: StorySource): string {
  const agencies = source.agencies ?? [];
  return agencies.length === 0 ? 'no agency sign' : agencies.map((c) => `${c.agency} (${c.signal} ${q(c.quote)})`).join(', ');
}

/** Why the code put two reports in one source: the chain of links between them, each with its evidence. */
function explainMerge(a: number, b: number, filed: readonly Filed[], links: readonly SourceLink[], sourceIndex: readonly number[]): string {
  // Exact duplicates stand for their original.
  const steps: string[] = [];
  const resolve = (i: number): number => {
    const f = filed[i] as Filed;
    if (f.duplicateOf) {
      steps.push(`${f.item.id} is an exact duplicate of ${f.duplicateOf.id} (${f.duplicateOf.why})`);
      return resolve(f.duplicateOf.index);
    }
    return i;
  };
  const from = resolve(a);
  const to = resolve(b);
  const filedOf = (s: number) => filed[sourceIndex.indexOf(s)] as Filed;
  const start = sourceIndex[from] as number;
  const goal = sourceIndex[to] as number;
  // Breadth-first over the links, so the shortest chain is told.
  const previous = new Map<number, { from: number; link: SourceLink } | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0 && !previous.has(goal)) {
    const at = queue.shift() as number;
    for (const link of links) {
      const next = link.a === at ? link.b : link.b === at ? link.a : undefined;
      if (next === undefined || previous.has(next)) continue;
      previous.set(next, { from: at, link });
      queue.push(next);
    }
  }
  const chain: string[] = [];
  for (let at = goal; at !== start; ) {
    const step = previous.get(at);
    if (!step) break;
    const x = filedOf(step.link.a);
    const y = filedOf(step.link.b);
    if (step.link.kind === 'agency') {
      const agency = step.link.agency;
      const cite = (f: Filed) => {
        const c = f.source.agencies?.find((c) => c.agency === agency);
        return c ? `${f.item.id}: ${c.signal} ${q(c.quote)}` : f.item.id;
      };
      chain.unshift(`both rest on ${agency} (${cite(x)}; ${cite(y)})`);
    } else if (step.link.kind === 'outlet') {
      chain.unshift(
        step.link.owner
          ? `${x.item.id} (${x.item.outlet}) and ${y.item.id} (${y.item.outlet}) are of ownership group ${step.link.owner}, neither naming an agency`
          : `${x.item.id} and ${y.item.id} are both ${x.item.outlet}'s own reporting, neither naming an agency`,
      );
    } else {
      chain.unshift(`${x.item.id} nearly copies ${y.item.id} (overlap ${(x.copy?.score ?? 0).toFixed(2)})`);
    }
    at = step.from;
  }
  return [...steps, ...chain].join('; then ');
}

/** Why the code kept two reports apart that rest on one original. */
function explainSplit(x: Filed, y: Filed, threshold: number): string {
  const overlap = estimateOverlap(x.fingerprint, y.fingerprint);
  const read = new Set(x.bands.read);
  const candidates = y.bands.write.some((b) => read.has(b)) || y.bands.read.some((b) => new Set(x.bands.write).has(b));
  return [
    `${x.item.id} (${x.item.outlet}): ${describeAgencies(x.source)}`,
    `${y.item.id} (${y.item.outlet}): ${describeAgencies(y.source)}`,
    `text overlap ${overlap.toFixed(2)} ${overlap >= threshold ? '≥' : '<'} ${threshold}${candidates ? '' : ', no LSH band in common'}`,
  ].join('; ');
}

/** Scores source independence and accounts on a labelled set, deciding as the analyze stage does. */
export function scoreSources(items: readonly SourceReport[], sourcesConfig: Partial<SourcesConfig> = {}, storyOptions: Partial<StoryOptions> = {}): SourceScores {
  const sources = SourcesConfigSchema.parse(sourcesConfig);
  const stories = StoryOptionsSchema.parse(storyOptions);
  const byIncident = new Map<string, SourceReport[]>();
  for (const item of items) byIncident.set(item.incident, [...(byIncident.get(item.incident) ?? []), item]);

  const decisions: ReportDecision[] = [];
  const errors: SourceScores['errors'] = { merged: [], split: [], counts: [], agency: [], accounts: [], found: [] };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let pairs = 0;
  let countsRight = 0;
  for (const [incident, reports] of byIncident) {
    const filed = fileIncident(reports, sources, stories);
    // The sources the store would list (duplicates are not), grouped by the service's own links.
    const sourceIndex: number[] = [];
    const listed: StorySource[] = [];
    filed.forEach((f, i) => {
      if (f.duplicateOf) return;
      sourceIndex[i] = listed.length;
      listed.push(f.source);
    });
    const links = sourceLinks(listed, sources.groups);
    const groupOfSource = new Map<StorySource, number>();
    independentReports(listed, sources.groups).forEach((members, g) => {
      for (const m of members) groupOfSource.set(m, g);
    });
    const groupOf = (i: number): number => {
      const f = filed[i] as Filed;
      return f.duplicateOf ? groupOf(f.duplicateOf.index) : (groupOfSource.get(f.source) as number);
    };
    filed.forEach((f, i) => {
      decisions.push({
        id: f.item.id,
        incident,
        lang: f.item.lang,
        outlet: f.item.outlet,
        group: groupOf(i),
        agencies: f.source.agencies,
        ...(f.copy ? { copyOf: { id: (filed.find((o) => o.article.id === f.copy?.articleId) as Filed).item.id, score: f.copy.score } } : {}),
        ...(f.duplicateOf ? { duplicateOf: { id: f.duplicateOf.id, why: f.duplicateOf.why } } : {}),
        account: f.source.account ?? { kind: 'own', found: [] },
      });
    });
    for (let i = 0; i < filed.length; i++) {
      for (let j = i + 1; j < filed.length; j++) {
        const x = filed[i] as Filed;
        const y = filed[j] as Filed;
        pairs++;
        const predicted = groupOf(i) === groupOf(j);
        const labelled = x.item.source_group === y.item.source_group;
        if (predicted && labelled) tp++;
        else if (predicted) {
          fp++;
          errors.merged.push({ a: x.item.id, b: y.item.id, incident, why: explainMerge(i, j, filed, links, sourceIndex) });
        } else if (labelled) {
          fn++;
          errors.split.push({ a: x.item.id, b: y.item.id, incident, why: explainSplit(x, y, sources.copy_similarity) });
        }
      }
    }
    const predictedCount = new Set(filed.map((_, i) => groupOf(i))).size;
    const labelledCount = new Set(reports.map((r) => r.source_group)).size;
    if (predictedCount === labelledCount) countsRight++;
    else errors.counts.push({ incident, predicted: predictedCount, labelled: labelledCount });
  }

  const itemOf = new Map(items.map((i) => [i.id, i]));
  let agencyRight = 0;
  let withAgency = 0;
  let spurious = 0;
  let withoutAgency = 0;
  for (const d of decisions) {
    const item = itemOf.get(d.id) as SourceReport;
    const predicted = (d.agencies ?? []).map((c) => c.agency);
    const first = d.agencies?.[0];
    if (item.agency !== null) {
      withAgency++;
      const labelled = agencyByName(item.agency) ?? item.agency;
      if (first?.agency === labelled) agencyRight++;
      else errors.agency.push({ id: d.id, labelled: item.agency, predicted, ...(first ? { quote: first.quote } : {}) });
    } else {
      withoutAgency++;
      if (first) {
        spurious++;
        errors.agency.push({ id: d.id, labelled: null, predicted, quote: first.quote });
      }
    }
  }

  const judged = decisions.map((d) => ({ item: itemOf.get(d.id) as SourceReport, account: d.account }));
  for (const { item, account } of judged) {
    if (item.account !== account.kind) {
      errors.accounts.push({
        id: item.id,
        lang: item.lang,
        labelled: item.account,
        predicted: account.kind,
        labelledFound: item.found,
        found: account.found,
        ...(account.quote ? { quote: account.quote } : {}),
      });
    } else {
      const missing = FOUND_KINDS.filter((k) => item.found.includes(k) && !account.found.includes(k));
      const extra = FOUND_KINDS.filter((k) => !item.found.includes(k) && account.found.includes(k));
      if (missing.length + extra.length > 0) errors.found.push({ id: item.id, lang: item.lang, missing, extra });
    }
  }
  const languages = [...new Set(items.map((i) => i.lang))].sort();
  const groups = new Map<string, number>();
  for (const item of items) groups.set(`${item.incident}\u0000${item.source_group}`, (groups.get(`${item.incident}\u0000${item.source_group}`) ?? 0) + 1);
  return {
    reports: items.length,
    incidents: byIncident.size,
    labelledGroups: groups.size,
    syndicatedGroups: [...groups.values()].filter((n) => n >= 2).length,
    copyThreshold: sources.copy_similarity,
    syndication: {
      pairs,
      sameSource: score(tp, fp, fn),
      sourceCounts: ratio(countsRight, byIncident.size),
      agency: ratio(agencyRight, withAgency),
      agencyWhereNone: ratio(spurious, withoutAgency),
    },
    accounts: scoreAccounts(judged),
    byLanguage: Object.fromEntries(languages.map((lang) => [lang, scoreAccounts(judged.filter((j) => j.item.lang === lang))])),
    errors,
    decisions,
  };
}

const f3 = (x: number) => x.toFixed(3);
const showRatio = (r: Ratio) => `${r.n} / ${r.of} = ${f3(r.share)}`;
const prfLine = (name: string, s: Score) =>
  `${name.padEnd(24)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}   ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}`;
const PRF_HEAD = `${''.padEnd(24)}    tp    fp    fn    prec    rec     f1`;

function accountLines(title: string, s: AccountScores): string[] {
  const lines = [
    `${title} (${s.reports} reports)`,
    `  main kind right: ${showRatio(s.accuracy)}; over reports labelled claim/official/local/denial: ${showRatio(s.accuracyNotOwn)}`,
    `  ${PRF_HEAD}`,
    ...FOUND_KINDS.map((k) => `  ${prfLine(`found: ${k}`, s.found[k])}`),
  ];
  return lines;
}

/** The human-readable report printed by `sahelwatch eval-sources`. */
export function formatSourceScores(s: SourceScores): string {
  const y = s.syndication;
  const lines = [
    `${s.reports} reports of ${s.incidents} incidents; ${s.labelledGroups} labelled sources, ${s.syndicatedGroups} of them syndicated (two reports or more); copy threshold ${s.copyThreshold}`,
    '',
    `syndication: ${y.pairs} pairs of reports within one incident, "same source" predicted vs labelled`,
    PRF_HEAD,
    prfLine('same source', y.sameSource),
    `independent sources per incident, exactly the labelled number: ${showRatio(y.sourceCounts)}`,
    `agency named as labelled (first agency found), over reports labelled with one: ${showRatio(y.agency)}`,
    `agency found on reports labelled with none: ${showRatio(y.agencyWhereNone)}`,
    '',
    ...accountLines('accounts', s.accounts),
    '',
    'confusion (rows labelled, columns predicted):',
    `  ${''.padEnd(10)}${KINDS.map((k) => k.padStart(10)).join('')}`,
    ...KINDS.map((l) => `  ${l.padEnd(10)}${KINDS.map((p) => String(s.accounts.confusion[l][p]).padStart(10)).join('')}`),
  ];
  for (const [lang, part] of Object.entries(s.byLanguage)) lines.push('', ...accountLines(lang, part));
  const e = s.errors;
  const total = e.merged.length + e.split.length + e.counts.length + e.agency.length + e.accounts.length + e.found.length;
  lines.push('', total === 0 ? 'No errors.' : `Errors (${total}):`);
  for (const m of e.merged) lines.push(`  wrongly merged ${m.a} + ${m.b} (${m.incident}): ${m.why}`);
  for (const m of e.split) lines.push(`  wrongly split ${m.a} / ${m.b} (${m.incident}): ${m.why}`);
  for (const c of e.counts) lines.push(`  ${c.incident}: ${c.predicted} independent sources, labelled ${c.labelled}`);
  for (const a of e.agency) {
    lines.push(`  agency ${a.id}: labelled ${a.labelled ?? 'none'}, found ${a.predicted.length ? a.predicted.join(', ') : 'none'}${a.quote ? ` (${q(a.quote)})` : ''}`);
  }
  for (const a of e.accounts) {
    lines.push(
      `  account ${a.id} [${a.lang}]: labelled ${a.labelled} (found ${a.labelledFound.join(', ') || 'none'}), classified ${a.predicted} (found ${a.found.join(', ') || 'none'})${a.quote ? `: ${q(a.quote)}` : ': no cue found'}`,
    );
  }
  for (const f of e.found) {
    const parts = [f.missing.length ? `missing ${f.missing.join(', ')}` : '', f.extra.length ? `extra ${f.extra.join(', ')}` : ''].filter(Boolean);
    lines.push(`  found ${f.id} [${f.lang}] (main kind right): ${parts.join('; ')}`);
  }
  return lines.join('\n');
}
