import { Readability } from '@mozilla/readability';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { withoutBoilerplate } from './boilerplate.js';

/*
 * Article main text. The shipped path is extractArticle: Mozilla Readability over a linkedom document
 * (the old note here said both gave the same text; on Readability's 130 real test pages this cheerio
 * heuristic reaches word-shingle F1 0.73 against 0.99, losing bodies written as <br>-separated text,
 * split containers and short-paragraph pages). The heuristic below stays as the fallback for pages
 * Readability gives up on and for pages too large or deep to hand it (MAX_READABILITY_*):
 *   1. drop what is never article text (scripts, nav, aside, footer, share bars, comments, paywall boxes);
 *   2. score each block by the text of its own paragraphs (readability's core idea: a parent gets the
 *      length of its <p> children, a grandparent half of it), discounted by link density;
 *   3. keep the paragraphs of the best block, in order, separated by blank lines.
 */

const NEVER_TEXT = [
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'form', 'button', 'select',
  'nav', 'aside', 'footer', 'header', 'figure', 'figcaption',
  '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=complementary]', '[aria-hidden=true]', '[hidden]',
].join(', ');
const NOISE_NAMES = /(^|[\s_-])(share|sharing|social|comments?|related|newsletter|promo|advert|ads?|cookie|breadcrumbs?|sidebar|paywall|subscribe|outbrain|taboola|most-read|byline-tools)([\s_-]|$)/i;
const BLOCK_NAMES = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre']);
const MIN_PARAGRAPH = 25;
const MAX_CANDIDATES = 20;

type Node = ReturnType<CheerioAPI>;

function removeNoise($: CheerioAPI): void {
  $(NEVER_TEXT).remove();
  $('[class], [id]').each((_, el) => {
    if (el.tagName === 'html' || el.tagName === 'body' || el.tagName === 'article' || el.tagName === 'main') return;
    const names = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    if (NOISE_NAMES.test(names)) $(el).remove();
  });
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text of a subtree in document order, by an explicit stack (no recursion, no selector engine). */
function subtreeText(root: AnyNode): string {
  let out = '';
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data;
    else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/**
 * Share of a block's text inside links. One walk of the subtree: cheerio's find('a') went through
 * css-select, whose context preparation cost tens of seconds on a page nested 900 deep.
 */
function linkDensity(_$: CheerioAPI, node: Node): number {
  const root = node.get(0);
  if (!root) return 1;
  const total = clean(subtreeText(root)).length;
  if (total === 0) return 1;
  let linked = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'tag' && n.name === 'a') {
      linked += clean(subtreeText(n)).length;
      continue;
    }
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return linked / total;
}

/** The element whose paragraphs carry the most text. */
function bestContainer($: CheerioAPI): Node | null {
  const scores = new Map<object, { node: Node; score: number }>();
  const credit = (node: Node, points: number) => {
    const el = node.get(0);
    if (!el) return;
    const entry = scores.get(el) ?? { node, score: 0 };
    entry.score += points;
    scores.set(el, entry);
  };
  $('p, pre, blockquote').each((_, el) => {
    const length = clean($(el).text()).length;
    if (length < MIN_PARAGRAPH) return;
    const points = 1 + Math.min(length, 1000) / 100 + (clean($(el).text()).match(/[,;]/g)?.length ?? 0);
    credit($(el).parent(), points);
    credit($(el).parent().parent(), points / 2);
  });
  let best: { node: Node; score: number } | null = null;
  // Link density walks a subtree: only worth it for the leading candidates (keeps hostile pages linear).
  const leading = [...scores.values()].sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES);
  for (const entry of leading) {
    const score = entry.score * (1 - linkDensity($, entry.node));
    if (!best || score > best.score) best = { node: entry.node, score };
  }
  return best?.node ?? null;
}

/** Plain main text of an HTML page, paragraphs separated by blank lines ('' when nothing looks like prose). */
export function extractMainTextHeuristic($: CheerioAPI): string {
  removeNoise($);
  const container = bestContainer($);
  if (!container) return '';
  const paragraphs: string[] = [];
  // Top-down, stopping at the outermost block: a <p> inside an <li> or <blockquote> is already part of
  // its parent's text. (Walking up from every block cost blocks × depth: minutes on a 900-deep page.)
  const top = container.get(0);
  const stack: AnyNode[] = top && 'children' in top ? [...top.children].reverse() : [];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.type !== 'tag') continue;
    if (BLOCK_NAMES.has(el.name)) {
      const text = clean($(el).text());
      if (text && linkDensity($, $(el)) < 0.5) paragraphs.push(text);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return paragraphs.join('\n\n');
}

/** Elements that start a new paragraph in the plain text. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
/** Readability keeps figures; their captions ("Photo: archives", credits) are not article text for extraction. */
const SKIPPED_IN_ARTICLE = new Set([...SKIPPED_TAGS, 'figcaption']);

/** How one kind of DOM node is read: its text, or its tag name and children; undefined for any other node. */
type NodeReader<N> = (node: N) => { text: string } | { name: string; children: ArrayLike<N> } | undefined;

/**
 * Visible text of subtrees as paragraphs separated by blank lines: every block
 * element (p, li, h2, div, td, br...) ends a paragraph, whitespace inside a
 * paragraph is collapsed, `skipped` elements are left out. Iterative: depth is
 * bounded upstream, but no recursion is needed either. One walk for both DOMs.
 */
function paragraphsOf<N extends object>(roots: readonly N[], read: NodeReader<N>, skipped: ReadonlySet<string>): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  const stack: Array<N | 'end-block'> = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'end-block') {
      flush();
      continue;
    }
    const seen = read(node);
    if (!seen) continue;
    if ('text' in seen) {
      current += seen.text;
      continue;
    }
    if (skipped.has(seen.name)) continue;
    if (BLOCK_TAGS.has(seen.name)) {
      flush();
      stack.push('end-block');
    }
    // Read the children once: linkedom builds its childNodes list on every access.
    const children = Array.from(seen.children);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush();
  return paragraphs.join('\n\n');
}

const readCheerioNode: NodeReader<AnyNode> = (node) => {
  if (node.type === 'text') return { text: node.data };
  if (node.type === 'tag' || node.type === 'root' || node.type === 'script' || node.type === 'style') {
    return { name: 'name' in node ? node.name.toLowerCase() : '', children: 'children' in node ? node.children : [] };
  }
  return undefined;
};

/** blockText of a cheerio selection (the heuristic's path). */
export function blockText(root: { toArray(): AnyNode[] }): string {
  return paragraphsOf(root.toArray(), readCheerioNode, SKIPPED_TAGS);
}

/** What a page says about itself, beside its main text. */
export interface MainText {
  /** Paragraphs separated by blank lines; '' when nothing looks like prose. */
  text: string;
  title?: string;
  byline?: string;
  lang?: string;
  publishedTime?: string;
  siteName?: string;
  /** Which extractor produced the text. */
  via: 'readability' | 'heuristic';
}

/**
 * Readability's cost grows faster than linearly with elements on adversarial
 * markup (15,000 flat <div>s: about a second), while real article pages have
 * 1,000–10,000 (Wikipedia's longest test page: 9,900). Above this the cheerio
 * heuristic, linear, reads the page; html-bounds' 200,000 still applies to both.
 */
export const MAX_READABILITY_ELEMENTS = 15_000;
/** Its passes also walk ancestors: real pages nest 15–40 deep (the test pages at most 38). */
export const MAX_READABILITY_DEPTH = 100;

interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  localName?: string;
  childNodes: ArrayLike<DomNode>;
}

const readDomNode: NodeReader<DomNode> = (node) => {
  if (node.nodeType === 3) return { text: node.nodeValue ?? '' };
  if (node.nodeType === 1 || node.nodeType === 9 || node.nodeType === 11) return { name: (node.localName ?? '').toLowerCase(), children: node.childNodes };
  return undefined;
};

/** blockText for a W3C DOM subtree (linkedom), same rules; figure captions left out. */
function domBlockText(root: DomNode): string {
  return paragraphsOf([root], readDomNode, SKIPPED_IN_ARTICLE);
}

const orUndefined = (s: string | null | undefined) => (s?.replace(/\s+/g, ' ').trim() ? s.replace(/\s+/g, ' ').trim() : undefined);

/**
 * Main text and metadata of an article page. Mozilla Readability over a
 * linkedom document (linkedom only parses: no network, no scripts, no
 * layout), which it edits; the cheerio heuristic when Readability finds no
 * article or fails.
 * The caller bounds the markup first (assertMarkupBounded: depth and element count).
 */
export function extractArticle(document: unknown, shape: { depth: number; elements: number }, load: () => CheerioAPI): MainText {
  if (shape.elements <= MAX_READABILITY_ELEMENTS && shape.depth <= MAX_READABILITY_DEPTH) try {
    // (Readability's own maxElemsToParse counts getElementsByTagName('*'), which linkedom answers with 0: the shape decides.)
    const article = new Readability(document as ConstructorParameters<typeof Readability>[0], { serializer: (el: unknown) => el as DomNode }).parse();
    const content = article?.content;
    const text = content ? withoutBoilerplate(domBlockText(content).split('\n\n')).join('\n\n') : '';
    if (article && text) {
      return {
        text,
        title: orUndefined(article.title),
        byline: orUndefined(article.byline),
        lang: orUndefined(article.lang),
        publishedTime: orUndefined(article.publishedTime),
        siteName: orUndefined(article.siteName),
        via: 'readability',
      };
    }
  } catch {
    // Readability throws on pages over maxElemsToParse and on DOM edge cases linkedom does not emulate.
  }
  return { text: extractMainTextHeuristic(load()), via: 'heuristic' };
}
