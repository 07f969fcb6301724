import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readArticlePage } from '../../src/articles/read-page.js';
import { loadConfig } from '../../src/config/config.js';
import { ValidationError } from '../../src/core/validate.js';
import { readFeedDocument } from '../../src/feeds/read-feed.js';
import { FeedConfigSchema } from '../../src/feeds/sources/index.js';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { ensureBuild } from '../helpers/build.js';

// No Docker engine here (only the client), so the image is checked by reading the
// Dockerfile and docker-compose.yml, and its final stage is replayed on the host:
// the files it copies, `npm ci --omit=dev`, its ENTRYPOINT and its HEALTHCHECK.

const ROOT = process.cwd();
const NOW = Date.parse('2026-11-20T12:00:00Z');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  steps: Instruction[];
}

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (!line && !pending)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((pending + line).trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of lines.filter(Boolean)) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = args.match(/^(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({ from: m?.[1] ?? '', name: m?.[2], steps: [] });
    } else stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = dockerfile.at(-1) as Stage;
const finalSteps = (op: string) => final.steps.filter((s) => s.op === op).map((s) => s.args);
const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { image?: string; build?: unknown; command?: unknown; volumes?: string[]; environment?: Record<string, string>; restart?: string; init?: boolean; stop_grace_period?: string }>;
};

describe('Dockerfile', () => {
  it('is multi-stage: builds with every dependency, runs with production ones only', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    const build = dockerfile[0] as Stage;
    expect(build.steps.some((s) => s.op === 'RUN' && /\bnpm ci\b/.test(s.args))).toBe(true);
    expect(build.steps.some((s) => s.op === 'RUN' && /npm run build/.test(s.args))).toBe(true);
    expect(finalSteps('RUN').some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(finalSteps('COPY').some((c) => new RegExp(`--from=${build.name}\\s+\\S*dist`).test(c))).toBe(true);
    // The base is a pinned major, never :latest.
    for (const stage of dockerfile) expect(stage.from).toMatch(/^node:20[.-]/);
  });

  it('runs as a non-root user, checks /healthz, and has node as PID 1 (exec form, no shell)', () => {
    const users = finalSteps('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const health = finalSteps('HEALTHCHECK').join(' ');
    expect(health).toContain('/healthz');
    const entry = JSON.parse(finalSteps('ENTRYPOINT').at(-1) ?? 'null') as string[] | null;
    expect(entry?.[0]).toBe('node');
    expect(entry).toContain('bin/sahelwatch.js');
    expect(JSON.parse(finalSteps('CMD').at(-1) ?? '[]')).toEqual(['start']);
    // The console listens on the container's interface.
    expect(finalSteps('ENV').join(' ')).toMatch(/SAHELWATCH_HTTP_HOST=0\.0\.0\.0/);
  });

  it('has a .dockerignore that keeps the host node_modules, dist/ and .git out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const path of ['node_modules', 'dist', '.git', '.env']) expect(ignored).toContain(path);
  });
});

describe('docker-compose.yml', () => {
  const app = compose.services.sahelwatch;

  it('builds the image instead of running npm ci on a bind mount of the repository', () => {
    expect(app?.build).toBeDefined();
    expect(JSON.stringify(app?.command ?? '')).not.toMatch(/npm ci|sh -c/);
    for (const volume of app?.volumes ?? []) {
      expect(volume.split(':')[0]).not.toMatch(/^\.\/?$/); // never the whole checkout
      expect(volume.split(':')[1]).not.toMatch(/node_modules|^\/app\/?$/);
    }
  });

  it('binds the console to 0.0.0.0, passes every webhook variable through, restarts, and pins its images', () => {
    const env = app?.environment ?? {};
    expect(env.SAHELWATCH_HTTP_HOST).toBe('0.0.0.0');
    for (const name of ['SAHELWATCH_WEBHOOK_URL', 'SAHELWATCH_WEBHOOK_SECRET', 'SAHELWATCH_SLACK_WEBHOOK_URL', 'SAHELWATCH_TEAMS_WEBHOOK_URL', 'SAHELWATCH_DISCORD_WEBHOOK_URL', 'SAHELWATCH_MATTERMOST_WEBHOOK_URL']) {
      expect(env[name], name).toMatch(new RegExp(`^\\$\\{${name}(:-[^}]*)?\\}$`));
    }
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.restart, name).toMatch(/^(always|unless-stopped|on-failure)/);
      if (service.image && !service.build) expect(service.image, name).toMatch(/:(v?\d[\w.-]*)$/);
    }
    expect(compose.services.mail?.image).toMatch(/^axllent\/mailpit:v\d/);
    // Longer than the service's 25 s shutdown grace.
    expect(Number.parseInt(app?.stop_grace_period ?? '10', 10)).toBeGreaterThan(25);
  });
});

describe('SAHELWATCH_HTTP_HOST / SAHELWATCH_HTTP_PORT', () => {
  it('override the config file, and a bad port is a located error', () => {
    const config = loadConfig(join(ROOT, 'sahelwatch.yaml'), { SAHELWATCH_HTTP_HOST: '0.0.0.0', SAHELWATCH_HTTP_PORT: '9090' });
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 9090 });
    expect(loadConfig(join(ROOT, 'sahelwatch.yaml'), {}).http).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(() => loadConfig(undefined, { SAHELWATCH_HTTP_PORT: '80a' })).toThrow(ValidationError);
    expect(() => loadConfig(undefined, { SAHELWATCH_HTTP_PORT: '70000' })).toThrow(/SAHELWATCH_HTTP_PORT/);
  });
});

describe("the image's final stage, replayed on the host", () => {
  const app = mkdtempSync(join(tmpdir(), 'sw-image-'));
  const prefix = uniquePrefix('image');
  let service: ChildProcess | undefined;

  beforeAll(() => {
    ensureBuild();
    // COPY lines of the final stage: `--from=build /app/dist ./dist` from the build, the others from the context.
    for (const copy of finalSteps('COPY')) {
      const parts = copy.split(/\s+/).filter((p) => !p.startsWith('--chown'));
      const fromBuild = parts[0]?.startsWith('--from=');
      const sources = parts.slice(fromBuild ? 1 : 0, -1).map((s) => (fromBuild ? s.replace(/^\/app\//, '') : s));
      for (const source of sources) cpSync(join(ROOT, source), join(app, source), { recursive: true });
    }
    const install = finalSteps('RUN').find((r) => r.includes('npm ci')) as string;
    const ci = spawnSync('sh', ['-c', install.replace(/&&.*$/, '')], { cwd: app, stdio: 'pipe', timeout: 180_000 });
    if (ci.status !== 0) throw new Error(`${install}: ${ci.stderr}`);
  }, 300_000);

  afterAll(async () => {
    service?.kill('SIGKILL');
    await deletePrefix(prefix);
    rmSync(app, { recursive: true, force: true });
  });

  it('has no development dependency and starts from its ENTRYPOINT; its HEALTHCHECK passes on the console the env binds', async () => {
    // (typescript itself stays: bull-board's valibot names it as an optional peer.)
    for (const dev of ['tsx', 'vitest', '@biomejs/biome', 'playwright-core']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    const port = await freePort();
    const entry = JSON.parse(finalSteps('ENTRYPOINT').at(-1) as string) as string[];
    const cmd = JSON.parse(finalSteps('CMD').at(-1) as string) as string[];
    // The image's own config (sahelwatch.yaml: 127.0.0.1:8080), overridden as the image's ENV does.
    service = spawn(process.execPath, [...entry.slice(1), ...cmd, '--only', 'http'], {
      cwd: app,
      env: { ...process.env, NODE_OPTIONS: '', REDIS_URL: TEST_REDIS_URL, SAHELWATCH_HTTP_HOST: '0.0.0.0', SAHELWATCH_HTTP_PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    service.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
    });
    const deadline = Date.now() + 30_000;
    while (!log.includes('sahelwatch running.')) {
      if (Date.now() > deadline || service.exitCode !== null) throw new Error(`did not start: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(log).toContain(`"console":"http://0.0.0.0:${port}"`);
    // The HEALTHCHECK's own command, as docker would run it inside the container.
    const health = finalSteps('HEALTHCHECK').join(' ');
    const argv = JSON.parse(health.slice(health.indexOf('CMD ') + 4)) as string[];
    const probe = spawnSync(argv[0] === 'node' ? process.execPath : (argv[0] as string), argv.slice(1), {
      env: { ...process.env, SAHELWATCH_HTTP_PORT: String(port) },
      timeout: 10_000,
    });
    expect(probe.status).toBe(0);
    service.kill('SIGTERM');
    await new Promise((r) => service?.once('exit', r));
    expect(log).toContain('Shutting down');
  }, 60_000);

  it('parses article pages and feed documents on one thread: dist/src/core/pool-thread.js with the page and feed tasks, no tsx', async () => {
    const html = readFileSync(join(ROOT, 'tests/fixtures/pages/article.html'), 'utf8');
    const feedFile = join(ROOT, 'examples/feeds/sahel-dispatch.rss');
    const feed = { id: 'sahel-dispatch', type: 'rss', url: 'https://outlet.example/rss', interval_secs: 900, tags: [] };
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { PAGE_TASK, PageReader } from './dist/src/articles/page-reader.js';",
      "import { ThreadPool } from './dist/src/core/thread-pool.js';",
      "import { FEED_TASK, FeedReader } from './dist/src/feeds/feed-reader.js';",
      // As the service builds it: one pool for both readers.
      'const pool = new ThreadPool({ tasks: { ...PAGE_TASK, ...FEED_TASK }, threads: 1 });',
      `const page = await new PageReader(undefined, pool).read(${JSON.stringify(html)}, 'https://outlet.example/a');`,
      `const doc = await new FeedReader(undefined, pool).read({ bytes: readFileSync(${JSON.stringify(feedFile)}), contentType: 'application/rss+xml', url: ${JSON.stringify(feed.url)}, feed: ${JSON.stringify(feed)}, now: ${NOW} });`,
      'await pool.close();',
      'process.stdout.write(JSON.stringify({ page, doc }));',
    ].join('\n');
    writeFileSync(join(app, 'read-in-threads.mjs'), script);
    const run = spawnSync(process.execPath, ['read-in-threads.mjs'], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30_000 });
    expect(run.stderr).toBe('');
    const { page, doc } = JSON.parse(run.stdout);
    expect(page).toEqual(readArticlePage(html, 'https://outlet.example/a'));
    const inProcess = await readFeedDocument({ bytes: readFileSync(feedFile), contentType: 'application/rss+xml', url: feed.url, feed: FeedConfigSchema.parse(feed), now: NOW });
    expect(doc).toEqual(JSON.parse(JSON.stringify(inProcess)));
    expect(doc.drafts.length).toBeGreaterThan(0);
  }, 40_000);
});
