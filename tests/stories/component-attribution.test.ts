import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { formatAlert } from '../../src/alerts/terminal-text.js';
import { StoryEventStore } from '../../src/events/story-event.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import { IndicatorSet } from '../../src/pipeline/indicator-set.js';
import { alertSummary } from '../../src/service/replay.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { parseCsv } from '../helpers/csv.js';
import { reportArticle } from '../helpers/report.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

/**
 * Through the analyze stage (real extraction, story store, matcher and alert
 * store on real Redis) and out of the running console over real HTTP: an
 * attack at Djibo that a report puts down only to "JNIM" is shown as likely
 * Ansarul Islam with what that rests on, in the API and the exports, with
 * each outlet's grade; a later report of the same attack naming Katiba
 * Macina outright replaces the likely component.
 */

const HOUR = 3_600_000;
const T0 = Date.now() - 6 * HOUR;

// An indicator for any attack, so the test does not depend on the shipped watch list.
const INDICATOR = `id: any-attack
title: Any attack
description: Every reported attack, for this test.
severity: high
owner: test
tags: [test]
alerting:
  min_sources: 1
  threshold: { stories: 1, within_days: 7 }
  cooldown_hours: 0
when:
  type: frame
  action: [attack, ambush, raid]
`;

// Written for this test.
const BODY = [
  'Fighters of JNIM attacked an army detachment on the southern edge of Djibo early on Thursday, killing seven soldiers and wounding several others, according to a local official.',
  'The attackers arrived on motorcycles and withdrew towards the north after several hours of fighting.',
  'The town has lived under a blockade for months, with convoys escorted by the army the only way in.',
].join('\n\n');
const FIRST = reportArticle('Sahel Daily', 'djibo-attack', 'Seven soldiers killed in attack on Djibo detachment', BODY, T0);
const SECOND = reportArticle(
  'Quiet Wire',
  'djibo-katiba',
  'Seven soldiers killed in attack on Djibo detachment',
  `${BODY}\n\nIn a message on Friday, Katiba Macina said its men had carried out the raid.`,
  T0 + 2 * HOUR,
);

let console_: TestConsole;
let dir: string;

beforeAll(async () => {
  console_ = await startTestConsole('component-attribution');
  dir = mkdtempSync(join(tmpdir(), 'sw-attribution-'));
  writeFileSync(join(dir, 'any-attack.yaml'), INDICATOR);
  const { ctx } = console_;
  ctx.indicators = new IndicatorSet(dir, ctx.log);
  ctx.stories = new StoryStore(ctx.redis, ctx.prefix, {}, ctx.clock, { grades: { 'sahel-daily.example': 'C3', 'quiet-wire': 'B2' }, scales: { 'Sahel Daily': 'national' } });
  ctx.storyEvents = new StoryEventStore(ctx.redis, ctx.prefix, ctx.stories);
});
afterAll(async () => {
  await console_.close();
  rmSync(dir, { recursive: true, force: true });
});

async function alertFromApi(id: string): Promise<Alert> {
  const response = await console_.api(`/api/alerts/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { alert: Alert }).alert;
}

describe('the JNIM component of an alert', () => {
  let alertId = '';

  it('an attack at Djibo by "JNIM" shows as likely Ansarul Islam, with its evidence and the outlet grade, in the API', async () => {
    const outcome = await analyzeArticle(console_.ctx, FIRST, console_.ctx.log);
    const raised = outcome.changes.find((c) => c.alert.indicatorId === 'any-attack');
    expect(raised?.reason).toBe('raised');
    alertId = raised?.alert.id ?? '';
    const alert = await alertFromApi(alertId);
    expect(alert.attribution).toMatchObject({ actorId: 'actor/ansarul-islam', name: 'Ansarul Islam', likely: true, basis: 'place', said: 'JNIM', place: { id: 'place/bf/djibo', name: 'Djibo' }, sourceUrl: FIRST.url });
    expect(alert.attribution?.reason).toMatch(/^“JNIM” at Djibo, in Ansarul Islam's area: Soum province/);
    expect(alert.attribution?.evidence.map((e) => e.quote)).toEqual(['JNIM', 'Djibo']);
    expect(alert.attribution?.evidence[0]?.sentence).toContain('Fighters of JNIM attacked an army detachment');
    expect(alert.actors.map((a) => a.id)).toEqual(['actor/jnim']);
    expect(alert.story.bestGrade).toBe('C3');
    expect(alert.story.sources.map((s) => [s.outlet, s.grade, s.scale])).toEqual([['Sahel Daily', 'C3', 'national']]);
    // What replay prints, as text and as --json.
    expect(formatAlert(alert)).toContain("  component: likely Ansarul Islam (“JNIM” at Djibo, in Ansarul Islam's area");
    expect(formatAlert(alert)).toMatch(/sourcing: \w+ · best grade C3 · /);
    expect(alertSummary(alert)).toMatchObject({ component: 'likely Ansarul Islam', best_grade: 'C3' });
  });

  it('the exports carry it: GeoJSON columns, the ACLED associated actor with "likely" in the notes, the source scale', async () => {
    const geojson = (await (await console_.api('/api/export/alerts.geojson')).json()) as { features: Array<{ id: string; properties: Record<string, unknown> }> };
    const feature = geojson.features.find((f) => f.id === alertId);
    expect(feature?.properties).toMatchObject({ component: 'likely Ansarul Islam', component_actor: 'actor/ansarul-islam', component_likely: true, best_grade: 'C3', source_scale: 'National' });
    const [header, ...rows] = parseCsv(await (await console_.api('/api/export/alerts.csv')).text());
    const row = rows.find((r) => r[0] === `SW-${alertId}`) ?? [];
    const cell = (name: string) => row[header?.indexOf(name) ?? -1];
    expect(cell('actor1')).toBe("JNIM: Jama'atu Nusrat al-Islam wal-Muslimin");
    expect(cell('assoc_actor_1')).toBe('Ansaroul Islam');
    expect(cell('source_scale')).toBe('National');
    expect(cell('notes')).toContain('best grade C3');
    expect(cell('notes')).toContain('component: likely Ansarul Islam (“JNIM” at Djibo');
    const events = (await (await console_.api('/api/export/events.geojson')).json()) as { features: Array<{ properties: Record<string, unknown> }> };
    expect(events.features[0]?.properties).toMatchObject({ component: 'likely Ansarul Islam', best_grade: 'C3' });
  });

  it('a later report naming Katiba Macina outright wins over the place: no longer "likely"', async () => {
    const outcome = await analyzeArticle(console_.ctx, SECOND, console_.ctx.log);
    const updated = outcome.changes.find((c) => c.alert.indicatorId === 'any-attack');
    expect(updated?.alert.id).toBe(alertId);
    const alert = await alertFromApi(alertId);
    expect(alert.attribution).toMatchObject({ actorId: 'actor/flm', name: 'Katiba Macina', likely: false, basis: 'named', sourceUrl: SECOND.url });
    expect(alert.attribution?.evidence[0]?.quote).toBe('Katiba Macina');
    expect(alert.story.sources.map((s) => s.grade)).toEqual(['C3', 'B2']);
    expect(alert.story.bestGrade).toBe('B2');
    const geojson = (await (await console_.api('/api/export/alerts.geojson')).json()) as { features: Array<{ id: string; properties: Record<string, unknown> }> };
    expect(geojson.features.find((f) => f.id === alertId)?.properties).toMatchObject({ component: 'Katiba Macina', component_likely: false, best_grade: 'B2' });
    // The story's event, in the ACLED events CSV, takes the named component too.
    const [header, ...rows] = parseCsv(await (await console_.api('/api/export/events.csv')).text());
    const cell = (name: string) => rows[0]?.[header?.indexOf(name) ?? -1];
    expect(rows).toHaveLength(1);
    expect(cell('assoc_actor_1')).toBe('Katiba Macina');
    expect(cell('notes')).toContain('component: Katiba Macina (named: “Katiba Macina”)');
  });
});
