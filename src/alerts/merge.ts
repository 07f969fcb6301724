import type { Article } from '../articles/article.js';
import { unionById } from '../core/collections.js';
import { truncate } from '../core/text.js';
import { strongerAttribution } from '../extraction/attribution.js';
import { highestPerKind } from '../extraction/casualties.js';
import { type Extraction, placeRef } from '../extraction/extraction.js';
import type { Match, Severity } from '../matching/match.js';
import { sourcingSummary } from '../stories/independence.js';
import { independentSources, type Story } from '../stories/story.js';
import type { Alert } from './alert.js';

/** Caps so a story reported by fifty outlets still makes a readable alert. */
const MAX_EVIDENCE = 30;
const MAX_CASUALTIES = 20;
const MAX_SOURCES = 50;

export type NotifiedState = NonNullable<Alert['notified']>;

interface Sources {
  story: Story;
  article: Article;
  extraction: Extraction;
  match: Match;
}

interface NewAlertInput extends Sources {
  indicator: { id: string; title: string; description: string; tags: string[]; owner?: string; receivers: string[] };
  alertId: string;
  severity: Severity;
  now: number;
}

export function newAlert(input: NewAlertInput): Alert {
  const at = new Date(input.now).toISOString();
  const empty: Alert = {
    id: input.alertId,
    indicatorId: input.indicator.id,
    indicatorTitle: input.indicator.title,
    description: input.indicator.description,
    severity: input.severity,
    tags: input.indicator.tags,
    ...(input.indicator.owner ? { owner: input.indicator.owner } : {}),
    version: 1,
    story: storyBlock(input.story),
    places: [],
    countries: [],
    actors: [],
    people: [],
    casualties: [],
    evidence: [],
    history: [{ at, kind: 'raised', version: 1, note: truncate(`raised by ${input.article.outlet}: ${input.article.title}`, 300) }],
    createdAt: at,
    updatedAt: at,
    silenced: false,
    receivers: input.indicator.receivers,
  };
  return addFindings(empty, input);
}

/** The alert with this article's findings folded in; version and history are the caller's. */
export function mergeAlert(existing: Alert, input: Sources & { severity: Severity; now: number }): Alert {
  const next = structuredClone(existing);
  next.severity = input.severity;
  next.story = storyBlock(input.story);
  next.updatedAt = new Date(input.now).toISOString();
  // A new report on a resolved alert's story makes it active again.
  delete next.resolved;
  return addFindings(next, input);
}

export function notifiedState(alert: Alert, now: number): NotifiedState {
  return {
    at: new Date(now).toISOString(),
    severity: alert.severity,
    outlets: alert.story.outlets,
    sources: independentSources(alert.story),
    ...(alert.story.status ? { status: alert.story.status } : {}),
    casualties: highestPerKind(alert.casualties),
  };
}

function storyBlock(story: Story): Alert['story'] {
  return {
    id: story.id,
    title: story.title,
    firstReport: story.firstReport,
    latestReport: story.latestReport,
    outlets: story.outlets,
    sources: story.sources.slice(-MAX_SOURCES),
    ...(story.sourceGroups ? { sourceGroups: story.sourceGroups, sourcing: sourcingSummary(story.sources.length, story.sourceGroups) } : {}),
    ...(story.status ? { status: story.status } : {}),
    ...(story.bestGrade ? { bestGrade: story.bestGrade } : {}),
  };
}

function addFindings(alert: Alert, { extraction, article, match }: Sources): Alert {
  alert.places = unionById(alert.places, extraction.places.map(placeRef));
  alert.countries = [...new Set([...alert.countries, ...extraction.countries.map((c) => c.toUpperCase())])];
  alert.actors = unionById(alert.actors, extraction.actors.map(({ id, name }) => ({ id, name })));
  alert.people = unionById(alert.people, extraction.people.map(({ id, name }) => ({ id, name })));
  const known = new Set(alert.casualties.map((c) => `${c.kind}:${c.count}:${c.evidence.sentence}`));
  const fresh = extraction.casualties.filter((c) => !known.has(`${c.kind}:${c.count}:${c.evidence.sentence}`));
  alert.casualties = [...alert.casualties, ...fresh].slice(0, MAX_CASUALTIES);
  const evidenceKeys = new Set(alert.evidence.map((e) => `${e.sourceUrl}\u0000${e.condition}`));
  const evidence = match.explanation
    .map((e) => ({ ...e, sourceUrl: article.url }))
    .filter((e) => !evidenceKeys.has(`${e.sourceUrl}\u0000${e.condition}`));
  alert.evidence = [...alert.evidence, ...evidence].slice(0, MAX_EVIDENCE);
  const attribution = strongerAttribution(alert.attribution, extraction.attribution && { ...extraction.attribution, sourceUrl: article.url });
  if (attribution) alert.attribution = attribution;
  return alert;
}
