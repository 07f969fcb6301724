import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyExtraction } from './helpers.js';
import { buildMatcher, checkIndicators, createIndicatorReloader, loadIndicators, watchIndicators } from '../../src/matching/indicators.js';
import type { CompiledIndicator } from '../../src/matching/indicators.js';
import { loadConfig } from '../../src/config/config.js';
import { unconfiguredReceivers } from '../../src/delivery/route.js';

const DIR = 'tests/matching/fixtures/mixed';

describe('loadIndicators', () => {
  it('loads the good file and reports each problem of the bad ones on one located line', () => {
    const { indicators, errors } = loadIndicators(DIR);
    expect(indicators.map((i) => i.id)).toEqual(['good-one']);
    expect(errors).toEqual([
      `${DIR}/bad-alerting.yaml:9:7 alerting.escalate[1]: an escalation needs a trigger: sources, stories or casualties`,
      `${DIR}/bad-alerting.yaml:10:54 alerting.escalate[2].within_days: within_days applies to stories; add stories or remove within_days`,
      `${DIR}/bad-alerting.yaml:8:19 alerting.escalate[0].severity: escalation severity "medium" is not above the indicator's severity "high"`,
      `${DIR}/malformed.yaml:1:5 id: expected kebab-case such as kayes-convoy-interdiction`,
      `${DIR}/malformed.yaml:4:11 severity: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"`,
      `${DIR}/malformed.yaml:7:16 alerting.min_outlets: Too small: expected number to be >0`,
      `${DIR}/malformed.yaml:11:7 when.of[0]: unknown key(s) "within"`,
      `${DIR}/malformed.yaml:14:7 when.of[1].any_of: Invalid input: expected array, received undefined`,
      `${DIR}/unknown-ids.yaml:10:22 when.of[0].any_of[1]: unknown actor "jnmi"; did you mean "jnim"?`,
      `${DIR}/unknown-ids.yaml:14:18 when.of[1].of.any_of[0]: unknown person "amadou-kufa"; did you mean "amadou-koufa"?`,
      `${DIR}/unknown-ids.yaml:18:28 when.of[2].of[0].any_of[1]: unknown event type "event/seizure"; did you mean "seizure"?`,
      `${DIR}/unknown-ids.yaml:20:20 when.of[2].of[1].any_of[0]: unknown equipment "starlnk"; did you mean "starlink"?`,
      `${DIR}/unknown-ids.yaml:22:13 when.of[3].ids[0]: unknown place "diboli"; did you mean "place/ml/diboli"?`,
      `${DIR}/unknown-ids.yaml:24:33 when.of[4].speakers[1]: unknown person "jnim" (actor/jnim is an actor, not a person)`,
      `${DIR}/unknown-ids.yaml:26:27 when.of[4].mentions.ids[1]: unknown statement mention "nigeria"; did you mean "country/ng"?`,
      `${DIR}/unknown-region.yaml:12:27 when.of[1].in[1]: unknown region "kayes-senegal-coridor" (known: test-corridor)`,
    ]);
  });

  it('checkIndicators gives one verdict per file for `sahelwatch check`', () => {
    const report = checkIndicators(DIR);
    expect(report.map((r) => [r.file.split('/').pop(), r.errors.length])).toEqual([
      ['bad-alerting.yaml', 3],
      ['good.yaml', 0],
      ['malformed.yaml', 5],
      ['unknown-ids.yaml', 7],
      ['unknown-region.yaml', 1],
    ]);
  });

  it('the shipped indicators all load, with their metadata', () => {
    const { indicators, errors } = loadIndicators('indicators');
    expect(errors).toEqual([]);
    expect(indicators.map((i) => i.id).sort()).toEqual([
      'drone-satcom-seizure',
      'kayes-convoy-interdiction',
      'leadership-nigeria-messaging',
      'w-arly-pendjari-attack',
    ]);
    for (const i of indicators) {
      expect(i.description.length).toBeGreaterThan(50);
      expect(i.alerting.min_sources).toBe(1);
      expect(i.alerting.threshold.stories).toBe(1);
      expect(i.alerting.escalate.length).toBeGreaterThan(0);
    }
    // A receiver an indicator names but the shipped config lacks would dead-letter every alert.
    expect(unconfiguredReceivers(indicators, loadConfig('sahelwatch.yaml', {}).delivery.receivers)).toEqual([]);
  });
});

describe('gazetteer ids', () => {
  const indicator = (when: string) => `id: ids\ntitle: t\ndescription: d\nseverity: low\nowner: o\nwhen:\n${when}`;
  const load = (when: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'indicator-ids-'));
    try {
      writeFileSync(join(dir, 'ids.yaml'), indicator(when));
      return loadIndicators(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('an unknown actor id is rejected with the closest known id, not loaded silently', () => {
    const { indicators, errors } = load('  type: actor\n  any_of: [jnmi]\n');
    expect(indicators).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/ids\.yaml:8:12 when\.any_of\[0\]: unknown actor "jnmi"; did you mean "jnim"\?$/);
  });

  it('known ids load, written with or without their prefix, in every kind', () => {
    const { indicators, errors } = load(
      [
        '  type: all',
        '  of:',
        '    - { type: actor, any_of: [jnim, actor/iswap] }',
        '    - { type: person, any_of: [person/amadou-koufa, iyad-ag-ghali] }',
        '    - { type: event, any_of: [attack, seizure] }',
        '    - { type: equipment, any_of: [drone, equipment/starlink] }',
        '    - { type: place, ids: [place/ml/diboli, country/ml] }',
        '    - { type: speaker, speakers: [amadou-koufa], mentions: { ids: [country/ng, actor/jnim] } }',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(indicators.map((i) => i.id)).toEqual(['ids']);
  });

  it('an id of the wrong kind says what it is', () => {
    const { errors } = load('  type: actor\n  any_of: [iyad-ag-ghali]\n');
    expect(errors[0]).toContain('unknown actor "iyad-ag-ghali" (person/iyad-ag-ghali is a person, not an actor)');
  });

  it('with nothing close, a short list of known ids is shown', () => {
    const { errors } = load('  type: event\n  any_of: [earthquake]\n');
    expect(errors[0]).toContain('unknown event type "earthquake" (known: attack, ambush, ied,');
  });
});

describe('region files', () => {
  it('a bad region file is reported on located lines and indicators using it name the known regions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regions-'));
    try {
      cpSync('tests/matching/fixtures/mixed/regions', join(dir, 'regions'), { recursive: true });
      cpSync('tests/matching/fixtures/mixed/unknown-region.yaml', join(dir, 'uses-broken.yaml'));
      writeFileSync(
        join(dir, 'regions', 'broken.geojson'),
        '{\n  "type": "FeatureCollection",\n  "description": "A road with no buffer.",\n  "features": [\n    { "type": "Feature", "properties": { "name": "road" }, "geometry": { "type": "LineString", "coordinates": [[0, 0], [1, 1]] } }\n  ]\n}\n',
      );
      const { errors } = loadIndicators(dir);
      expect(errors).toEqual([
        `${dir}/regions/broken.geojson:5:40 features[0].properties.buffer_km: a LineString needs buffer_km`,
        `${dir}/uses-broken.yaml:12:27 when.of[1].in[1]: unknown region "kayes-senegal-coridor" (known: test-corridor)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hot reload', () => {
  let dir = '';
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const silent = { warn: () => {} };
  const good = (id: string, word: string) =>
    `id: ${id}\ntitle: t\ndescription: d\nseverity: low\nowner: o\nwhen:\n  type: phrase\n  en: [${word}]\n`;

  it('keeps the last good version of a file that became bad, and picks up good changes', () => {
    dir = mkdtempSync(join(tmpdir(), 'indicators-'));
    writeFileSync(join(dir, 'a.yaml'), good('alpha', 'convoy'));
    const warnings: string[] = [];
    const reload = createIndicatorReloader(dir, { warn: (obj: object) => warnings.push(JSON.stringify(obj)) } as never);
    expect(reload().map((i) => i.id)).toEqual(['alpha']);

    writeFileSync(join(dir, 'a.yaml'), 'id: alpha\ntitle: [unclosed\n');
    writeFileSync(join(dir, 'b.yaml'), good('beta', 'drone'));
    const afterBad = reload();
    expect(afterBad.map((i) => i.id)).toEqual(['alpha', 'beta']);
    expect(warnings.join('\n')).toContain('a.yaml:');
    const matcher = buildMatcher(afterBad);
    expect(matcher.match({ text: 'A convoy was attacked.', extraction: emptyExtraction() }).map((m) => m.indicatorId)).toEqual(['alpha']);

    writeFileSync(join(dir, 'a.yaml'), good('alpha', 'tanker'));
    const fixed = buildMatcher(reload());
    expect(fixed.match({ text: 'A convoy was attacked.', extraction: emptyExtraction() })).toEqual([]);
    expect(fixed.match({ text: 'A tanker was attacked.', extraction: emptyExtraction() }).map((m) => m.indicatorId)).toEqual(['alpha']);
  });

  it('watchIndicators calls back with the new set after a file changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'indicators-'));
    cpSync('tests/matching/fixtures/mixed/regions', join(dir, 'regions'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), good('alpha', 'convoy'));
    const sets: CompiledIndicator[][] = [];
    stop = watchIndicators(dir, (set) => sets.push(set), silent, 20);
    writeFileSync(join(dir, 'a.yaml'), 'not: [valid');
    await new Promise((r) => setTimeout(r, 300));
    expect(sets.at(-1)?.map((i) => i.id)).toEqual(['alpha']);
    writeFileSync(join(dir, 'b.yaml'), good('beta', 'drone'));
    await new Promise((r) => setTimeout(r, 300));
    expect(sets.at(-1)?.map((i) => i.id)).toEqual(['alpha', 'beta']);
  });
});
