import { describe, expect, it } from 'vitest';
import { articleFullText } from '../../src/articles/article.js';
import { loadCorpus } from '../../src/eval/corpus.js';
import { extract } from '../../src/extraction/extract.js';
import { ConditionSchema } from '../../src/matching/conditions/index.js';
import type { ConditionConfig } from '../../src/matching/conditions/condition.js';
import { DocContext } from '../../src/matching/doc.js';
import { type CompiledIndicator, compileIndicator, IndicatorFileSchema } from '../../src/matching/indicator.js';
import { buildMatcher, loadIndicators } from '../../src/matching/indicators.js';
import { REGIONS } from './helpers.js';

const docs = loadCorpus('tests/fixtures/eval/dev.jsonl').map((item) => new DocContext(articleFullText(item), extract({ title: item.title, text: item.text, language: item.lang })));

let seed = 7;
const rand = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const WORDS = ['attaque', 'attack*', 'drone', 'kayes', 'benin', 'truck*', 'camion*', 'jnim', 'video', 'pendjari', 'soldiers', 'nigeria', 'convoy', 'seized', 'tués', 'blocus', 'koufa', 'border', 'saisi*', 'bamako'];
const LEAVES: (() => ConditionConfig)[] = [
  () => ({ type: 'phrase', any_of: [pick(WORDS), pick(WORDS)] }),
  () => ({ type: 'phrase', any_of: [pick(WORDS)], near: { phrases: [pick(WORDS)], within_words: 8 } }),
  () => ({ type: 'event', any_of: [pick(['attack', 'killing', 'seizure', 'statement', 'blockade'])] }),
  () => ({ type: 'actor', any_of: [pick(['jnim', 'iswap', 'flm'])] }),
  () => ({ type: 'equipment', any_of: [pick(['drone', 'truck', 'fuel-tanker'])] }),
  () => ({ type: 'region', in: [pick(['kayes-corridors', 'w-arly-pendjari'])] }),
  () => ({ type: 'casualties', at_least: 1 + Math.floor(rand() * 10) }),
  () => ({ type: 'language', any_of: [pick(['en', 'fr'])] }),
  () => ({ type: 'speaker', speakers: ['amadou-koufa', 'iyad-ag-ghali'] }),
  () => ({ type: 'place', countries: [pick(['ML', 'BJ', 'BF'])] }),
];

function randomCondition(depth: number): ConditionConfig {
  if (depth >= 2 || rand() < 0.4) return pick(LEAVES)();
  const kind = pick(['all', 'any', 'not', 'same_sentence']);
  if (kind === 'not') return { type: 'not', of: randomCondition(depth + 1) };
  const of = [randomCondition(depth + 1), randomCondition(depth + 1)];
  return kind === 'same_sentence' ? { type: kind, of, sentences: 1 + Math.floor(rand() * 2) } : { type: kind, of };
}

function randomIndicator(n: number): CompiledIndicator {
  const data = IndicatorFileSchema.parse({ id: `random-${n}`, title: 't', description: 'd', severity: 'low', owner: 'o', when: ConditionSchema.parse(randomCondition(0)) });
  return compileIndicator(data, REGIONS);
}

describe('indexed matcher', () => {
  it('returns exactly what evaluating every indicator would, on random rule trees', () => {
    const indicators = [...loadIndicators('indicators').indicators, ...Array.from({ length: 1500 }, (_, n) => randomIndicator(n))];
    const matcher = buildMatcher(indicators);
    let fired = 0;
    for (const doc of docs) {
      const naive = indicators.filter((i) => i.evaluate(doc).ok).map((i) => i.id);
      const indexed = matcher.match(doc).map((m) => m.indicatorId);
      expect(indexed).toEqual(naive);
      fired += indexed.length;
    }
    // The random set must exercise both outcomes for the comparison to mean anything.
    expect(fired).toBeGreaterThan(docs.length);
  });

  it('evaluates only a few candidates per item for specific rules', () => {
    const specific = Array.from({ length: 2000 }, (_, n) =>
      compileIndicator(IndicatorFileSchema.parse({ id: `town-${n}`, title: 't', description: 'd', severity: 'low', owner: 'o', when: ConditionSchema.parse({ type: 'all', of: [{ type: 'event', any_of: ['attack'] }, { type: 'phrase', any_of: [`town${n}`] }] }) }), REGIONS),
    );
    const matcher = buildMatcher(specific);
    for (const doc of docs) expect(matcher.candidates(doc)).toBe(0);
  });

  it('skips disabled indicators and carries severity and explanation', () => {
    const [a, b] = ['alpha', 'beta'].map((id, n) =>
      compileIndicator(IndicatorFileSchema.parse({ id, title: 't', description: 'd', severity: 'critical', owner: 'o', enabled: n === 0, when: { type: 'phrase', en: ['drone'] } }), REGIONS),
    );
    const matches = buildMatcher([a!, b!]).match({ text: 'A drone was seized.', extraction: docs[0]!.extraction });
    expect(matches).toEqual([{ indicatorId: 'alpha', severity: 'critical', explanation: [{ condition: 'when (phrase)', detail: 'phrase: drone', evidence: [expect.objectContaining({ quote: 'drone', sentence: 'A drone was seized.' })] }] }]);
  });
});

describe('explainIndicator', () => {
  it('shows every condition with ✓/✗, the words that matched and why the rest did not', async () => {
    const { explainIndicator } = await import('../../src/matching/indicators.js');
    const drone = loadIndicators('indicators').indicators.find((i) => i.id === 'drone-satcom-seizure')!;
    const text = 'ISWAP fighters used armed drones to attack a base in Borno, soldiers said.';
    const out = explainIndicator(drone, { text, extraction: extract({ title: text, text: '' }) });
    expect(out.split('\n')[0]).toBe('no match: drone-satcom-seizure (medium)');
    expect(out).toContain('✗ when.of[0] (same_sentence)');
    // The seizure frame is what is missing: drones are used here, not seized.
    expect(out).toMatch(/✗ when\.of\[0\]\.of\[0\] \(frame\): no seizure\/surrender\/arrest of equipment\/drone/);
    // The place condition holds: Borno is in the watched theatre.
    expect(out).toMatch(/✓ when\.of\[1\] \(any\)/);
  });
});
