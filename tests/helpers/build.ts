import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/**
 * The tests of the compiled build run dist/ built from the sources under test:
 * `npm run build` unless dist/ is already newer than every source file.
 */
export function ensureBuild(): void {
  const marker = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const sources = Math.max(...['src', 'workers', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newest(join(ROOT, p))));
  if (existsSync(marker) && statSync(marker).mtimeMs > sources) return;
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
}
