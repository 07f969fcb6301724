/**
 * Matching cost per item as the number of indicators grows (4, 100, 1,000, 10,000).
 * Items: the dev corpus, extracted once up front (extraction is not timed here).
 * Generated indicators look like analysts' rules: a place-name phrase (drawn from the
 * GeoNames towns of the gazetteer), an action phrase and an event type, all required.
 * The same run also times a naive matcher that evaluates every indicator on every item.
 *
 *   npx tsx bench/matching.ts
 */
import { readFileSync } from 'node:fs';
import { articleFullText } from '../src/articles/article.js';
import { loadCorpus } from '../src/eval/corpus.js';
import { extract } from '../src/extraction/extract.js';
import { ConditionSchema } from '../src/matching/conditions/index.js';
import { DocContext } from '../src/matching/doc.js';
import { type CompiledIndicator, compileCondition } from '../src/matching/indicator.js';
import { buildMatcher, loadIndicators } from '../src/matching/indicators.js';
import { loadRegions } from '../src/matching/regions.js';

const SIZES = [4, 100, 1_000, 10_000];
const ROUNDS = 20;

// Deterministic pseudo-random numbers so every run benchmarks the same rules.
let seed = 42;
const rand = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const towns = (JSON.parse(readFileSync('data/gazetteer/geonames-west-africa.json', 'utf8')) as { towns: [string][] }).towns.map((t) => t[0]);
const ACTIONS = ['attack*', 'ambush*', 'kidnap*', 'torch*', 'seiz*', 'killed', 'attaqu*', 'embuscade*', 'enlev*', 'incendi*', 'saisi*', 'tués', 'blocus', 'blockade', 'raid*', 'explosion'];
const EVENTS = ['attack', 'ambush', 'kidnapping', 'arson', 'blockade', 'seizure', 'killing', 'ied', 'raid', 'statement'];
const { regions } = loadRegions('indicators/regions');

function generated(n: number): CompiledIndicator {
  const config = ConditionSchema.parse({
    type: 'all',
    of: [
      { type: 'phrase', any_of: [pick(towns), pick(towns)] },
      { type: 'phrase', any_of: [pick(ACTIONS), pick(ACTIONS), pick(ACTIONS)] },
      { type: 'event', any_of: [pick(EVENTS)] },
    ],
  });
  const when = compileCondition(config, regions);
  return {
    id: `generated-${n}`, title: `generated ${n}`, description: 'benchmark', severity: 'low', owner: 'bench', tags: [], receivers: [], enabled: true,
    alerting: { min_sources: 1, threshold: { stories: 1, within_days: 7 }, escalate: [], cooldown_hours: 24 },
    examples: { must_match: [], must_not_match: [] }, file: '', when, evaluate: (doc) => when.check(doc),
  };
}

const shipped = loadIndicators('indicators').indicators;
const items = loadCorpus('tests/fixtures/eval/dev.jsonl').map((item) => ({ text: articleFullText(item), extraction: extract({ title: item.title, text: item.text, language: item.lang }) }));

/** Mean microseconds per item over ROUNDS passes (fresh DocContext per item, as in the service). */
function timePerItem(run: (doc: DocContext) => unknown): number {
  for (let r = 0; r < 3; r++) for (const item of items) run(new DocContext(item.text, item.extraction)); // warm-up (JIT)
  const start = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) for (const item of items) run(new DocContext(item.text, item.extraction));
  return Number(process.hrtime.bigint() - start) / 1e3 / (ROUNDS * items.length);
}

// Warm the tokenizer and condition code paths once so the first row is not paying for JIT.
timePerItem((doc) => buildMatcher(shipped).match(doc));

const rows: { indicators: number; indexedUs: number; naiveUs: number; candidates: number; matches: number }[] = [];
for (const size of SIZES) {
  const set = [...shipped, ...Array.from({ length: Math.max(0, size - shipped.length) }, (_, n) => generated(n))];
  const matcher = buildMatcher(set);
  const indexedUs = timePerItem((doc) => matcher.match(doc));
  const naiveUs = timePerItem((doc) => set.filter((i) => i.evaluate(doc).ok));
  let candidates = 0;
  let matches = 0;
  for (const item of items) {
    const doc = new DocContext(item.text, item.extraction);
    candidates += matcher.candidates(doc);
    matches += matcher.match(doc).length;
  }
  rows.push({ indicators: set.length, indexedUs, naiveUs, candidates: candidates / items.length, matches: matches / items.length });
}

const base = rows[0]!.indexedUs;
console.log(JSON.stringify({ bench: 'matching', items: items.length, rounds: ROUNDS, node: process.version, perItemUs: Object.fromEntries(rows.map((r) => [r.indicators, Number(r.indexedUs.toFixed(1))])), naivePerItemUs: Object.fromEntries(rows.map((r) => [r.indicators, Number(r.naiveUs.toFixed(1))])), slowdown10k: Number((rows.at(-1)!.indexedUs / base).toFixed(2)) }));
console.log('');
console.log('indicators   indexed µs/item   naive µs/item   candidates/item   matches/item   indexed vs 4');
for (const r of rows)
  console.log(
    `${String(r.indicators).padStart(10)}   ${r.indexedUs.toFixed(1).padStart(15)}   ${r.naiveUs.toFixed(1).padStart(13)}   ${r.candidates.toFixed(1).padStart(15)}   ${r.matches.toFixed(2).padStart(12)}   ${(r.indexedUs / base).toFixed(2).padStart(11)}x`,
  );
