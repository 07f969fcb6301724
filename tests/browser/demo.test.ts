import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { ConfigSchema } from '../../src/config/config.js';
import { createLogger } from '../../src/core/log.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { type LocalServer, startSampleServer } from '../../src/service/demo-servers.js';
import { collectAlerts, pushSource } from '../../src/service/replay.js';
import { type Service, startService } from '../../src/service/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/record.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * The demo's sample feeds through the real pipeline (fetch → analyze), then
 * the console on that service: what an analyst sees after `sahelwatch demo`.
 */
let sample: LocalServer;
let service: Service;
let server: HttpServer;
let browser: Browser;
let page: Page;
const alerts = new Map<string, Alert>();
const consoleErrors: string[] = [];
const prefix = uniquePrefix('browser-demo');

let demoDatabase: TestDatabase;

beforeAll(async () => {
  demoDatabase = await createTestDatabase('browser_demo');
  const log = createLogger({ level: 'silent' });
  sample = await startSampleServer('examples');
  const config = ConfigSchema.parse({
    redis: { url: TEST_REDIS_URL, prefix },
    // A database of its own: the map reads events from the record, and the run's shared database holds other files' events.
    database: { url: demoDatabase.url },
    indicators: { hot_reload: false },
    fetch: { allow_private: [sample.origin], total_timeout_ms: 5000 },
    // A chat receiver that is down (nothing listens on port 9): its deliveries end as dead letters.
    delivery: { receivers: { 'down-chat': { type: 'webhook', url: 'http://127.0.0.1:9/hook' } }, route: { receivers: ['down-chat'] }, attempts: 1 },
  });
  service = await startService(config, { roles: ['fetch', 'analyze', 'deliver'], log, watchIndicators: false });
  for (const file of readdirSync(join('examples', 'feeds')).sort()) {
    const found = await collectAlerts(service, async () => {
      await pushSource(service, config, `${sample.origin}/feeds/${file}`, log);
    });
    for (const alert of found) alerts.set(alert.id, alert);
  }
  server = await startHttpServer(service.ctx, { port: 0, host: '127.0.0.1', readiness: () => ({ scheduler: false }), metrics: createMetrics({ defaultMetrics: false }) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleErrors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
  await sample?.close();
  await deletePrefix(prefix);
  await demoDatabase?.drop();
});

function located(alert: Alert): boolean {
  return alert.places.some((p) => p.lat !== undefined && p.lon !== undefined);
}

describe("the console on the demo's alerts", () => {
  it('raises the demo alerts and loads the console without console errors', async () => {
    expect(alerts.size).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: artifact('demo-dashboard.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await expect(page.locator('#alert-list .alert').count()).resolves.toBe(alerts.size);
  });

  it('puts every located demo alert on the map', async () => {
    const expected = [...alerts.values()].filter(located).length;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => page.locator('path.alert-marker').count(), { timeout: 15_000 }).toBe(expected);
  });

  it("draws the demo's reported incidents (events), alerted or not, beneath the alerts", async () => {
    const events = await service.ctx.storyEvents.list();
    const located = events.filter((e) => e.places.some((p) => p.lat !== undefined && p.lon !== undefined));
    expect(located.length).toBeGreaterThanOrEqual(alerts.size);
    // The map draws events after its own request: wait for it rather than count the markers of the moment.
    await expect.poll(() => page.locator('path.event-marker').count(), { timeout: 15_000 }).toBe(located.length);
  });

  it('opens a demo alert with its matched words highlighted', async () => {
    const convoy = [...alerts.values()].find((a) => a.indicatorId === 'kayes-convoy-interdiction') ?? [...alerts.values()][0]!;
    await page.locator(`#alert-list li[data-alert-id="${convoy.id}"] .alert-open`).click();
    await page.waitForSelector('#detail:not([hidden]) .evidence mark');
    const quotes = convoy.evidence.flatMap((e) => e.evidence.map((ev) => ev.quote));
    const marks = await page.locator('#detail .evidence mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    // Every mark is (part of) a quote the matcher reported.
    for (const mark of marks) expect(quotes.some((q) => q.includes(mark) || mark.includes(q))).toBe(true);
    await page.locator('#detail').screenshot({ path: artifact('demo-alert.png') });
  });

  it('lists the stories the demo articles formed', async () => {
    const stories = await service.ctx.stories.list({ limit: 20 });
    expect(stories.length).toBeGreaterThan(0);
    await expect(page.locator('#stories tbody tr').count()).resolves.toBe(stories.length);
  });

  it('lists the deliveries to a receiver that is down as dead letters, with a retry button', async () => {
    const rows = page.locator('#deadletters tbody tr');
    expect(await rows.count()).toBe(alerts.size);
    await expect(rows.first().textContent()).resolves.toContain('down-chat');
    await expect(rows.first().locator('button').textContent()).resolves.toBe('Retry');
  });

  it('silences the open alert from the page, and the API lists the silence', async () => {
    await page.locator('#analyst').fill('duty-analyst');
    await page.locator('#detail select[name=scope]').selectOption('indicator');
    await page.locator('#detail input[name=comment]').fill('Demo run');
    await page.locator('#detail button.silence').click();
    await page.waitForSelector('#silences tr.active');
    const res = await fetch(`${server.url}/api/silences`);
    const { silences } = (await res.json()) as { silences: { matchers: { indicator?: string }; created_by: string; comment: string }[] };
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({ created_by: 'duty-analyst', comment: 'Demo run' });
    expect(consoleErrors).toEqual([]);
  });
});
