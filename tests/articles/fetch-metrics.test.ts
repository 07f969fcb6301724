import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/feeds/item.js';
import { metrics } from '../../src/metrics/metrics.js';
import { FetchPolicySchema } from '../../src/net/safe-fetch.js';
import { fetchWorker } from '../../workers/fetch.worker.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

let t: TestConsole;
let server: HostileServer;

beforeAll(async () => {
  t = await startTestConsole('fetch-metrics');
  server = await startHostileServer();
  server.route('/teaser', serveBytes('<html><body><p>Trop court.</p></body></html>', 'text/html'));
  Object.assign(t.ctx, { fetchPolicy: FetchPolicySchema.parse({ allow_private: [server.origin], total_timeout_ms: 2_000 }) });
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const item = (path: string, feedId: string): Item => ({
  id: `it_${feedId}`,
  feedId,
  outlet: 'Sahel Info',
  guid: path,
  url: server.url(path),
  title: 'Titre',
  summary: 'Résumé du flux.',
  published: '2025-09-15T18:45:00.000Z',
  dateSource: 'feed',
  firstSeen: '2025-09-15T18:50:00.000Z',
});

async function errorsOf(feed: string): Promise<Record<string, number>> {
  const { values } = await metrics().fetchErrors.get();
  return Object.fromEntries(values.filter((v) => v.labels.feed === feed).map((v) => [String(v.labels.reason), v.value]));
}

describe('fetch stage metrics', () => {
  it('counts a failed article-page fetch in sahelwatch_fetch_errors_total, by reason', async () => {
    const run = fetchWorker.create(t.ctx);
    await run({ id: 'f1', data: { item: item('/status?code=404', 'page-404'), enqueuedAt: Date.now() } } as Job);
    await run({ id: 'f2', data: { item: item('/teaser', 'page-short'), enqueuedAt: Date.now() } } as Job);
    expect(await errorsOf('page-404')).toEqual({ http_4xx: 1 });
    expect(await errorsOf('page-short')).toEqual({ too_short: 1 });
  });
});

describe('metric cardinality', () => {
  it('counts every replayed source under feed="replay", not one series per replayed file', async () => {
    const run = fetchWorker.create(t.ctx);
    await run({ id: 'r1', data: { item: item('/status?code=404', 'replay_0a1b2c3d4e5f60718293a4b5'), enqueuedAt: Date.now() } } as Job);
    await run({ id: 'r2', data: { item: item('/status?code=404', 'replay_ffeeddccbbaa998877665544'), enqueuedAt: Date.now() } } as Job);
    const fetched = (await metrics().registry.getSingleMetric('sahelwatch_items_total')?.get())?.values ?? [];
    expect(fetched.some((v) => String(v.labels.feed).startsWith('replay_'))).toBe(false);
    expect(fetched.find((v) => v.labels.feed === 'replay' && v.labels.stage === 'fetched')?.value).toBe(2);
    expect(await errorsOf('replay')).toEqual({ http_4xx: 2 });
  });
});
