// Timeline: one row per indicator, a bar per day (alerts raised), as inline SVG. Small multiples keep
// each indicator's trend readable where overlaid lines would hide each other.
import { indicatorColor } from './colors.js';
import { el, truncate } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 900;
const LABEL = 260;
const ROW = 34;
const AXIS = 18;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function seriesRow(s, row, days, max) {
  const group = svg('g', { class: 'series', 'data-indicator': s.indicatorId, transform: `translate(0 ${row * ROW})` });
  const total = s.counts.reduce((a, b) => a + b, 0);
  group.append(svg('title', {}, `${s.title}: ${total} alert(s) in ${days.length} days`));
  group.append(svg('text', { x: 0, y: ROW / 2 + 4, class: 'series-label' }, `${truncate(s.title, 38)} (${total})`));
  const step = (WIDTH - LABEL) / days.length;
  s.counts.forEach((n, i) => {
    const h = n === 0 ? 1 : Math.max(3, (n / max) * (ROW - 8));
    const bar = svg('rect', { x: LABEL + i * step + 1, y: ROW - 4 - h, width: Math.max(1, step - 2), height: h, fill: n === 0 ? '#ddd' : indicatorColor(s.indicatorId) });
    bar.append(svg('title', {}, `${days[i]}: ${n}`));
    group.append(bar);
  });
  return group;
}

export function renderTimeline(container, timeline) {
  const { days, series } = timeline;
  if (series.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'No alerts in this period.'));
    return;
  }
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const height = series.length * ROW + AXIS;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': 'Alerts raised per day per indicator', class: 'timeline-chart' });
  for (const [row, s] of series.entries()) chart.append(seriesRow(s, row, days, max));
  const step = (WIDTH - LABEL) / days.length;
  const ticks = [
    [0, 'start'],
    [Math.floor(days.length / 2), 'middle'],
    [days.length - 1, 'end'],
  ];
  for (const [i, anchor] of ticks) {
    const x = anchor === 'start' ? LABEL + i * step : anchor === 'end' ? LABEL + (i + 1) * step : LABEL + i * step + step / 2;
    chart.append(svg('text', { x, y: height - 4, 'text-anchor': anchor, class: 'tick' }, days[i].slice(5)));
  }
  container.replaceChildren(chart, el('p', { class: 'note' }, `Tallest bar = ${max} alert(s) in a day. UTC days.`));
}
