import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import { cleanTitle } from '../../../core/text.js';
import { independentSources } from '../../../stories/story.js';
import { attributionLabel } from '../../../extraction/attribution.js';
import { deliveryKey as versionDeliveryKey } from '../../enqueue.js';
import { clean, fitGroup, groupHeadline, jsonBytes, moreLine, safeLink, sourcingLine } from '../../format.js';
import { postJson } from '../../http.js';
import { PLAIN, type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import { type AlertGroup, commonReceiverFields, type Notifier, type SendContext } from '../types.js';

export const WebhookConfigSchema = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** Standard Webhooks signing secret, `whsec_<base64>`; without it requests are unsigned. */
  secret: z.string().min(8).optional(),
  ...commonReceiverFields,
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

/** The HMAC key: base64 after `whsec_` (the Standard Webhooks form), otherwise the raw string. */
function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, as Standard Webhooks 1.0 specifies. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** A story reported by hundreds of outlets still makes a bounded body: the latest sources and the first evidence, with their totals. */
const WEBHOOK_MAX_SOURCES = 200;
const WEBHOOK_MAX_EVIDENCE = 100;
export const WEBHOOK_MAX_BYTES = 1_000_000;

/** Stable, documented JSON: `{type, timestamp, data}` with the alert in snake_case under `data`. */
export function webhookPayload(alert: Alert, deliveryKey: string, timestamp: string, consoleUrl?: string, template?: ReceiverTemplate) {
  // A program gets the template's text as it is (values cleaned, nothing escaped), beside the data.
  const message = renderReceiverTemplate(template, alert, consoleUrl, { title: PLAIN, body: PLAIN });
  return {
    type: alert.resolved ? 'alert.resolved' : alert.version === 1 ? 'alert.created' : 'alert.updated',
    timestamp,
    ...(template ? { message } : {}),
    data: alertData(alert, deliveryKey, consoleUrl),
  };
}

/**
 * A group (`type: alert.group`): the group's id and labels, whether it is a
 * repeat_interval reminder, `alerts_total`, and `alerts` as the single message's
 * `data`, each with its own version's `dedupe_key`; cut to the size limit with
 * the rest counted in `alerts_omitted` ("and N more").
 */
export function webhookGroupPayload(group: AlertGroup, receiver: string, deliveryKey: string, timestamp: string, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) {
  const alerts = group.alerts.map((alert) => alertData(alert, versionDeliveryKey(alert, receiver), consoleLink?.(alert.id)));
  // A program gets the template's text as it is: the title, and one line per listed alert.
  const own = renderGroupTemplate(template, group, consoleLink, { title: PLAIN, item: PLAIN });
  const itemText = own.item;
  const build = (shown: number) => ({
    type: 'alert.group',
    timestamp,
    ...(own.title !== undefined || itemText ? { message: { ...(own.title !== undefined ? { title: own.title } : {}), ...(itemText ? { items: group.alerts.slice(0, shown).map(itemText) } : {}) } } : {}),
    data: {
      group: group.id,
      dedupe_key: deliveryKey,
      labels: group.labels,
      reminder: group.reminder,
      summary: groupHeadline(group),
      alerts_total: group.alerts.length,
      alerts_omitted: group.alerts.length - shown,
      ...(shown < group.alerts.length ? { more: moreLine(group.alerts.length - shown) } : {}),
      alerts: alerts.slice(0, shown),
    },
  });
  return fitGroup(group.alerts.length, build, jsonBytes, WEBHOOK_MAX_BYTES);
}

/** One alert in snake_case, as `data` of a single message and as an item of a group's `alerts`. */
function alertData(alert: Alert, deliveryKey: string, consoleUrl?: string) {
  const latest = alert.story.sources.at(-1);
  return {
    id: alert.id,
    version: alert.version,
    dedupe_key: deliveryKey,
    indicator: alert.indicatorId,
    indicator_title: alert.indicatorTitle,
    /** Deprecated aliases of `indicator` and `indicator_title`, kept for one release. */
    rule_id: alert.indicatorId,
    rule_title: alert.indicatorTitle,
    description: alert.description,
    severity: alert.severity,
    resolved: alert.resolved ? { at: alert.resolved.at, by: alert.resolved.by, reason: alert.resolved.reason } : null,
    tags: alert.tags,
    // As stored at ingestion (no bidi controls, no lone surrogates), also for an alert from an older store or an import.
    title: cleanTitle(alert.story.title),
    summary: clean(alert.history.at(-1)?.note ?? '', 500),
    url: safeLink(latest?.url) ?? null,
    /** The alert in the console (`delivery.external_url`), or null. */
    console_url: consoleUrl ?? null,
    source_name: latest?.outlet ?? null,
    published_at: latest?.published ?? null,
    story: {
      id: alert.story.id,
      first_report: alert.story.firstReport,
      latest_report: alert.story.latestReport,
      outlets: alert.story.outlets,
      /** Independent sources: syndicated copies of one dispatch and one owner's outlets count once. */
      independent_sources: independentSources(alert.story),
      sourcing: sourcingLine(alert),
      /** claimed, reported, confirmed or disputed; null for an alert raised before stories had one. */
      status: alert.story.status ?? null,
      /** The best Admiralty grade among the reports (`sources.grades`), or null. */
      best_grade: alert.story.bestGrade ?? null,
      source_groups: (alert.story.sourceGroups ?? []).map((g) => ({ kind: g.kind, origin: g.origin, outlets: g.outlets, reports: g.reports })),
      sources_total: alert.story.sources.length,
      sources: alert.story.sources.slice(-WEBHOOK_MAX_SOURCES).map((s) => ({
        outlet: s.outlet,
        title: s.title,
        url: safeLink(s.url) ?? null,
        published_at: s.published,
        agencies: (s.agencies ?? []).map((a) => a.agency),
        account: s.account?.kind ?? null,
        grade: s.grade ?? null,
        scale: s.scale ?? null,
        /** A later report referring back to the incident: each cue's kind (reference, toll, claim), the day it names, a revised toll's figure; null otherwise. */
        follow_up: s.followUp ? s.followUp.map((c) => ({ kind: c.kind, day: c.day ?? null, toll: c.toll ?? null })) : null,
      })),
    },
    places: alert.places.map((p) => ({ id: p.id, name: p.name, country_iso2: p.country ?? null, admin1: p.admin1 ?? null, lat: p.lat ?? null, lon: p.lon ?? null })),
    countries: alert.countries,
    actors: alert.actors.map((a) => a.name),
    /** The JNIM component, named in a report or likely from the place ("likely Ansarul Islam"), with why; null when none. */
    attribution: alert.attribution
      ? { actor: alert.attribution.actorId, name: alert.attribution.name, likely: alert.attribution.likely, label: attributionLabel(alert.attribution), reason: clean(alert.attribution.reason, 500), sentences: alert.attribution.evidence.map((e) => e.sentence) }
      : null,
    people: alert.people.map((p) => p.name),
    casualties: alert.casualties.map((c) => ({ kind: c.kind, count: c.count })),
    matched_terms: [...new Set(alert.evidence.flatMap((e) => e.evidence.map((ev) => ev.quote)))],
    evidence_total: alert.evidence.length,
    evidence: alert.evidence.slice(0, WEBHOOK_MAX_EVIDENCE).map((e) => ({ condition: e.condition, detail: e.detail, source_url: e.sourceUrl, sentences: e.evidence.map((ev) => ev.sentence) })),
    created_at: alert.createdAt,
    updated_at: alert.updatedAt,
  };
}

/** POSTs a body with the Standard Webhooks headers (signed when a secret is set); the id is the delivery key, the same on every retry. */
async function postSigned(body: string, config: WebhookConfig, ctx: SendContext): Promise<'sent'> {
  const timestamp = Math.floor(ctx.clock.now() / 1000);
  const headers: Record<string, string> = { 'webhook-id': ctx.deliveryKey, 'idempotency-key': ctx.deliveryKey, 'webhook-timestamp': String(timestamp) };
  if (config.secret) headers['webhook-signature'] = signWebhook(config.secret, ctx.deliveryKey, timestamp, body);
  await postJson(config.url, body, { receiver: ctx.receiver, headers, timeoutMs: config.timeout_ms, clock: ctx.clock });
  return 'sent';
}

export const webhookNotifier: Notifier<WebhookConfig> = {
  type: 'webhook',
  summary: 'generic JSON (`{type, timestamp, data}`), signed per Standard Webhooks when `secret` is set; the data is the alert as it is, for programs',
  transport: 'http',
  example: (url) => WebhookConfigSchema.parse({ type: 'webhook', url }),
  maxPayloadBytes: WEBHOOK_MAX_BYTES,
  defaultRateLimit: { max: 10, per_seconds: 1 },
  secrets: (config) => [config.url, ...(config.secret ? [config.secret] : [])],
  send: (alert, config, ctx) =>
    postSigned(JSON.stringify(webhookPayload(alert, ctx.deliveryKey, new Date(ctx.clock.now()).toISOString(), ctx.consoleLink?.(alert.id), config.template)), config, ctx),
  sendGroup: (group, config, ctx) =>
    postSigned(JSON.stringify(webhookGroupPayload(group, ctx.receiver, ctx.deliveryKey, new Date(ctx.clock.now()).toISOString(), ctx.consoleLink, config.template)), config, ctx),
};
