import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { ensureBuild } from '../helpers/build.js';

// `kill -TERM` (or -INT) sent to the npm or npx wrapper an operator started must stop the
// service gracefully: the wrapper passes the signal on, or there is no extra node in between.

const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'sw-signals-'));
const prefix = uniquePrefix('signals');
const started: ChildProcess[] = [];

beforeAll(() => {
  ensureBuild();
}, 150_000);

afterAll(async () => {
  for (const child of started) if (child.pid) spawnSync('kill', ['-KILL', '--', `-${child.pid}`]);
  await deletePrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** Every process in the group the wrapper leads (the wrapper, sh, node, tsx's esbuild...). */
function group(pgid: number): number[] {
  const out = spawnSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean).map(Number);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runWrapped(command: string, args: (config: string) => string[], signal: NodeJS.Signals) {
  const port = await freePort();
  const config = join(dir, `${command}-${signal}.yaml`);
  writeFileSync(config, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nhttp: { port: ${port} }\nindicators: { dir: "${join(ROOT, 'indicators')}", hot_reload: false }\n`);
  // Its own process group, as a shell would start it, so the test can see every process it leaves.
  const wrapper = spawn(command, args(config), { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  started.push(wrapper);
  let log = '';
  wrapper.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
  });
  const exited = new Promise<void>((resolve) => wrapper.once('exit', () => resolve()));
  await until('the console', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 30_000);
  const pgid = wrapper.pid as number;
  const t0 = Date.now();
  process.kill(pgid, signal); // the wrapper only, not its group
  await until(`every process of \`${command} ${args(config).join(' ')}\` to exit after ${signal}`, () => group(pgid).length === 0, 10_000);
  await exited;
  return { ms: Date.now() - t0, log };
}

describe('signals through the wrappers that start the service', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npm start: ${signal} to npm stops the service gracefully within 10 s`, async () => {
      const { ms, log } = await runWrapped('npm', (c) => ['start', '--', '--config', c, '--only', 'http'], signal);
      expect(log).toContain(`"signal":"${signal}"`);
      expect(log).toContain('Shutting down');
      expect(ms).toBeLessThan(10_000);
    }, 60_000);
  }

  it('npx sahelwatch start: SIGTERM to npx stops the service gracefully within 10 s', async () => {
    const { ms, log } = await runWrapped('npx', (c) => ['--no-install', 'sahelwatch', '--config', c, 'start', '--only', 'http'], 'SIGTERM');
    // npx's shell dies of the signal without passing it on; the service sees its wrapper go.
    expect(log).toContain('stopping as on SIGTERM');
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain('Shutting down');
    expect(ms).toBeLessThan(10_000);
  }, 60_000);

  it('npx sahelwatch replay: SIGTERM to npx stops a replay too, not only start', async () => {
    const port = await freePort();
    const config = join(dir, 'npx-replay.yaml');
    const origin = `http://127.0.0.1:${port}`;
    writeFileSync(config, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nfetch: { allow_private: ["${origin}"] }\nindicators: { dir: "${join(ROOT, 'indicators')}", hot_reload: false }\n`);
    // A feed URL that never answers keeps the replay busy until its 600 s timeout.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const wrapper = spawn('npx', ['--no-install', 'sahelwatch', '--config', config, 'replay', `${origin}/feed.rss`], { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
      started.push(wrapper);
      let log = '';
      wrapper.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
      });
      const pgid = wrapper.pid as number;
      await until(`the replay process (${log})`, () => group(pgid).length >= 3, 20_000); // npm exec, sh, node
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(pgid, 'SIGTERM');
      // The claim is that it stops (it used to run on for minutes), not how fast: a loaded machine may still be loading the node process.
      await until('every process of npx sahelwatch replay to exit after SIGTERM', () => group(pgid).length === 0, 30_000);
    } finally {
      silent.close();
    }
  }, 60_000);
});
