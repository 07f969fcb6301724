// Operator tables: feed health, queue depths, indicators with hit counts, silences, dead letters.
import { api } from './api.js';
import { el, externalLink, timeAgo } from './dom.js';

function fillTable(id, rows, emptyText) {
  const body = document.querySelector(`#${id} tbody`);
  const columns = document.querySelectorAll(`#${id} thead th`).length;
  body.replaceChildren(...(rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: columns, class: 'empty' }, emptyText))]));
}

/** `4 min — observed ~12 items/day → 4 min`: the feed's current interval and why. */
function pollInterval(feed) {
  if (!feed.pollIntervalSecs) return '—';
  const secs = feed.pollIntervalSecs;
  const every = secs < 120 ? `${secs} s` : secs < 7200 ? `${+(secs / 60).toFixed(1)} min` : `${+(secs / 3600).toFixed(1)} h`;
  return feed.pollIntervalReason ? [el('strong', {}, every), ` ${feed.pollIntervalReason}`] : every;
}

export function renderFeeds(feeds) {
  fillTable(
    'feeds',
    feeds.map((f) =>
      el(
        'tr',
        { dataset: { feed: f.id } },
        el('td', {}, externalLink(f.url, f.name)),
        el('td', {}, el('span', { class: `health ${f.health}` }, f.health)),
        el('td', {}, timeAgo(f.lastSuccess)),
        el('td', {}, f.lastError ? [timeAgo(f.lastErrorAt), ` ${f.lastError}`] : '—'),
        el('td', { class: 'num' }, f.itemsSeen),
        el('td', { class: 'poll-interval', title: f.pollIntervalReason ?? '' }, pollInterval(f)),
      ),
    ),
    'No feeds configured.',
  );
}

export function renderQueues(queues) {
  const cell = (n) => el('td', { class: 'num' }, n ?? 0);
  fillTable(
    'queues',
    queues.map((q) => el('tr', {}, el('td', {}, q.name), cell(q.counts.wait + (q.counts.prioritized ?? 0)), cell(q.counts.active), cell(q.counts.delayed), cell(q.counts.failed), cell(q.counts.completed))),
    'No queues.',
  );
}

export function renderIndicators(indicators) {
  fillTable(
    'indicators',
    indicators.map((i) =>
      el(
        'tr',
        {},
        el('td', { title: i.description }, i.title, i.enabled ? '' : ' (disabled)'),
        el('td', {}, el('span', { class: `badge sev-${i.severity}` }, i.severity)),
        el('td', { class: 'num' }, i.hits.last24Hours),
        el('td', { class: 'num' }, i.hits.last7Days),
        el('td', { class: 'num' }, i.hits.total),
      ),
    ),
    'No indicators loaded.',
  );
}

function matcherText(matchers) {
  return Object.entries(matchers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export function renderSilences(silences, refresh) {
  fillTable(
    'silences',
    silences.map((s) => {
      const end = s.active ? el('button', { type: 'button', class: 'end-silence' }, 'End') : null;
      end?.addEventListener('click', async () => {
        await api.delete(`/api/silences/${s.id}`);
        refresh();
      });
      return el(
        'tr',
        { class: s.active ? 'active' : 'expired', dataset: { silenceId: s.id } },
        el('td', {}, s.active ? 'active' : 'expired'),
        el('td', {}, matcherText(s.matchers)),
        el('td', {}, s.comment),
        el('td', {}, s.created_by),
        el('td', {}, timeAgo(s.expires_at)),
        el('td', {}, end),
      );
    }),
    'No silences.',
  );
}

/** Each receiver's circuit breaker: open means parked after failures in a row, probed again at nextProbeAt. */
export function renderReceivers(receivers) {
  const circuit = (r) => (r.state === 'open' && r.nextProbeAt ? ['open (parked; probe ', timeAgo(r.nextProbeAt), ')'] : r.state);
  fillTable(
    'receivers',
    receivers.map((r) =>
      el(
        'tr',
        { dataset: { receiver: r.receiver } },
        el('td', {}, `${r.receiver} (${r.type})`),
        el('td', {}, el('span', { class: `circuit ${r.state}` }, circuit(r))),
        el('td', { class: 'num' }, r.consecutiveFailures),
        el('td', { class: 'num' }, r.inFlight),
        el('td', {}, r.lastError ? [timeAgo(r.lastFailureAt), ` ${r.lastError}`] : '—'),
      ),
    ),
    'No receivers configured.',
  );
}

export function renderDeadLetters(letters, refresh) {
  fillTable(
    'deadletters',
    letters.map((d) => {
      const retry = el('button', { type: 'button' }, 'Retry');
      retry.addEventListener('click', async () => {
        await api.post(`/api/deadletters/${encodeURIComponent(d.key)}/retry`);
        refresh();
      });
      return el('tr', {}, el('td', {}, timeAgo(d.failedAt)), el('td', {}, d.receiver), el('td', {}, d.title), el('td', {}, `${d.error} (${d.attempts} attempts)`), el('td', {}, retry));
    }),
    'No failed deliveries.',
  );
}

export function renderStories(stories) {
  fillTable(
    'stories',
    stories.map((s) => {
      const latest = [...s.sources].sort((a, b) => b.published.localeCompare(a.published))[0];
      return el(
        'tr',
        { dataset: { storyId: s.id } },
        el('td', {}, latest ? externalLink(latest.url, s.title) : s.title),
        el('td', { class: 'num', title: [...new Set(s.sources.map((x) => x.outlet))].join(', ') }, s.outlets),
        el('td', {}, timeAgo(s.firstReport)),
        el('td', {}, timeAgo(s.latestReport)),
      );
    }),
    'No stories yet.',
  );
}
