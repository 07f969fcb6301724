/**
 * Extraction benchmark: articles/s on one core and peak memory for extract()
 * with the full West-African gazetteer, against a naive matcher (one RegExp per
 * alias) on the same articles. Run: npx tsx bench/extraction.ts [--articles N]
 * Prints one JSON summary line, then a table.
 */
import { readFileSync } from 'node:fs';
import { articleFullText } from '../src/articles/article.js';
import { extract } from '../src/extraction/extract.js';
import { defaultGazetteer } from '../src/extraction/gazetteer.js';
import { DocContext } from '../src/matching/doc.js';
import { loadIndicators } from '../src/matching/loader.js';
import { buildMatcher } from '../src/matching/matcher.js';
import { generateArticles } from './generated-articles.js';

const argIndex = process.argv.indexOf('--articles');
const ARTICLES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 2000;
const NAIVE_ARTICLES = Math.max(5, Math.round(ARTICLES / 100));

/** The approach the issue rules out: every alias compiled to its own regex, all run over the folded text. */
function naiveMatcher(): (text: string) => number {
  const gz = defaultGazetteer();
  const patterns: RegExp[] = [];
  for (const phrase of gz.phrases.keys()) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s\\-\'’]+');
    patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'));
  }
  return (text: string) => {
    const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    let hits = 0;
    for (const re of patterns) {
      re.lastIndex = 0;
      while (re.exec(folded)) hits++;
    }
    return hits;
  };
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const rssBefore = process.memoryUsage().rss;
const loadMs = timeIt(() => defaultGazetteer());
const articles = generateArticles(ARTICLES);
const avgBytes = Math.round(articles.reduce((n, a) => n + Buffer.byteLength(a.text), 0) / articles.length);
for (const a of articles.slice(0, 200)) extract(a); // warm-up: JIT, fold cache
const extractMs = timeIt(() => {
  for (const a of articles) extract(a);
});
const peakRssExtractMb = process.resourceUsage().maxRSS / 1024;

// Extraction plus matching with the shipped indicators, on the real reports of the evaluation corpus
// (shorter than the generated articles, and worded as outlets word them).
const matcher = buildMatcher(loadIndicators('indicators').indicators);
const corpus = ['data/eval/train.jsonl', 'data/eval/test.jsonl'].flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { title: string; text: string; lang: string; published: string }),
);
const analyse = (a: (typeof corpus)[number]) => {
  const extraction = extract({ title: a.title, text: a.text, language: a.lang, published: a.published });
  return matcher.match(new DocContext(articleFullText(a), extraction)).length;
};
for (const a of corpus) analyse(a); // warm-up
const REAL_ROUNDS = 5;
const realMs = timeIt(() => {
  for (let r = 0; r < REAL_ROUNDS; r++) for (const a of corpus) analyse(a);
});
const realPerArticleUs = (realMs * 1000) / (REAL_ROUNDS * corpus.length);

const naive = naiveMatcher();
const naiveMs = timeIt(() => {
  for (const a of articles.slice(0, NAIVE_ARTICLES)) naive(`${a.title}\n\n${a.text}`);
});

const perArticleMs = extractMs / ARTICLES;
const naivePerArticleMs = naiveMs / NAIVE_ARTICLES;
const summary = {
  bench: 'extraction',
  articles: ARTICLES,
  avgArticleBytes: avgBytes,
  gazetteerEntries: defaultGazetteer().entries.length,
  gazetteerPhrases: defaultGazetteer().phrases.size,
  gazetteerLoadMs: Math.round(loadMs),
  extractMsPerArticle: Number(perArticleMs.toFixed(4)),
  extractArticlesPerSec: Math.round(1000 / perArticleMs),
  naiveArticles: NAIVE_ARTICLES,
  naiveMsPerArticle: Number(naivePerArticleMs.toFixed(2)),
  naiveArticlesPerSec: Math.round(1000 / naivePerArticleMs),
  speedup: Math.round(naivePerArticleMs / perArticleMs),
  realArticles: corpus.length,
  realExtractAndMatchUsPerArticle: Math.round(realPerArticleUs),
  rssAtStartMb: Math.round(rssBefore / 1048576),
  peakRssExtractMb: Math.round(peakRssExtractMb),
  peakRssAfterNaiveMb: Math.round(process.resourceUsage().maxRSS / 1024),
  node: process.version,
};
console.log(JSON.stringify(summary));
console.log('');
console.log(`approach                      ms/article   articles/s (1 core)`);
console.log(`extract() n-gram index       ${perArticleMs.toFixed(4).padStart(10)}   ${String(summary.extractArticlesPerSec).padStart(10)}`);
console.log(`naive: one RegExp per alias  ${naivePerArticleMs.toFixed(2).padStart(10)}   ${String(summary.naiveArticlesPerSec).padStart(10)}`);
console.log(`extract() + match, ${corpus.length} real reports ${String(Math.round(realPerArticleUs)).padStart(6)} µs  ${String(Math.round(1e6 / realPerArticleUs)).padStart(10)}`);
console.log(`speed-up ×${summary.speedup}; ${summary.gazetteerPhrases} phrases from ${summary.gazetteerEntries} entries, loaded in ${summary.gazetteerLoadMs} ms; ${avgBytes} B/article`);
console.log(`peak RSS: ${summary.peakRssExtractMb} MB after extract() runs, ${summary.peakRssAfterNaiveMb} MB after the naive run`);
