import { articleFullText } from '../articles/article.js';
import { attributeComponent } from './attribution.js';
import { findCasualties } from './casualties.js';
import { type CountrySignal, salientCountries } from './countries.js';
import { evidenceForTokens } from './evidence.js';
import type { Casualty, EntityMention, EventMention, Evidence, Extraction, Frame, PlaceMention } from './extraction.js';
import { buildFrames, namedAsElsewhere, type Span, sideOf } from './frames.js';
import { defaultGazetteer, type Gazetteer, type GazetteerEntry, isNonStateActor, type Surface } from './gazetteer.js';
import { detectLanguage } from './language.js';
import { leaderReferences } from './leader-references.js';
import { findPhrases, type PhraseMatch } from './match.js';
import { findStatements, type NameSpan } from './statements.js';
import { STEM_LANGUAGES, type StemLanguage } from './stem.js';
import { foldPhrase, type Token, type TokenizedText, tokenize } from './text.js';
import { TokenMarks } from './token-marks.js';
import { findUnlistedPlaces } from './unlisted.js';
import { WordSet } from './word-set.js';

export interface ExtractInput {
  title: string;
  text: string;
  language?: string;
  /** Publication date (ISO): an event dated years before it is history, not news. */
  published?: string;
}

/** A gazetteer entry found at tokens [startTok, endTok); evidence strings are built only when reported. */
class Found {
  private cachedEvidence: Evidence | undefined;
  readonly sentence: number;
  constructor(
    readonly tt: TokenizedText,
    readonly entry: GazetteerEntry,
    readonly startTok: number,
    readonly endTok: number,
  ) {
    this.sentence = tt.tokens[startTok]?.sentence ?? 0;
  }
  get evidence(): Evidence {
    this.cachedEvidence ??= evidenceForTokens(this.tt, this.startTok, this.endTok);
    return this.cachedEvidence;
  }
}

/** A name-layer match after homonyms are resolved. */
class ResolvedName extends Found implements NameSpan {
  constructor(
    tt: TokenizedText,
    entry: GazetteerEntry,
    startTok: number,
    endTok: number,
    readonly form: 'name' | 'demonym',
    readonly resolvedBy: string,
    readonly inTitle: boolean,
  ) {
    super(tt, entry, startTok, endTok);
  }
}

// Words around a country name that make it a neighbour rather than the scene:
// "near the Burkina Faso border", "frontalières du Sénégal", "le Togo voisin".
const BORDER_WORDS = new WordSet([
  'border', 'borders', 'frontier', 'frontiers', 'frontiere', 'frontieres', 'frontalier', 'frontaliere',
  'frontalieres', 'frontaliers', 'neighbouring', 'neighboring', 'neighbour', 'neighbor', 'voisin', 'voisine',
  'voisins', 'limitrophe', 'limitrophes', 'boundary',
]);
const MAX_EVIDENCE = 12;
// Tokens inside party words, and inside any gazetteer match (for unlisted places).
const partyMarks = new TokenMarks();
const knownMarks = new TokenMarks();

/** Extracts with the repository's gazetteer (loaded once per process). */
export function extract(input: ExtractInput): Extraction {
  return extractWith(defaultGazetteer(), input);
}

/** Extracts with an explicit gazetteer (tests, alternative data). */
export function extractWith(gz: Gazetteer, input: ExtractInput): Extraction {
  const text = articleFullText(input);
  const titleEnd = input.text ? input.title.length : text.length;
  const tt = tokenize(text);
  const language = detectLanguage(tt.tokens, input.language);
  const matches = findPhrases(gz, tt, stemLanguages(language));
  const names = resolveNames(gz, tt, matches.filter((m) => m.layer === 'name'), titleEnd);
  const statements = findStatements(tt, withLeaderReferences(names, leaderReferences(gz, tt, names)), stemLanguages(language));
  const people = mentions(names.filter((n) => n.entry.kind === 'person'));
  const actors = actorMentions(gz, names);
  const places = [...placeMentions(tt, names), ...unlistedPlaceMentions(gz, tt, matches, names)];
  const countries = salientCountries(countrySignals(gz, tt, names, statements), homeCountries(gz, names));
  const equipment = matches.filter((m) => m.layer === 'equipment' && isReported(m)).map(spanOf);
  const partyTokens = partyMarks.zeroed(tt.tokens.length);
  for (const m of matches) if (m.layer === 'party') partyTokens.fill(1, m.startTok, m.endTok);
  const frames = buildFrames({
    tt,
    // "the attackers fled": a word naming a party is not also the action.
    triggers: matches
      .filter((m) => m.layer === 'event' && isReported(m) && !partyTokens[m.startTok])
      .map((m) => ({ entry: (m.surfaces[0] as Surface).entry, startTok: m.startTok, endTok: m.endTok, type: (m.surfaces[0] as Surface).entry.name })),
    objects: equipment,
    parties: partySpans(tt.tokens, matches.filter((m) => m.layer === 'party').map(spanOf), names.filter((n) => sideOf(n.entry) !== undefined)),
    places: names.filter((n) => n.entry.kind === 'place' && n.form === 'name'),
    languages: stemLanguages(language),
    titleEnd,
    ...(input.published ? { published: input.published } : {}),
  });
  const militant = matches.find(isMilitantWord);
  const attribution = attributeComponent(gz, { actors, places, frames, ...(militant ? { militantWord: evidenceForTokens(tt, militant.startTok, militant.endTok) } : {}) });
  return {
    language,
    actors,
    people,
    places,
    countries,
    countriesOutside: countriesOutside(gz, names),
    events: withFrameActions(eventMentions(tt, matches.filter((m) => m.layer === 'event')), frames),
    equipment: mentions(equipment.map((e) => new Found(tt, e.entry, e.startTok, e.endTok))),
    casualties: withoutBackgroundTolls(findCasualties(tt), frames),
    statements,
    frames,
    ...(attribution ? { attribution } : {}),
  };
}

/**
 * Figures of what happened before the report's incident are not its toll: "the insurgency, which began in 2009,
 * has killed more than 36,000" gave 36,000 killed, and alerts and the ACLED CSV take the highest figure. A figure
 * goes when the event nearest to it in its sentence is read as history (frames' modality).
 */
function withoutBackgroundTolls(casualties: Casualty[], frames: readonly Frame[]): Casualty[] {
  return casualties.filter((c) => nearestFrame(frames, c.evidence)?.modality !== 'historical');
}

function nearestFrame(frames: readonly Frame[], at: Evidence): Frame | undefined {
  let best: Frame | undefined;
  for (const f of frames) {
    if (f.trigger.sentenceStart !== at.sentenceStart) continue;
    if (!best || Math.abs(f.trigger.start - at.start) < Math.abs(best.trigger.start - at.start)) best = f;
  }
  return best;
}

/** Names and leaders named by title, in text order, as statements read them. */
function withLeaderReferences(names: NameSpan[], leaders: NameSpan[]): NameSpan[] {
  return leaders.length === 0 ? names : [...names, ...leaders].sort((a, b) => a.startTok - b.startTok);
}

/** A generic word for militants ("jihadists", "hommes armés", "gunmen"). */
function isMilitantWord(m: PhraseMatch): boolean {
  return m.layer === 'party' && (m.surfaces[0] as Surface).entry.side === 'militant';
}

// Module functions, not closures made per article (under tsx each named closure costs ~0.3 µs to make).
function isReported(m: PhraseMatch): boolean {
  return !(m.surfaces[0] as Surface).entry.suppress;
}

function spanOf(m: PhraseMatch): Span {
  return { entry: (m.surfaces[0] as Surface).entry, startTok: m.startTok, endTok: m.endTok };
}

/**
 * Named groups and generic party words in text order. A generic word right next
 * to a group's name is that group ("ISWAP fighters", "IPOB fighters", "les
 * combattants du JNIM"): it takes the group's side, not the generic one.
 */
const GROUP_LINKS = new WordSet(['of', 'from', 'de', 'du', 'des', 'd']);
/** A determiner may follow the link: "les insurgés de l'ISWAP", "fighters of the ISWAP". */
const LINK_DETERMINERS = new WordSet(['the', 'l', 'la', 'le']);

function partySpans(tokens: readonly Token[], generic: Span[], named: Span[]): Span[] {
  const apart = generic.filter((g) => !named.some((n) => joined(tokens, n, g) || joined(tokens, g, n)));
  // The group's span takes in its generic word, so "les insurgés de l'ISWAP" is one party where it stands.
  const widened = named.map((n) => {
    const words = generic.filter((g) => joined(tokens, n, g) || joined(tokens, g, n));
    if (words.length === 0) return n;
    return { ...n, startTok: Math.min(n.startTok, ...words.map((g) => g.startTok)), endTok: Math.max(n.endTok, ...words.map((g) => g.endTok)) };
  });
  return [...apart, ...widened].sort((a, b) => a.startTok - b.startTok);
}

/** Does `right` follow `left` directly or across a linking word ("combattants du JNIM", "insurgés de l'ISWAP")? */
function joined(tokens: readonly Token[], left: Span, right: Span): boolean {
  const gap = right.startTok - left.endTok;
  if (gap === 0) return true;
  if (!GROUP_LINKS.has(tokens[left.endTok]?.norm ?? '')) return false;
  return gap === 1 || (gap === 2 && LINK_DETERMINERS.has(tokens[left.endTok + 1]?.norm ?? ''));
}

/** Word families of the article's language; of both when it is neither English nor French. */
function stemLanguages(language: string): readonly StemLanguage[] {
  return language === 'en' || language === 'fr' ? [language] : STEM_LANGUAGES;
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

function followingWords(tt: TokenizedText, endTok: number, n: number): string[] {
  const sentence = tt.tokens[endTok - 1]?.sentence;
  const out: string[] = [];
  for (let i = endTok; i < Math.min(tt.tokens.length, endTok + n); i++) if (tt.tokens[i]?.sentence === sentence) out.push(tt.tokens[i]?.norm ?? '');
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
  if (first.entry.switchTo && first.form === 'name') {
    const before = precedingWords(tt, m.startTok, 3);
    const after = followingWords(tt, m.endTok, 4);
    for (const rule of first.entry.switchTo) {
      const target = gz.byId.get(rule.id);
      if (target && (before.some((w) => rule.before.includes(w)) || after.some((w) => rule.after.includes(w)))) {
        return { surface: first, entry: target, resolvedBy: `context:${target.placeKind ?? target.kind}` };
      }
    }
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

/** Is `iso` named at least as often as any other country (a road number read as that country's road)? */
function homeCountryLeads(support: Map<string, number>, iso: string | undefined): boolean {
  const own = support.get(iso ?? '') ?? 0;
  for (const [other, n] of support) if (other !== iso && n > own) return false;
  return true;
}

function resolveNames(gz: Gazetteer, tt: TokenizedText, matches: PhraseMatch[], titleEnd: number): ResolvedName[] {
  const support = namedCountrySupport(matches);
  const out: ResolvedName[] = [];
  for (const m of matches) {
    const { surface, entry, resolvedBy } = resolveSurface(gz, tt, m, support);
    if (entry.countryContext && !homeCountryLeads(support, countryOf(entry))) continue;
    const inTitle = (tt.tokens[m.startTok]?.start ?? 0) < titleEnd;
    out.push(new ResolvedName(tt, entry, m.startTok, m.endTok, surface.form, resolvedBy, inTitle));
    // A corridor stands for the towns it joins ("axe Dakar-Bamako" → Dakar, Bamako).
    for (const id of entry.via ?? []) {
      const town = gz.byId.get(id);
      if (town) out.push(new ResolvedName(tt, town, m.startTok, m.endTok, 'name', `corridor:${entry.id}`, inTitle));
    }
  }
  out.push(...corridorsNamedByEnds(gz, tt, out));
  return out;
}

const corridorIndexes = new WeakMap<Gazetteer, Map<string, GazetteerEntry>>();

/** Corridors by the ids of the two towns they join, in either order. */
function corridorsByEnds(gz: Gazetteer): Map<string, GazetteerEntry> {
  let index = corridorIndexes.get(gz);
  if (!index) {
    index = new Map();
    for (const entry of gz.byId.values()) {
      const [a, b] = entry.via ?? [];
      if (a && b) index.set(`${a} ${b}`, entry).set(`${b} ${a}`, entry);
    }
    corridorIndexes.set(gz, index);
  }
  return index;
}

// The word before the first town and the one between the towns: "entre A et B", "between A and B", "de A à B", "from A to B",
// "la route qui relie A à B", "the road linking A to B".
const LINKING_FR = new WordSet(['a', 'au', 'et']);
const LINKING_EN = new WordSet(['to', 'and', 'with']);
const ROUTE_WORDS = new Map([
  ['entre', new WordSet(['et'])],
  ['between', new WordSet(['and'])],
  ['de', new WordSet(['a', 'au'])],
  ['du', new WordSet(['a', 'au'])],
  ['from', new WordSet(['to'])],
  ['relie', LINKING_FR],
  ['relient', LINKING_FR],
  ['reliant', LINKING_FR],
  ['links', LINKING_EN],
  ['linking', LINKING_EN],
  ['connects', LINKING_EN],
  ['connecting', LINKING_EN],
]);
const DASH_ONLY = /^\s*[-–—]\s*$/;

/**
 * "qui faisaient la navette entre Dakar et Bamako", "trucks from Bamako to Kayes", "le trajet Dakar-Bamako":
 * a road named by the two towns it joins is that corridor, as its own name ("axe Dakar-Bamako") would be.
 */
function corridorsNamedByEnds(gz: Gazetteer, tt: TokenizedText, names: ResolvedName[]): ResolvedName[] {
  const index = corridorsByEnds(gz);
  const towns = names.filter((n) => n.entry.kind === 'place' && !n.resolvedBy.startsWith('corridor:'));
  const found: ResolvedName[] = [];
  const dashBetween = (a: ResolvedName, b: ResolvedName) =>
    b.startTok === a.endTok && DASH_ONLY.test(tt.text.slice(tt.tokens[a.endTok - 1]?.end ?? 0, tt.tokens[b.startTok]?.start ?? 0));
  const linked = (a: ResolvedName, b: ResolvedName) =>
    (b.startTok === a.endTok + 1 && ROUTE_WORDS.get(tt.tokens[a.startTok - 1]?.norm ?? '')?.has(tt.tokens[a.endTok]?.norm ?? '') === true) || dashBetween(a, b);
  for (const a of towns) {
    const b = towns.find((n) => linked(a, n));
    const corridor = b && index.get(`${a.entry.id} ${b.entry.id}`);
    if (corridor && b) found.push(new ResolvedName(tt, corridor, a.startTok, b.endTok, 'name', `ends:${a.entry.id}+${b.entry.id}`, a.inTitle));
  }
  return found;
}

/** One mention per entry, with up to MAX_EVIDENCE distinct spans. */
function mentions(items: Found[]): EntityMention[] {
  const byId = new Map<string, { mention: EntityMention; starts: Set<number> }>();
  for (const item of items) {
    let m = byId.get(item.entry.id);
    if (!m) {
      m = { mention: { id: item.entry.id, name: item.entry.name, evidence: [] }, starts: new Set() };
      byId.set(item.entry.id, m);
    }
    if (m.mention.evidence.length >= MAX_EVIDENCE || m.starts.has(item.startTok)) continue;
    m.starts.add(item.startTok);
    m.mention.evidence.push(item.evidence);
  }
  return [...byId.values()].map((m) => m.mention);
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

function placeMentions(tt: TokenizedText, names: ResolvedName[]): PlaceMention[] {
  const places = names.filter((n) => n.entry.kind === 'place' && n.form === 'name');
  const evidence = new Map(mentions(places).map((m) => [m.id, m.evidence]));
  const elsewhere = new Map<string, number[]>();
  for (const n of places) {
    if (namedAsElsewhere(tt, n.startTok, n.endTok)) elsewhere.set(n.entry.id, [...(elsewhere.get(n.entry.id) ?? []), tt.tokens[n.startTok]?.start ?? 0]);
  }
  const byId = new Map<string, PlaceMention>();
  for (const n of places) {
    const e = n.entry;
    if (byId.has(e.id)) continue;
    byId.set(e.id, {
      id: e.id,
      name: e.name,
      evidence: evidence.get(e.id) ?? [],
      placeKind: e.placeKind ?? 'other',
      ...(countryOf(e) ? { country: countryOf(e) } : {}),
      ...(e.admin1 ? { admin1: e.admin1 } : {}),
      ...(e.lat !== undefined ? { lat: e.lat } : {}),
      ...(e.lon !== undefined ? { lon: e.lon } : {}),
      resolvedBy: n.resolvedBy,
      ...(elsewhere.has(e.id) ? { elsewhere: elsewhere.get(e.id) } : {}),
    });
  }
  return [...byId.values()];
}

/**
 * Villages and hamlets the gazetteer lacks, read from their context ("hameau de
 * Goroukambou"). No coordinates; the country is that of a listed place in the
 * same sentence. They do not vote for countries.
 */
function unlistedPlaceMentions(gz: Gazetteer, tt: TokenizedText, matches: PhraseMatch[], names: ResolvedName[]): PlaceMention[] {
  const known = knownMarks.zeroed(tt.tokens.length);
  for (const m of matches) for (let t = m.startTok; t < m.endTok; t++) known[t] = 1;
  const out = new Map<string, PlaceMention>();
  for (const u of findUnlistedPlaces(tt, known, gz.stopwords)) {
    const sentence = tt.tokens[u.startTok]?.sentence;
    const neighbour = names.find((n) => n.sentence === sentence && n.entry.kind === 'place' && n.form === 'name' && countryOf(n.entry));
    const id = `place/unlisted/${foldPhrase(u.name).replace(/ /g, '-')}`;
    const evidence = evidenceForTokens(tt, u.startTok, u.endTok);
    const existing = out.get(id);
    if (existing) {
      if (existing.evidence.length < MAX_EVIDENCE) existing.evidence.push(evidence);
      continue;
    }
    const country = neighbour ? countryOf(neighbour.entry) : undefined;
    out.set(id, { id, name: u.name, evidence: [evidence], placeKind: 'other', ...(country ? { country } : {}), resolvedBy: 'unlisted:context' });
  }
  return [...out.values()];
}

function isBorderMention(tt: TokenizedText, n: ResolvedName): boolean {
  const sentence = n.sentence;
  for (let i = Math.max(0, n.startTok - 4); i < Math.min(tt.tokens.length, n.endTok + 4); i++) {
    if (i >= n.startTok && i < n.endTok) continue;
    const t = tt.tokens[i];
    if (t && t.sentence === sentence && BORDER_WORDS.has(t.norm)) return true;
  }
  return false;
}

const LIST_GAP = /^\s*(?:,|and|et|or|ou|&)\s*$/i;

/** Border mentions, spread along lists: in "the border with Burkina Faso and Niger" both are neighbours. */
function borderFlags(tt: TokenizedText, countries: ResolvedName[]): boolean[] {
  const flags = countries.map((n) => isBorderMention(tt, n));
  for (let i = 1; i < countries.length; i++) if (flags[i - 1] && listed(tt, countries[i - 1] as ResolvedName, countries[i] as ResolvedName)) flags[i] = true;
  for (let i = countries.length - 2; i >= 0; i--) if (flags[i + 1] && listed(tt, countries[i] as ResolvedName, countries[i + 1] as ResolvedName)) flags[i] = true;
  return flags;
}

/** Are a and b next to each other in a list ("Burkina Faso and Niger")? */
function listed(tt: TokenizedText, a: ResolvedName, b: ResolvedName): boolean {
  return a.sentence === b.sentence && LIST_GAP.test(tt.text.slice((tt.tokens[a.endTok - 1] as Token).end, (tt.tokens[b.startTok] as Token).start));
}

// Whether a country is in the watched region, per gazetteer and as written (ISO2): asked for every place named.
const watchedCountries = new WeakMap<Gazetteer, Map<string, boolean>>();

function inWatchedRegion(gz: Gazetteer, iso2: string): boolean {
  let known = watchedCountries.get(gz);
  if (!known) {
    known = new Map();
    watchedCountries.set(gz, known);
  }
  let watched = known.get(iso2);
  if (watched === undefined) {
    watched = gz.byId.get(`country/${iso2.toLowerCase()}`)?.inRegion ?? false;
    known.set(iso2, watched);
  }
  return watched;
}

function countrySignals(gz: Gazetteer, tt: TokenizedText, names: ResolvedName[], statements: Extraction['statements']): CountrySignal[] {
  const stated = new Set(statements.flatMap((s) => s.mentions));
  const signals: CountrySignal[] = [];
  const countryNames = names.filter((n) => n.entry.placeKind === 'country');
  const border = new Map(borderFlags(tt, countryNames).map((flag, i) => [countryNames[i], flag]));
  for (const n of names) {
    const e = n.entry;
    // "L'armée nigérienne repousse l'assaut": a country's own army acting says where, as its people's name does.
    if (e.kind === 'actor' && e.role === 'state' && e.country && inWatchedRegion(gz, e.country)) {
      signals.push({ iso2: e.country, via: 'demonym', inTitle: n.inTitle, border: false });
      continue;
    }
    if (e.kind !== 'place' || e.abstract || e.placeKind === 'river') continue;
    const iso = countryOf(e);
    if (!iso || !inWatchedRegion(gz, iso)) continue;
    const isCountry = e.placeKind === 'country';
    const via = isCountry && stated.has(e.id) ? 'statement' : n.form === 'demonym' ? 'demonym' : isCountry ? 'named' : 'place';
    signals.push({ iso2: iso, via, inTitle: n.inTitle, border: border.get(n) === true });
  }
  return signals;
}

/** Countries outside the watched region named, by their people, or by their state forces ("Algerian troops", "the ANP"). */
function countriesOutside(gz: Gazetteer, names: ResolvedName[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const e = n.entry;
    const iso = e.placeKind === 'country' ? e.iso2 : e.kind === 'actor' && e.role === 'state' ? e.country : undefined;
    if (iso && !inWatchedRegion(gz, iso)) out.add(iso);
  }
  return [...out];
}

/** Home countries of the non-state groups and leaders named: the fallback when no country is named. */
function homeCountries(gz: Gazetteer, names: ResolvedName[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const e = n.entry;
    if ((e.kind === 'person' || isNonStateActor(e)) && e.country) {
      if (inWatchedRegion(gz, e.country)) out.push(e.country);
    }
  }
  return out;
}

function eventMentions(tt: TokenizedText, matches: PhraseMatch[]): EventMention[] {
  const byType = new Map<string, EventMention>();
  for (const m of matches) {
    if ((m.surfaces[0] as Surface).entry.suppress) continue;
    const type = (m.surfaces[0] as Surface).entry.name;
    const ev = byType.get(type) ?? { type, evidence: [] };
    if (ev.evidence.length < MAX_EVIDENCE) ev.evidence.push(evidenceForTokens(tt, m.startTok, m.endTok));
    byType.set(type, ev);
  }
  return [...byType.values()];
}

/**
 * A shootdown read from a killing word's frame ("a abattu un drone") is an event of its own, as `event` conditions
 * read them; an explosive device the frames read as a thing ("an IED factory", "materials for IEDs") is no blast,
 * so no `ied` event for the exports either; and something destroyed is an incident only when fighters destroyed
 * it ("détruits par les combattants du JNIM"), not a fire or troops demolishing a bomb factory.
 */
function withFrameActions(events: EventMention[], frames: Frame[]): EventMention[] {
  keepOnlyFramed(events, 'ied', frames.filter((f) => f.action === 'ied'));
  keepOnlyFramed(events, 'destruction', frames.filter((f) => f.action === 'destruction' && (f.agent?.side === 'militant' || f.agent?.side === 'armed')));
  for (const f of frames) {
    if (f.action !== 'shootdown') continue;
    const event = events.find((e) => e.type === 'shootdown');
    if (!event) events.push({ type: 'shootdown', evidence: [f.trigger] });
    else if (!event.evidence.some((e) => e.start === f.trigger.start)) event.evidence.push(f.trigger);
  }
  return events;
}

/** Keeps the evidence of an event type that one of the frames reads at that trigger, and the event only if any is left. */
function keepOnlyFramed(events: EventMention[], type: string, frames: Frame[]): void {
  const event = events.find((e) => e.type === type);
  if (!event) return;
  const framed = new Set(frames.map((f) => f.trigger.start));
  event.evidence = event.evidence.filter((e) => framed.has(e.start));
  if (event.evidence.length === 0) events.splice(events.indexOf(event), 1);
}

export { type EntryKind, type EntrySummary, getEntry, resolveName, resolveNameIn } from './lookup.js';
