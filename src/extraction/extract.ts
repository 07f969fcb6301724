import { articleFullText } from '../articles/article.js';
import { findCasualties } from './casualties.js';
import { type CountrySignal, salientCountries } from './countries.js';
import { evidenceForTokens } from './evidence.js';
import type { EntityMention, Evidence, EventMention, Extraction, PlaceMention } from './extraction.js';
import { defaultGazetteer, type Gazetteer, type GazetteerEntry, isNonStateActor, type Surface } from './gazetteer.js';
import { detectLanguage } from './language.js';
import { findPhrases, type PhraseMatch } from './match.js';
import { findStatements, type NameSpan } from './statements.js';
import { type TokenizedText, tokenize } from './text.js';

export interface ExtractInput {
  title: string;
  text: string;
  language?: string;
}

/** A name-layer match after homonyms are resolved. */
interface ResolvedName extends NameSpan {
  resolvedBy: string;
  evidence: Evidence;
  inTitle: boolean;
}

// Words around a country name that make it a neighbour rather than the scene:
// "near the Burkina Faso border", "frontalières du Sénégal", "le Togo voisin".
const BORDER_WORDS = [
  'border', 'borders', 'frontier', 'frontiers', 'frontiere', 'frontieres', 'frontalier', 'frontaliere',
  'frontalieres', 'frontaliers', 'neighbouring', 'neighboring', 'neighbour', 'neighbor', 'voisin', 'voisine',
  'voisins', 'limitrophe', 'limitrophes', 'boundary',
];
const MAX_EVIDENCE = 12;

/** Extracts with the repository's gazetteer (loaded once per process). */
export function extract(input: ExtractInput): Extraction {
  return extractWith(defaultGazetteer(), input);
}

/** Extracts with an explicit gazetteer (tests, alternative data). */
export function extractWith(gz: Gazetteer, input: ExtractInput): Extraction {
  const text = articleFullText(input);
  const titleEnd = input.text ? input.title.length : text.length;
  const tt = tokenize(text);
  const matches = findPhrases(gz, tt);
  const names = resolveNames(gz, tt, matches.filter((m) => m.layer === 'name'), titleEnd);
  const statements = findStatements(tt, names);
  const people = mentions(names.filter((n) => n.entry.kind === 'person'));
  const actors = actorMentions(gz, names);
  const places = placeMentions(names);
  const countries = salientCountries(countrySignals(tt, names, statements), homeCountries(gz, names));
  return {
    language: detectLanguage(tt.tokens, input.language),
    actors,
    people,
    places,
    countries,
    events: eventMentions(tt, matches.filter((m) => m.layer === 'event')),
    equipment: mentions(
      matches
        .filter((m) => m.layer === 'equipment')
        .map((m) => ({ entry: (m.surfaces[0] as Surface).entry, evidence: evidenceForTokens(tt, m.startTok, m.endTok) })),
    ),
    casualties: findCasualties(tt),
    statements,
  };
}

function countryOf(entry: GazetteerEntry): string | undefined {
  return entry.placeKind === 'country' ? entry.iso2 : entry.country;
}

/** Country support before resolution: how often each country is named outright (for Kayes ML vs CG). */
function namedCountrySupport(matches: PhraseMatch[]): Map<string, number> {
  const support = new Map<string, number>();
  for (const m of matches) {
    if (m.surfaces.length !== 1) continue;
    const e = (m.surfaces[0] as Surface).entry;
    const iso = e.placeKind === 'country' ? e.iso2 : e.kind === 'place' ? e.country : undefined;
    if (iso) support.set(iso, (support.get(iso) ?? 0) + 1);
  }
  return support;
}

function precedingWords(tt: TokenizedText, startTok: number, n: number): string[] {
  const sentence = tt.tokens[startTok]?.sentence;
  const out: string[] = [];
  for (let i = Math.max(0, startTok - n); i < startTok; i++) if (tt.tokens[i]?.sentence === sentence) out.push(tt.tokens[i]?.norm ?? '');
  return out;
}

/** Picks one entry for a span: context switch (Niger → river), then country support, then priority. */
function resolveSurface(
  gz: Gazetteer,
  tt: TokenizedText,
  m: PhraseMatch,
  support: Map<string, number>,
): { surface: Surface; entry: GazetteerEntry; resolvedBy: string } {
  const first = m.surfaces[0] as Surface;
  const switchTo = first.entry.switchTo;
  if (switchTo && first.form === 'name') {
    const before = precedingWords(tt, m.startTok, 3);
    const target = gz.byId.get(switchTo.id);
    if (target && before.some((w) => switchTo.before.includes(w))) return { surface: first, entry: target, resolvedBy: `context:${target.placeKind ?? target.kind}` };
  }
  if (m.surfaces.length === 1) return { surface: first, entry: first.entry, resolvedBy: first.entry.source };
  const ranked = [...m.surfaces].sort(
    (a, b) =>
      (support.get(countryOf(b.entry) ?? '') ?? 0) - (support.get(countryOf(a.entry) ?? '') ?? 0) ||
      b.entry.priority - a.entry.priority ||
      Number(b.entry.source === 'curated') - Number(a.entry.source === 'curated'),
  );
  const best = ranked[0] as Surface;
  const iso = countryOf(best.entry) ?? '';
  const bySupport = (support.get(iso) ?? 0) > (support.get(countryOf((ranked[1] as Surface).entry) ?? '') ?? 0);
  return { surface: best, entry: best.entry, resolvedBy: bySupport ? `context:country=${iso}` : `${best.entry.source}:priority` };
}

function resolveNames(gz: Gazetteer, tt: TokenizedText, matches: PhraseMatch[], titleEnd: number): ResolvedName[] {
  const support = namedCountrySupport(matches);
  const out: ResolvedName[] = [];
  for (const m of matches) {
    const { surface, entry, resolvedBy } = resolveSurface(gz, tt, m, support);
    const evidence = evidenceForTokens(tt, m.startTok, m.endTok);
    const base = { startTok: m.startTok, endTok: m.endTok, sentence: tt.tokens[m.startTok]?.sentence ?? 0, evidence, inTitle: evidence.start < titleEnd };
    out.push({ ...base, entry, form: surface.form, resolvedBy });
    // A corridor stands for the towns it joins ("axe Dakar-Bamako" → Dakar, Bamako).
    for (const id of entry.via ?? []) {
      const town = gz.byId.get(id);
      if (town) out.push({ ...base, entry: town, form: 'name', resolvedBy: `corridor:${entry.id}` });
    }
  }
  return out;
}

function mentions(items: { entry: GazetteerEntry; evidence: Evidence }[]): EntityMention[] {
  const byId = new Map<string, EntityMention>();
  for (const { entry, evidence } of items) {
    const m = byId.get(entry.id) ?? { id: entry.id, name: entry.name, evidence: [] };
    if (m.evidence.length < MAX_EVIDENCE && !m.evidence.some((e) => e.start === evidence.start)) m.evidence.push(evidence);
    byId.set(entry.id, m);
  }
  return [...byId.values()];
}

/** Armed groups named, plus the group of each leader named (flagged `inferredFrom`). */
function actorMentions(gz: Gazetteer, names: ResolvedName[]): EntityMention[] {
  const named = mentions(names.filter((n) => n.entry.kind === 'actor'));
  const roles = new Map(named.map((a) => [a.id, gz.byId.get(a.id)?.role]));
  for (const n of names) {
    const group = n.entry.kind === 'person' && n.entry.group ? gz.byId.get(n.entry.group) : undefined;
    if (!group || roles.has(group.id)) continue;
    named.push({ id: group.id, name: group.name, evidence: [n.evidence], inferredFrom: n.entry.id });
    roles.set(group.id, group.role);
  }
  return named.map((a) => ({ ...a, role: roles.get(a.id), nonState: isNonStateActor(gz.byId.get(a.id) as GazetteerEntry) }));
}

function placeMentions(names: ResolvedName[]): PlaceMention[] {
  const byId = new Map<string, PlaceMention>();
  for (const n of names) {
    const e = n.entry;
    if (e.kind !== 'place' || n.form !== 'name') continue;
    const existing = byId.get(e.id);
    if (existing) {
      if (existing.evidence.length < MAX_EVIDENCE && !existing.evidence.some((x) => x.start === n.evidence.start)) existing.evidence.push(n.evidence);
      continue;
    }
    byId.set(e.id, {
      id: e.id,
      name: e.name,
      evidence: [n.evidence],
      placeKind: e.placeKind ?? 'other',
      ...(countryOf(e) ? { country: countryOf(e) } : {}),
      ...(e.admin1 ? { admin1: e.admin1 } : {}),
      ...(e.lat !== undefined ? { lat: e.lat } : {}),
      ...(e.lon !== undefined ? { lon: e.lon } : {}),
      resolvedBy: n.resolvedBy,
    });
  }
  return [...byId.values()];
}

function isBorderMention(tt: TokenizedText, n: ResolvedName): boolean {
  const sentence = n.sentence;
  for (let i = Math.max(0, n.startTok - 4); i < Math.min(tt.tokens.length, n.endTok + 4); i++) {
    if (i >= n.startTok && i < n.endTok) continue;
    const t = tt.tokens[i];
    if (t && t.sentence === sentence && BORDER_WORDS.includes(t.norm)) return true;
  }
  return false;
}

const LIST_GAP = /^\s*(?:,|and|et|or|ou|&)\s*$/i;

/** Border mentions, spread along lists: in "the border with Burkina Faso and Niger" both are neighbours. */
function borderFlags(tt: TokenizedText, countries: ResolvedName[]): boolean[] {
  const flags = countries.map((n) => isBorderMention(tt, n));
  const listed = (a: ResolvedName, b: ResolvedName) =>
    a.sentence === b.sentence && LIST_GAP.test(tt.text.slice(a.evidence.end, b.evidence.start));
  for (let i = 1; i < countries.length; i++) if (flags[i - 1] && listed(countries[i - 1] as ResolvedName, countries[i] as ResolvedName)) flags[i] = true;
  for (let i = countries.length - 2; i >= 0; i--) if (flags[i + 1] && listed(countries[i] as ResolvedName, countries[i + 1] as ResolvedName)) flags[i] = true;
  return flags;
}

function countrySignals(tt: TokenizedText, names: ResolvedName[], statements: Extraction['statements']): CountrySignal[] {
  const stated = new Set(statements.flatMap((s) => s.mentions));
  const signals: CountrySignal[] = [];
  const countryNames = names.filter((n) => n.entry.placeKind === 'country');
  const border = new Map(borderFlags(tt, countryNames).map((flag, i) => [countryNames[i], flag]));
  for (const n of names) {
    const e = n.entry;
    if (e.kind !== 'place' || e.inRegion === false || e.abstract || e.placeKind === 'river') continue;
    const iso = countryOf(e);
    if (!iso) continue;
    const isCountry = e.placeKind === 'country';
    const via = isCountry && stated.has(e.id) ? 'statement' : n.form === 'demonym' ? 'demonym' : isCountry ? 'named' : 'place';
    signals.push({ iso2: iso, via, inTitle: n.inTitle, border: border.get(n) === true });
  }
  return signals;
}

/** Home countries of the non-state groups and leaders named: the fallback when no country is named. */
function homeCountries(gz: Gazetteer, names: ResolvedName[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const e = n.entry;
    if ((e.kind === 'person' || isNonStateActor(e)) && e.country) {
      const country = gz.byId.get(`country/${e.country.toLowerCase()}`);
      if (country?.inRegion) out.push(e.country);
    }
  }
  return out;
}

function eventMentions(tt: TokenizedText, matches: PhraseMatch[]): EventMention[] {
  const byType = new Map<string, EventMention>();
  for (const m of matches) {
    const type = (m.surfaces[0] as Surface).entry.name;
    const ev = byType.get(type) ?? { type, evidence: [] };
    if (ev.evidence.length < MAX_EVIDENCE) ev.evidence.push(evidenceForTokens(tt, m.startTok, m.endTok));
    byType.set(type, ev);
  }
  return [...byType.values()];
}

export { type EntryKind, type EntrySummary, getEntry, resolveName, resolveNameIn } from './lookup.js';
