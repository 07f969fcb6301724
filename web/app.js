// Console entry point: loads every panel, wires filters and actions, refreshes every 30 s.
import { closeAlert, loadAlerts, onAlertChanged, openAlert, readFilters } from './alerts.js';
import { api } from './api.js';
import { setIndicators } from './colors.js';
import { el } from './dom.js';
import { initMap, showAlerts, showEvents, showLegend } from './map.js';
import { renderDeadLetters, renderFeeds, renderReceivers, renderIndicators, renderQueues, renderSilences, renderStories } from './ops.js';
import { loadTimeline } from './timeline.js';

const REFRESH_MS = 30_000;
const status = (text) => {
  document.getElementById('status').textContent = text;
};

async function refreshOps() {
  const [stories, feeds, queues, silences, deadletters] = await Promise.all([
    api.get('/api/stories?limit=20'),
    api.get('/api/feeds'),
    api.get('/api/queues'),
    api.get('/api/silences'),
    api.get('/api/deadletters'),
  ]);
  renderStories(stories.stories);
  renderFeeds(feeds.feeds);
  renderQueues(queues.queues);
  renderSilences(silences.silences, refreshOps);
  renderDeadLetters(deadletters.deadletters, refreshOps);
  renderReceivers(deadletters.receivers ?? []);
}

async function refreshIndicators() {
  const { indicators } = await api.get('/api/indicators');
  setIndicators(indicators.map((i) => i.id));
  renderIndicators(indicators);
  showLegend(indicators);
  const select = document.querySelector('#filters select[name=indicator]');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'all'), ...indicators.map((i) => el('option', { value: i.id, selected: i.id === chosen }, i.title)));
}

async function refreshAlerts(filters) {
  const [alerts, events] = await Promise.all([loadAlerts(filters), api.get(`/api/export/events.geojson?limit=500${filters?.country ? `&country=${encodeURIComponent(filters.country)}` : ''}`)]);
  showEvents(events);
  showAlerts(alerts, { fit: filters !== undefined });
}

async function refreshAll() {
  try {
    await refreshIndicators();
    await Promise.all([refreshAlerts(), refreshOps(), loadTimeline()]);
    status(`Updated ${new Date().toLocaleTimeString()}`);
  } catch (err) {
    status(`Update failed: ${err.message}`);
  }
}

/** Remembers the analyst's name across visits (acknowledgements and silences are signed with it). */
function rememberAnalyst() {
  const input = document.getElementById('analyst');
  input.value = localStorage.getItem('sw-analyst') ?? '';
  input.addEventListener('change', () => localStorage.setItem('sw-analyst', input.value.trim()));
}

async function main() {
  rememberAnalyst();
  await refreshIndicators();
  await initMap(openAlert);
  const form = document.getElementById('filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    refreshAlerts(readFilters(form)).catch((err) => status(err.message));
  });
  document.getElementById('timeline-controls').addEventListener('change', () => loadTimeline().catch((err) => status(err.message)));
  document.getElementById('more').addEventListener('click', () => loadAlerts(undefined, true).catch((err) => status(err.message)));
  document.getElementById('close-detail').addEventListener('click', closeAlert);
  onAlertChanged(() => refreshAll());
  await refreshAll();
  const linked = /^#alert=(al_[0-9a-f]{24})$/.exec(location.hash);
  if (linked) await openAlert(linked[1]);
  document.body.dataset.ready = 'true';
  setInterval(refreshAll, REFRESH_MS);
}

main().catch((err) => status(`Console failed to load: ${err.message}`));
