import type { Alert } from '../alerts/alert.js';
import { safeHttpUrl } from '../core/urls.js';
import { displayText, truncate } from '../core/text.js';
import { attributionLine } from '../extraction/attribution.js';
import type { Evidence } from '../extraction/extraction.js';
import { severityRank } from '../matching/match.js';

/**
 * Feed text is hostile: control characters, bidi overrides and lone surrogates
 * out, whitespace collapsed, length capped on a grapheme boundary.
 */
export const clean = displayText;

/** Cuts already-formatted text (markdown, mrkdwn) to a receiver's limit on a grapheme boundary. */
export const cut = truncate;

/** Only http(s) links reach a receiver; `javascript:` and friends are dropped. */
export const safeLink = safeHttpUrl;

/** `(`, `)`, `<`, `>`, `[`, `]`, `|`, quotes, backticks, `@` and whitespace percent-encoded: a link that cannot close a markdown link, open a tag or mention anyone. */
export function inertUrl(url: string): string {
  return url.replace(/[()<>[\]|"'`@\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A feed's link as the chat formats put it inside their markup: http(s) only, and inert. */
function markupLink(url: string | undefined): string | undefined {
  const safe = safeLink(url);
  return safe ? inertUrl(safe) : undefined;
}

/** `HIGH`, or `RESOLVED` in the notice that an alert is over (sent to receivers with `send_resolved`). */
export function severityLabel(alert: Alert): string {
  return alert.resolved ? 'RESOLVED' : alert.severity.toUpperCase();
}

/** One line: `[HIGH] Convoy interdiction — Convoi attaqué près de Kayes (Mali)`. */
export function headline(alert: Alert, max = 200): string {
  return clean(`[${severityLabel(alert)}] ${alert.indicatorTitle} — ${alert.story.title}`, max);
}

export function placesLine(alert: Alert): string {
  return clean(alert.places.map((p) => (p.country ? `${p.name} (${p.country})` : p.name)).join(', '), 300) || '—';
}

/** Groups and people named, then the JNIM component: "JNIM · likely Ansarul Islam (“JNIM” at Djibo, in …)". */
export function actorsLine(alert: Alert): string {
  const named = [...alert.actors, ...alert.people].map((a) => a.name).join(', ');
  const component = alert.attribution ? attributionLine(alert.attribution) : '';
  return clean([named, component].filter(Boolean).join(' · '), 600) || '—';
}

/**
 * Where the story stands, its best Admiralty grade, and how many reports rest on how many independent sources:
 * "confirmed · best grade B2 · 4 reports from 2 independent sources (AFP via RFI, France 24 and Le Monde; Reuters)".
 * An alert raised before sources were told apart says what it knew: its outlets.
 */
export function sourcingLine(alert: Alert): string {
  const reports = alert.story.sources.length;
  const sourcing = alert.story.sourcing ?? `${reports} report${reports === 1 ? '' : 's'} from ${alert.story.outlets} outlet${alert.story.outlets === 1 ? '' : 's'}`;
  const standing = [alert.story.status, alert.story.bestGrade ? `best grade ${alert.story.bestGrade}` : undefined].filter(Boolean);
  return clean([...standing, sourcing].join(' · '), 400);
}

export function casualtiesLine(alert: Alert): string {
  const highest = new Map<string, number>();
  for (const c of alert.casualties) highest.set(c.kind, Math.max(highest.get(c.kind) ?? 0, c.count));
  return [...highest].map(([kind, n]) => `${n} ${kind}`).join(', ') || '—';
}

/** What changed in this version, from the newest history entry. */
export function changeNote(alert: Alert): string {
  const latest = [...alert.history].reverse().find((h) => h.version === alert.version && h.kind !== 'delivered');
  return clean(latest?.note ?? '', 300);
}

export interface Segment {
  text: string;
  marked: boolean;
}

/** The evidence sentence split into plain and matched parts, so each sink can mark and escape them. */
export function markedSegments(ev: Evidence, max = 400): Segment[] {
  const sentence = ev.sentence;
  let from = ev.start - ev.sentenceStart;
  if (sentence.slice(from, from + ev.quote.length) !== ev.quote) from = sentence.indexOf(ev.quote);
  if (from < 0 || !ev.quote) return [{ text: clean(sentence, max), marked: false }];
  const to = from + ev.quote.length;
  return [
    { text: clean(sentence.slice(0, from), max), marked: false },
    { text: clean(ev.quote, max), marked: true },
    { text: clean(sentence.slice(to), max), marked: false },
  ].filter((s) => s.text.length > 0);
}

/** Up to `limit` evidence sentences, one per condition, with their source link. */
export function evidenceItems(alert: Alert, limit = 3): Array<{ detail: string; segments: Segment[]; url?: string }> {
  return alert.evidence
    .flatMap((e) => {
      const first = e.evidence[0];
      const url = markupLink(e.sourceUrl);
      return first ? [{ detail: clean(e.detail, 200), segments: markedSegments(first), ...(url ? { url } : {}) }] : [];
    })
    .slice(0, limit);
}

export function sourceLinks(alert: Alert, limit = 5): Array<{ outlet: string; title: string; url: string }> {
  return alert.story.sources
    .slice()
    .reverse()
    .flatMap((s) => {
      const url = markupLink(s.url);
      // The outlet's Admiralty grade beside its name: "RFI [B2]".
      return url ? [{ outlet: clean(s.grade ? `${s.outlet} [${s.grade}]` : s.outlet, 80), title: clean(s.title, 200), url }] : [];
    })
    .slice(0, limit);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Slack and Mattermost attachments: `&`, `<`, `>` would otherwise form links or `<!channel>` pings. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord/Mattermost markdown control characters, plus `@` so nothing looks like a mention. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>#[\]()-])/g, '\\$1').replace(/@/g, '@\u200b');
}

export const SEVERITY_COLOR: Record<Alert['severity'], number> = {
  info: 0x8a8a8a,
  low: 0x2f80ed,
  medium: 0xf2c94c,
  high: 0xf2994a,
  critical: 0xeb5757,
};

export function hexColor(alert: Alert): string {
  return `#${SEVERITY_COLOR[alert.severity].toString(16).padStart(6, '0')}`;
}

/** Alerts told together in one message (a route's group): `labels` are the group_by values they share. */
export interface AlertGroup {
  /** `g<16 hex>`, the group's id. */
  id: string;
  labels: Record<string, string>;
  /** Most severe first, then the newest. */
  alerts: Alert[];
  /** A repeat_interval reminder of alerts still active, rather than news. */
  reminder: boolean;
}

/** Most severe first, then the most recently updated. */
export function groupOrder(alerts: Alert[]): Alert[] {
  return [...alerts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.updatedAt.localeCompare(a.updatedAt));
}

/** `[HIGH] 20 alerts · country=ML`, or `[HIGH] Reminder: 3 alerts still active · country=ML`: the group's most severe alert sets the label. */
export function groupHeadline(group: AlertGroup, max = 200): string {
  const top = group.alerts[0];
  const n = group.alerts.length;
  const count = group.reminder ? `Reminder: ${n} alert${n === 1 ? '' : 's'} still active` : `${n} alert${n === 1 ? '' : 's'}`;
  const labels = groupLabelText(group);
  return clean(`${top ? `[${severityLabel(top)}] ` : ''}${count}${labels ? ` · ${labels}` : ''}`, max);
}

/** The group's labels as people read them: `story: Convoi attaqué près de Diboli · country=ML`. */
export function groupLabelText(group: AlertGroup): string {
  const top = group.alerts[0];
  return Object.entries(group.labels)
    .flatMap(([k, v]) => {
      // Every alert of the group shares these values: the first one names them as people read them.
      if (k === 'alert') return [];
      if (k === 'story' && top) return [`story: ${clean(top.story.title, 80)}`];
      if (k === 'indicator' && top) return [`indicator: ${clean(top.indicatorTitle, 80)}`];
      if (k === 'place' && top) return [`place: ${placesLine(top)}`];
      return [`${k}=${v || '—'}`];
    })
    .join(' · ');
}

/** One alert as a line of a group message, and where it links (the console, else its latest source). */
export function groupItem(alert: Alert, consoleLink?: (alertId: string) => string): { line: string; sourcing: string; url?: string } {
  const url = consoleLink?.(alert.id) ?? sourceLinks(alert, 1)[0]?.url;
  return { line: headline(alert, 300), sourcing: sourcingLine(alert), ...(url ? { url } : {}) };
}

/** `and 12 more`: what a message cut to its receiver's size says about the alerts it left out. */
export function moreLine(more: number): string {
  return `and ${more} more`;
}

/**
 * The largest message `build(shown)` (the first `shown` alerts listed, the rest
 * counted as "and N more") whose size stays within `max`: a group is cut by
 * alerts, not mid-text. Falls back to listing none.
 */
export function fitGroup<T>(total: number, build: (shown: number) => T, size: (message: T) => number, max: number): T {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(build(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

/** Size of a JSON payload in bytes, as the receiver measures it. */
export function jsonBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload));
}
