import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { extract } from '../../src/extraction/extract.js';
import type { RecordStore } from '../../src/record/store.js';
import { makeAlert } from '../http/alert-fixtures.js';
import type { TestConsole } from '../http/harness.js';
import { artifact } from './chromium.js';
import { type RecordConsole, startRecordConsole } from './record-harness.js';

const DAY = 86_400_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const HOSTILE_TITLE = '<img src=x onerror="document.body.dataset.pwned=1">Camions incendiés à Kandi';

function article(id: string, published: string, title: string, text: string, url = `https://wire.example.org/${id}`): Article {
  return { id: `ar_${id}`, itemId: `it_${id}`, feedId: 'wire', outlet: 'Sahel Wire', url, title, text, published, language: 'fr', textSource: 'page' };
}

const DIBOLI = article(
  'diboli',
  iso(2 * DAY),
  'Des camions-citernes incendiés près de Diboli',
  'Des hommes armés du JNIM ont incendié trois camions-citernes près de Diboli, dans la région de Kayes, au Mali, selon des sources sécuritaires. Les camions venaient de Dakar.',
);
// Markup in the title, the text (so in the snippet) and a script URL: all must show as text, and the title as no link.
const HOSTILE = article(
  'kandi',
  iso(10 * DAY),
  HOSTILE_TITLE,
  'Des <b onmouseover="document.body.dataset.pwned=2">camions</b> ont été incendiés près de Kandi, au Bénin, <script>document.body.dataset.pwned=3</script> selon la gendarmerie.',
  'javascript:document.body.dataset.pwned=4',
);
const SEGOU = article('segou', iso(200 * DAY), 'Camions incendiés sur la route de Ségou', 'Des camions ont été incendiés sur la route de Ségou, au Mali, par des hommes armés.');
// Older reports, enough for a second page (the console asks for 20 at a time).
const OLDER = Array.from({ length: 22 }, (_, i) =>
  article(`old_${i}`, iso((400 + i) * DAY), `Camions incendiés, rapport ${i + 1}`, `Des camions ont été incendiés près de Mopti, au Mali (rapport ${i + 1}).`),
);

async function keep(record: RecordStore, report: Article, storyId: string, indicators: string[] = []): Promise<void> {
  const extraction = extract({ title: report.title, text: report.text, language: 'fr', published: report.published });
  const story = { id: storyId, title: report.title, firstReport: report.published, latestReport: report.published, outlets: 1, sources: [] };
  await record.saveAnalysis({ article: report, seenAt: Date.parse(report.published), story, extraction, indicators, event: null });
}

let t: TestConsole;
let rc: RecordConsole;
let page: Page;
const consoleErrors: string[] = [];
const alert = makeAlert({ title: 'Tankers burned near Diboli', at: DIBOLI.published, story: 'st_diboli' });

beforeAll(async () => {
  rc = await startRecordConsole('browser-search');
  t = rc.t;
  await t.ctx.alerts.save(alert);
  await keep(rc.record, DIBOLI, 'st_diboli', ['kayes-convoy-interdiction']);
  await keep(rc.record, HOSTILE, 'st_kandi');
  await keep(rc.record, SEGOU, 'st_segou');
  for (const [i, report] of OLDER.entries()) await keep(rc.record, report, `st_old_${i}`);
  page = await rc.openPage(consoleErrors);
}, 120_000);

afterAll(async () => {
  await rc?.close();
});

const titles = () => page.locator('#search-results .search-title').allTextContents();

/** Submits the form with Enter in the words box and waits for the list to change. */
async function search(words: string): Promise<void> {
  const before = await page.locator('#search-results').innerHTML();
  await page.locator('#search-form input[name=q]').fill(words);
  await page.locator('#search-form input[name=q]').press('Enter');
  await expect.poll(() => page.locator('#search-results').innerHTML()).not.toBe(before);
}

describe('searching the record from the console, in headless Chromium', () => {
  it('finds accented French text from words typed without accents, with the facts and the matched words marked', async () => {
    await page.locator('#search-form select[name=range]').selectOption('1y');
    await search('camions incendies');
    await expect(titles()).resolves.toEqual([DIBOLI.title, HOSTILE_TITLE, SEGOU.title]);
    const diboli = page.locator('#search-results .search-hit', { hasText: 'Diboli' });
    await expect(diboli.locator('.search-title a').getAttribute('href')).resolves.toBe(DIBOLI.url);
    await expect(diboli.locator('.search-title a').getAttribute('rel')).resolves.toContain('noopener');
    await expect(diboli.locator('.search-meta').textContent()).resolves.toBe(`${DIBOLI.published.slice(0, 10)} · Sahel Wire · fr`);
    await expect(diboli.locator('.fact[data-fact="Countries"]').textContent()).resolves.toContain('ML');
    await expect(diboli.locator('.fact[data-fact="Actors"]').textContent()).resolves.toContain('jnim');
    await expect(diboli.locator('.fact[data-fact="Event types"]').textContent()).resolves.toContain('arson');
    await expect(diboli.locator('.fact[data-fact="Indicators"]').textContent()).resolves.toBe('kayes-convoy-interdiction');
    const marks = (await diboli.locator('.search-snippet mark').allTextContents()).join(' ').toLowerCase();
    expect(marks).toContain('incendié');
    expect(marks).toContain('camions');
    await expect(diboli.locator('.search-snippet').textContent()).resolves.not.toMatch(/[«»]/);
    // The story has an alert: the result opens it.
    await diboli.locator('a.search-alert').click();
    await expect.poll(() => page.locator('#detail-title').textContent()).toContain('Tankers burned near Diboli');
    await page.locator('#close-detail').click();
    await page.locator('#search-panel').screenshot({ path: artifact('search-results.png') });
  });

  it('shows hostile titles and snippets as text, and a script URL as no link; without words, the text\'s start and no marks', async () => {
    const hostile = page.locator('#search-results .search-hit', { hasText: 'Kandi' });
    await expect(hostile.locator('.search-title').textContent()).resolves.toBe(HOSTILE_TITLE);
    await expect(hostile.locator('.search-title a').count()).resolves.toBe(0);
    await expect(hostile.locator('.search-story').textContent()).resolves.toBe('story st_kandi');
    // ts_headline drops tags from a matched snippet; without words the snippet is the text's start, markup and all.
    await search('');
    await expect(titles()).resolves.toEqual([DIBOLI.title, HOSTILE_TITLE, SEGOU.title]);
    await expect(hostile.locator('.search-snippet').textContent()).resolves.toContain('<b onmouseover="document.body.dataset.pwned=2">camions</b>');
    await expect(hostile.locator('.search-snippet').textContent()).resolves.toContain('<script>');
    await expect(page.locator('#search-results mark').count()).resolves.toBe(0);
    await expect(page.locator('#search-results img, #search-results script, #search-results b').count()).resolves.toBe(0);
    await hostile.hover();
    await expect(page.locator('body').getAttribute('data-pwned')).resolves.toBeNull();
  });

  it('narrows with the time range: presets, then from/to dates', async () => {
    await page.locator('#search-form select[name=range]').selectOption('7d');
    await expect.poll(titles).toEqual([DIBOLI.title]);
    await page.locator('#search-form select[name=range]').selectOption('30d');
    await expect.poll(titles).toEqual([DIBOLI.title, HOSTILE_TITLE]);
    await page.locator('#search-form input[name=from]').fill(iso(15 * DAY).slice(0, 10));
    await page.locator('#search-form input[name=to]').fill(iso(5 * DAY).slice(0, 10));
    await expect.poll(titles).toEqual([HOSTILE_TITLE]);
    await expect(page.locator('#search-form select[name=range]').inputValue()).resolves.toBe('custom');
    await expect(page.locator('#search-more').isHidden()).resolves.toBe(true);
  });

  it('pages with "more", and a country narrows the results', async () => {
    await page.locator('#search-form select[name=range]').selectOption('all');
    await expect.poll(async () => (await titles()).length).toBe(20);
    await expect(page.locator('#search-more').isVisible()).resolves.toBe(true);
    await page.locator('#search-more').click();
    await expect.poll(async () => (await titles()).length).toBe(25);
    await expect(titles().then((all) => all.at(-1))).resolves.toBe('Camions incendiés, rapport 22');
    await expect(page.locator('#search-more').isHidden()).resolves.toBe(true);
    await page.locator('#search-form input[name=country]').fill('bj');
    await search('camions incendies');
    await expect(titles()).resolves.toEqual([HOSTILE_TITLE]);
  });

  it('says in one line when the request is refused or the process keeps no record', async () => {
    await page.locator('#search-form input[name=country]').fill('1x');
    await page.locator('#search-form input[name=q]').press('Enter');
    await expect.poll(() => page.locator('#search-notice').textContent()).toBe('country: expected an ISO 3166 alpha-2 code, e.g. ML');
    await expect(page.locator('#search-results li').count()).resolves.toBe(0);
    await page.locator('#search-form input[name=country]').fill('');
    const record = t.ctx.record;
    t.ctx.record = undefined;
    try {
      await page.locator('#search-form input[name=q]').press('Enter');
      await expect.poll(() => page.locator('#search-notice').textContent()).toContain('keeps none');
    } finally {
      t.ctx.record = record;
    }
  });

  it('had no console errors (beyond the browser logging the refused requests)', () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of (400|503)/.test(e))).toEqual([]);
  });
});
