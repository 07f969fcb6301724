import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleContext } from '../../src/http/deps.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { closeQueues } from '../../src/queue/queues.js';
import { deletePrefix } from '../helpers/redis.js';
import { makeAlert } from './alert-fixtures.js';
import { testConsoleContext } from './harness.js';

// The console reads stores and queues only (ConsoleContext): it runs without the fetcher,
// the parse threads or the analysis events, so a console test need not build the pipeline.
describe('the console on its own context', () => {
  let ctx: ConsoleContext;
  let server: HttpServer;

  beforeAll(async () => {
    ctx = testConsoleContext('console-context');
    server = await startHttpServer(ctx, { port: 0, host: '127.0.0.1', readiness: () => ({ scheduler: true }), metrics: createMetrics({ defaultMetrics: false }) });
  });

  afterAll(async () => {
    await server.close();
    await closeQueues(ctx.queues);
    ctx.redis.disconnect();
    await deletePrefix(ctx.prefix);
  });

  it('serves alerts, feeds, indicators and silences from the stores', async () => {
    const alert = makeAlert({ at: new Date(Date.now() - 3_600_000).toISOString() });
    await ctx.alerts.save(alert);
    const alerts = (await (await fetch(`${server.url}/api/alerts`)).json()) as { alerts: Array<{ id: string }> };
    expect(alerts.alerts.map((a) => a.id)).toEqual([alert.id]);
    for (const path of ['/api/feeds', '/api/indicators', '/api/silences', '/api/stories', '/readyz']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    }
  });
});
