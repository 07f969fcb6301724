// DOM helpers: every string goes in as a text node, so feed text can never become markup.

/** el('a', {href, class}, 'text', child) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Only web links are clickable: a feed could carry javascript: URLs. */
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function externalLink(url, text) {
  const href = safeHref(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : el('span', {}, text);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago", with the exact UTC time in the tooltip. */
export function timeAgo(iso) {
  if (!iso) return el('span', {}, '—');
  const ms = Date.parse(iso);
  const minutes = Math.round((ms - Date.now()) / 60000);
  const text =
    Math.abs(minutes) < 60 ? relative.format(minutes, 'minute') : Math.abs(minutes) < 48 * 60 ? relative.format(Math.round(minutes / 60), 'hour') : relative.format(Math.round(minutes / 1440), 'day');
  return el('time', { datetime: iso, title: new Date(ms).toUTCString() }, text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The browser's copy of src/core/text.ts truncate: at most `max` UTF-16 units, cut on a grapheme boundary. */
export function truncate(text, max, ellipsis = '…') {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max - ellipsis.length) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}${ellipsis}`;
}
