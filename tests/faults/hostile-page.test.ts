import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArticlePage } from '../../src/articles/read-page.js';
import { ConfigSchema } from '../../src/config/config.js';
import { MAX_MARKUP_ELEMENTS, markupShape } from '../../src/core/html-bounds.js';
import type { Item } from '../../src/feeds/item.js';
import { metrics } from '../../src/metrics/metrics.js';
import { type Service, startService } from '../../src/service/service.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { capturedLog, nextCompleted } from '../helpers/in-process.js';
import { eventLoopDelayDuring, probeHealth } from '../helpers/liveness.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * Issue 19: no single page may stall the process. The markup bounds let this
 * page through (190,000 elements, 4.6 MB, depth 3), yet parsing it takes
 * 3–13 s of synchronous CPU (the cheerio fallback over 190,000 classed
 * elements). In a page thread the service keeps answering; past the budget
 * the thread is stopped and the item goes on with its feed summary.
 */
const HOSTILE = `<html><body>${'<div class="a b">x</div>'.repeat(190_000)}</body></html>`;
/** Far below the page's cost on any machine, far above a real page's (tens of ms). */
const BUDGET_MS = 1_500;
/** Generous: a page parsed on the event loop would hold it for the whole budget and more. */
const MAX_ANSWER_MS = 1_000;

const prefix = uniquePrefix('hostile-page');
let server: HostileServer;
let service: Service;
const { log, lines } = capturedLog();

beforeAll(async () => {
  server = await startHostileServer();
  server.route('/hostile', serveBytes(HOSTILE, 'text/html; charset=utf-8'));
  server.route('/normal', serveBytes(readFileSync('tests/fixtures/pages/article.html'), 'text/html; charset=utf-8'));
  const config = ConfigSchema.parse({
    redis: { url: TEST_REDIS_URL, prefix },
    indicators: { dir: 'indicators', hot_reload: false },
    fetch: { allow_private: [server.origin], max_body_bytes: 5 * 1024 * 1024 },
    pages: { threads: 1, parse_budget_ms: BUDGET_MS },
    http: { port: 0 },
  });
  service = await startService(config, { roles: ['fetch', 'analyze', 'http'], log, watchIndicators: false });
  // The service loads its page thread in the background; wait for it, so the window measured is the parse.
  await service.ctx.pages.warm();
}, 60_000);
afterAll(async () => {
  await service?.close();
  await server.close();
  await deletePrefix(prefix);
});

const item = (path: string, summary: string): Item => ({
  id: `it_hostile_${path.slice(1)}`,
  feedId: 'hostile-outlet',
  outlet: 'Hostile Outlet',
  guid: path,
  url: server.url(path),
  title: 'Fuel convoy attacked near Kayes',
  summary,
  published: '2026-11-20T08:00:00.000Z',
  dateSource: 'feed',
  firstSeen: '2026-11-20T08:05:00.000Z',
});

/** Queues the item for fetch and resolves with its analyze job once that job has completed. */
async function analysed(entry: Item) {
  const done = nextCompleted(service, 'analyze');
  await service.ctx.queues.fetch.add('fetch', { item: entry, enqueuedAt: Date.now() }, { jobId: entry.id });
  const job = await service.ctx.queues.analyze.getJob(await done);
  return job!;
}

describe('a hostile page within the markup bounds', () => {
  it('is within the bounds, so only the time budget stands between it and the event loop', () => {
    const shape = markupShape(HOSTILE);
    expect(shape.elements).toBeLessThan(MAX_MARKUP_ELEMENTS);
    expect(shape.depth).toBeLessThan(10);
    expect(Buffer.byteLength(HOSTILE)).toBeLessThan(5 * 1024 * 1024);
  });

  it('parses in a thread while /healthz and timers keep answering; past the budget the item is analysed on its summary, named in one warning and counted', async () => {
    const summary = 'JNIM fighters attacked a fuel convoy near Kayes on Monday, burning at least twenty tankers.';
    const entry = item('/hostile', summary);
    lines.length = 0;
    const health = probeHealth(service.httpUrl!);
    const started = performance.now();
    const { result: job, maxMs: delayMs } = await eventLoopDelayDuring(() => analysed(entry));
    const elapsed = performance.now() - started;
    await health.stop();

    // The item is not lost: analysed, on its feed summary, with the reason.
    const reason = `page parsing stopped at its ${BUDGET_MS} ms budget`;
    expect(job.data.article).toMatchObject({ textSource: 'summary', text: summary, fetchError: reason });
    expect(job.returnvalue.storyId).toMatch(/^st_/);
    expect(await service.ctx.stories.get(job.returnvalue.storyId)).not.toBeNull();
    // One line says which page and why.
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((w) => w.msg)).toEqual([`article kept as summary: ${entry.url}: ${reason}`]);
    const { values } = await metrics().fetchErrors.get();
    expect(values.find((v) => v.labels.feed === 'hostile-outlet')).toMatchObject({ labels: { reason: 'parse_budget' }, value: 1 });
    expect(service.ctx.pages.overruns).toBe(1);

    // The process answered throughout: the fetch took at least the budget, and /healthz kept answering during it.
    expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS);
    expect(health.failures).toEqual([]);
    expect(health.answers.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...health.answers)).toBeLessThan(MAX_ANSWER_MS);
    expect(health.longestSilenceMs).toBeLessThan(MAX_ANSWER_MS);
    expect(delayMs).toBeLessThan(MAX_ANSWER_MS);
  }, 60_000);

  it('leaves a replacement thread that reads the next, ordinary page as before', async () => {
    const job = await analysed(item('/normal', 'Résumé du flux.'));
    const before = readArticlePage(readFileSync('tests/fixtures/pages/article.html', 'utf8'), server.url('/normal'));
    expect(job.data.article).toMatchObject({ textSource: 'page', text: before.text });
    expect(job.data.article.fetchError).toBeUndefined();
  }, 60_000);
});
