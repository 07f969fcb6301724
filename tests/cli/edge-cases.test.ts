import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awayFromCheckout, CLI_SOURCES } from '../helpers/cli.js';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { AlertStore } from '../../src/alerts/store.js';
import { systemClock } from '../../src/core/clock.js';
import { sampleAlert } from '../alerts/fixtures.js';

// The CLI as a newcomer meets it (issue 16): each case is the real CLI in a child process,
// run from a directory that is not the checkout.

const prefix = uniquePrefix('cli-edge');
const { root: ROOT, away, cli, project, cleanup } = awayFromCheckout(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  cleanup();
});

describe('conveniences', () => {
  it('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const run = cli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('usage errors exit 2; help exits 0', () => {
    expect(cli(['--no-such-flag']).status).toBe(2);
    expect(cli(['no-such-command']).status).toBe(2);
    expect(cli(['eval']).status).toBe(2); // required --corpus missing
    expect(cli(['start', '--only', 'bogus']).status).toBe(2);
    expect(cli(['replay', 'x.rss', '--timeout', 'soon']).status).toBe(2);
    expect(cli(['--help']).status).toBe(0);
  });

  it('replay --help gives its timeout in seconds', () => {
    const run = cli(['replay', '--help']);
    expect(run.stdout).toMatch(/--timeout <seconds>[^(]*\(default: 600\)/);
    expect(run.stdout).not.toContain('600000');
    expect(run.stdout).toContain('--fresh');
  });

  it('check | head -1 prints one line and no EPIPE stack trace', () => {
    const config = join(away, 'pipe.yaml');
    writeFileSync(config, `indicators: { dir: "${join(ROOT, 'indicators')}", hot_reload: false }\n`);
    const errFile = join(away, 'pipe.err');
    const command = `'${process.execPath}' ${CLI_SOURCES.map((a) => `'${a}'`).join(' ')} --config '${config}' check 2>'${errFile}' | head -1`;
    const run = spawnSync('sh', ['-c', command], { cwd: away, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });

  it('a missing file is one clear line, not a raw ENOENT', () => {
    const run = cli(['eval', '--corpus', 'missing.jsonl']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^sahelwatch: no such file or directory: .*missing\.jsonl$/)]);
  });

  it('silence add without a matcher, or with an unknown indicator, is refused before touching Redis', () => {
    const config = project('silence-bad', 'shipped');
    const none = cli(['--config', config, 'silence', 'add', '--for', '1h', '--comment', 'x']);
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe('sahelwatch: silence add needs at least one matcher: --indicator, --story, --place, --country, --severity, --severity-at-least or --tags');
    const badCountry = cli(['--config', config, 'silence', 'add', '--country', 'Mali', '--for', '1h', '--comment', 'x']);
    expect(badCountry.status).toBe(2);
    expect(badCountry.stderr.trim()).toBe('sahelwatch: --country: expected an ISO 3166 alpha-2 code such as ML');
    const unknown = cli(['--config', config, 'silence', 'add', '--indicator', 'no-such-id', '--for', '1h', '--comment', 'x']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no indicator "no-such-id"');
    expect(unknown.stderr).toContain('kayes-convoy-interdiction');
  });
});

describe('Redis', () => {
  it('silence and deadletters commands fail within seconds, with the message start gives, when Redis is down', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const config = project('redis-down', 'shipped');
    for (const args of [['silence', 'list'], ['deadletters', 'list'], ['silence', 'add', '--indicator', 'kayes-convoy-interdiction', '--for', '1h', '--comment', 'x']]) {
      const run = cli(['--config', config, ...args], { env: { REDIS_URL: deadUrl } });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(`No Redis answers at ${deadUrl}.`);
      expect(run.ms).toBeLessThan(10_000);
    }
  });

  it('-o json on the list commands prints one JSON array', () => {
    const config = project('json', 'shipped');
    expect(cli(['--config', config, 'silence', 'add', '--indicator', 'kayes-convoy-interdiction', '--for', '1h', '--comment', 'json test']).status).toBe(0);
    const silences = cli(['--config', config, 'silence', 'list', '-o', 'json']);
    expect(silences.status, silences.stderr).toBe(0);
    const parsed = JSON.parse(silences.stdout) as { matchers: { indicator?: string[] }; comment: string }[];
    expect(parsed).toEqual([expect.objectContaining({ comment: 'json test', matchers: expect.objectContaining({ indicator: ['kayes-convoy-interdiction'] }) })]);
    const letters = cli(['--config', config, 'deadletters', 'list', '--output', 'json']);
    expect(JSON.parse(letters.stdout)).toEqual([]);
    expect(cli(['--config', config, 'silence', 'list', '-o', 'yaml']).status).toBe(2);
  });

  it('silence add --dry-run lists the active alerts it would catch and adds nothing', async () => {
    const config = project('dry-run', 'shipped');
    const redis = testRedis();
    const store = new AlertStore(redis, prefix, { retention_days: 30 }, systemClock);
    const now = new Date().toISOString();
    await store.save(sampleAlert({ id: 'al_dryrun_ml', countries: ['ML'], updatedAt: now }));
    await store.save(sampleAlert({ id: 'al_dryrun_bf', countries: ['BF'], updatedAt: now, story: { ...sampleAlert().story, id: 'st_bf' } }));
    redis.disconnect();
    const silencesBefore = cli(['--config', config, 'silence', 'list', '-o', 'json']).stdout;
    const run = cli(['--config', config, 'silence', 'add', '--country', 'ml', '--for', '2h', '--comment', 'drill', '--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^would silence 1 active alert \(country=ML\); nothing added\n {2}al_dryrun_ml {2}\[high\] kayes-convoy/);
    expect(cli(['--config', config, 'silence', 'list', '-o', 'json']).stdout).toBe(silencesBefore);
  });

  it('routes test shows the receivers an alert with given labels reaches and the way through the tree', () => {
    const delivery = `delivery:
  receivers:
    desk: { type: webhook, url: "http://127.0.0.1:9/desk" }
    coast: { type: webhook, url: "http://127.0.0.1:9/coast" }
    oncall: { type: webhook, url: "http://127.0.0.1:9/oncall" }
  route:
    receivers: [desk]
    routes:
      - { match: { country: [BJ, TG] }, receivers: [coast], continue: true, group_by: [story], repeat_interval: 4h }
      - { match: { severity_at_least: critical }, receivers: [oncall] }
`;
    const config = project('routes', 'shipped', delivery);
    const mali = cli(['--config', config, 'routes', 'test', '--indicator', 'kayes-convoy-interdiction', '--country', 'ML']);
    expect(mali.stdout).toBe('desk\n  route  (everything)  → desk\n');
    const benin = cli(['--config', config, 'routes', 'test', '--country', 'BJ', '--severity', 'critical', '-o', 'json']);
    expect(JSON.parse(benin.stdout)).toMatchObject({ receivers: ['coast', 'oncall'], steps: [{ path: 'route' }, { path: 'route.routes[0]', receivers: ['coast'] }, { path: 'route.routes[1]', receivers: ['oncall'] }] });
    expect(JSON.parse(benin.stdout).grouping).toEqual({ coast: { by: ['story'], waitMs: 30_000, intervalMs: 300_000, repeatMs: 14_400_000 } });
    const togo = cli(['--config', config, 'routes', 'test', '--country', 'TG']);
    expect(togo.stdout).toContain('  grouped for coast: group_by story · group_wait 30s · group_interval 5m · repeat_interval 4h\n');
    expect(togo.stdout).not.toContain('grouped for desk');
    expect(cli(['--config', config, 'routes', 'test', '--severity', 'urgent']).status).toBe(2);
  });

  it('replay run twice says why nothing is new and how to run it again; --fresh raises the alerts again and keeps nothing', async () => {
    const config = project('replay', 'shipped');
    const feed = join(ROOT, 'examples/feeds/le-sahelien.atom');
    const first = cli(['--config', config, 'replay', feed]);
    expect(first.status, first.stderr).toBe(0);
    const alerts = Number(first.stdout.match(/(\d+) alerts\./)?.[1]);
    expect(alerts).toBeGreaterThan(0);
    const second = cli(['--config', config, 'replay', feed]);
    expect(second.stdout).toMatch(/\(0 new\), 0 alerts\./);
    expect(second.stdout).toContain('Run with --fresh');
    const redis = testRedis();
    const before = (await redis.keys('*-replay-*')).length;
    const fresh = cli(['--config', config, 'replay', feed, '--fresh']);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain(`${alerts} alerts.`);
    expect((await redis.keys(`${prefix}-replay-*`)).length).toBe(0);
    expect((await redis.keys('*-replay-*')).length).toBeLessThanOrEqual(before);
    redis.disconnect();
  }, 120_000);

  it('a Redis URL other than the default gets no private stand-in: the command stops in seconds with the way out', async () => {
    // A private redis-server replaces only the default redis://127.0.0.1:6379 (issue 19); that port is
    // this machine's own Redis, so the at-exit announcement of a started one cannot be exercised here.
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const config = project('private-redis', 'shipped');
    const t0 = Date.now();
    const run = cli(['--config', config, 'replay', join(ROOT, 'examples/feeds/le-sahelien.atom'), '--json'], { env: { REDIS_URL: url, LOG_LEVEL: 'error' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`No Redis answers at ${url}`);
    expect(run.stderr).toContain('a private redis-server is started only for the default redis://127.0.0.1:6379');
    expect(run.stderr).not.toContain('redis-server this command started');
    expect(run.stdout).toBe('');
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});
