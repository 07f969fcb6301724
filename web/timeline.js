// Timeline: alerts raised per day for each indicator, as an inline SVG line chart.
import { indicatorColor } from './colors.js';
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 180;
const PAD = { left: 32, right: 12, top: 10, bottom: 24 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function renderTimeline(container, timeline) {
  const { days, series } = timeline;
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const x = (i) => PAD.left + (i * (WIDTH - PAD.left - PAD.right)) / Math.max(1, days.length - 1);
  const y = (n) => HEIGHT - PAD.bottom - (n * (HEIGHT - PAD.top - PAD.bottom)) / max;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Alerts raised per day per indicator', class: 'timeline-chart' });
  chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'axis' }));
  chart.append(svg('text', { x: PAD.left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, String(max)));
  chart.append(svg('text', { x: PAD.left - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'tick' }, '0'));
  for (const i of [0, Math.floor((days.length - 1) / 2), days.length - 1]) {
    if (days[i]) chart.append(svg('text', { x: x(i), y: HEIGHT - 6, 'text-anchor': 'middle', class: 'tick' }, days[i].slice(5)));
  }
  for (const s of series) {
    const color = indicatorColor(s.indicatorId);
    const points = s.counts.map((n, i) => `${x(i).toFixed(1)},${y(n).toFixed(1)}`).join(' ');
    const line = svg('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2, class: 'series', 'data-indicator': s.indicatorId });
    line.append(svg('title', {}, `${s.title}: ${s.counts.reduce((a, b) => a + b, 0)} alerts`));
    chart.append(line);
    s.counts.forEach((n, i) => {
      if (n > 0) chart.append(svg('circle', { cx: x(i), cy: y(n), r: 3, fill: color }));
    });
  }
  const empty = series.length === 0 ? el('p', { class: 'empty' }, 'No alerts in this period.') : null;
  container.replaceChildren(chart, ...(empty ? [empty] : []));
}
