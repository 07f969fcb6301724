import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/config.js';
import { MAX_MARKUP_ELEMENTS, markupShape } from '../../src/core/html-bounds.js';
import { metrics } from '../../src/metrics/metrics.js';
import { startService } from '../../src/service/service.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';
import { capturedLog, nextCompleted } from '../helpers/in-process.js';
import { eventLoopDelayDuring, probeHealth } from '../helpers/liveness.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * Issue 19: no feed document may stall the process. Within the size (5 MB) and
 * markup bounds, these two took 2–5 s of synchronous CPU each on the poll
 * worker's event loop (decode, parse, HTML-to-text): a description of 190,000
 * flat elements, and a listing page of 60,000 items. In a parse thread the
 * service keeps answering; past the budget the thread is stopped and only that
 * feed's poll fails.
 */
const MAX_BODY = 5 * 1024 * 1024;
const GOOD = (n: number) => `<item><title>JNIM attack near Kayes ${n}</title><link>https://wire.example/good-${n}</link><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate><description>Fighters attacked a convoy near Kayes.</description></item>`;
const rss = (items: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>${items}</channel></rss>`;
const FLAT = rss(`<item><title>Wide</title><link>https://wire.example/wide</link><description><![CDATA[${'<div class="a b">x</div>'.repeat(190_000)}]]></description></item>${GOOD(1)}`);
const LISTING = `<html lang="fr"><body><ul>${Array.from({ length: 60_000 }, (_, i) => `<li class="c"><a href="/communique/${i}">Communiqué ${i}</a> <span>x</span></li>`).join('')}</ul></body></html>`;
const NORMAL = rss(Array.from({ length: 50 }, (_, i) => GOOD(i)).join(''));

/** A multi-second stall fails these; a loaded 2-core machine's GC pauses and scheduling (tens of ms) do not. */
const MAX_DELAY_MS = 500;
const MAX_P99_MS = 200;
const MAX_ANSWER_MS = 1_000;

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
  server.route('/flat.xml', serveBytes(FLAT, 'application/rss+xml; charset=utf-8'));
  server.route('/listing', serveBytes(LISTING, 'text/html; charset=utf-8'));
  server.route('/normal.xml', serveBytes(NORMAL, 'application/rss+xml; charset=utf-8'));
});
afterAll(() => server.close());

/** A service polling the three feeds (no scheduler: the tests queue each poll), with its log lines. */
async function pollingService(parseBudgetMs: number) {
  const prefix = uniquePrefix('hostile-feed');
  const { log, lines } = capturedLog();
  const config = ConfigSchema.parse({
    redis: { url: TEST_REDIS_URL, prefix },
    indicators: { dir: 'indicators', hot_reload: false },
    fetch: { allow_private: [server.origin], max_body_bytes: MAX_BODY },
    pages: { threads: 1 },
    feed_documents: { parse_budget_ms: parseBudgetMs },
    http: { port: 0 },
    // The three feeds are on one test server, polled one after another: no per-host gap.
    feeds_schedule: { host_gap_secs: 0 },
    feeds: [
      { id: 'flat', type: 'rss', url: server.url('/flat.xml') },
      { id: 'listing', type: 'page', url: server.url('/listing'), selectors: { item: 'li.c' } },
      { id: 'normal', type: 'rss', url: server.url('/normal.xml') },
    ],
  });
  const service = await startService(config, { roles: ['poll', 'http'], log, watchIndicators: false });
  // The thread loads its parsers in the background; wait for it, so the window measured is the parse.
  await service.ctx.feedDocuments.warm();
  /** Queues one poll of `feedId` and resolves with its job once it has completed. */
  const polled = async (feedId: string): Promise<Job> => {
    const done = nextCompleted(service, 'poll');
    await service.ctx.queues.poll.add('poll', { feedId }, { jobId: `poll-${feedId}` });
    return (await service.ctx.queues.poll.getJob(await done))!;
  };
  const close = async () => {
    await service.close();
    await deletePrefix(prefix);
  };
  return { service, lines, polled, close };
}

type PollingService = Awaited<ReturnType<typeof pollingService>>;

/** Polls each feed in turn while /healthz is probed: the jobs, the loop's delays, the probe's answers. */
async function pollWatched(run: PollingService, feedIds: string[]) {
  const health = probeHealth(run.service.httpUrl!);
  const { result: jobs, maxMs, p99Ms } = await eventLoopDelayDuring(async () => {
    const jobs: Job[] = [];
    for (const id of feedIds) jobs.push(await run.polled(id));
    return jobs;
  });
  await health.stop();
  return { jobs, maxMs, p99Ms, health };
}

describe('hostile feed documents within the bounds', () => {
  it('are within the size and markup bounds, so only the thread stands between them and the event loop', () => {
    for (const doc of [FLAT, LISTING]) {
      expect(Buffer.byteLength(doc)).toBeLessThan(MAX_BODY);
      expect(markupShape(doc).elements).toBeLessThan(MAX_MARKUP_ELEMENTS);
    }
  });

  describe('within their budget', () => {
    let run: PollingService;
    beforeAll(async () => {
      run = await pollingService(120_000);
    }, 60_000);
    afterAll(() => run?.close());

    it('are read to the end in a thread while /healthz and timers keep answering', async () => {
      const { jobs, maxMs, p99Ms, health } = await pollWatched(run, ['flat', 'listing']);
      const [flat, listing] = jobs;
      expect(flat!.returnvalue).toEqual({ items: 2, queued: 2 });
      expect(listing!.returnvalue).toEqual({ items: 500, queued: 500 });
      expect(run.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
        expect.stringMatching(/^feed listing: 1 item\(s\) with over-item-cap \(e\.g\. feed listing \(.*\/listing\): 60000 items, kept the newest 500\)/),
      ]);
      expect(health.failures).toEqual([]);
      expect(health.answers.length).toBeGreaterThanOrEqual(5);
      expect(Math.max(...health.answers)).toBeLessThan(MAX_ANSWER_MS);
      expect(health.longestSilenceMs).toBeLessThan(MAX_ANSWER_MS);
      expect(maxMs).toBeLessThan(MAX_DELAY_MS);
      expect(p99Ms).toBeLessThan(MAX_P99_MS);
    }, 120_000);
  });

  describe('past their budget', () => {
    const BUDGET_MS = 300;
    let run: PollingService;
    beforeAll(async () => {
      run = await pollingService(BUDGET_MS);
    }, 60_000);
    afterAll(() => run?.close());

    it('fail that poll alone: one warning names the URL and the budget, the status and the metric say why, the next feed polls', async () => {
      const { jobs, maxMs, health } = await pollWatched(run, ['flat', 'normal']);
      const [flat, normal] = jobs;
      const url = server.url('/flat.xml');
      const reason = `feed parsing stopped at its ${BUDGET_MS} ms budget`;
      expect(flat!.returnvalue).toEqual({ failed: `feed flat (${url}): ${reason}` });
      expect(run.lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([`feed flat poll failed: ${url}: ${reason}`]);
      expect(await run.service.ctx.feedStatus.get('flat')).toMatchObject({ lastError: reason, consecutiveFailures: 1 });
      const { values } = await metrics().fetchErrors.get();
      expect(values.filter((v) => v.labels.feed === 'flat')).toMatchObject([{ labels: { reason: 'parse_budget' }, value: 1 }]);
      expect(run.service.ctx.feedDocuments.overruns).toBe(1);

      // The thread was replaced: the next feed is read as usual.
      expect(normal!.returnvalue).toEqual({ items: 50, queued: 50 });
      expect(await run.service.ctx.feedStatus.get('normal')).toMatchObject({ consecutiveFailures: 0, lastItemCount: 50 });

      expect(health.failures).toEqual([]);
      expect(Math.max(...health.answers)).toBeLessThan(MAX_ANSWER_MS);
      expect(health.longestSilenceMs).toBeLessThan(MAX_ANSWER_MS);
      expect(maxMs).toBeLessThan(MAX_DELAY_MS);
    }, 120_000);
  });
});
