import { describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus, parseCorpus } from '../../src/eval/corpus.js';
import { scoreEntities } from '../../src/eval/entity-scores.js';
import { extract } from '../../src/extraction/extract.js';
import type { Extraction } from '../../src/extraction/extraction.js';

const dev = loadCorpus('tests/fixtures/eval/dev.jsonl');
const extra = loadCorpus('tests/fixtures/eval/extra.jsonl');
const run = (items: typeof dev) => items.map((i) => extract({ title: i.title, text: i.text, language: i.lang }));

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'c1', lang: 'en', published: '2025-01-01', source: 's', provenance: 'p', title: 't', text: 'x',
    expect: { indicators: [], actors: [], people: [], countries: [], places: [] }, rationale: 'r', ...over,
  });

describe('corpus loader', () => {
  it('loads the dev corpus and the extra items', () => {
    expect(dev).toHaveLength(44);
    expect(extra.length).toBeGreaterThanOrEqual(10);
    expect(new Set([...dev, ...extra].map((i) => i.id)).size).toBe(dev.length + extra.length);
  });

  it('names the file, the line and the field of a malformed line', () => {
    const text = [line(), '', line({ id: 'c2', expect: { indicators: [], actors: 'JNIM', people: [], countries: [], places: [] } })].join('\n');
    expect(() => parseCorpus(text, 'corpus.jsonl')).toThrow(/^corpus\.jsonl:3: expect\.actors: expected array/);
    expect(() => parseCorpus(`${line()}\n{oops`, 'corpus.jsonl')).toThrow(/^corpus\.jsonl:2: invalid JSON/);
    expect(() => parseCorpus(`${line()}\n${line()}`, 'corpus.jsonl')).toThrow('corpus.jsonl:2: duplicate id c1');
    try {
      parseCorpus(line({ title: 3 }), 'c.jsonl');
    } catch (e) {
      expect(e).toBeInstanceOf(CorpusError);
      expect((e as CorpusError).line).toBe(1);
    }
  });
});

describe('entity scores', () => {
  it('meets the targets on the dev corpus: actors and countries precision and recall ≥ 0.95', () => {
    const s = scoreEntities(dev, run(dev));
    for (const field of ['actors', 'countries'] as const) {
      expect(s[field].precision, field).toBeGreaterThanOrEqual(0.95);
      expect(s[field].recall, field).toBeGreaterThanOrEqual(0.95);
    }
    expect(s.people.f1).toBeGreaterThanOrEqual(0.9);
    expect(s.places.f1).toBeGreaterThanOrEqual(0.85);
  });

  it('meets the same targets on the trap items written for this stage', () => {
    const s = scoreEntities(extra, run(extra));
    for (const field of ['actors', 'people', 'countries', 'places'] as const) {
      expect(s[field].precision, field).toBeGreaterThanOrEqual(0.95);
      expect(s[field].recall, field).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('compares places through aliases, ignores state forces, and lists errors per item', () => {
    const item = parseCorpus(
      line({ expect: { indicators: [], actors: ['GSIM'], people: [], countries: ['BJ'], places: ['Parc W', 'Kandi'] } }),
      'c.jsonl',
    );
    const x: Extraction = extract({ title: 'Attack in W National Park', text: 'JNIM and FAMa clashed; Benin said two rangers were killed in W National Park.' });
    const s = scoreEntities(item, [x]);
    expect(s.actors).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(s.places).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(s.errors).toEqual([{ id: 'c1', field: 'places', missing: ['Kandi'], extra: [] }]);
    expect(() => scoreEntities(item, [])).toThrow(/1 items but 0 extractions/);
  });
});
