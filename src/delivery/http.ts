import { Agent, fetch } from 'undici';
import type { Alert } from '../alerts/alert.js';
import type { Clock } from '../core/clock.js';
import { parseRetryAfter } from '../net/retry-after.js';
import type { z } from 'zod';
import type { AlertGroup, Notifier, SendContext } from './notifiers/types.js';
import type { ReceiverTemplate } from './template.js';

export { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../net/retry-after.js';

/**
 * A failed send, classified the way Alertmanager's Retrier does: 5xx, 408,
 * 425, 429 and network faults are retryable; other 4xx and 3xx are final. The
 * message names the receiver and status only, never the URL (it is the secret).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** Set on 429 (or 503 with Retry-After): wait this long, without counting an attempt. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const agent = new Agent({ connect: { timeout: 5000 }, headersTimeout: 15_000, bodyTimeout: 15_000 });

export interface PostOptions {
  /** Receiver name for error messages. */
  receiver: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  clock: Clock;
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs a body and resolves on 2xx; throws a classified DeliveryError otherwise. */
export async function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'sahelwatch/0.1 (+alerts)', ...options.headers },
      redirect: 'manual',
      dispatcher: agent,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    throw new DeliveryError(`${options.receiver}: ${networkReason(err)}`, true);
  }
  const text = await readCapped(response, 64 * 1024).catch(() => '');
  if (response.status >= 200 && response.status < 300) return { status: response.status, body: text };
  const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), text, options.clock.now()) : undefined;
  const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
  const hint = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  throw new DeliveryError(`${options.receiver}: HTTP ${response.status}${hint}`, retryable, response.status, retryAfterMs ?? (response.status === 429 ? 1000 : undefined));
}

/** A short cause without the URL: undici puts host and port in some messages. */
function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  return cause?.code ? `network error ${cause.code}` : 'network error';
}

async function readCapped(response: Awaited<ReturnType<typeof fetch>>, limit: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A chat receiver whose whole protocol is "POST this JSON to the webhook URL"
 * (Slack, Teams, Discord, Mattermost): only the type, rate limit and payload differ.
 */
export function chatWebhookNotifier<C extends { type: string; url: string; timeout_ms: number; template?: ReceiverTemplate | undefined }>(
  schema: z.ZodType<C> & { shape: { type: { value: C['type'] } } },
  plugin: Pick<Notifier<C>, 'summary' | 'defaultRateLimit' | 'maxPayloadBytes'>,
  payload: (alert: Alert, consoleUrl?: string, template?: ReceiverTemplate) => unknown,
  groupPayload: (group: AlertGroup, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) => unknown,
): Notifier<C> {
  // Idempotency-Key (IETF draft): the same for every retry of one delivery, for receivers and proxies that de-duplicate.
  const post = async (body: unknown, config: C, ctx: SendContext) => {
    await postJson(config.url, JSON.stringify(body), { receiver: ctx.receiver, headers: { 'idempotency-key': ctx.deliveryKey }, timeoutMs: config.timeout_ms, clock: ctx.clock });
    return 'sent' as const;
  };
  const type = schema.shape.type.value;
  return {
    ...plugin,
    type,
    transport: 'http',
    example: (url) => schema.parse({ type, url }),
    // The URL itself is the credential for incoming webhooks.
    secrets: (config) => [config.url],
    send: (alert, config, ctx) => post(payload(alert, ctx.consoleLink?.(alert.id), config.template), config, ctx),
    sendGroup: (group, config, ctx) => post(groupPayload(group, ctx.consoleLink, config.template), config, ctx),
  };
}
