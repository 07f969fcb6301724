/**
 * A cheap linear pass over markup before any DOM is built. cheerio (parse5)
 * takes time that grows with the square of nesting depth, and the traversals
 * after it recurse, so a 1.6 MB page of 150,000 nested <div>s froze the process
 * for minutes and a deeply nested feed description overflowed the stack.
 * Real pages nest a few dozen levels and hold a few thousand elements.
 */

/** Deeper than this is refused; real news pages stay under 100 (the deepest seen in fixtures: ~40). */
export const MAX_MARKUP_DEPTH = 1_000;
/** More elements than this is refused; a long article page has 2,000–20,000. */
export const MAX_MARKUP_ELEMENTS = 200_000;

export class MarkupTooComplex extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MarkupTooComplex';
  }
}

export interface MarkupShape {
  /** The deepest open-element stack seen (stops counting past the limit). */
  depth: number;
  elements: number;
}

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Their content is text up to the matching end tag; a `<div>` inside a script opens nothing. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);
/** Opening one of these closes an open one of the same kind (HTML's implied end tags). */
const CLOSES_SIBLING = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rb', 'rt', 'rp']);
/** Opening one of these closes an open <p>. */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul',
]);
/** End tags are matched this far down the stack; a stray one further down is ignored (keeps the pass linear). */
const END_TAG_SEARCH = 64;

const NAME = /[A-Za-z][^\s/>]*/y;

export interface Tag {
  name: string;
  closing: boolean;
  /** `<x/>`: closes itself in XML and in svg/math; ignored on other HTML elements, as browsers do. */
  selfClosing: boolean;
  start: number;
  /** Index just past the tag's '>'. */
  end: number;
}

/**
 * The tags of a document, in order, with comments, CDATA, doctypes and
 * processing instructions skipped. Builds nothing; linear in the input.
 * With `skipRawText` (HTML), the content of script/style/… is skipped too.
 */
export function* scanTags(text: string, xml: boolean): Generator<Tag> {
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text.charCodeAt(i + 1);
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      i = end < 0 ? -1 : text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      i = end < 0 ? -1 : text.indexOf('<', end + 3);
      continue;
    }
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      const end = text.indexOf('>', i + 2);
      i = end < 0 ? -1 : text.indexOf('<', end + 1);
      continue;
    }
    const closing = next === 0x2f; /* / */
    NAME.lastIndex = i + (closing ? 2 : 1);
    const match = NAME.exec(text);
    if (!match) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    const name = xml ? match[0] : match[0].toLowerCase();
    // The end of the tag: the first '>' outside a quoted attribute value.
    let j = NAME.lastIndex;
    let quote = 0;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    yield { name, closing, selfClosing: text.charCodeAt(j - 1) === 0x2f, start: i, end: j + 1 };
    if (!xml && !closing && RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}[\\s/>]`, 'gi');
      end.lastIndex = j;
      const found = end.exec(text);
      if (!found) return;
      const close = text.indexOf('>', found.index);
      yield { name, closing: true, selfClosing: false, start: found.index, end: close < 0 ? text.length : close + 1 };
      if (close < 0) return;
      j = close;
    }
    i = text.indexOf('<', j + 1);
  }
}

/** An open-element stack as a parser would keep it, for counting depth. */
export class OpenElements {
  readonly names: string[] = [];
  private foreign = 0; // open svg/math elements: `/>` self-closes there, as in XML

  constructor(private readonly xml: boolean) {}

  get depth(): number {
    return this.names.length;
  }

  /** Applies one tag; true when it opened an element that stays open. */
  apply(tag: Tag): boolean {
    const stack = this.names;
    if (tag.closing) {
      const floor = Math.max(0, stack.length - END_TAG_SEARCH);
      for (let k = stack.length - 1; k >= floor; k--) {
        if (stack[k] !== tag.name) continue;
        for (let m = stack.length - 1; m >= k; m--) if (stack[m] === 'svg' || stack[m] === 'math') this.foreign--;
        stack.length = k;
        break;
      }
      return false;
    }
    if (!this.xml) {
      const top = stack[stack.length - 1];
      if (top !== undefined && ((CLOSES_SIBLING.has(tag.name) && top === tag.name) || (top === 'p' && CLOSES_P.has(tag.name)))) stack.pop();
    }
    const opensNothing = this.xml || this.foreign > 0 ? tag.selfClosing : VOID.has(tag.name);
    if (opensNothing) return false;
    stack.push(tag.name);
    if (tag.name === 'svg' || tag.name === 'math') this.foreign++;
    return true;
  }
}

/**
 * Depth and element count of an HTML (or, with `xml`, XML) document, read
 * with a tokenizer that builds nothing: comments, doctypes and raw-text
 * elements are skipped, void elements and (in XML or inside svg/math) `/>`
 * open nothing, implied end tags of p/li/td… are applied, so ordinary HTML
 * is not over-counted. Stops as soon as a limit is passed. Linear in the input.
 */
export function markupShape(text: string, options: { xml?: boolean; maxDepth?: number; maxElements?: number } = {}): MarkupShape {
  const maxDepth = options.maxDepth ?? MAX_MARKUP_DEPTH;
  const maxElements = options.maxElements ?? MAX_MARKUP_ELEMENTS;
  const open = new OpenElements(options.xml ?? false);
  let depth = 0;
  let elements = 0;
  for (const tag of scanTags(text, options.xml ?? false)) {
    if (!tag.closing && ++elements > maxElements) break;
    if (open.apply(tag) && open.depth > depth) {
      depth = open.depth;
      if (depth > maxDepth) break;
    }
  }
  return { depth, elements };
}

/**
 * Throws MarkupTooComplex with a one-line reason when the document nests
 * deeper or holds more elements than a DOM should be built for; otherwise returns its shape.
 */
export function assertMarkupBounded(text: string, options: { xml?: boolean; maxDepth?: number; maxElements?: number } = {}): MarkupShape {
  const maxDepth = options.maxDepth ?? MAX_MARKUP_DEPTH;
  const maxElements = options.maxElements ?? MAX_MARKUP_ELEMENTS;
  const shape = markupShape(text, options);
  if (shape.depth > maxDepth) throw new MarkupTooComplex(`markup nested deeper than ${maxDepth} elements; refused before parsing`);
  if (shape.elements > maxElements) throw new MarkupTooComplex(`markup with more than ${maxElements} elements; refused before parsing`);
  return shape;
}
