import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import { cleanTitle } from '../../../core/text.js';
import { independentSources } from '../../../stories/story.js';
import { clean, safeLink, sourcingLine } from '../../format.js';
import { postJson } from '../../http.js';
import { commonReceiverFields, type Notifier } from '../types.js';

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
export function webhookPayload(alert: Alert, deliveryKey: string, timestamp: string, consoleUrl?: string) {
  const latest = alert.story.sources.at(-1);
  return {
    type: alert.resolved ? 'alert.resolved' : alert.version === 1 ? 'alert.created' : 'alert.updated',
    timestamp,
    data: {
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
        source_groups: (alert.story.sourceGroups ?? []).map((g) => ({ kind: g.kind, origin: g.origin, outlets: g.outlets, reports: g.reports })),
        sources_total: alert.story.sources.length,
        sources: alert.story.sources.slice(-WEBHOOK_MAX_SOURCES).map((s) => ({
          outlet: s.outlet,
          title: s.title,
          url: safeLink(s.url) ?? null,
          published_at: s.published,
          agencies: (s.agencies ?? []).map((a) => a.agency),
          account: s.account?.kind ?? null,
          /** A later report referring back to the incident: each cue's kind (reference, toll, claim), the day it names, a revised toll's figure; null otherwise. */
          follow_up: s.followUp ? s.followUp.map((c) => ({ kind: c.kind, day: c.day ?? null, toll: c.toll ?? null })) : null,
        })),
      },
      places: alert.places.map((p) => ({ id: p.id, name: p.name, country_iso2: p.country ?? null, admin1: p.admin1 ?? null, lat: p.lat ?? null, lon: p.lon ?? null })),
      countries: alert.countries,
      actors: alert.actors.map((a) => a.name),
      people: alert.people.map((p) => p.name),
      casualties: alert.casualties.map((c) => ({ kind: c.kind, count: c.count })),
      matched_terms: [...new Set(alert.evidence.flatMap((e) => e.evidence.map((ev) => ev.quote)))],
      evidence_total: alert.evidence.length,
      evidence: alert.evidence.slice(0, WEBHOOK_MAX_EVIDENCE).map((e) => ({ condition: e.condition, detail: e.detail, source_url: e.sourceUrl, sentences: e.evidence.map((ev) => ev.sentence) })),
      created_at: alert.createdAt,
      updated_at: alert.updatedAt,
    },
  };
}

export const webhookNotifier: Notifier<WebhookConfig> = {
  type: 'webhook',
  summary: 'generic JSON (`{type, timestamp, data}`), signed per Standard Webhooks when `secret` is set; the data is the alert as it is, for programs',
  transport: 'http',
  example: (url) => WebhookConfigSchema.parse({ type: 'webhook', url }),
  maxPayloadBytes: WEBHOOK_MAX_BYTES,
  defaultRateLimit: { max: 10, per_seconds: 1 },
  secrets: (config) => [config.url, ...(config.secret ? [config.secret] : [])],
  async send(alert, config, ctx) {
    const now = ctx.clock.now();
    const body = JSON.stringify(webhookPayload(alert, ctx.deliveryKey, new Date(now).toISOString(), ctx.consoleLink?.(alert.id)));
    // The timestamp is this attempt's; the id stays the same across retries so receivers can de-duplicate.
    const timestamp = Math.floor(now / 1000);
    const headers: Record<string, string> = { 'webhook-id': ctx.deliveryKey, 'idempotency-key': ctx.deliveryKey, 'webhook-timestamp': String(timestamp) };
    if (config.secret) headers['webhook-signature'] = signWebhook(config.secret, ctx.deliveryKey, timestamp, body);
    await postJson(config.url, body, { receiver: ctx.receiver, headers, timeoutMs: config.timeout_ms, clock: ctx.clock });
    return 'sent';
  },
};
