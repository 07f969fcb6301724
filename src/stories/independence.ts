import { z } from 'zod';
import { AdmiraltyGradeSchema, OutletTableSchema, SourceScaleSchema } from './grades.js';
import { foldedWords } from './minhash.js';
import type { SourceGroup, StorySource } from './story.js';

/** `sources:` in the config: what makes two outlets one source. */
export const SourcesConfigSchema = z.strictObject({
  /**
   * Ownership groups: outlets of one owner count as one source. Each group
   * lists feed ids or outlet names, e.g. `france-medias-monde: [rfi, France 24]`.
   */
  groups: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a group id: lower-case letters, digits and -'), z.array(z.string().min(1)).min(1)).default({}),
  /**
   * Estimated overlap of word pairs (0–1) from which a report by one outlet is
   * a copy of another outlet's report in its story. Rewrites of one event by
   * different newsrooms stay well below it; reprints of one dispatch above.
   */
  copy_similarity: z.number().min(0).max(1).default(0.7),
  /**
   * Admiralty grades per outlet, keyed by web domain, feed id or outlet name:
   * `rfi.fr: B2` (source reliability A–F, information credibility 1–6). Each
   * report carries its outlet's grade, each story its best.
   */
  grades: OutletTableSchema(AdmiraltyGradeSchema).default({}),
  /** How far an outlet reaches (local, national, regional, international), over data/sources/scales.yaml. */
  scales: OutletTableSchema(SourceScaleSchema).default({}),
});
export type SourcesConfig = z.infer<typeof SourcesConfigSchema>;

const fold = (name: string) => foldedWords(name).join(' ');

/** The ownership group of an outlet, matched by feed id or outlet name. */
export function ownerOf(source: Pick<StorySource, 'outlet' | 'feedId'>, groups: SourcesConfig['groups']): string | undefined {
  const outlet = fold(source.outlet);
  for (const [group, members] of Object.entries(groups)) {
    if (members.some((m) => m === source.feedId || fold(m) === outlet)) return group;
  }
  return undefined;
}

/** Union–find over the story's reports. */
function components(count: number, links: Iterable<[number, number]>): number[][] {
  const parent = Array.from({ length: count }, (_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    parent[i] = r;
    return r;
  };
  for (const [a, b] of links) parent[root(a)] = root(b);
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < count; i++) byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), i]);
  return [...byRoot.values()];
}

/**
 * The story's reports grouped by what they rest on; each group is one
 * independent source. Reports fall in one group when they carry the same
 * agency (dateline, byline, sign-off, attribution, canonical URL), when one
 * is a near copy of the other, or, carrying no agency, when their outlets are
 * one outlet or one ownership group. An outlet's own reporting and the agency
 * copy it also prints are two sources: its correspondent is not the agency.
 */
export function sourceGroups(sources: readonly StorySource[], groups: SourcesConfig['groups'] = {}): SourceGroup[] {
  return independentReports(sources, groups)
    .map((members) => describeGroup(members, groups))
    .sort((a, b) => b.reports - a.reports || a.origin.localeCompare(b.origin));
}

/**
 * Why two reports (indices into the story's sources) are one source: the same
 * agency, the same outlet or ownership group (reports naming no agency), or one
 * nearly copying the other (`a` copies `b`).
 */
export type SourceLinkReason = { kind: 'agency'; agency: string } | { kind: 'outlet'; outlet: string; owner?: string } | { kind: 'copy' };
export type SourceLink = { a: number; b: number } & SourceLinkReason;

/** Every link independentReports joins reports by: each report to the first with its agency or outlet, each copy to its original. */
export function sourceLinks(sources: readonly StorySource[], groups: SourcesConfig['groups'] = {}): SourceLink[] {
  const firstWithKey = new Map<string, number>();
  const links: SourceLink[] = [];
  const link = (i: number, key: string, reason: SourceLinkReason) => {
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, i);
    else links.push({ a: i, b: first, ...reason });
  };
  const index = new Map(sources.map((s, i) => [s.articleId, i]));
  sources.forEach((source, i) => {
    const agencies = source.agencies ?? [];
    for (const citation of agencies) link(i, `agency:${citation.agency}`, { kind: 'agency', agency: citation.agency });
    if (agencies.length === 0) {
      const owner = ownerOf(source, groups);
      link(i, `outlet:${owner ?? fold(source.outlet)}`, { kind: 'outlet', outlet: source.outlet, ...(owner ? { owner } : {}) });
    }
    const copied = source.copyOf === undefined ? undefined : index.get(source.copyOf);
    if (copied !== undefined) links.push({ a: i, b: copied, kind: 'copy' });
  });
  return links;
}

/** The reports of each independent source (see sourceGroups). */
export function independentReports(sources: readonly StorySource[], groups: SourcesConfig['groups'] = {}): StorySource[][] {
  const links = sourceLinks(sources, groups).map((l): [number, number] => [l.a, l.b]);
  return components(sources.length, links).map((members) => members.map((i) => sources[i] as StorySource));
}

function describeGroup(members: StorySource[], groups: SourcesConfig['groups']): SourceGroup {
  const byDate = [...members].sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
  const agencies = [...new Set(byDate.flatMap((s) => (s.agencies ?? []).map((c) => c.agency)))];
  const outlets = [...new Map(byDate.map((s) => [fold(s.outlet), s.outlet])).values()];
  const base = { reports: members.length };
  if (agencies.length > 0) {
    const named = new Set(agencies.map(fold));
    return { ...base, kind: 'agency', origin: agencies.join(' and '), outlets: outlets.filter((o) => !named.has(fold(o))) };
  }
  const owners = [...new Set(byDate.map((s) => ownerOf(s, groups)).filter((g): g is string => g !== undefined))];
  if (outlets.length > 1 && owners.length === 1 && owners[0]) return { ...base, kind: 'owner', origin: owners[0], outlets };
  if (outlets.length > 1) return { ...base, kind: 'copy', origin: outlets[0] as string, outlets: outlets.slice(1) };
  return { ...base, kind: 'outlet', origin: outlets[0] ?? '', outlets: [] };
}

const listed = (names: readonly string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** "AFP via RFI and France 24", "france-medias-monde: RFI and France 24", "Reuters". */
export function sourceGroupLabel(group: SourceGroup): string {
  if (group.kind === 'owner') return `${group.origin}: ${listed(group.outlets)}`;
  return group.outlets.length > 0 ? `${group.origin} via ${listed(group.outlets)}` : group.origin;
}

/** "4 reports from 2 independent sources (AFP via RFI, France 24 and Le Monde; Reuters)". */
export function sourcingSummary(reports: number, groups: readonly SourceGroup[], maxGroups = 6): string {
  const shown = groups.slice(0, maxGroups).map(sourceGroupLabel);
  if (groups.length > maxGroups) shown.push(`${groups.length - maxGroups} more`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(reports, 'report')} from ${plural(groups.length, 'independent source')}${shown.length > 0 ? ` (${shown.join('; ')})` : ''}`;
}
