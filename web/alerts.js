// Alerts list (newest first, filterable) and the alert detail: evidence, sources, history, acknowledge, resolve, silence.
import { api } from './api.js';
import { indicatorColor } from './colors.js';
import { append, clear, el, externalLink, timeAgo } from './dom.js';
import { evidenceList } from './evidence.js';

const list = () => document.getElementById('alert-list');
let nextCursor = null;
let currentFilters = {};
let onChange = () => {};

/** Called after an acknowledge or a silence, so other panels can refresh. */
export function onAlertChanged(callback) {
  onChange = callback;
}

function filterQuery(filters, cursor) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  params.set('limit', '100');
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export function readFilters(form) {
  const data = new FormData(form);
  const since = data.get('since');
  return {
    indicator: data.get('indicator') || undefined,
    severity_at_least: data.get('severity') || undefined,
    country: (data.get('country') || '').trim() || undefined,
    since: since ? new Date(`${since}T00:00:00Z`).toISOString() : undefined,
  };
}

function placeLabel(alert) {
  const precise = alert.places.find((p) => !p.id.startsWith('country/')) ?? alert.places[0];
  if (!precise) return alert.countries.join(', ');
  return [precise.name, precise.country].filter(Boolean).join(', ');
}

/** Over (its story went quiet, or an analyst resolved it) and not updated since: as isResolved in src/alerts/alert.ts. */
function isResolved(alert) {
  return Boolean(alert.resolved) && Date.parse(alert.resolved.at) >= Date.parse(alert.updatedAt);
}

function alertRow(alert) {
  return el(
    'li',
    { class: `alert sev-${alert.severity}${alert.acknowledged ? ' acked' : ''}`, dataset: { alertId: alert.id } },
    el(
      'button',
      { type: 'button', class: 'alert-open', onclick: () => openAlert(alert.id) },
      el('span', { class: 'swatch', style: `background:${indicatorColor(alert.indicatorId)}` }),
      el('span', { class: `badge sev-${alert.severity}` }, alert.severity),
      el('strong', { class: 'alert-title' }, alert.story.title),
      el('span', { class: 'alert-meta' }, alert.indicatorTitle, ' · ', placeLabel(alert), ' · ', timeAgo(alert.updatedAt), ` · ${independentSources(alert)} independent source(s)`),
      alert.acknowledged ? el('span', { class: 'tag' }, `ack ${alert.acknowledged.by}`) : null,
      alert.silenced ? el('span', { class: 'tag' }, 'silenced') : null,
      isResolved(alert) ? el('span', { class: 'tag resolved' }, alert.resolved.reason === 'expired' ? 'over (quiet)' : `resolved ${alert.resolved.by}`) : null,
    ),
  );
}

/** Loads the first page for the given filters (or the next page when `more`). */
export async function loadAlerts(filters = currentFilters, more = false) {
  currentFilters = filters;
  const page = await api.get(`/api/alerts?${filterQuery(filters, more ? nextCursor : null)}`);
  if (!more) clear(list());
  append(list(), page.alerts.map(alertRow));
  if (!more && page.alerts.length === 0) list().append(el('li', { class: 'empty' }, 'No alerts match these filters.'));
  nextCursor = page.nextCursor;
  document.getElementById('more').hidden = !nextCursor;
  return page.alerts;
}

const ACCOUNT_LABELS = { claim: 'relays the claim', official: 'official statement', local: 'local sources', denial: 'denial' };

/** Independent sources (one agency dispatch reprinted by three outlets is one); outlets for an alert raised before they were counted. */
function independentSources(alert) {
  return alert.story.sourceGroups?.length ?? alert.story.outlets;
}

function sourcing(alert) {
  const reports = alert.story.sources.length;
  return alert.story.sourcing ?? `${reports} report(s) from ${alert.story.outlets} outlet(s)`;
}

/** The JNIM component: "likely Ansarul Islam (“JNIM” at Djibo, in …)", or the named one; as attributionLine in src/extraction/attribution.ts. */
function component(alert) {
  const a = alert.attribution;
  if (!a) return '—';
  return `${a.likely ? `likely ${a.name}` : a.name} (${a.reason})`;
}

/** The sentences the attribution rests on: where the group or the generic word, and the place, are named. */
function componentEvidence(alert) {
  const a = alert.attribution;
  if (!a || a.evidence.length === 0) return null;
  const sentences = [...new Set(a.evidence.map((e) => e.sentence))];
  return el('ul', { class: 'attribution-evidence' }, sentences.map((s) => el('li', {}, el('q', {}, s))));
}

function facts(alert) {
  const casualties = alert.casualties.map((c) => `${c.count} ${c.kind}`).join(', ');
  const rows = [
    ['Indicator', `${alert.indicatorTitle} (${alert.indicatorId})`],
    ['Why it matters', alert.description],
    ['Severity', alert.severity],
    ['Places', alert.places.map((p) => [p.name, p.admin1, p.country].filter(Boolean).join(', ')).join(' · ') || '—'],
    ['Actors', alert.actors.map((a) => a.name).join(', ') || '—'],
    ['Component', component(alert)],
    ['People', alert.people.map((p) => p.name).join(', ') || '—'],
    ['Casualties', casualties || '—'],
    ['Status', alert.story.status ?? '—'],
    ['Best grade', alert.story.bestGrade ?? '—'],
    ['Sourcing', sourcing(alert)],
    ['First report', alert.story.firstReport],
    ['Acknowledged', alert.acknowledged ? `${alert.acknowledged.by} at ${alert.acknowledged.at}` : 'no'],
    ['Resolved', isResolved(alert) ? `${alert.resolved.by} at ${alert.resolved.at} (${alert.resolved.reason})` : 'no'],
  ];
  return [el('dl', { class: 'facts' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])), componentEvidence(alert)];
}

/** A later report that refers back to the incident: "follow-up: toll 54", "follow-up: claim of 2025-01-07". */
function followUpLabel(source) {
  const cue = (source.followUp ?? []).find((c) => c.kind === 'toll' && c.toll !== undefined) ?? source.followUp?.[0];
  if (!cue) return '';
  if (cue.kind === 'toll') return cue.toll !== undefined ? `follow-up: toll ${cue.toll}` : 'follow-up: toll revised';
  return `follow-up: ${cue.kind === 'claim' ? 'claim' : 'refers back'}${cue.day ? ` to ${cue.day}` : ''}`;
}

function sources(alert) {
  return el(
    'ul',
    { class: 'sources' },
    alert.story.sources.map((s) => {
      const agencies = (s.agencies ?? []).map((a) => a.agency);
      const copied = s.copyOf ? alert.story.sources.find((o) => o.articleId === s.copyOf) : undefined;
      const account = s.account && s.account.kind !== 'own' ? ACCOUNT_LABELS[s.account.kind] : '';
      const origin = [account, agencies.length > 0 ? `${agencies.join(', ')} copy` : '', copied ? `reprints ${copied.outlet}` : '', followUpLabel(s)].filter(Boolean).join('; ');
      const grade = s.grade ? ` [${s.grade}]` : '';
      return el('li', {}, externalLink(s.url, s.title), ` — ${s.outlet}${grade}${origin ? ` (${origin})` : ''}, `, timeAgo(s.published));
    }),
  );
}

function historyList(alert) {
  return el(
    'ol',
    { class: 'history' },
    [...alert.history].reverse().map((h) => el('li', {}, timeAgo(h.at), ` ${h.kind} (v${h.version}): `, h.note)),
  );
}

/** The name typed in the header, remembered in this browser; the server prefers the basic-auth user. */
function analystName() {
  return document.getElementById('analyst').value.trim() || undefined;
}

function message(text, kind = 'info') {
  return el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

function silenceForm(alert, area) {
  const form = el(
    'form',
    { class: 'silence-form' },
    el('label', {}, 'Silence ', el('select', { name: 'scope' }, el('option', { value: 'story' }, 'this story'), el('option', { value: 'indicator' }, 'the whole indicator'))),
    el('label', {}, ' for ', el('select', { name: 'hours' }, [
      el('option', { value: '6' }, '6 hours'),
      el('option', { value: '24', selected: true }, '1 day'),
      el('option', { value: '72' }, '3 days'),
      el('option', { value: '168' }, '1 week'),
    ])),
    el('label', {}, ' because ', el('input', { name: 'comment', required: true, maxlength: 500, placeholder: 'reason (required)' })),
    el('button', { type: 'submit', class: 'silence' }, 'Silence'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const by = analystName();
    try {
      const result = await api.post(`/api/alerts/${alert.id}/silence`, {
        scope: data.get('scope'),
        hours: Number(data.get('hours')),
        comment: String(data.get('comment')),
        ...(by ? { by } : {}),
      });
      area.replaceChildren(message(`Silenced until ${result.silence.expires_at}.`));
      renderDetail(result.alert, [result.silence]);
      onChange();
    } catch (err) {
      area.replaceChildren(message(err.message, 'error'));
    }
  });
  return form;
}

function actions(alert) {
  const area = el('div', { class: 'action-result' });
  const ack = el('button', { type: 'button', class: 'ack', disabled: Boolean(alert.acknowledged) }, alert.acknowledged ? 'Acknowledged' : 'Acknowledge');
  ack.addEventListener('click', async () => {
    const by = analystName();
    try {
      const result = await api.post(`/api/alerts/${alert.id}/ack`, by ? { by } : {});
      renderDetail(result.alert, []);
      onChange();
    } catch (err) {
      area.replaceChildren(message(err.message, 'error'));
    }
  });
  const resolve = el('button', { type: 'button', class: 'resolve', disabled: isResolved(alert) }, isResolved(alert) ? 'Resolved' : 'Resolve');
  resolve.addEventListener('click', async () => {
    const by = analystName();
    try {
      const result = await api.post(`/api/alerts/${alert.id}/resolve`, by ? { by } : {});
      renderDetail(result.alert, []);
      onChange();
    } catch (err) {
      area.replaceChildren(message(err.message, 'error'));
    }
  });
  return el('div', { class: 'actions' }, ack, resolve, silenceForm(alert, area), area);
}

function nearbyDate(iso) {
  return iso ? iso.slice(0, 10) : '—';
}

/** Earlier alerts and events around the alert's place, from the record: alerts open here, events link to their report. */
async function loadEarlier(alert, area) {
  let found;
  try {
    found = await api.get(`/api/alerts/${encodeURIComponent(alert.id)}/earlier`);
  } catch (err) {
    area.replaceChildren(message(err.message, 'error'));
    return;
  }
  if (found.unavailable) {
    area.replaceChildren(el('p', { class: 'empty' }, `Not shown: ${found.unavailable}.`));
    return;
  }
  const where = `within ${found.radiusKm} km of ${found.place.name}, before ${nearbyDate(found.before)}`;
  const alerts = found.alerts.map((a) =>
    el(
      'li',
      { class: 'earlier-alert', dataset: { alertId: a.id } },
      el(
        'a',
        {
          href: `#alert=${a.id}`,
          onclick: (event) => {
            event.preventDefault();
            openAlert(a.id);
          },
        },
        a.title,
      ),
      ` — ${a.indicatorTitle}, ${a.severity}, ${nearbyDate(a.firstReport)}, ${a.place} (${a.distanceKm} km)`,
    ),
  );
  const events = found.events.map((e) =>
    el(
      'li',
      { class: 'earlier-event', dataset: { eventId: e.id } },
      e.url ? externalLink(e.url, e.title) : el('span', {}, e.title),
      ` — ${e.eventTypes.join(', ')}${e.fatalities ? `, ${e.fatalities} killed` : ''}, ${nearbyDate(e.firstReport)}, ${e.place} (${e.distanceKm} km)`,
    ),
  );
  area.replaceChildren(
    el('p', { class: 'note' }, where),
    el('h4', {}, `Alerts (${alerts.length})`),
    alerts.length > 0 ? el('ul', { class: 'earlier-alerts' }, alerts) : el('p', { class: 'empty' }, 'None.'),
    el('h4', {}, `Events (${events.length})`),
    events.length > 0 ? el('ul', { class: 'earlier-events' }, events) : el('p', { class: 'empty' }, 'None.'),
  );
}

function renderDetail(alert, silencedBy) {
  const body = clear(document.getElementById('detail-body'));
  const earlier = el('div', { class: 'earlier', 'aria-live': 'polite' }, el('p', { class: 'note' }, 'Looking in the record…'));
  append(body, [
    el('h2', { id: 'detail-title' }, el('span', { class: `badge sev-${alert.severity}` }, alert.severity), ' ', alert.story.title),
    silencedBy.length > 0 ? message(`Silenced: ${silencedBy.map((s) => s.comment).join('; ')}`) : null,
    actions(alert),
    facts(alert),
    el('h3', {}, 'Evidence'),
    evidenceList(alert),
    el('h3', {}, `Sources (${sourcing(alert)})`),
    sources(alert),
    el('h3', {}, 'History'),
    historyList(alert),
    el('h3', {}, 'Earlier near here'),
    earlier,
  ]);
  document.getElementById('detail').hidden = false;
  loadEarlier(alert, earlier);
}

export async function openAlert(id) {
  const { alert, silencedBy } = await api.get(`/api/alerts/${encodeURIComponent(id)}`);
  renderDetail(alert, silencedBy);
  window.history.replaceState(null, '', `#alert=${alert.id}`);
}

export function closeAlert() {
  document.getElementById('detail').hidden = true;
  window.history.replaceState(null, '', location.pathname);
}
