/**
 * Extraction, extraction plus matching with each checkout's shipped indicators, or
 * matching alone (each report extracted once beforehand, so its tokens are made again
 * by matching, as when the two run apart), per article, for this checkout against another one (an older commit checked out
 * beside it, with its node_modules), on the real reports of data/eval (or, with
 * --generated, on 400 of the extraction benchmark's generated 3.2 KB articles), in one
 * process, the two alternated over five rounds (or --rounds N) so machine load falls
 * on both alike. Wall time and this process's CPU time are both reported: on a shared
 * machine the CPU time is the steadier (time spent waiting for a core is not counted).
 * The last line is the ratio of the two within each round, the figure least moved by
 * load that comes and goes between rounds.
 *
 *   git worktree add ../before <commit> && (cd ../before && npm ci)
 *   npx tsx bench/compare-checkouts.ts ../before [--match | --match-only] [--rounds N] [--generated]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { generateArticles } from './generated-articles.js';

const other = process.argv[2];
if (!other || other.startsWith('-')) {
  console.error('usage: npx tsx bench/compare-checkouts.ts OTHER_CHECKOUT [--match | --match-only] [--rounds N] [--generated]');
  process.exit(2);
}
const MATCH_ONLY = process.argv.includes('--match-only');
const MATCH = MATCH_ONLY || process.argv.includes('--match');
const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('--rounds takes a whole number of rounds, at least 1');
  process.exit(2);
}
const roots = { before: resolve(other), after: resolve('.') };
type Report = { title: string; text: string; lang: string; published: string };
const GENERATED = process.argv.includes('--generated');
const items: Report[] = GENERATED
  ? generateArticles(400).map((a) => ({ title: a.title, text: a.text, lang: a.language, published: '' }))
  : ['data/eval/train.jsonl', 'data/eval/test.jsonl'].flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Report),
    );
const itemsRead = `${items.length} ${GENERATED ? 'generated 3.2 KB articles' : 'real reports'}`;

async function load(root: string): Promise<(it: Report) => number> {
  const { extract } = await import(`${root}/src/extraction/extract.ts`);
  const { loadIndicators } = await import(`${root}/src/matching/loader.ts`);
  const { buildMatcher } = await import(`${root}/src/matching/matcher.ts`);
  const { DocContext } = await import(`${root}/src/matching/doc.ts`);
  const { articleFullText } = await import(`${root}/src/articles/article.ts`);
  const matcher = buildMatcher(loadIndicators(`${root}/indicators`).indicators);
  if (MATCH_ONLY) {
    const prepared = new Map(items.map((it) => [it, { text: articleFullText(it), extraction: extract({ title: it.title, text: it.text, language: it.lang, published: it.published }) }]));
    return (it) => {
      const { text, extraction } = prepared.get(it) as { text: string; extraction: unknown };
      return matcher.match(new DocContext(text, extraction)).length;
    };
  }
  return (it) => {
    const x = extract({ title: it.title, text: it.text, language: it.lang, published: it.published });
    return MATCH ? matcher.match(new DocContext(articleFullText(it), x)).length : x.events.length;
  };
}

const runners = { before: await load(roots.before), after: await load(roots.after) };
for (const run of Object.values(runners)) for (const it of items) run(it); // warm-up
type Sample = { wall: number; cpu: number };
const results: Record<keyof typeof runners, Sample[]> = { before: [], after: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order: (keyof typeof runners)[] = round % 2 ? ['after', 'before'] : ['before', 'after'];
  for (const name of order) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let rep = 0; rep < 3; rep++) for (const it of items) runners[name](it);
    const cpu = process.cpuUsage(cpu0);
    const n = 3 * items.length;
    results[name].push({ wall: ((performance.now() - t0) / n) * 1000, cpu: (cpu.user + cpu.system) / n });
  }
}
const what = MATCH_ONLY ? 'matching' : MATCH ? 'extraction + matching' : 'extraction';
const middle = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
};
const medianOf = (values: number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${middle(values).toFixed(0)} (runs ${sorted.map((x) => x.toFixed(0)).join(' ')})`;
};
for (const [name, list] of Object.entries(results)) {
  const wall = medianOf(list.map((s) => s.wall));
  const cpu = medianOf(list.map((s) => s.cpu));
  console.log(`${name} (${roots[name as keyof typeof roots]}): ${what} µs/article: wall ${wall}; CPU ${cpu}; ${itemsRead}`);
}
const ratios = (key: keyof Sample): number[] => results.after.map((s, i) => s[key] / (results.before[i] as Sample)[key]);
const ratioOf = (key: keyof Sample): string => {
  const list = ratios(key);
  return `${middle(list).toFixed(3)} (${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)})`;
};
console.log(`after / before within each round: wall median ${ratioOf('wall')}; CPU median ${ratioOf('cpu')}`);
