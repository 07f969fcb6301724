import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { makeAlert } from '../http/alert-fixtures.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { ReceiverHealthStore } from '../../src/delivery/receiver-health.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';
import { artifact, launchChromium } from './chromium.js';

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const HOSTILE_TITLE = '<img src=x onerror="document.body.dataset.pwned=1"> Gunmen attack ranger post';

let t: TestConsole;
let browser: Browser;
let page: Page;
let alerts: Alert[];
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  t = await startTestConsole('browser');
  alerts = [
    makeAlert({ at: iso(1 * HOUR) }),
    makeAlert({
      indicatorId: 'w-arly-pendjari-attack',
      indicatorTitle: 'Attacks in the W–Arly–Pendjari complex',
      severity: 'medium',
      title: HOSTILE_TITLE,
      at: iso(3 * HOUR),
      place: { id: 'place/bj/banikoara', name: 'Banikoara', country: 'BJ', admin1: 'Alibori', lat: 11.298, lon: 2.438 },
    }),
    withComponent(
      makeAlert({
        indicatorId: 'drone-satcom-seizure',
        indicatorTitle: 'Drone and satcom equipment seized',
        severity: 'low',
        title: 'Army seizes drones near Djibo',
        at: iso(26 * HOUR),
        place: { id: 'place/bf/djibo', name: 'Djibo', country: 'BF', admin1: 'Sahel', lat: 14.1, lon: -1.63 },
      }),
    ),
  ];
  for (const alert of alerts) await t.ctx.alerts.save(alert);
  await t.ctx.feedStatus.recordSuccess('sahel-daily', Date.now() - 120_000, { itemCount: 7 });
  await t.ctx.feedStatus.recordFailure('quiet-wire', Date.now() - 60_000, 'HTTP 503');
  // A receiver parked by its circuit breaker, beside a healthy one.
  t.ctx.delivery = DeliveryConfigSchema.parse({
    receivers: { 'ops-slack': { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' }, desk: { type: 'webhook', url: 'https://desk.example.org/hook' } },
    circuit_breaker: { failures: 1 },
  });
  await new ReceiverHealthStore(t.ctx.redis, t.ctx.prefix, t.ctx.delivery.circuit_breaker).recordFailure('ops-slack', Date.now(), 'ops-slack: timed out', 15_000);

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleErrors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(t.server.url) && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await page.goto(t.server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
});

/** The alert put down to a likely JNIM component, with its outlets graded. */
function withComponent(alert: Alert): Alert {
  const sentence = 'Soldiers found two drones in a camp that jihadists had left near Djibo.';
  return {
    ...alert,
    story: { ...alert.story, bestGrade: 'B2', sources: alert.story.sources.map((s) => ({ ...s, grade: 'B2' })) },
    attribution: {
      actorId: 'actor/ansarul-islam',
      name: 'Ansarul Islam',
      likely: true,
      basis: 'place',
      said: 'jihadists',
      place: { id: 'place/bf/djibo', name: 'Djibo' },
      reason: "“jihadists” at Djibo, in Ansarul Islam's area: Soum province, northern Burkina Faso (Djibo, Arbinda)",
      evidence: [{ start: 38, end: 47, quote: 'jihadists', sentence, sentenceStart: 0 }],
      sourceUrl: alert.story.sources[0]?.url ?? '',
    },
  };
}

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openFirstAlert(title: string): Promise<void> {
  await page.locator('#alert-list .alert-open', { hasText: title }).click();
  await page.waitForSelector('#detail:not([hidden]) .evidence mark');
}

describe('dashboard in headless Chromium', () => {
  it('loads with no console errors and nothing fetched from another origin', async () => {
    await page.screenshot({ path: artifact('dashboard.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await expect(page.locator('footer').textContent()).resolves.toMatch(/Natural Earth[\s\S]*GeoNames/);
  });

  it('lists alerts newest first and escapes feed text', async () => {
    const titles = await page.locator('#alert-list .alert-title').allTextContents();
    expect(titles).toEqual(['JNIM ambushes convoy near Diboli', HOSTILE_TITLE, 'Army seizes drones near Djibo']);
    expect(await page.locator('#alert-list img').count()).toBe(0);
    expect(await page.locator('body').getAttribute('data-pwned')).toBeNull();
  });

  it('filters the list and the map by country', async () => {
    await page.locator('#filters input[name=country]').fill('bf');
    await page.locator('#filters button[type=submit]').click();
    await expect.poll(() => page.locator('#alert-list .alert').count()).toBe(1);
    await expect(page.locator('#alert-list .alert-title').textContent()).resolves.toBe('Army seizes drones near Djibo');
    await expect.poll(() => page.locator('path.alert-marker').count()).toBe(1);
    await page.locator('#filters input[name=country]').fill('');
    await page.locator('#filters button[type=submit]').click();
    await expect.poll(() => page.locator('#alert-list .alert').count()).toBe(alerts.length);
  });

  it('filters by a severity floor ("Severity ≥ medium" keeps the high and the medium alert)', async () => {
    await page.locator('#filters select[name=severity]').selectOption('medium');
    await page.locator('#filters button[type=submit]').click();
    await expect.poll(() => page.locator('#alert-list .alert').count()).toBe(2);
    await page.locator('#filters select[name=severity]').selectOption('');
    await page.locator('#filters button[type=submit]').click();
    await expect.poll(() => page.locator('#alert-list .alert').count()).toBe(alerts.length);
  });

  it('shows one marker per alert on the bundled country outlines, with the indicator regions', async () => {
    await expect(page.locator('path.alert-marker').count()).resolves.toBe(alerts.length);
    expect(await page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThan(alerts.length + 5);
    expect(await page.locator('path.region-shape').count()).toBeGreaterThan(0);
    // Colours follow the indicator: three indicators, three fills.
    const fills = await page.locator('path.alert-marker').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    expect(new Set(fills).size).toBe(3);
    await page.locator('#map').screenshot({ path: artifact('map.png') });
  });

  it('says the timeline needs the record when the process keeps none (tests/browser/record-console.test.ts draws it)', async () => {
    await expect(page.locator('#timeline .empty').textContent()).resolves.toContain('reads the record, and this process keeps none');
    expect(await page.locator('#timeline svg').count()).toBe(0);
  });

  it('opens an alert with its evidence highlighted inside the sentence, its sources and history', async () => {
    await openFirstAlert('JNIM ambushes convoy near Diboli');
    const marks = await page.locator('#detail .evidence mark').allTextContents();
    expect(marks).toEqual(expect.arrayContaining(['JNIM', 'ambushed a convoy', 'Diboli']));
    const sentence = await page.locator('#detail .evidence-sentence').first().textContent();
    expect(sentence).toBe('JNIM fighters ambushed a convoy near Diboli on Monday.');
    await expect(page.locator('#detail .sources a').first().getAttribute('href')).resolves.toBe('https://news.example.org/mali/diboli-ambush');
    await expect(page.locator('#detail .history li').first().textContent()).resolves.toContain('raised');
    const facts = await page.locator('#detail .facts').textContent();
    expect(facts).toContain('Casualties12 killed');
    expect(await page.locator('#detail').textContent()).not.toContain('[object');
    await page.locator('#detail').screenshot({ path: artifact('alert-detail.png') });
  });

  it('opens an alert from its map marker', async () => {
    await page.locator('#close-detail').click();
    await page.locator('path.alert-marker.sev-low').click();
    await page.waitForSelector('#detail:not([hidden]) .evidence mark');
    await expect(page.locator('#detail-title').textContent()).resolves.toContain('Army seizes drones near Djibo');
  });

  it('shows the likely JNIM component with the sentence it rests on, and the grades', async () => {
    await expect(page.locator('#detail-title').textContent()).resolves.toContain('Army seizes drones near Djibo');
    const facts = await page.locator('#detail .facts').textContent();
    expect(facts).toContain("Componentlikely Ansarul Islam (“jihadists” at Djibo, in Ansarul Islam's area");
    expect(facts).toContain('Best gradeB2');
    await expect(page.locator('#detail .attribution-evidence q').first().textContent()).resolves.toBe('Soldiers found two drones in a camp that jihadists had left near Djibo.');
    await expect(page.locator('#detail .sources li').first().textContent()).resolves.toContain('[B2]');
  });

  it('acknowledges and silences an alert from the page; the API then lists the silence', async () => {
    await page.locator('#analyst').fill('amina');
    await openFirstAlert('JNIM ambushes convoy near Diboli');
    await page.locator('#detail button.ack').click();
    // Auto-waits for the round trip: the button turns into a disabled "Acknowledged".
    await page.locator('#detail button.ack:disabled', { hasText: 'Acknowledged' }).waitFor();
    await page.locator('#detail input[name=comment]').fill('Known incident, covered in the morning brief');
    await page.locator('#detail select[name=hours]').selectOption('72');
    await page.locator('#detail button.silence').click();
    await page.waitForSelector('#detail .message');
    const res = await t.api('/api/silences');
    const { silences } = (await res.json()) as { silences: { matchers: Record<string, string | string[]>; comment: string; created_by: string; active: boolean }[] };
    expect(silences).toEqual([
      expect.objectContaining({
        matchers: { indicator: ['kayes-convoy-interdiction'], story: alerts[0]!.story.id },
        comment: 'Known incident, covered in the morning brief',
        created_by: 'amina',
        active: true,
      }),
    ]);
    const stored = await t.ctx.alerts.get(alerts[0]!.id);
    expect(stored?.acknowledged?.by).toBe('amina');
    expect(stored?.history.map((h) => h.kind)).toEqual(['raised', 'acknowledged', 'silenced']);
    await page.waitForSelector('#silences tr.active');
    await page.screenshot({ path: artifact('after-silence.png'), fullPage: true });
  });

  it('resolves an alert from the page: the button turns into "Resolved" and the list tags it', async () => {
    await openFirstAlert('JNIM ambushes convoy near Diboli');
    await page.locator('#detail button.resolve').click();
    await page.locator('#detail button.resolve:disabled', { hasText: 'Resolved' }).waitFor();
    const stored = await t.ctx.alerts.get(alerts[0]!.id);
    expect(stored?.resolved).toMatchObject({ by: 'amina', reason: 'analyst' });
    await page.locator('#alert-list li .tag.resolved', { hasText: 'resolved amina' }).first().waitFor();
  });

  it('shows feed health and queue depths for the operator', async () => {
    await expect(page.locator('#feeds tr[data-feed="sahel-daily"] .health').textContent()).resolves.toBe('ok');
    await expect(page.locator('#feeds tr[data-feed="quiet-wire"] .health').textContent()).resolves.toBe('failing');
    await expect(page.locator('#queues tbody tr').count()).resolves.toBe(5);
    await expect(page.locator('#receivers tr[data-receiver="ops-slack"] .circuit.open').count()).resolves.toBe(1);
    await expect(page.locator('#receivers tr[data-receiver="desk"] .circuit').textContent()).resolves.toBe('closed');
  });

  it('serves the bull-board queue UI under /queues without reaching outside', async () => {
    const board = await browser.newPage();
    const outside: string[] = [];
    const boardErrors: string[] = [];
    board.on('console', (msg) => {
      if (msg.type() === 'error') boardErrors.push(msg.text());
    });
    board.on('request', (request) => {
      if (!request.url().startsWith(t.server.url) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await board.goto(`${t.server.url}/queues/`);
    await board.getByText('poll', { exact: false }).first().waitFor({ timeout: 15_000 });
    await board.waitForLoadState('networkidle');
    await board.screenshot({ path: artifact('queues.png') });
    await board.close();
    expect(outside).toEqual([]);
    expect(boardErrors).toEqual([]);
  });

  it('still has no console errors after all that', () => {
    expect(consoleErrors).toEqual([]);
  });
});
