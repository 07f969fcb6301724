import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ValidationError } from '../../src/core/validate.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { bestGrade, outletValue, shippedScales, sourceScaleLabel } from '../../src/stories/grades.js';
import { reportArticle } from '../helpers/report.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'sw-grades-'));
const redis = testRedis();
const prefix = uniquePrefix('grades');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await deletePrefix(prefix);
  redis.disconnect();
});

function configProblems(yaml: string): string[] {
  const file = join(dir, 'sahelwatch.yaml');
  writeFileSync(file, yaml);
  try {
    loadConfig(file, {});
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('sources.grades and sources.scales in the config', () => {
  it('accepts Admiralty grades per outlet, keyed by domain, feed id or outlet name', () => {
    expect(configProblems('sources:\n  grades:\n    rfi.fr: B2\n    sahel-daily: C3\n    "Le Monde": A2\n  scales:\n    sahel-daily: local\n')).toEqual([]);
  });

  it('refuses a bad grade or scale with one line naming the field', () => {
    const problems = configProblems('sources:\n  grades:\n    rfi.fr: B7\n    lefaso.net: b2\n  scales:\n    lefaso.net: continental\n');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/sahelwatch\.yaml:3:13 sources\.grades\.rfi\.fr: an Admiralty grade: a letter A–F \(source reliability\) then a digit 1–6 \(information credibility\), e\.g\. B2$/);
    expect(problems[1]).toMatch(/sahelwatch\.yaml:4:17 sources\.grades\.lefaso\.net: an Admiralty grade/);
    expect(problems[2]).toMatch(/sahelwatch\.yaml:6:17 sources\.scales\.lefaso\.net: .*"local"/);
    for (const p of problems) expect(p.split('\n')).toHaveLength(1);
  });
});

describe('grades of reports and stories', () => {
  const rfi = { outlet: 'RFI', feedId: 'rfi-afrique', url: 'https://www.rfi.fr/fr/afrique/20260101-mali' };
  it('finds an outlet by its domain (and subdomains), its feed id or its name', () => {
    expect(outletValue({ 'rfi.fr': 'B2' }, rfi)).toBe('B2');
    expect(outletValue({ 'rfi-afrique': 'C3' }, rfi)).toBe('C3');
    expect(outletValue({ rfi: 'D4' }, rfi)).toBe('D4');
    expect(outletValue({ 'fi.fr': 'B2', 'france24.com': 'A1' }, rfi)).toBeUndefined();
  });

  it('takes the most reliable source first, then the most credible information; ungraded reports take no part', () => {
    expect(bestGrade([{ grade: 'C1' }, { grade: 'B3' }, {}, { grade: 'B2' }])).toBe('B2');
    expect(bestGrade([{ grade: 'F1' }, { grade: 'E6' }])).toBe('E6');
    expect(bestGrade([{}, {}])).toBeUndefined();
  });

  it('names ACLED source scales narrowest first, joined as ACLED joins them', () => {
    expect(sourceScaleLabel([{ scale: 'international' }, { scale: 'national' }, {}, { scale: 'national' }])).toBe('National-International');
    expect(sourceScaleLabel([{}])).toBe('');
    expect(shippedScales()['rfi.fr']).toBe('international');
  });

  it('files each report with its outlet grade and scale, and the story with its best grade', async () => {
    const stories = new StoryStore(redis, prefix, {}, undefined, { grades: { 'sahel-daily.example': 'C3', 'Quiet Wire': 'B2' }, scales: { 'quiet-wire': 'regional' } });
    const text = 'Des hommes armés ont attaqué lundi un poste militaire près de Djibo, dans le nord du Burkina Faso, tuant quatre soldats selon des sources locales. Les assaillants sont repartis vers la frontière malienne avec des armes et des motos.';
    const t = Date.parse('2026-11-30T08:00:00Z');
    const first = await stories.assign(reportArticle('Sahel Daily', 'djibo', 'Attaque près de Djibo', text, t, { language: 'fr' }));
    expect(first.story.sources[0]).toMatchObject({ grade: 'C3' });
    expect(first.story.sources[0]?.scale).toBeUndefined();
    expect(first.story.bestGrade).toBe('C3');
    const second = await stories.assign(reportArticle('Quiet Wire', 'djibo-poste', 'Un poste attaqué près de Djibo', `${text} Le bilan pourrait s'alourdir.`, t + 3_600_000, { language: 'fr' }));
    expect(second.story.id).toBe(first.story.id);
    expect(second.story.sources.map((s) => [s.outlet, s.grade, s.scale])).toEqual([
      ['Sahel Daily', 'C3', undefined],
      ['Quiet Wire', 'B2', 'regional'],
    ]);
    expect(second.story.bestGrade).toBe('B2');
    // An outlet of the shipped scale list (data/sources/scales.yaml), not graded in the config.
    const third = await stories.assign(reportArticle('RFI', 'djibo-rfi', 'Burkina : attaque près de Djibo', `${text} Une enquête est ouverte.`, t + 7_200_000, { language: 'fr', url: 'https://www.rfi.fr/fr/afrique/djibo-attaque' }));
    expect(third.story.sources.at(-1)).toMatchObject({ outlet: 'RFI', scale: 'international' });
    expect(third.story.sources.at(-1)?.grade).toBeUndefined();
    expect(third.story.bestGrade).toBe('B2');
  });
});
