import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_TASK, PageOverBudget, PageReader } from '../../src/articles/page-reader.js';
import { type PageInfo, readArticlePage } from '../../src/articles/read-page.js';
import { MarkupTooComplex, MAX_MARKUP_DEPTH } from '../../src/core/html-bounds.js';
import { ThreadPool } from '../../src/core/thread-pool.js';
import { waitFor } from '../helpers/worker-process.js';

const reader = new PageReader({ threads: 2, parse_budget_ms: 5_000 });
afterAll(() => reader.close());

/** Every article page the tests and the demo ship, with a URL on its own site. */
function shippedPages(): Array<[string, string]> {
  const pages: Array<[string, string]> = [];
  for (const dir of ['tests/fixtures/pages', 'examples/pages']) {
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (file.endsWith('.html')) pages.push([join(dir, file), readFileSync(join(dir, file), 'utf8')]);
    }
  }
  return pages;
}

describe('the page reader (article pages in worker threads)', () => {
  it('gives every shipped page exactly what reading it on the main thread gave', async () => {
    const pages = shippedPages();
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const [file, html] of pages) {
      const url = `https://outlet.example/${file}`;
      const inThread = await reader.read(html, url);
      expect(inThread, file).toEqual(readArticlePage(html, url));
    }
    // And the body is a real one, not two equal empty answers.
    const [, article] = pages.find(([file]) => file.endsWith('fixtures/pages/article.html'))!;
    expect((await reader.read(article, 'https://outlet.example/a')).text.length).toBeGreaterThan(300);
  }, 60_000);

  it('refuses markup past the bounds with the same MarkupTooComplex and reason', async () => {
    const deep = `<html><body>${'<div>'.repeat(MAX_MARKUP_DEPTH + 10)}x</body></html>`;
    const refused = await reader.read(deep, 'https://outlet.example/deep').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MarkupTooComplex);
    expect((refused as MarkupTooComplex).reason).toBe(`markup nested deeper than ${MAX_MARKUP_DEPTH} elements; refused before parsing`);
  });

  it('stops a page past its budget, replaces the thread, and reads the next page', async () => {
    const tight = new PageReader({ threads: 1, parse_budget_ms: 200 });
    try {
      await tight.warm();
      const heavy = `<html><body>${'<p>x</p>'.repeat(190_000)}</body></html>`;
      const stopped = await tight.read(heavy, 'https://outlet.example/heavy').catch((err: unknown) => err);
      expect(stopped).toBeInstanceOf(PageOverBudget);
      expect((stopped as PageOverBudget).reason).toBe('page parsing stopped at its 200 ms budget');
      expect(tight.overruns).toBe(1);
      const html = readFileSync('tests/fixtures/pages/article.html', 'utf8');
      // The replacement loads its parsers first (seconds under tsx), then the page takes ms: within the 200 ms.
      expect(await tight.read(html, 'https://outlet.example/a')).toEqual(readArticlePage(html, 'https://outlet.example/a'));
      expect(tight.overruns).toBe(1);
    } finally {
      await tight.close();
    }
  }, 60_000);

  it('stops a thread left without pages, and starts one again for the next page', async () => {
    const pool = new ThreadPool({ tasks: PAGE_TASK, threads: 1, idleMs: 300 });
    try {
      const html = readFileSync('tests/fixtures/pages/article.html', 'utf8');
      const expected = readArticlePage(html, 'https://outlet.example/a');
      const read = () => pool.run<PageInfo>('page', { html, url: 'https://outlet.example/a' }, 5_000);
      expect(await read()).toEqual(expected);
      expect(pool.size).toBe(1);
      await waitFor('the idle thread stopped', () => pool.size === 0, 10_000);
      expect(await read()).toEqual(expected);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('says so at once when its thread cannot start, instead of waiting forever', async () => {
    const broken = new ThreadPool({ tasks: { missing: new URL('./no-such-thread.ts', import.meta.url) }, threads: 1 });
    try {
      await expect(broken.warm()).rejects.toThrow(/no-such-thread/);
      await expect(broken.run('missing', 'x', 1_000)).rejects.toThrow(/no-such-thread/);
    } finally {
      await broken.close();
    }
  }, 30_000);

  it('does not keep a finished process alive: idle threads are let go without close()', () => {
    const tsx = pathToFileURL('node_modules/tsx/dist/loader.mjs').href;
    const script = [
      `import { PageReader } from ${JSON.stringify(pathToFileURL('src/articles/page-reader.ts').href)};`,
      `const page = await new PageReader().read('<html><body><p>Un paragraphe.</p></body></html>', 'https://a.example/');`,
      'console.log(page.text);',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('Un paragraphe.');
  }, 40_000);
});
