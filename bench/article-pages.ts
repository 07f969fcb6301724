/**
 * Article-body quality on real saved pages: Mozilla Readability's test pages
 * (../shared/peers/readability-pages/test-pages.tgz, 130 pages: Le Monde,
 * Libération, BBC, Guardian, NYT, Yahoo, Wikipedia, blogs, edge cases).
 *
 * Body: word 4-shingle precision / recall / F1 of the extracted text against
 * the visible text of expected.html, per page, then the mean over pages (the
 * scorer of the article-extraction-benchmark works the same way). Metadata:
 * hit rate of title, byline, language and published time where
 * expected-metadata.json gives one. Also prints ms per page.
 *
 * Caveat: expected.html is Readability.js's own output (under jsdom), so an
 * extractor built on Readability is scored against itself here; read these as
 * "how close to Readability", not as an independent measurement.
 *
 * With the page extractor it also reads each page through the service's page
 * reader (one worker thread, after it has loaded) and reports what the thread
 * costs per ordinary page: the wall time of a read against the same read on
 * the main thread, and how long the main thread itself is busy per page
 * (posting the HTML, receiving the result) instead of parsing it.
 *
 *   npx tsx bench/article-pages.ts [--pages DIR] [--extractor page|heuristic] [--verbose]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { readArticlePage } from '../src/articles/read-page.js';
import { blockText, extractMainTextHeuristic } from '../src/articles/main-text.js';
import { PageReader } from '../src/articles/page-reader.js';
import { prf } from './shingle-score.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const verbose = args.includes('--verbose');
const extractor = flag('--extractor') ?? 'page';

function pagesDir(): string {
  const given = flag('--pages');
  if (given) return given;
  const tgz = '../shared/peers/readability-pages/test-pages.tgz';
  if (!existsSync(tgz)) {
    console.log(`article-pages: skipped, no ${tgz} (pass --pages DIR: a folder of <page>/source.html + expected.html)`);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'readability-pages-'));
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return join(dir, 'test', 'test-pages');
}

const norm = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim().toLowerCase() : null);

const dir = pagesDir();
const pages = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'source.html')) && existsSync(join(dir, d, 'expected.html')));
const totals = { p: 0, r: 0, f: 0, ms: 0 };
const meta: Record<string, { hit: number; n: number }> = { title: { hit: 0, n: 0 }, byline: { hit: 0, n: 0 }, lang: { hit: 0, n: 0 }, publishedTime: { hit: 0, n: 0 } };
const rows: Array<[string, number]> = [];
/** The page reader's cost per page: wall ms of a read, main-thread busy ms, and pages whose result differed. */
const threaded = { ms: 0, mainMs: 0, overheads: [] as number[], differ: 0 };
const reader = extractor === 'page' ? new PageReader({ threads: 1, parse_budget_ms: 60_000 }) : undefined;
await reader?.warm();

/** One read through the thread (after a warm-up read): wall ms and the main thread's busy ms meanwhile. */
async function timedThreadRead(html: string, url: string) {
  await reader!.read(html, url);
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  const page = await reader!.read(html, url);
  return { page, ms: performance.now() - t0, mainMs: performance.eventLoopUtilization(elu).active };
}

for (const page of pages) {
  const html = readFileSync(join(dir, page, 'source.html'), 'utf8');
  const want = blockText(cheerio.load(readFileSync(join(dir, page, 'expected.html'), 'utf8')).root());
  const expected = JSON.parse(readFileSync(join(dir, page, 'expected-metadata.json'), 'utf8')) as Record<string, unknown>;
  const url = `http://fakehost/test/page.html`;
  const run = () => (extractor === 'heuristic' ? { text: extractMainTextHeuristic(cheerio.load(html)) } : readArticlePage(html, url));
  run(); // warm-up: the timed run is the second, so JIT compilation is not charged to the first pages
  const t0 = performance.now();
  const got = run();
  const mainThreadMs = performance.now() - t0;
  totals.ms += mainThreadMs;
  if (reader) {
    const viaThread = await timedThreadRead(html, url);
    threaded.ms += viaThread.ms;
    threaded.mainMs += viaThread.mainMs;
    threaded.overheads.push(viaThread.ms - mainThreadMs);
    if (JSON.stringify(viaThread.page) !== JSON.stringify(got)) threaded.differ++;
  }
  const s = prf(got.text, want);
  totals.p += s.p;
  totals.r += s.r;
  totals.f += s.f;
  rows.push([page, s.f]);
  if (extractor === 'page' && 'language' in got) {
    const found: Record<string, unknown> = { title: got.title, byline: got.byline, lang: got.language, publishedTime: got.publishedMs == null ? null : got.publishedMs };
    for (const field of Object.keys(meta)) {
      const e = expected[field];
      if (e == null || e === '') continue;
      meta[field]!.n++;
      const ok = field === 'publishedTime' ? Date.parse(String(e)) === found[field] : norm(found[field]) === norm(e);
      if (ok) meta[field]!.hit++;
      else if (verbose) console.log(`  meta ${page} ${field}: want ${JSON.stringify(e)} got ${JSON.stringify(found[field])}`);
    }
  }
}
await reader?.close();
const n = pages.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
if (verbose) for (const [page, f] of rows.sort((a, b) => a[1] - b[1]).slice(0, 25)) console.log(`  F1 ${f.toFixed(3)} ${page}`);
const metaHits = Object.values(meta).reduce((a, m) => a + m.hit, 0);
const metaN = Object.values(meta).reduce((a, m) => a + m.n, 0);
const summary = {
  bench: 'article-pages',
  extractor,
  pages: n,
  precision: +(totals.p / n).toFixed(3),
  recall: +(totals.r / n).toFixed(3),
  f1: +(totals.f / n).toFixed(3),
  ms_per_page: +(totals.ms / n).toFixed(1),
  ...(extractor === 'page' ? { metadata_hit_rate: +(metaHits / Math.max(1, metaN)).toFixed(3), metadata: Object.fromEntries(Object.entries(meta).map(([k, m]) => [k, `${m.hit}/${m.n}`])) } : {}),
  ...(reader
    ? {
        thread: {
          ms_per_page: +(threaded.ms / n).toFixed(1),
          overhead_ms_mean: +((threaded.ms - totals.ms) / n).toFixed(2),
          overhead_ms_median: +median(threaded.overheads).toFixed(2),
          main_thread_busy_ms_per_page: +(threaded.mainMs / n).toFixed(2),
          pages_differing: threaded.differ,
        },
      }
    : {}),
};
console.log(JSON.stringify(summary));
console.log(`| extractor | pages | precision | recall | F1 | ms/page |${extractor === 'page' ? ' metadata |' : ''}`);
console.log(
  `| ${extractor} | ${n} | ${summary.precision} | ${summary.recall} | ${summary.f1} | ${summary.ms_per_page} |${extractor === 'page' ? ` ${Object.entries(meta).map(([k, m]) => `${k} ${m.hit}/${m.n}`).join(', ')} |` : ''}`,
);
if (reader) {
  const t = summary.thread!;
  console.log('| page reading | ms/page | main thread busy ms/page |');
  console.log(`| on the main thread | ${summary.ms_per_page} | ${summary.ms_per_page} |`);
  console.log(`| in a page thread | ${t.ms_per_page} (overhead mean ${t.overhead_ms_mean}, median ${t.overhead_ms_median}) | ${t.main_thread_busy_ms_per_page} |`);
  if (t.pages_differing > 0) console.log(`${t.pages_differing} pages read differently in the thread`);
}
