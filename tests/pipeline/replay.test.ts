import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, ConfigSchema } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/log.js';
import { type alertSummary, replayFeed } from '../../src/service/replay.js';
import { type LocalServer, startSampleServer, startWebhookSink } from '../../src/service/demo-servers.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { CLI_SOURCES } from '../helpers/cli.js';

interface Received {
  id: string;
  body: { type: string; data: { id: string; indicator?: string; rule_id?: string } };
}

const prefix = uniquePrefix('replay');
let sample: LocalServer;
let sink: LocalServer;
const received: Received[] = [];

function testConfig(extra: Record<string, unknown> = {}): Config {
  return ConfigSchema.parse({
    redis: { url: TEST_REDIS_URL, prefix },
    // The run's PostgreSQL database (tests/helpers/global-setup.ts).
    database: { url: process.env.DATABASE_URL },
    fetch: { allow_private: [sample.origin, sink.origin], total_timeout_ms: 5000 },
    delivery: {
      receivers: { chat: { type: 'webhook', url: `${sink.origin}/hook`, secret: 'whsec_dGVzdC1zZWNyZXQtZm9yLXJlcGxheQ==' } },
      route: { receivers: ['chat'] },
      backoff_ms: 100,
    },
    ...extra,
  });
}

beforeAll(async () => {
  sample = await startSampleServer('examples');
  sink = await startWebhookSink((body, headers) => received.push({ id: String(headers['webhook-id']), body: body as Received['body'] }));
});

afterAll(async () => {
  await sample.close();
  await sink.close();
  await deletePrefix(prefix);
});

describe('replay through the whole pipeline on a real Redis', () => {
  it('raises the expected alerts from a feed and delivers each one once', async () => {
    const result = await replayFeed(testConfig(), `${sample.origin}/feeds/sahel-dispatch.rss`, silentLogger);
    expect(result.items).toBe(6);
    const indicators = result.alerts.map((a) => a.indicatorId).sort();
    expect(indicators).toEqual(['drone-satcom-seizure', 'kayes-convoy-interdiction', 'w-arly-pendjari-attack']);
    // The page of the W park item was fetched (it has more than the feed summary); evidence points into it.
    const park = result.alerts.find((a) => a.indicatorId === 'w-arly-pendjari-attack');
    expect(park?.places.map((p) => p.name)).toContain('Karimama');
    expect(park?.story.sources[0]?.url).toMatch(/w-park-ranger-post$/);
    // One delivery per alert version, keyed by its idempotency key.
    const ids = received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(received).toHaveLength(result.alerts.length);
  });

  it('adds nothing when the same feed is replayed again', async () => {
    const before = received.length;
    const again = await replayFeed(testConfig(), `${sample.origin}/feeds/sahel-dispatch.rss`, silentLogger);
    expect(again.newItems).toBe(0);
    expect(again.alerts).toEqual([]);
    expect(received).toHaveLength(before);
  });

  it('folds a second outlet\'s report of the same story into its alert instead of raising another', async () => {
    const before = received.length;
    const wire = await replayFeed(testConfig(), `${sample.origin}/feeds/west-africa-wire.rss`, silentLogger);
    const kayes = wire.alerts.find((a) => a.indicatorId === 'kayes-convoy-interdiction');
    expect(kayes?.story.outlets).toBe(2);
    expect(kayes?.story.sources.map((s) => s.outlet).sort()).toEqual(['Sahel Dispatch', 'West Africa Wire']);
    expect(kayes?.history.map((h) => h.kind)).toContain('updated');
    expect(wire.alerts.map((a) => a.indicatorId).sort()).toEqual(['kayes-convoy-interdiction', 'leadership-nigeria-messaging']);
    // Inside the cooldown a corroboration below the escalation step is recorded quietly:
    // only the new leadership alert reaches the chat.
    const sent = received.slice(before).map((r) => r.body.data.indicator);
    expect(sent).toEqual(['leadership-nigeria-messaging']);
  });

  it('`replay --json` prints one JSON object per alert on stdout and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-replay-'));
    const file = join(dir, 'sahelwatch.yaml');
    const cliPrefix = `${prefix}-cli`;
    writeFileSync(file, `redis: { url: "${TEST_REDIS_URL}", prefix: "${cliPrefix}" }\nindicators: { dir: "${join(process.cwd(), 'indicators')}", hot_reload: false }\n`);
    const run = spawnSync(process.execPath, [...CLI_SOURCES, '--config', file, 'replay', 'examples/feeds/le-sahelien.atom', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    await deletePrefix(cliPrefix);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const alerts = lines.map((line) => JSON.parse(line) as ReturnType<typeof alertSummary>);
    expect(alerts.map((a) => a.indicator).sort()).toEqual(['drone-satcom-seizure', 'leadership-nigeria-messaging', 'w-arly-pendjari-attack']);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ severity: expect.any(String), title: expect.any(String) });
      expect(alert.sources[0]).toMatch(/^https:\/\/le-sahelien\.example\//);
      expect(alert.places.length).toBeGreaterThan(0);
    }
  });
});
