import { z } from 'zod';
import { registerSecret } from '../core/log.js';
import { InhibitRuleSchema } from './inhibit.js';
import { type AlertMatcher, AlertMatcherSchema } from '../alerts/matcher.js';
import { notifierFor, ReceiverConfigSchema, type ReceiverConfig } from './notifiers/index.js';
import { CircuitBreakerConfigSchema } from './receiver-health.js';
import { type RouteGrouping, routeGroupingFields } from './grouping.js';
import { SmtpConfigSchema } from './notifiers/types.js';

export { ReceiverConfigSchema, type ReceiverConfig } from './notifiers/index.js';

/** Receiver names end up in delivery keys, BullMQ job ids and webhook-id: no `:` and no `.`. */
export const ReceiverNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'receiver names use letters, digits, _ and - only');

/** A node of the routing tree; its grouping keys (group_by, group_wait, group_interval, repeat_interval) are inherited by its children unless set. */
export interface Route extends RouteGrouping {
  match: AlertMatcher;
  receivers: string[];
  continue: boolean;
  routes: Route[];
}

/**
 * A routing tree as in Alertmanager: the first matching child wins unless it
 * sets `continue: true`; a node's receivers apply only when no child matched.
 */
export const RouteSchema: z.ZodType<Route, unknown> = z.lazy(() =>
  z.strictObject({
    match: AlertMatcherSchema.default({}),
    receivers: z.array(ReceiverNameSchema).default([]),
    continue: z.boolean().default(false),
    routes: z.array(RouteSchema).default([]),
    ...routeGroupingFields,
  }),
);

function routeReceivers(route: Route): string[] {
  return [...route.receivers, ...route.routes.flatMap(routeReceivers)];
}

export const DeliveryConfigSchema = z
  .strictObject({
    receivers: z.record(ReceiverNameSchema, ReceiverConfigSchema).default({}),
    /** The root route matches every alert: its receivers are the default. */
    route: RouteSchema.default({ match: {}, receivers: [], continue: false, routes: [] }),
    smtp: SmtpConfigSchema.prefault({}),
    /** The console's address as people reach it (`https://sahelwatch.example.org`): every notification links to the alert there. */
    external_url: z.url({ protocol: /^https?$/ }).optional(),
    /** Alerts not updated for this long are forgotten. */
    retention_days: z.number().positive().default(30),
    /** Attempts per delivery before it is dead-lettered. */
    attempts: z.number().int().min(1).max(50).default(10),
    /** First retry delay; later ones double, with jitter. */
    backoff_ms: z.number().int().positive().default(5000),
    /** As in Alertmanager: while a source alert is active, matching target alerts are recorded but not delivered. */
    inhibit_rules: z.array(InhibitRuleSchema).default([]),
    /** Parks a receiver after consecutive failures and probes it; see receiver-health.ts. */
    circuit_breaker: CircuitBreakerConfigSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const name of routeReceivers(config.route)) {
      if (!(name in config.receivers)) ctx.addIssue({ code: 'custom', path: ['route'], message: `undefined receiver "${name}" used in route` });
    }
  });
export type DeliveryConfig = z.infer<typeof DeliveryConfigSchema>;

/** Env var → receiver (name, config). Secrets come only from the environment, never from files in git. */
function receiversFromEnv(env: NodeJS.ProcessEnv): Array<[string, ReceiverConfig]> {
  const out: Array<[string, unknown]> = [];
  if (env.SAHELWATCH_WEBHOOK_URL) {
    out.push(['webhook', { type: 'webhook', url: env.SAHELWATCH_WEBHOOK_URL, ...(env.SAHELWATCH_WEBHOOK_SECRET ? { secret: env.SAHELWATCH_WEBHOOK_SECRET } : {}) }]);
  }
  const chat = [
    ['slack', env.SAHELWATCH_SLACK_WEBHOOK_URL],
    ['teams', env.SAHELWATCH_TEAMS_WEBHOOK_URL],
    ['discord', env.SAHELWATCH_DISCORD_WEBHOOK_URL],
    ['mattermost', env.SAHELWATCH_MATTERMOST_WEBHOOK_URL],
  ] as const;
  for (const [type, url] of chat) if (url) out.push([type, { type, url }]);
  if (env.SMTP_URL && env.SAHELWATCH_EMAIL_TO) {
    const to = env.SAHELWATCH_EMAIL_TO.split(',').map((s) => s.trim()).filter(Boolean);
    const digest = env.SAHELWATCH_EMAIL_DIGEST_CRON ? { cron: env.SAHELWATCH_EMAIL_DIGEST_CRON, tz: env.SAHELWATCH_EMAIL_DIGEST_TZ || 'UTC' } : undefined;
    const immediate = env.SAHELWATCH_EMAIL_IMMEDIATE_MIN_SEVERITY;
    out.push(['email', { type: 'email', to, ...(digest ? { digest } : {}), ...(immediate ? { immediate_min_severity: immediate } : {}) }]);
  }
  return out.map(([name, raw]) => {
    const parsed = ReceiverConfigSchema.safeParse(raw);
    // Name the variable, never echo its value: it is a secret.
    if (!parsed.success) throw new Error(`receiver "${name}" from environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return [name, parsed.data];
  });
}

/** Masks every receiver URL, signing secret and the SMTP URL in logs. */
export function registerDeliverySecrets(config: DeliveryConfig): void {
  registerSecret(config.smtp.url);
  for (const receiver of Object.values(config.receivers)) for (const secret of notifierFor(receiver).secrets(receiver)) registerSecret(secret);
}

/**
 * Adds the receivers the environment names to the config (a file's receiver
 * of the same name wins) and puts them on the root route, so env vars alone
 * make a working setup.
 */
export function mergeDeliveryEnv(config: DeliveryConfig, env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const receivers = { ...config.receivers };
  const rootReceivers = [...config.route.receivers];
  for (const [name, receiver] of receiversFromEnv(env)) {
    if (receivers[name]) continue;
    receivers[name] = receiver;
    if (!rootReceivers.includes(name)) rootReceivers.push(name);
  }
  const smtp = { ...config.smtp, ...(env.SMTP_URL ? { url: env.SMTP_URL } : {}), ...(env.SAHELWATCH_EMAIL_FROM ? { from: env.SAHELWATCH_EMAIL_FROM } : {}) };
  const externalUrl = env.SAHELWATCH_EXTERNAL_URL?.trim() || config.external_url;
  const merged = { ...config, receivers, smtp, ...(externalUrl ? { external_url: externalUrl } : {}), route: { ...config.route, receivers: rootReceivers } };
  registerDeliverySecrets(merged);
  return merged;
}

/** The configuration environment variables alone describe. */
export function deliveryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  return mergeDeliveryEnv(DeliveryConfigSchema.parse({}), env);
}

/** `<external_url>/#alert=<id>`: the console opens that alert (web/app.js reads the hash). */
export function consoleLinker(externalUrl: string | undefined): ((alertId: string) => string) | undefined {
  if (!externalUrl) return undefined;
  const base = externalUrl.replace(/\/+$/, '');
  return (alertId) => `${base}/#alert=${encodeURIComponent(alertId)}`;
}

export { routeAlert } from './route.js';
