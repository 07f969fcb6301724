// Search of the record: a box, a time range, a country; results newest first with the facts found and
// the snippet's matched words marked. Server text only ever goes in as text nodes (see dom.js).
import { api } from './api.js';
import { append, clear, el, externalLink } from './dom.js';

const DAY_MS = 86_400_000;
const PRESET_DAYS = { '7d': 7, '30d': 30, '1y': 365 };
const PAGE = 20;

let lastParams = null;
let nextOffset = null;
/** Bumped per request: an answer to an older one (the range changed twice quickly) is dropped. */
let generation = 0;

const form = () => document.getElementById('search-form');
const results = () => document.getElementById('search-results');
const more = () => document.getElementById('search-more');

/** One line under the box: why there are no results (400, 503, a network failure), never a console error. */
function notice(text) {
  const area = document.getElementById('search-notice');
  area.textContent = text ?? '';
  area.hidden = !text;
}

/** The query string for the form: a preset counts back from now, from/to dates (UTC days, `to` included) override it. */
export function searchParams(data, now = Date.now()) {
  const params = new URLSearchParams();
  const q = String(data.get('q') ?? '').trim();
  if (q) params.set('q', q);
  const country = String(data.get('country') ?? '').trim();
  if (country) params.set('country', country);
  const from = String(data.get('from') ?? '');
  const to = String(data.get('to') ?? '');
  const days = PRESET_DAYS[String(data.get('range') ?? '')];
  if (from) params.set('since', `${from}T00:00:00.000Z`);
  else if (days && !to) params.set('since', new Date(now - days * DAY_MS).toISOString());
  if (to) params.set('until', new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString());
  params.set('limit', String(PAGE));
  return params;
}

/** ts_headline marks matches as «word»; French quotes are spaced (« mot »), so only unspaced pairs are marks. */
const MARK = /«([^«»\s](?:[^«»]*[^«»\s])?)»/g;

/** The snippet as text nodes with <mark> around each matched word. */
export function highlightedSnippet(snippet, marked) {
  const node = el('p', { class: 'search-snippet' });
  if (!marked) return append(node, [snippet]);
  let at = 0;
  for (const match of snippet.matchAll(MARK)) {
    if (match.index > at) node.append(snippet.slice(at, match.index));
    node.append(el('mark', {}, match[1]));
    at = match.index + match[0].length;
  }
  if (at < snippet.length) node.append(snippet.slice(at));
  return node;
}

function factsLine(hit) {
  const parts = [
    ['Countries', hit.countries],
    ['Actors', hit.actors.map((a) => a.replace(/^actor\//, ''))],
    ['Event types', hit.eventTypes],
    ['Indicators', hit.indicators],
  ].filter(([, values]) => values.length > 0);
  if (parts.length === 0) return el('p', { class: 'search-facts empty' }, 'No facts extracted.');
  return el(
    'p',
    { class: 'search-facts' },
    parts.map(([label, values], i) => [i > 0 ? ' · ' : '', el('span', { class: 'fact-label' }, `${label}: `), el('span', { class: 'fact', dataset: { fact: label } }, values.join(', '))]),
  );
}

/** The story id, replaced by a link to its alert once one is found (alerts are kept per story). */
function storyRef(hit, openAlert) {
  if (!hit.storyId) return null;
  const ref = el('span', { class: 'search-story' }, `story ${hit.storyId}`);
  api
    .get(`/api/alerts?story=${encodeURIComponent(hit.storyId)}&limit=1`)
    .then(({ alerts }) => {
      const alert = alerts[0];
      if (!alert) return;
      const open = (event) => {
        event.preventDefault();
        openAlert(alert.id);
      };
      ref.replaceChildren(el('a', { href: `#alert=${alert.id}`, class: 'search-alert', onclick: open }, `alert: ${alert.story.title}`));
    })
    .catch(() => {}); // the story id stays: the alert may have passed retention
  return ref;
}

function hitRow(hit, marked, openAlert) {
  return el(
    'li',
    { class: 'search-hit', dataset: { articleId: hit.id } },
    el('div', { class: 'search-meta' }, [hit.published ? el('time', { datetime: hit.published }, hit.published.slice(0, 10)) : 'undated', ` · ${hit.outlet} · ${hit.language ?? '?'}`]),
    el('strong', { class: 'search-title' }, externalLink(hit.url, hit.title)),
    factsLine(hit),
    highlightedSnippet(hit.snippet, marked),
    storyRef(hit, openAlert),
  );
}

async function run(params, openAlert, nextPage) {
  const query = new URLSearchParams(params);
  if (nextPage) query.set('offset', String(nextOffset));
  const mine = ++generation;
  let page;
  try {
    page = await api.get(`/api/search?${query}`);
  } catch (err) {
    if (mine !== generation) return;
    notice(err.message);
    if (!nextPage) clear(results());
    more().hidden = true;
    return;
  }
  if (mine !== generation) return;
  notice();
  const marked = params.has('q');
  if (!nextPage) clear(results());
  append(results(), page.hits.map((hit) => hitRow(hit, marked, openAlert)));
  if (!nextPage && page.hits.length === 0) results().append(el('li', { class: 'empty' }, 'Nothing in the record matches.'));
  nextOffset = page.nextOffset ?? null;
  more().hidden = nextOffset === null;
}

/** Wires the panel: Enter or the button searches; a new time range searches again once something was asked. */
export function initSearch(openAlert) {
  const f = form();
  const submit = () => {
    lastParams = searchParams(new FormData(f));
    return run(lastParams, openAlert, false);
  };
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  f.elements.range.addEventListener('change', () => {
    f.elements.from.value = '';
    f.elements.to.value = '';
  });
  for (const name of ['from', 'to']) f.elements[name].addEventListener('change', () => {
    if (f.elements[name].value) f.elements.range.value = 'custom';
  });
  f.addEventListener('change', (event) => {
    if (lastParams && ['range', 'from', 'to'].includes(event.target.name)) submit();
  });
  more().addEventListener('click', () => run(lastParams, openAlert, true));
}
