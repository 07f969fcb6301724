import { z } from 'zod';
import type { Alert } from '../../alerts/alert.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { AlertGroup } from '../format.js';
import { ReceiverTemplateSchema } from '../template.js';

export type { AlertGroup } from '../format.js';

/** Options every receiver accepts, whatever its type. */
export const commonReceiverFields = {
  /** At most `max` sends per `per_seconds` to this receiver; excess waits in the queue. */
  rate_limit: z.strictObject({ max: z.number().int().positive(), per_seconds: z.number().positive() }).optional(),
  /** Per request, including the response. */
  timeout_ms: z.number().int().positive().max(120_000).default(15_000),
  /** Sends to this receiver open at once, across every process; more wait in the queue without holding a worker slot. */
  max_in_flight: z.number().int().min(1).max(100).default(2),
  /** Also tell this receiver when an alert is over (its story went quiet, or an analyst resolved it), as Alertmanager's send_resolved. */
  send_resolved: z.boolean().default(false),
  /** This receiver's own title and body for single-alert messages (Mustache; see template.ts). */
  template: ReceiverTemplateSchema.optional(),
};

export const SmtpConfigSchema = z.strictObject({
  /** `smtp://user:pass@host:587` or `smtps://…`; from SMTP_URL. */
  url: z.string().optional(),
  from: z.string().default('sahelwatch <sahelwatch@localhost>'),
});
export type SmtpConfig = z.infer<typeof SmtpConfigSchema>;

export interface SendContext {
  /** Receiver name from the config, for messages. */
  receiver: string;
  /** `dl_<alertId>_v<version>_<receiver>`: webhook-id, Message-ID, BullMQ job id. */
  deliveryKey: string;
  clock: Clock;
  smtp: SmtpConfig;
  log: Logger;
  /** The alert's page in the console (`delivery.external_url`), when one is configured. */
  consoleLink?: (alertId: string) => string;
}

/** `sent`: the destination accepted it; `skipped`: this receiver does not want this alert now (e.g. digest only). */
export type SendOutcome = 'sent' | 'skipped';

export interface RateLimit {
  max: number;
  per_seconds: number;
}

/**
 * A notifier plugin: a config schema with its `type` literal, how to send one
 * alert version, and capability properties shared code reads (never the type).
 */
export interface Notifier<C extends { type: string }> {
  type: C['type'];
  /** One line for the README's receiver table (generated from the registry). */
  summary: string;
  /** How it reaches the receiver: an HTTP POST, or a mail over SMTP (the contract suite tests each its own way). */
  transport: 'http' | 'smtp';
  /** A working config that sends to `endpoint`: a URL for HTTP receivers, a mailbox for email. */
  example(endpoint: string): C;
  /** The largest message the destination accepts; payloads are cut to fit. */
  maxPayloadBytes: number;
  /** Used when the receiver sets no `rate_limit`. */
  defaultRateLimit: RateLimit;
  /** Values to mask in logs: URLs carrying tokens, signing keys, passwords. */
  secrets(config: C): string[];
  /** False when this receiver does not want this alert sent now (e.g. a digest-only mailbox). Default: always. */
  wantsNow?(config: C, alert: Alert): boolean;
  send(alert: Alert, config: C, ctx: SendContext): Promise<SendOutcome>;
  /**
   * One message for a route's group of alerts (group_by, repeat_interval): a
   * count and a list of the alerts with their console links, cut with
   * "and N more" to `maxPayloadBytes`. `ctx.deliveryKey` is the group message's key.
   */
  sendGroup(group: AlertGroup, config: C, ctx: SendContext): Promise<SendOutcome>;
  /** Present when the receiver collects alerts for a scheduled digest. */
  digest?: {
    wants(config: C, alert: Alert): boolean;
    schedule(config: C): { cron: string; tz: string; send_empty: boolean } | undefined;
    send(alerts: Alert[], config: C, ctx: SendContext & { slot: number }): Promise<void>;
  };
}
