/**
 * The record: importing articles (articles/s, in batches of 500, four in flight) and full-text
 * search over them (p50/p95 of 200 queries: words in French and English, with
 * and without accents, with and without filters), on PostgreSQL and on PGlite.
 * Then what the pipeline pays per article: 1,000 analysis writes one after another (wall and this process's CPU ms).
 * Articles are the 548 real reports of data/eval, each extracted once and
 * varied (outlet, date, id) to the count asked for.
 * Run: npm run bench record [-- --articles 100000] [--backends postgres,pglite,pglite@128]
 * `pglite@N` runs PGlite with N MB of shared_buffers (database.embedded_buffers_mb; plain
 * `pglite` is the shipped default). Each backend runs in a process of its own, so its
 * peak resident memory (`peakRssMb`) is its own.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a database of its own, dropped after.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../src/articles/article.js';
import { extract } from '../src/extraction/extract.js';
import type { Extraction } from '../src/extraction/extraction.js';
import { DatabaseConfigSchema } from '../src/record/config.js';
import { openRecord } from '../src/record/open.js';
import type { SearchQuery } from '../src/record/search.js';
import type { ArticleImport, RecordStore } from '../src/record/store.js';
import { createTestDatabase } from '../tests/helpers/record.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? String(process.argv[i + 1]) : fallback;
};
const ARTICLES = Number(arg('articles', '100000'));
const BACKENDS = arg('backends', 'postgres,pglite').split(',');
const BATCH = 500;
const IN_FLIGHT = 4;
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

interface Report {
  title: string;
  text: string;
  lang: string;
  source: string;
}

function templates(): Array<{ report: Report; extraction: Extraction }> {
  const lines = ['data/eval/train.jsonl', 'data/eval/test.jsonl'].flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
  return lines.map((line) => {
    const report = JSON.parse(line) as Report;
    return { report, extraction: extract({ title: report.title, text: report.text, language: report.lang }) };
  });
}

function* articles(count: number, pool: ReturnType<typeof templates>): Generator<ArticleImport> {
  for (let i = 0; i < count; i++) {
    const { report, extraction } = pool[i % pool.length] as (typeof pool)[number];
    const published = T0 + ((i * 7919) % (365 * DAY));
    const article: Article = {
      id: `ar_bench_${i}`,
      itemId: `it_bench_${i}`,
      feedId: `feed-${i % 40}`,
      outlet: `${report.source} ${i % 40}`,
      url: `https://news${i % 40}.example.org/${i}`,
      title: report.title,
      text: report.text,
      published: new Date(published).toISOString(),
      language: report.lang,
      textSource: 'page',
    };
    yield { article, seenAt: published + 3_600_000, extraction, indicators: i % 10 === 0 ? ['kayes-convoy-interdiction'] : [] };
  }
}

const QUERIES: SearchQuery[] = [
  { q: 'Kayes' },
  { q: 'camions citernes incendiés' },
  { q: 'camions citernes incendies' },
  { q: 'tanker attack' },
  { q: 'enlèvement' },
  { q: 'enlevement' },
  { q: 'kidnapped drivers' },
  { q: 'Ségou', country: 'ML' },
  { q: 'Pendjari' },
  { q: 'parc W attaque', since: '2026-06-01' },
  { q: 'drone' },
  { q: 'Iyad Ag Ghaly Nigeria' },
  { q: 'JNIM', country: 'BF', since: '2026-03-01', until: '2026-09-01' },
  { q: 'embuscade militaires tués' },
  { q: '"fuel convoy"' },
  { q: 'blocus', actor: 'jnim' },
  { q: 'Kpinkankandi' },
  { q: 'soldiers killed', event_type: 'attack' },
  { country: 'BJ', event_type: 'attack' },
  { indicator: 'kayes-convoy-interdiction', since: '2026-10-01' },
];

/**
 * What the pipeline pays per analysed article: one saveAnalysis (story, article,
 * event in one transaction), one after another; wall time and this process's CPU.
 */
async function analysisWrites(record: RecordStore, pool: ReturnType<typeof templates>, count: number) {
  const rows = [...articles(count, pool)].map((a, i) => ({ ...a, article: { ...a.article, id: `ar_pipe_${i}`, url: `https://pipe.example.org/${i}` } }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const row of rows) {
    const story = { id: `st_pipe_${row.article.id}`, title: row.article.title, firstReport: row.article.published, latestReport: row.article.published, outlets: 1, sources: [] };
    await record.saveAnalysis({ ...row, story, event: null, indicators: [...row.indicators] });
  }
  const wallMs = (performance.now() - t0) / count;
  const cpu = process.cpuUsage(cpu0);
  return { writeMsPerArticle: Number(wallMs.toFixed(2)), writeCpuMsPerArticle: Number(((cpu.user + cpu.system) / 1000 / count).toFixed(2)) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(backend: string, pool: ReturnType<typeof templates>) {
  const [kind, buffers] = backend.split('@');
  const dir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'sw-bench-pglite-')) : undefined;
  const pg = kind === 'postgres' ? await createTestDatabase('bench') : undefined;
  const embedded = buffers ? { path: dir, embedded_buffers_mb: Number(buffers) } : { path: dir };
  const record: RecordStore = await openRecord(DatabaseConfigSchema.parse(pg ? { url: pg.url } : embedded));
  const rssAfterOpenMb = Math.round(process.memoryUsage().rss / 1048576);
  try {
    const t0 = performance.now();
    let batch: ArticleImport[] = [];
    let imported = 0;
    // Batches in flight at once: PostgreSQL spreads them over its backends; PGlite runs them one after another.
    const inFlight = new Set<Promise<void>>();
    const send = async (rows: ArticleImport[]) => {
      const p = record.importArticles(rows).then((n) => {
        imported += n;
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    };
    for (const a of articles(ARTICLES, pool)) {
      batch.push(a);
      if (batch.length === BATCH) {
        await send(batch);
        batch = [];
      }
    }
    await send(batch);
    await Promise.all(inFlight);
    // As `sahelwatch import` does at its end: the planner's statistics, so searches right after the import are planned for what it holds.
    await record.analyze(['articles']);
    const importSecs = (performance.now() - t0) / 1000;
    const again = await record.importArticles([...articles(BATCH, pool)]);
    const writes = await analysisWrites(record, pool, 1000);
    for (const q of QUERIES) await record.search(q); // warm the caches once
    const times: number[] = [];
    const hits: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const q of QUERIES) {
        const s = performance.now();
        hits.push((await record.search(q)).hits.length);
        times.push(performance.now() - s);
      }
    }
    times.sort((a, b) => a - b);
    return {
      backend,
      articles: imported,
      reimportedNew: again,
      importSecs: Number(importSecs.toFixed(1)),
      importPerSec: Math.round(imported / importSecs),
      ...writes,
      searches: times.length,
      emptyResults: hits.filter((n) => n === 0).length,
      searchP50Ms: Number(percentile(times, 50).toFixed(1)),
      searchP95Ms: Number(percentile(times, 95).toFixed(1)),
      searchMaxMs: Number((times.at(-1) ?? 0).toFixed(1)),
      rssAfterOpenMb,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await record.close();
    await pg?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

type Result = Awaited<ReturnType<typeof measure>>;

/** One backend per process: a PGlite instance's WebAssembly memory never shrinks, and would colour the next backend's peak. */
function inChild(backend: string): Result {
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--backends' && all[i - 1] !== '--backends');
  const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, ...args, '--backends', backend, '--child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) throw new Error(`bench record: ${backend} failed`);
  return (JSON.parse(line) as { record: Result[] }).record[0] as Result;
}

const results: Result[] = [];
if (process.argv.includes('--child')) {
  const pool = templates();
  for (const backend of BACKENDS) results.push(await measure(backend, pool));
} else {
  for (const backend of BACKENDS) results.push(inChild(backend));
}
process.stdout.write(`${JSON.stringify({ record: results })}\n\n`);
if (!process.argv.includes('--child')) {
  process.stdout.write('backend      articles   import s   articles/s   search p50 ms   p95 ms   max ms   pipeline write ms (CPU here)   RSS after open / peak MB\n');
  for (const r of results) {
    process.stdout.write(
      `${r.backend.padEnd(11)} ${String(r.articles).padStart(9)} ${String(r.importSecs).padStart(10)} ${String(r.importPerSec).padStart(12)} ${String(r.searchP50Ms).padStart(15)} ${String(r.searchP95Ms).padStart(8)} ${String(r.searchMaxMs).padStart(8)}   ${`${r.writeMsPerArticle} (${r.writeCpuMsPerArticle})`.padEnd(29)}   ${r.rssAfterOpenMb} / ${r.peakRssMb}\n`,
    );
  }
}
