import type { Alert } from '../../src/alerts/alert.js';
import { type AlertIndicator, raiseAlerts, type RaiseContext } from '../../src/alerts/raise.js';
import type { Article } from '../../src/articles/article.js';
import type { Casualty, Extraction } from '../../src/extraction/extraction.js';
import type { Match, Severity } from '../../src/matching/match.js';
import { AlertPolicySchema, type AlertPolicyInput } from '../../src/matching/policy.js';
import type { Story } from '../../src/stories/story.js';

export const T0 = Date.parse('2026-03-02T06:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function indicator(id: string, alerting: AlertPolicyInput = {}, severity: Severity = 'medium'): AlertIndicator {
  return {
    id,
    title: `Convoy interdiction ${id}`,
    description: 'JNIM attacks on supply convoys on the Kayes corridor signal a blockade strategy.',
    severity,
    tags: ['jnim', 'logistics'],
    receivers: [],
    alerting: AlertPolicySchema.parse(alerting),
  };
}

const SENTENCE = 'Des hommes armés du JNIM ont attaqué un convoi près de Diboli.';

export function article(n: number, outlet: string, published = T0, title = 'Convoi attaqué près de Diboli'): Article {
  return {
    id: `ar_${n}`,
    itemId: `it_${n}`,
    feedId: outlet.toLowerCase(),
    outlet,
    url: `https://news.example/${outlet.toLowerCase()}/${n}`,
    title,
    text: SENTENCE,
    published: new Date(published).toISOString(),
    textSource: 'page',
  };
}

/** A story with the given articles as sources; outlets = distinct outlet names. */
export function story(id: string, articles: Article[], title = 'Convoi attaqué près de Diboli'): Story {
  const sources = articles.map((a) => ({ articleId: a.id, url: a.url, outlet: a.outlet, title: a.title, published: a.published }));
  return {
    id,
    title,
    firstReport: sources[0]?.published ?? new Date(T0).toISOString(),
    latestReport: sources.at(-1)?.published ?? new Date(T0).toISOString(),
    sources,
    outlets: new Set(sources.map((s) => s.outlet)).size,
  };
}

export function casualty(kind: Casualty['kind'], count: number): Casualty {
  const sentence = `Au moins ${count} soldats ont été tués.`;
  return { kind, count, evidence: { start: 0, end: 5, quote: `${count}`, sentence, sentenceStart: 0 } };
}

export function extraction(casualties: Casualty[] = []): Extraction {
  return {
    language: 'fr',
    actors: [{ id: 'actor/jnim', name: 'JNIM', evidence: [] }],
    people: [],
    places: [{ id: 'place/diboli', name: 'Diboli', placeKind: 'town', country: 'ML', admin1: 'Kayes', lat: 14.41, lon: -11.43, resolvedBy: 'curated', evidence: [] }],
    countries: ['ML'],
    events: [{ type: 'attack', evidence: [] }],
    equipment: [],
    casualties,
    statements: [],
    frames: [],
  };
}

export function match(indicatorId: string, severity: Severity = 'medium'): Match {
  const start = SENTENCE.indexOf('convoi') + 'Convoi attaqué près de Diboli\n\n'.length;
  return {
    indicatorId,
    severity,
    explanation: [
      {
        condition: 'when.all[0]',
        detail: 'event attack on convoy',
        evidence: [{ start, end: start + 6, quote: 'convoi', sentence: SENTENCE, sentenceStart: 'Convoi attaqué près de Diboli\n\n'.length }],
      },
    ],
  };
}

/** One article of a story arrives: the input the analyze stage hands to raiseAlerts. */
export async function arrive(ctx: RaiseContext, ind: AlertIndicator, s: Story, a: Article, casualties: Casualty[] = []) {
  const changes = await raiseAlerts(ctx, { story: s, article: a, extraction: extraction(casualties), matches: [match(ind.id, ind.severity)], indicators: [ind] });
  const change = changes[0];
  if (!change) throw new Error('no change');
  return change;
}

export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  const a = article(1, 'Studio Tamani');
  const s = story('st_1', [a, article(2, 'RFI')]);
  const m = match('kayes-convoy');
  return {
    id: 'al_sample1',
    indicatorId: 'kayes-convoy',
    indicatorTitle: 'Convoy interdiction on the Kayes corridor',
    description: 'JNIM attacks on supply convoys signal a blockade strategy.',
    severity: 'high',
    tags: ['jnim'],
    version: 1,
    story: { id: s.id, title: s.title, firstReport: s.firstReport, latestReport: s.latestReport, outlets: s.outlets, sources: s.sources },
    places: [{ id: 'place/diboli', name: 'Diboli', country: 'ML', lat: 14.41, lon: -11.43 }],
    countries: ['ML'],
    actors: [{ id: 'actor/jnim', name: 'JNIM' }],
    people: [],
    casualties: [casualty('killed', 4)],
    evidence: m.explanation.map((e) => ({ ...e, sourceUrl: a.url })),
    history: [{ at: new Date(T0).toISOString(), kind: 'raised', version: 1, note: 'raised by Studio Tamani' }],
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    silenced: false,
    receivers: [],
    ...overrides,
  };
}
