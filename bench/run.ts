/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's
 * memory does not colour the next's peak. Each prints one JSON summary line and
 * a readable table. Pass a name (extraction, matching, feeds, feed-documents, parse-thread-memory, article-pages, article-bodies, pipeline, receivers, inhibit, record, export, freshness) to run one;
 * other arguments (`--items 500`, `--only saturated`) go to the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ALL = ['extraction', 'matching', 'feeds', 'feed-documents', 'parse-thread-memory', 'article-pages', 'article-bodies', 'pipeline', 'receivers', 'inhibit', 'record', 'export', 'freshness'];
const wanted: string[] = [];
const passOn: string[] = [];
for (const [i, arg] of process.argv.entries()) {
  if (i < 2) continue;
  const isFlagValue = process.argv[i - 1]?.startsWith('--') && !arg.startsWith('-');
  (arg.startsWith('-') || isFlagValue ? passOn : wanted).push(arg);
}
const names = wanted.length > 0 ? wanted : ALL;
let failed = false;
if (names.includes('pipeline')) {
  // The pipeline bench's worker processes run dist/, as operators do: build it from the sources being measured.
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
for (const name of names) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    process.stderr.write(`bench: no benchmark ${file}\n`);
    failed = true;
    continue;
  }
  process.stdout.write(`\n## ${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...passOn], { stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exitCode = failed ? 1 : 0;
