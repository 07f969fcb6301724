/**
 * Article bodies against labels that are not Readability's: the saved real
 * pages of ../shared/peers/readability-pages (whose expected.html is
 * Readability.js's own answer) cut into text blocks, and a label file saying
 * which blocks are the article body, written by someone who read the blocks and
 * not expected.html. It scores, in the same run and on the same pages:
 *
 * - the service's page reader (readArticlePage: Readability over linkedom, the
 *   metadata and fallbacks around it);
 * - Readability.js alone over linkedom, as a library user would call it;
 * - Readability.js's own answer as the peers set saves it (expected.html,
 *   under jsdom);
 * - the cheerio heuristic the service used before.
 *
 * Word 4-shingle precision / recall / F1 per page against the labelled body,
 * then the mean over pages, as bench/article-pages.ts scores.
 *
 * The labels are kept outside the repository, like the unseen evaluation sets:
 *   npx tsx bench/article-bodies.ts --labels DIR [--pages DIR] [--verbose]
 * DIR holds *.jsonl lines {"page": "<folder>", "body": [[from, to], ...]}, block
 * indices inclusive, the blocks as `pageBlocks` below cuts them (print them with
 * --blocks PAGE to label one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import * as cheerio from 'cheerio';
import { parseHTML } from 'linkedom';
import { blockText, extractMainTextHeuristic } from '../src/articles/main-text.js';
import { readArticlePage } from '../src/articles/read-page.js';
import { prf } from './shingle-score.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

function pagesDir(): string {
  const given = flag('--pages');
  if (given) return given;
  const tgz = '../shared/peers/readability-pages/test-pages.tgz';
  if (!existsSync(tgz)) {
    console.log(`article-bodies: skipped, no ${tgz} (pass --pages DIR)`);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'readability-pages-'));
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return join(dir, 'test', 'test-pages');
}

const BLOCK_TAGS = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY CAPTION DD DETAILS DIV DL DT FIELDSET FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER LI MAIN NAV OL P PRE SECTION TABLE TBODY TD TFOOT TH THEAD TR UL'.split(' '),
);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'HEAD']);

interface DomNode {
  nodeType: number;
  tagName?: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** The page's visible text in blocks, in document order: every text node goes to its nearest block-level ancestor. */
export function pageBlocks(html: string): string[] {
  const { document } = parseHTML(html);
  const root = (document.body ?? document.documentElement) as unknown as DomNode;
  const order: DomNode[] = [];
  const texts = new Map<DomNode, string[]>();
  const walk = (node: DomNode, block: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const text = (child.textContent ?? '').replace(/\s+/g, ' ');
        if (!text.trim()) continue;
        if (!texts.has(block)) {
          texts.set(block, []);
          order.push(block);
        }
        texts.get(block)?.push(text);
      } else if (child.nodeType === 1) {
        const tag = (child.tagName ?? '').toUpperCase();
        if (!SKIPPED.has(tag)) walk(child, BLOCK_TAGS.has(tag) ? child : block);
      }
    }
  };
  walk(root, root);
  return order.map((el) => (texts.get(el) ?? []).join('').replace(/\s+/g, ' ').trim()).filter(Boolean);
}

const dir = pagesDir();
const blocksOf = flag('--blocks');
if (blocksOf) {
  for (const [i, b] of pageBlocks(readFileSync(join(dir, blocksOf, 'source.html'), 'utf8')).entries()) console.log(`${i}\t${b}`);
  process.exit(0);
}
const labelsDir = flag('--labels');
if (!labelsDir || !existsSync(labelsDir)) {
  console.log('article-bodies: skipped, no --labels DIR (the labels are kept outside the repository)');
  process.exit(0);
}
const labelled = readdirSync(labelsDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(join(labelsDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { page: string; body: [number, number][] }),
  );
// A page labelled with no article body (a section front, a list of teasers) has no F1 to score.
const labels = labelled.filter((l) => l.body.length > 0);
if (labels.length < labelled.length) console.log(`article-bodies: ${labelled.length - labels.length} page(s) labelled as having no article body left out: ${labelled.filter((l) => l.body.length === 0).map((l) => l.page).join(', ')}`);

const url = 'http://fakehost/test/page.html';
const extractors: Record<string, (html: string, page: string) => string> = {
  'sahelwatch page reader': (html) => readArticlePage(html, url).text,
  'Readability.js alone (linkedom)': (html) => {
    const { document } = parseHTML(html);
    return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? '';
  },
  "Readability.js's saved answer (expected.html, jsdom)": (_html, page) => blockText(cheerio.load(readFileSync(join(dir, page, 'expected.html'), 'utf8')).root()),
  'cheerio heuristic (before)': (html) => extractMainTextHeuristic(cheerio.load(html)),
};
const totals = Object.fromEntries(Object.keys(extractors).map((k) => [k, { p: 0, r: 0, f: 0 }]));
const perPage: string[] = [];
for (const { page, body } of labels) {
  const html = readFileSync(join(dir, page, 'source.html'), 'utf8');
  const blocks = pageBlocks(html);
  const want = body.flatMap(([from, to]) => blocks.slice(from, to + 1)).join('\n');
  const row: string[] = [page];
  for (const [name, run] of Object.entries(extractors)) {
    const s = prf(run(html, page), want);
    const t = totals[name]!;
    t.p += s.p;
    t.r += s.r;
    t.f += s.f;
    row.push(s.f.toFixed(3));
  }
  perPage.push(row.join('\t'));
}
const n = labels.length;
if (args.includes('--verbose')) {
  console.log(['page', ...Object.keys(extractors)].join('\t'));
  for (const line of perPage) console.log(line);
}
const summary = { bench: 'article-bodies', pages: n, ...Object.fromEntries(Object.entries(totals).map(([k, t]) => [k, { precision: +(t.p / n).toFixed(3), recall: +(t.r / n).toFixed(3), f1: +(t.f / n).toFixed(3) }])) };
console.log(JSON.stringify(summary));
console.log('| extractor | pages | precision | recall | F1 |');
for (const [name, t] of Object.entries(totals)) console.log(`| ${name} | ${n} | ${(t.p / n).toFixed(3)} | ${(t.r / n).toFixed(3)} | ${(t.f / n).toFixed(3)} |`);
