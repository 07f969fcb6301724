/**
 * What the parse threads cost a process in resident memory, idle once loaded,
 * compiled (dist/) as the service runs: one thread with the page task alone
 * (before feeds moved to threads), one thread with the page and feed tasks
 * (the service's one pool now), and two pools of one thread each (the
 * alternative: a feed pool beside the page pool). Each layout in a fresh
 * process, alternated, three rounds; medians.
 *
 *   npx tsx bench/parse-thread-memory.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from '../tests/helpers/build.js';

const dist = (path: string) => JSON.stringify(pathToFileURL(resolve('dist/src', path)).href);
// A file, not `node -e`: worker threads inherit the process's flags, and --input-type stops them starting.
const scratch = mkdtempSync(join(tmpdir(), 'parse-thread-memory-'));

const LAYOUTS = {
  'page task alone': 'const pools = [new ThreadPool({ tasks: PAGE_TASK, threads: 1 })];',
  'page and feed tasks, one pool': 'const pools = [new ThreadPool({ tasks: { ...PAGE_TASK, ...FEED_TASK }, threads: 1 })];',
  'a page pool and a feed pool': 'const pools = [new ThreadPool({ tasks: PAGE_TASK, threads: 1 }), new ThreadPool({ tasks: FEED_TASK, threads: 1 })];',
};

/** RSS the layout's threads add once loaded and idle, in MB, measured in a fresh process. */
function threadsMb(layout: string): number {
  const script = [
    `import { PAGE_TASK } from ${dist('articles/page-reader.js')};`,
    `import { ThreadPool } from ${dist('core/thread-pool.js')};`,
    `import { FEED_TASK } from ${dist('feeds/feed-reader.js')};`,
    'const settle = () => new Promise((r) => setTimeout(r, 500));',
    'globalThis.gc(); await settle();',
    'const before = process.memoryUsage().rss;',
    layout,
    'await Promise.all(pools.map((p) => p.warm())); await settle();',
    'const added = process.memoryUsage().rss - before;',
    'await Promise.all(pools.map((p) => p.close()));',
    'process.stdout.write(String(added));',
  ].join('\n');
  const file = join(scratch, 'layout.mjs');
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, ['--expose-gc', file], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout) / 1e6;
}

ensureBuild();
const samples = new Map<string, number[]>(Object.keys(LAYOUTS).map((name) => [name, []]));
for (let round = 0; round < 3; round++) {
  for (const [name, layout] of Object.entries(LAYOUTS)) samples.get(name)!.push(threadsMb(layout));
}
rmSync(scratch, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const summary = { bench: 'parse-thread-memory', idle_mb: Object.fromEntries([...samples].map(([name, xs]) => [name, +median(xs).toFixed(1)])) };
console.log(JSON.stringify(summary));
console.log('| parse threads, loaded and idle (dist/) | RSS added, MB (median of 3; all 3) |');
for (const [name, xs] of samples) console.log(`| ${name} | ${median(xs).toFixed(1)} (${xs.map((x) => x.toFixed(1)).join(', ')}) |`);
