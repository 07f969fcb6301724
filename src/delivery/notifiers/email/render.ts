import type { Alert } from '../../../alerts/alert.js';
import { PLAIN, type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import type { AlertGroup } from '../types.js';
import { severityRank } from '../../../matching/match.js';
import {
  actorsLine,
  casualtiesLine,
  changeNote,
  clean,
  escapeHtml,
  evidenceItems,
  fitGroup,
  groupHeadline,
  headline,
  moreLine,
  hexColor,
  placesLine,
  severityLabel,
  type Segment,
  sourceLinks,
  sourcingLine,
} from '../../format.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** One line, no CR/LF or other controls, short: nothing from a feed can add a header. */
export function safeSubject(text: string): string {
  return clean(text, 150);
}

function markedHtml(segments: Segment[]): string {
  return segments.map((s) => (s.marked ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join(' ');
}

function markedText(segments: Segment[]): string {
  return segments.map((s) => (s.marked ? `[${s.text}]` : s.text)).join(' ');
}

/** One alert card; every interpolated string is escaped, links are http(s) only. */
function alertHtml(alert: Alert, consoleUrl?: string, ownBody?: string): string {
  const facts = [
    ['Places', placesLine(alert)],
    ['Actors', actorsLine(alert)],
    ['Sourcing', sourcingLine(alert)],
    ['Casualties', casualtiesLine(alert)],
    ['Latest report', alert.story.latestReport],
  ]
    .map(([k, v]) => `<tr><td style="color:#666;padding-right:8px">${escapeHtml(k ?? '')}</td><td>${escapeHtml(v ?? '')}</td></tr>`)
    .join('');
  const evidence = evidenceItems(alert, 5)
    .map((e) => `<li><em>${escapeHtml(e.detail)}</em>: “${markedHtml(e.segments)}”${e.url ? ` <a href="${escapeHtml(e.url)}">source</a>` : ''}</li>`)
    .join('');
  const sources = sourceLinks(alert, 10)
    .map((s) => `<li><a href="${escapeHtml(s.url)}">${escapeHtml(s.outlet)}: ${escapeHtml(s.title)}</a></li>`)
    .join('');
  return [
    `<div style="border-left:4px solid ${hexColor(alert)};padding:4px 12px;margin:12px 0">`,
    `<h3 style="margin:4px 0">${escapeHtml(headline(alert, 300))}</h3>`,
    ownBody !== undefined
      ? `<p style="margin:4px 0;white-space:pre-wrap">${ownBody}</p>`
      : `<p style="margin:4px 0">${escapeHtml(clean(alert.description, 600))} <span style="color:#666">${escapeHtml(changeNote(alert))}</span></p>`,
    `<table style="font-size:13px">${facts}</table>`,
    evidence ? `<p style="margin:6px 0 0"><strong>Evidence</strong></p><ul>${evidence}</ul>` : '',
    sources ? `<p style="margin:6px 0 0"><strong>Sources</strong></p><ul>${sources}</ul>` : '',
    consoleUrl ? `<p style="margin:6px 0"><a href="${escapeHtml(consoleUrl)}">Open in sahelwatch</a></p>` : '',
    `<p style="color:#999;font-size:11px">${escapeHtml(`${alert.indicatorId} · v${alert.version} · ${alert.id}`)}</p>`,
    '</div>',
  ].join('\n');
}

function alertText(alert: Alert, consoleUrl?: string, ownBody?: string): string {
  const evidence = evidenceItems(alert, 5).map((e) => `  - ${e.detail}: "${markedText(e.segments)}"${e.url ? ` <${e.url}>` : ''}`);
  const sources = sourceLinks(alert, 10).map((s) => `  - ${s.outlet}: ${s.title} <${s.url}>`);
  return [
    headline(alert, 300),
    ...(ownBody !== undefined ? [ownBody] : [clean(alert.description, 600), changeNote(alert)]),
    `Places: ${placesLine(alert)}`,
    `Actors: ${actorsLine(alert)}`,
    `Sourcing: ${sourcingLine(alert)}`,
    `Casualties: ${casualtiesLine(alert)}   Latest report: ${alert.story.latestReport}`,
    ...(evidence.length ? ['Evidence:', ...evidence] : []),
    ...(sources.length ? ['Sources:', ...sources] : []),
    ...(consoleUrl ? [`Open in sahelwatch: ${consoleUrl}`] : []),
    `(${alert.indicatorId} · v${alert.version} · ${alert.id})`,
  ].join('\n');
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:760px">${body}</body></html>`;
}

/** Story titles longer than this are cut in the subject, so the severity and indicator still show. */
const SUBJECT_TITLE_MAX = 100;

/**
 * `[sahelwatch] Convoi attaqué près de Diboli — [HIGH] Convoy interdiction…`:
 * the story title first, because it is what tells one alert mail from the next
 * in an inbox list; the indicator title (the same on every mail of a rule) last.
 */
export function alertSubject(alert: Alert, subjectPrefix: string): string {
  return safeSubject(`${subjectPrefix} ${clean(alert.story.title, SUBJECT_TITLE_MAX)} — [${severityLabel(alert)}] ${alert.indicatorTitle}`);
}

/**
 * One alert's mail. A receiver's template sets the subject after the prefix
 * (values cleaned, one line) and the body paragraph: in the HTML part its
 * values are HTML-escaped, in the text part they are as cleaned.
 */
export function renderAlertEmail(alert: Alert, subjectPrefix: string, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate): RenderedEmail {
  const consoleUrl = consoleLink?.(alert.id);
  const html = renderReceiverTemplate(template, alert, consoleUrl, { title: PLAIN, body: { text: escapeHtml, url: escapeHtml } });
  const text = renderReceiverTemplate(template, alert, consoleUrl, { title: PLAIN, body: PLAIN });
  const subject = text.title !== undefined ? safeSubject(`${subjectPrefix} ${text.title}`) : alertSubject(alert, subjectPrefix);
  return { subject, html: page(subject, alertHtml(alert, consoleUrl, html.body)), text: `${alertText(alert, consoleUrl, text.body)}\n` };
}

export interface DigestGroup {
  severity: Alert['severity'];
  indicatorTitle: string;
  alerts: Alert[];
}

/** Most severe first, then by indicator; inside a group the newest alert first. */
export function groupForDigest(alerts: Alert[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const alert of alerts) {
    const key = `${alert.severity}\u0000${alert.indicatorId}`;
    const group = groups.get(key) ?? { severity: alert.severity, indicatorTitle: alert.indicatorTitle, alerts: [] };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.indicatorTitle.localeCompare(b.indicatorTitle),
  );
  for (const g of sorted) g.alerts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return sorted;
}

export function renderDigest(alerts: Alert[], subjectPrefix: string, label: string, consoleLink?: (alertId: string) => string): RenderedEmail {
  const groups = groupForDigest(alerts);
  const counts = groups.map((g) => `${g.alerts.length} ${g.severity}`).join(', ');
  const subject = safeSubject(`${subjectPrefix} Digest ${label}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}`);
  if (alerts.length === 0) {
    return { subject, html: page(subject, '<p>No alerts in this period.</p>'), text: 'No alerts in this period.\n' };
  }
  const html = groups
    .map((g) => `<h2 style="font-size:16px;border-bottom:1px solid #ddd">${escapeHtml(`${g.severity.toUpperCase()} — ${clean(g.indicatorTitle, 200)} (${g.alerts.length})`)}</h2>\n${g.alerts.map((a) => alertHtml(a, consoleLink?.(a.id))).join('\n')}`)
    .join('\n');
  const text = groups
    .map((g) => `== ${g.severity.toUpperCase()} — ${clean(g.indicatorTitle, 200)} (${g.alerts.length}) ==\n\n${g.alerts.map((a) => alertText(a, consoleLink?.(a.id))).join('\n\n')}`)
    .join('\n\n');
  return { subject, html: page(subject, `<h1 style="font-size:18px">${escapeHtml(subject)}</h1>\n${html}`), text: `${text}\n` };
}

/**
 * One mail for a route's group: the count and labels in the subject, one alert
 * card each (with its console link), cut by whole cards to `maxBytes` of HTML
 * and text together, the rest counted as "and N more".
 */
export function renderGroupEmail(group: AlertGroup, subjectPrefix: string, maxBytes: number, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate): RenderedEmail {
  // A group_item template turns the cards into a list: its values HTML-escaped in the HTML part, as cleaned in the text part.
  const own = {
    html: renderGroupTemplate(template, group, consoleLink, { title: PLAIN, item: { text: escapeHtml, url: escapeHtml } }),
    text: renderGroupTemplate(template, group, consoleLink, { title: PLAIN, item: PLAIN }),
  };
  const title = own.text.title ?? groupHeadline(group, 300);
  const subject = safeSubject(`${subjectPrefix} ${title}`);
  const itemHtml = own.html.item;
  const itemText = own.text.item;
  const build = (shown: number): RenderedEmail => {
    const more = group.alerts.length - shown;
    const listed = group.alerts.slice(0, shown);
    const cards = itemHtml ? [`<ul>${listed.map((a) => `<li style="white-space:pre-wrap">${itemHtml(a)}</li>`).join('')}</ul>`] : listed.map((a) => alertHtml(a, consoleLink?.(a.id)));
    const html = [`<h1 style="font-size:18px">${escapeHtml(clean(title, 300))}</h1>`, ...cards, more > 0 ? `<p>${escapeHtml(moreLine(more))}</p>` : ''].join('\n');
    const text = [clean(title, 300), ...listed.map((a) => (itemText ? `- ${itemText(a)}` : alertText(a, consoleLink?.(a.id)))), ...(more > 0 ? [moreLine(more)] : [])].join('\n\n');
    return { subject, html: page(subject, html), text: `${text}\n` };
  };
  return fitGroup(group.alerts.length, build, (mail) => Buffer.byteLength(mail.html) + Buffer.byteLength(mail.text), maxBytes);
}
