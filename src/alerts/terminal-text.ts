import { attributionLine } from '../extraction/attribution.js';
import type { Alert } from './alert.js';

/** A terminal rendering of one alert: headline, where, who, evidence, sources. */
export function formatAlert(alert: Alert): string {
  const places = alert.places.map((p) => (p.country ? `${p.name} (${p.country})` : p.name)).join(', ') || '—';
  const actors = [...alert.actors, ...alert.people].map((a) => a.name).join(', ') || '—';
  const evidence = alert.evidence
    .flatMap((e) => e.evidence.slice(0, 1).map((ev) => `    · ${e.detail}: “${ev.sentence.trim()}”`))
    .slice(0, 4);
  const sources = alert.story.sources.map((s) => `    - ${s.outlet}${s.grade ? ` [${s.grade}]` : ''}${s.account && s.account.kind !== 'own' ? ` (${s.account.kind})` : ''}: ${s.url}`);
  return [
    `[${alert.severity.toUpperCase()}] ${alert.indicatorId} — ${alert.story.title}`,
    `  places: ${places}`,
    `  actors: ${actors}`,
    ...(alert.attribution ? [`  component: ${attributionLine(alert.attribution)}`] : []),
    `  sourcing: ${alert.story.status ? `${alert.story.status} · ` : ''}${alert.story.bestGrade ? `best grade ${alert.story.bestGrade} · ` : ''}${alert.story.sourcing ?? `${alert.story.outlets} outlets`}`,
    `  version: ${alert.version}   id: ${alert.id}`,
    '  evidence:',
    ...evidence,
    '  sources:',
    ...sources,
    '',
  ].join('\n');
}
