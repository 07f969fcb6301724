import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../helpers/events.js';
import { type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { makeAlert } from '../http/alert-fixtures.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';
import { artifact, launchChromium } from './chromium.js';

const DAY = 86_400_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const DIBOLI = { id: 'place/ml/diboli', name: 'Diboli', country: 'ML', admin1: 'Kayes', lat: 14.5456, lon: -11.2123 };
const KAYES = { id: 'place/ml/kayes', name: 'Kayes', country: 'ML', admin1: 'Kayes', lat: 14.4469, lon: -11.4445 };
const KANDI = { id: 'place/bj/kandi', name: 'Kandi', country: 'BJ', admin1: 'Alibori', lat: 11.1342, lon: 2.9386 };

let t: TestConsole;
let opened: OpenedRecord;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const current = makeAlert({ title: 'Convoy ambushed near Diboli', at: iso(DAY), place: DIBOLI, story: 'st_current' });
const earlier = makeAlert({ indicatorId: 'w-arly-pendjari-attack', indicatorTitle: 'Attacks in the W–Arly–Pendjari complex', title: 'Tankers burned outside Kayes', at: iso(20 * DAY), place: KAYES, story: 'st_earlier' });

beforeAll(async () => {
  opened = await openTestRecord('postgres', 'browser_record');
  t = await startTestConsole('browser-record');
  t.ctx.record = opened.record;
  for (const alert of [current, earlier]) {
    await t.ctx.alerts.save(alert);
    await opened.record.saveAlert(alert);
  }
  await opened.record.importEvents([
    recordEvent('ev_kayes', Date.now() - 3 * DAY, [KAYES], { title: 'Gunmen attack the Kayes checkpoint' }),
    recordEvent('ev_kandi_1', Date.now() - 2 * DAY, [KANDI], { title: 'Traders kidnapped near Kandi' }),
    recordEvent('ev_kandi_2', Date.now() - 9 * DAY, [KANDI], { title: 'Police post attacked near Kandi' }),
    recordEvent('ev_kandi_3', Date.now() - 60 * DAY, [KANDI], { title: 'Ambush on the Kandi road' }),
  ]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleErrors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  await page.goto(t.server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await opened?.close();
});

describe('the console on a record, in headless Chromium', () => {
  it('draws events per week per country from the record, and per indicator on asking', async () => {
    await page.waitForSelector('#timeline svg[data-by="country"]');
    // Benin has three events, Mali one (ev_kayes) plus none from alerts: the busiest row first.
    await expect(page.locator('#timeline g.series').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).resolves.toEqual(['BJ', 'ML']);
    const counts = await page.locator('#timeline g.series[data-key="BJ"] rect').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))));
    expect(counts.length).toBeGreaterThanOrEqual(26);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#timeline g.series[data-key="BJ"] .series-label').textContent()).resolves.toBe('Benin (3)');
    await page.locator('#timeline-controls select[name=by]').selectOption('indicator');
    await page.waitForSelector('#timeline svg[data-by="indicator"], #timeline .empty');
    await page.locator('#timeline-controls select[name=by]').selectOption('country');
    await page.waitForSelector('#timeline svg[data-by="country"]');
    await page.locator('#timeline-panel').screenshot({ path: artifact('timeline-record.png') });
  });

  it('lists earlier alerts and events near the alert, with links, and opens the earlier alert from there', async () => {
    await page.locator('#alert-list .alert-open', { hasText: 'Convoy ambushed near Diboli' }).click();
    await page.waitForSelector('#detail:not([hidden]) .earlier .earlier-events li');
    const events = page.locator('#detail .earlier-events li');
    await expect(events.count()).resolves.toBe(1);
    await expect(events.first().textContent()).resolves.toContain('Gunmen attack the Kayes checkpoint');
    await expect(events.first().textContent()).resolves.toMatch(/Kayes \(27\.\d km\)/);
    await expect(events.first().locator('a').getAttribute('href')).resolves.toBe('https://news.example.org/ev_kayes');
    const alerts = page.locator('#detail .earlier-alerts li');
    await expect(alerts.count()).resolves.toBe(1);
    await page.locator('#detail').screenshot({ path: artifact('alert-detail-earlier.png') });
    await alerts.first().locator('a').click();
    await expect.poll(() => page.locator('#detail-title').textContent()).toContain('Tankers burned outside Kayes');
    // Nothing was reported near Kayes before that one.
    await page.waitForSelector('#detail .earlier .earlier-alerts, #detail .earlier .empty');
    await expect.poll(() => page.locator('#detail .earlier').textContent()).toContain('Alerts (0)');
  });

  it('had no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
