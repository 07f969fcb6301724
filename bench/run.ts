/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's
 * memory does not colour the next's peak. Each prints one JSON summary line and
 * a readable table. Pass a name (extraction, matching, pipeline) to run one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ALL = ['extraction', 'matching', 'pipeline'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : ALL;
let failed = false;
for (const name of names) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    process.stderr.write(`bench: no benchmark ${file}\n`);
    failed = true;
    continue;
  }
  process.stdout.write(`\n## ${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exitCode = failed ? 1 : 0;
