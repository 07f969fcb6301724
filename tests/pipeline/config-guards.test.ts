import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';
import { loadConfig } from '../../src/config/config.js';
import { ValidationError } from '../../src/core/validate.js';
import { loadIndicatorFile } from '../../src/matching/loader.js';

// Issue 19, partial cases: what `check` and `feeds import` say before the service runs.

const root = mkdtempSync(join(tmpdir(), 'sw-config-guards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RULE = 'id: tanker-fire\ntitle: t\ndescription: d\nseverity: low\nowner: tests\nwhen:\n  type: phrase\n  en: [tanker*]\n';

function workspace(name: string, config: string, indicators: Record<string, string> = { 'a.yaml': RULE }): { dir: string; config: string; indicators: string } {
  const dir = join(root, name);
  const indicatorDir = join(dir, 'indicators');
  mkdirSync(indicatorDir, { recursive: true });
  for (const [file, text] of Object.entries(indicators)) writeFileSync(join(indicatorDir, file), text);
  const file = join(dir, 'sahelwatch.yaml');
  writeFileSync(file, `indicators: { dir: "${indicatorDir}", hot_reload: false }\n${config}`);
  return { dir, config: file, indicators: indicatorDir };
}

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [...CLI_SOURCES, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 60_000 });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

describe('feed URLs the fetcher would refuse', () => {
  const feeds = [
    'feeds:',
    '  - { id: public, type: rss, url: "https://news.example.org/feed.xml" }',
    '  - { id: loop, type: rss, url: "http://127.0.0.1:8081/feed.xml" }',
    '  - { id: metadata, type: rss, url: "http://169.254.169.254/latest/meta-data" }',
    '  - { id: lan, type: rss, url: "http://192.168.1.20/rss" }',
    '  - { id: v6, type: rss, url: "http://[::1]:9000/rss" }',
    '  - { id: name, type: rss, url: "http://localhost:9000/rss" }',
    '  - { id: allowed, type: rss, url: "http://127.0.0.1:8090/rss" }',
    'fetch: { allow_private: ["http://127.0.0.1:8090"] }',
    '',
  ].join('\n');

  it('check reports each loopback, link-local or private feed URL on a located line unless fetch.allow_private opens its origin', () => {
    const { config } = workspace('private-feeds', feeds);
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`  ${config}:4:33 feeds[1].url: http://127.0.0.1:8081/feed.xml is a private address 127.0.0.1 (loopback): the service refuses it at fetch time; add "http://127.0.0.1:8081" to fetch.allow_private if it is meant to be reached`);
    expect(run.stdout).toContain('feeds[2].url: http://169.254.169.254/latest/meta-data is a private address 169.254.169.254 (linkLocal)');
    expect(run.stdout).toContain('feeds[3].url: http://192.168.1.20/rss is a private address 192.168.1.20 (private)');
    expect(run.stdout).toContain('feeds[4].url: http://[::1]:9000/rss is a private address ::1 (loopback)');
    expect(run.stdout).toContain('feeds[5].url: http://localhost:9000/rss is a loopback name localhost');
    expect(run.stdout).not.toContain('feeds[0]');
    expect(run.stdout).not.toContain('feeds[6]');
  });

  it('check passes when every feed is public or allowed', () => {
    const { config } = workspace('public-feeds', 'feeds:\n  - { id: public, type: rss, url: "https://news.example.org/feed.xml" }\n');
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('feeds import reports and leaves out private feed URLs, keeps the rest, and honours the target config allow_private', () => {
    const { dir, config } = workspace('import', 'fetch: { allow_private: ["http://10.0.0.5:8080"] }\n');
    const opml = join(dir, 'list.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Public" xmlUrl="https://news.example.org/feed.xml"/>
<outline type="rss" text="Router" xmlUrl="http://192.168.0.1/feed"/>
<outline type="rss" text="Metadata" xmlUrl="http://169.254.169.254/feed"/>
<outline type="rss" text="Intranet" xmlUrl="http://10.0.0.5:8080/feed"/>
</body></opml>`,
    );
    const run = cli(['--config', config, 'feeds', 'import', opml]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain(`${opml}: http://192.168.0.1/feed is a private address 192.168.0.1 (private): not added; the service refuses it at fetch time; add "http://192.168.0.1" to fetch.allow_private`);
    expect(run.stderr).toContain('http://169.254.169.254/feed is a private address 169.254.169.254 (linkLocal): not added');
    expect(run.stdout).toContain('added 2 feeds');
    expect(run.stdout).toContain('2 rejected');
    const written = readFileSync(config, 'utf8');
    expect(written).toContain('https://news.example.org/feed.xml');
    expect(written).toContain('http://10.0.0.5:8080/feed');
    expect(written).not.toContain('192.168.0.1');
  });
});

/** The problems a ValidationError carries, or the message of any other error (which would name no file). */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    return err instanceof ValidationError ? err.problems : [`not a ValidationError: ${String(err)}`];
  }
  return [];
}

describe('file size and YAML alias bounds', () => {
  it('refuses a config file over 4 MB unread, in one line naming the file', () => {
    const { config } = workspace('big-config', `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const started = Date.now();
    expect(problemsOf(() => loadConfig(config, {}))).toEqual([`${config}: 5.0 MB is over the 4.0 MB limit for a config file; refused unread`]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an indicator file over 256 KB as that file\'s one error, and check fails on it', () => {
    const { config, indicators } = workspace('big-indicator', '', { 'a.yaml': RULE, 'huge.yaml': `${RULE}# ${'y'.repeat(300 * 1024)}\n` });
    const file = join(indicators, 'huge.yaml');
    expect(loadIndicatorFile(file, new Map()).errors).toEqual([`${file}: 301 KB is over the 256 KB limit for an indicator file; refused unread`]);
    const run = cli(['--config', config, 'check']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`✗ ${file}\n  ${file}: 301 KB is over the 256 KB limit`);
  });

  it('names the file when YAML aliases would expand without bound', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', ''].join('\n');
    const { config, indicators } = workspace('alias-bomb', bomb, { 'a.yaml': RULE, 'bomb.yaml': `${RULE}${bomb}` });
    const [problem, ...rest] = problemsOf(() => loadConfig(config, {}));
    expect(rest).toEqual([]);
    expect(problem).toMatch(new RegExp(`^${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: YAML refused: Excessive alias count`));
    const file = join(indicators, 'bomb.yaml');
    expect(loadIndicatorFile(file, new Map()).errors).toEqual([expect.stringMatching(/: YAML refused: Excessive alias count/)]);
    expect(loadIndicatorFile(file, new Map()).errors[0]?.startsWith(`${file}: `)).toBe(true);
  });
});

describe('regex conditions in check', () => {
  it('reports each regex cost on a located line, and refuses a costly one', () => {
    const cheap = 'id: road\ntitle: t\ndescription: d\nseverity: low\nowner: tests\nwhen:\n  type: phrase\n  regex: "RN ?[13]\\\\b"\n';
    const costly = 'id: costly\ntitle: t\ndescription: d\nseverity: low\nowner: tests\nwhen:\n  type: phrase\n  regex: "(.*a){20}"\n';
    const { config, indicators } = workspace('regex-cost', '', { 'road.yaml': cheap, 'costly.yaml': costly });
    const run = cli(['--config', config, 'check']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`  i ${join(indicators, 'road.yaml')}:8:10 when\\.regex: RE2 cost ~[0-9.]+ ms per 10,000 characters \\(limit 100\\); searches the first 20000 characters of each document`));
    expect(run.stdout).toMatch(new RegExp(`✗ ${join(indicators, 'costly.yaml')}\\n  .*costly\\.yaml:8:10 when\\.regex: regex rejected: costs ~\\d+ ms per 10,000 characters`));
  });
});
