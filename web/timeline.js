// Timeline: events per week per country (or stories per week per indicator), from the record, as
// inline SVG. One row per series, a bar per week: small multiples keep each trend readable where
// overlaid lines would hide each other.
import { api } from './api.js';
import { indicatorColor } from './colors.js';
import { el, truncate } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 900;
const LABEL = 260;
const ROW = 34;
const AXIS = 18;
const COUNTRY_COLOR = '#1f78b4';
const WEEK_MS = 7 * 86_400_000;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function seriesRow(s, row, timeline, max) {
  const { weeks, by } = timeline;
  const group = svg('g', { class: 'series', 'data-key': s.key, transform: `translate(0 ${row * ROW})` });
  const unit = by === 'country' ? 'event(s)' : 'matched stories';
  group.append(svg('title', {}, `${s.label}: ${s.total} ${unit} in ${weeks.length} weeks`));
  group.append(svg('text', { x: 0, y: ROW / 2 + 4, class: 'series-label' }, `${truncate(s.label, 38)} (${s.total})`));
  const step = (WIDTH - LABEL) / weeks.length;
  const color = by === 'country' ? COUNTRY_COLOR : indicatorColor(s.key);
  s.counts.forEach((n, i) => {
    const h = n === 0 ? 1 : Math.max(3, (n / max) * (ROW - 8));
    const bar = svg('rect', { x: LABEL + i * step + 1, y: ROW - 4 - h, width: Math.max(1, step - 2), height: h, fill: n === 0 ? '#ddd' : color, 'data-week': weeks[i], 'data-count': n });
    bar.append(svg('title', {}, `week of ${weeks[i]}: ${n}`));
    group.append(bar);
  });
  return group;
}

export function renderTimeline(container, timeline) {
  const { weeks, series, by } = timeline;
  if (timeline.unavailable) {
    container.replaceChildren(el('p', { class: 'empty' }, `No timeline: ${timeline.unavailable}.`));
    return;
  }
  if (series.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'Nothing in the record in this period.'));
    return;
  }
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const height = series.length * ROW + AXIS;
  const what = by === 'country' ? 'Events per week per country' : 'Stories matched per week per indicator';
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': what, class: 'timeline-chart', 'data-by': by });
  for (const [row, s] of series.entries()) chart.append(seriesRow(s, row, timeline, max));
  const step = (WIDTH - LABEL) / weeks.length;
  const ticks = [
    [0, 'start'],
    [Math.floor(weeks.length / 2), 'middle'],
    [weeks.length - 1, 'end'],
  ];
  for (const [i, anchor] of ticks) {
    const x = anchor === 'start' ? LABEL + i * step : anchor === 'end' ? LABEL + (i + 1) * step : LABEL + i * step + step / 2;
    chart.append(svg('text', { x, y: height - 4, 'text-anchor': anchor, class: 'tick' }, weeks[i]));
  }
  container.replaceChildren(chart, el('p', { class: 'note' }, `Tallest bar = ${max} in a week. ISO weeks (from Monday, UTC), from the record.`));
}

/** Reads the panel's own controls (by country or indicator, how many weeks back) and draws the chart. */
export async function loadTimeline() {
  const form = document.getElementById('timeline-controls');
  const data = new FormData(form);
  const weeks = Number(data.get('weeks') || 26);
  const params = new URLSearchParams({ by: String(data.get('by') || 'country'), since: new Date(Date.now() - weeks * WEEK_MS).toISOString() });
  renderTimeline(document.getElementById('timeline'), await api.get(`/api/timeline?${params}`));
}
