import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { ensureBuild } from '../helpers/build.js';

// The compiled build an operator runs: `npm ci` builds dist/ (prepare), and npm start,
// bin/sahelwatch.js and npx sahelwatch run it with plain node, from any directory.

const ROOT = process.cwd();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};
const elsewhere = mkdtempSync(join(tmpdir(), 'sw-build-'));
const prefix = uniquePrefix('build');
let service: ChildProcess | undefined;

beforeAll(() => {
  // The build under test, from the sources under test.
  ensureBuild();
}, 150_000);

afterAll(async () => {
  service?.kill('SIGKILL');
  await deletePrefix(prefix);
  rmSync(elsewhere, { recursive: true, force: true });
});

function childrenOf(pid: number): string[] {
  const out = spawnSync('pgrep', ['-a', '-P', String(pid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean);
}

describe('the compiled build', () => {
  it('is built by npm ci (prepare) and is what npm start and the bin run; tsx is for development only', () => {
    expect(pkg.scripts.prepare).toMatch(/\bbuild\b/);
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(pkg.scripts.start).toBe('exec node --max-old-space-size=512 --max-semi-space-size=4 bin/sahelwatch.js start');
    expect(pkg.scripts.dev).toContain('tsx src/cli/main.ts');
    expect(pkg.bin.sahelwatch).toBe('bin/sahelwatch.js');
    expect(pkg.dependencies.tsx).toBeUndefined();
    const bin = readFileSync(join(ROOT, 'bin/sahelwatch.js'), 'utf8');
    expect(bin).not.toMatch(/['"]tsx[/'"]/);
    expect(bin).toContain('../dist/src/cli/main.js');
  });

  it('runs every service process with the same heap caps: npm start, the bin (npx sahelwatch) and the container', () => {
    const cap = (text: string) => text.match(/--max-old-space-size=(\d+)/)?.[1];
    const youngCap = (text: string) => text.match(/--max-semi-space-size=(\d+)/)?.[1];
    const fromStart = cap(pkg.scripts.start ?? '');
    expect(fromStart).toBeDefined();
    expect(youngCap(pkg.scripts.start ?? '')).toBeDefined();
    const shebang = readFileSync(join(ROOT, 'bin/sahelwatch.js'), 'utf8').split('\n')[0] ?? '';
    const entrypoint = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT')) ?? '';
    for (const line of [shebang, entrypoint]) {
      expect(cap(line)).toBe(fromStart);
      expect(youngCap(line)).toBe(youngCap(pkg.scripts.start ?? ''));
    }
    // The shebang passes it: the bin run directly (as npx runs it) reports a heap limit near the cap, not V8's default.
    const probe = join(elsewhere, 'heap-limit.cjs');
    writeFileSync(probe, "process.stderr.write('heap limit ' + require('node:v8').getHeapStatistics().heap_size_limit / 1048576 + ' MB\\n');\n");
    const run = spawnSync(join(ROOT, 'bin/sahelwatch.js'), ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${probe}` }, timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const limit = Number(run.stderr.match(/heap limit ([\d.]+) MB/)?.[1]);
    expect(limit).toBeGreaterThanOrEqual(Number(fromStart));
    expect(limit).toBeLessThan(Number(fromStart) * 1.25);
  });

  it('finds its bundled data (gazetteer, frames, indicators) from dist/ when run from another directory', () => {
    const config = join(elsewhere, 'check.yaml');
    writeFileSync(config, `indicators: { dir: "${join(ROOT, 'indicators')}" }\n`);
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/sahelwatch.js'), '--config', config, 'check'], {
      cwd: elsewhere,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Every shipped indicator's examples ran through extraction, which reads data/gazetteer from the package.
    expect(run.stdout).toMatch(/✓ .*kayes-convoy-interdiction\.yaml \(\d+\/\d+ examples pass\)/);
  });

  it('serves the console (web/) and /healthz from dist/, started from another directory', async () => {
    const port = await freePort();
    const config = join(elsewhere, 'http.yaml');
    writeFileSync(config, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nhttp: { port: ${port} }\nindicators: { dir: "${join(ROOT, 'indicators')}", hot_reload: false }\n`);
    service = spawn(process.execPath, [join(ROOT, 'bin/sahelwatch.js'), '--config', config, 'start', '--only', 'http'], {
      cwd: elsewhere,
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    let health: Response | undefined;
    while (!health) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (!health && Date.now() > deadline) throw new Error('console did not come up');
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    // Compiled JavaScript only: tsx would have started an `esbuild --service` child beside the service.
    expect(childrenOf(service.pid as number)).toEqual([]);
  }, 60_000);
});
