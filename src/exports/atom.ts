import { createHash } from 'node:crypto';
import type { Alert } from '../alerts/alert.js';
import { attributionLine } from '../extraction/attribution.js';
import { latestSource, outletNames, primaryPlace, roundCoord, safeHttpUrl } from './alert-facts.js';

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/FFFF: one in a feed item would break every reader.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a double-quoted attribute. */
export function xmlEscape(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export interface AtomOptions {
  /** Absolute URL of the feed itself (`link rel="self"`). */
  selfUrl: string;
  title?: string;
  /** Used for `updated` when there are no alerts (the feed still needs one). */
  now?: number;
  /** The alert's page in the console: each entry's `alternate` link, with the latest source as `related`. */
  consoleLink?: (alertId: string) => string;
}

/** Stable per alert so a reader marks an updated alert as changed, not as a new entry. */
export function atomEntryId(alert: Alert): string {
  return `urn:sahelwatch:alert:${alert.id}`;
}

function entrySummary(alert: Alert): string {
  const places = alert.places.map((p) => p.name).join(', ');
  const quotes = alert.evidence.flatMap((e) => e.evidence.map((ev) => `«${ev.quote}»`)).slice(0, 5).join(' ');
  return [
    `${alert.severity.toUpperCase()} · ${alert.indicatorTitle}`,
    alert.description,
    places ? `Places: ${places}` : '',
    alert.story.sourcing ? `Sourcing: ${alert.story.sourcing}` : '',
    alert.story.status ? `Status: ${alert.story.status}` : '',
    alert.story.bestGrade ? `Best grade: ${alert.story.bestGrade}` : '',
    alert.attribution ? `Component: ${attributionLine(alert.attribution)}` : '',
    `Sources (${alert.story.outlets}): ${outletNames(alert).join(', ')}`,
    quotes ? `Matched: ${quotes}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function atomEntry(alert: Alert, consoleLink?: (alertId: string) => string): string {
  const link = safeHttpUrl(latestSource(alert)?.url);
  const consoleUrl = consoleLink ? safeHttpUrl(consoleLink(alert.id)) : undefined;
  const place = primaryPlace(alert);
  return [
    '  <entry>',
    `    <id>${xmlEscape(atomEntryId(alert))}</id>`,
    `    <title type="text">${xmlEscape(`[${alert.severity.toUpperCase()}] ${alert.indicatorTitle}: ${alert.story.title}`)}</title>`,
    `    <updated>${xmlEscape(alert.updatedAt)}</updated>`,
    `    <published>${xmlEscape(alert.createdAt)}</published>`,
    consoleUrl ? `    <link rel="alternate" type="text/html" href="${xmlEscape(consoleUrl)}"/>` : '',
    link ? `    <link rel="${consoleUrl ? 'related' : 'alternate'}" type="text/html" href="${xmlEscape(link)}"/>` : '',
    `    <category term="${xmlEscape(alert.indicatorId)}" label="${xmlEscape(alert.indicatorTitle)}"/>`,
    `    <summary type="text">${xmlEscape(entrySummary(alert))}</summary>`,
    // GeoRSS-Simple is latitude first, unlike GeoJSON.
    place ? `    <georss:point>${roundCoord(place.lat)} ${roundCoord(place.lon)}</georss:point>` : '',
    '  </entry>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Newest `updatedAt` among the alerts, as the feed's `updated` and the HTTP Last-Modified. */
export function lastUpdated(alerts: readonly Alert[], fallback: number): Date {
  const newest = alerts.reduce((max, a) => Math.max(max, Date.parse(a.updatedAt) || 0), 0);
  return new Date(newest || fallback);
}

/** RFC 4287 Atom feed of alerts with GeoRSS points; every feed-derived string is escaped. */
export function alertsToAtom(alerts: readonly Alert[], options: AtomOptions): string {
  const updated = lastUpdated(alerts, options.now ?? Date.now()).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss">',
    '  <id>urn:sahelwatch:alerts</id>',
    `  <title>${xmlEscape(options.title ?? 'sahelwatch alerts')}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(options.selfUrl)}"/>`,
    '  <author><name>sahelwatch</name></author>',
    '  <generator>sahelwatch</generator>',
    ...alerts.map((alert) => atomEntry(alert, options.consoleLink)),
    '</feed>',
    '',
  ].join('\n');
}

/** Strong validator for conditional GETs: same alerts, same bytes, same tag. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
