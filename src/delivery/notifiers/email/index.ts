import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import { SeveritySchema, severityRank } from '../../../matching/match.js';
import { DeliveryError } from '../../http.js';
import { commonReceiverFields, type Notifier, type SendContext } from '../types.js';
import { renderAlertEmail, renderDigest, renderGroupEmail } from './render.js';

/** True when cron-parser can compute the next occurrence in that zone (catches bad fields and bad zones). */
function validSchedule(cron: string, tz: string): boolean {
  try {
    CronExpressionParser.parse(cron, { tz }).next();
    return true;
  } catch {
    return false;
  }
}

export const DigestScheduleSchema = z
  .strictObject({
    /** Five-field cron, e.g. `0 7 * * *`. */
    cron: z.string().min(9),
    /** IANA zone the cron is read in, e.g. `Africa/Bamako`. */
    tz: z.string().default('UTC'),
    /** Send "no alerts" digests too (a heartbeat that the pipeline runs). */
    send_empty: z.boolean().default(false),
  })
  .refine((s) => validSchedule(s.cron, s.tz), { message: 'invalid cron expression or time zone', path: ['cron'] });

export const EmailConfigSchema = z.strictObject({
  type: z.literal('email'),
  to: z.array(z.email()).min(1),
  /**
   * Alerts at or above this severity are mailed at once. Without it: every
   * alert at once when there is no digest, none when there is one.
   */
  immediate_min_severity: SeveritySchema.optional(),
  digest: DigestScheduleSchema.optional(),
  subject_prefix: z.string().max(40).default('[sahelwatch]'),
  ...commonReceiverFields,
});
export type EmailConfig = z.infer<typeof EmailConfigSchema>;

function wantsImmediate(config: EmailConfig, alert: Alert): boolean {
  if (config.immediate_min_severity) return severityRank(alert.severity) >= severityRank(config.immediate_min_severity);
  return !config.digest;
}

interface MailSender {
  sendMail(mail: SendMailOptions): Promise<unknown>;
}

/**
 * `file:DIR` as the SMTP URL writes each message as DIR/<message-id>.eml instead
 * of sending it: the demo's outbox, and a way to look at mail with no server.
 */
function outboxSender(nodemailer: Nodemailer, dir: string): MailSender {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async sendMail(mail) {
      const info = (await stream.sendMail(mail)) as { message: Buffer };
      const name = String(mail.messageId ?? Date.now()).replace(/^<|@.*$/g, '').replace(/[^A-Za-z0-9_.-]/g, '_');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${name}.eml`), info.message);
    },
  };
}

/** One transport per SMTP URL; file and URL access off so a message can never read local files or fetch. */
const transports = new Map<string, MailSender>();
type Nodemailer = (typeof import('nodemailer'))['default'];
/** nodemailer is imported at the first mail, so a process with no email receiver never loads it. */
async function transportFor(url: string, timeoutMs: number): Promise<MailSender> {
  const key = `${timeoutMs} ${url}`;
  let transport = transports.get(key);
  if (!transport) {
    const nodemailer: Nodemailer = (await import('nodemailer')).default;
    transport = transports.get(key);
    if (transport) return transport;
    // nodemailer's own defaults (2 min to connect, 10 min of socket silence) would let a hung server hold a delivery slot for minutes.
    const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
    transport = url.startsWith('file:')
      ? outboxSender(nodemailer, url.slice('file:'.length) || 'outbox')
      : (nodemailer.createTransport({ url, ...timeouts }, { disableFileAccess: true, disableUrlAccess: true }) as Transporter);
    transports.set(key, transport);
  }
  return transport;
}

/** SMTP 5xx is permanent; 4xx and connection faults are worth retrying. The message never holds the SMTP URL. */
function classifySmtp(err: unknown, receiver: string): DeliveryError {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return new DeliveryError(`${receiver}: SMTP ${e.responseCode}`, e.responseCode < 500, e.responseCode);
  return new DeliveryError(`${receiver}: SMTP ${e.code ?? 'error'}`, e.code !== 'EENVELOPE');
}

/**
 * `thread`: an id shared by every mail about one alert; each version refers to it,
 * so mail clients show one conversation per alert. Auto-Submitted keeps
 * out-of-office replies away (RFC 3834).
 */
async function sendMail(ctx: SendContext, config: EmailConfig, mail: { subject: string; html: string; text: string; messageId: string; thread?: string }): Promise<void> {
  if (!ctx.smtp.url) throw new DeliveryError(`${ctx.receiver}: no SMTP_URL configured`, false);
  try {
    await (await transportFor(ctx.smtp.url, config.timeout_ms)).sendMail({
      from: ctx.smtp.from,
      to: config.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated' },
      ...(mail.thread ? { references: mail.thread, inReplyTo: mail.thread } : {}),
      date: new Date(ctx.clock.now()),
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (err) {
    throw classifySmtp(err, ctx.receiver);
  }
}

/** The mail's HTML and text together stay under this share of the limit: quoted-printable may triple accented text. */
const EMAIL_MAX_BYTES = 1_000_000;
const GROUP_BODY_MAX_BYTES = Math.floor(EMAIL_MAX_BYTES / 3.5);

export const emailNotifier: Notifier<EmailConfig> = {
  type: 'email',
  summary: 'email over `SMTP_URL`: HTML and plain text, one mail per alert version threaded per alert, or digests on a cron in a time zone',
  transport: 'smtp',
  example: (mailbox) => EmailConfigSchema.parse({ type: 'email', to: [mailbox] }),
  maxPayloadBytes: EMAIL_MAX_BYTES,
  defaultRateLimit: { max: 10, per_seconds: 60 },
  secrets: () => [],
  wantsNow: wantsImmediate,
  async send(alert, config, ctx) {
    if (!alert.resolved && !wantsImmediate(config, alert)) return 'skipped';
    const mail = renderAlertEmail(alert, config.subject_prefix, ctx.consoleLink, config.template);
    // The delivery key as Message-ID: a re-send after a crash is recognisably the same message.
    await sendMail(ctx, config, { ...mail, messageId: `<${ctx.deliveryKey}@sahelwatch.invalid>`, thread: `<${alert.id}@sahelwatch.invalid>` });
    return 'sent';
  },
  async sendGroup(group, config, ctx) {
    const mail = renderGroupEmail(group, config.subject_prefix, GROUP_BODY_MAX_BYTES, ctx.consoleLink, config.template);
    // One thread per group: each of its messages refers to the group's id.
    await sendMail(ctx, config, { ...mail, messageId: `<${ctx.deliveryKey}@sahelwatch.invalid>`, thread: `<${group.id}@sahelwatch.invalid>` });
    return 'sent';
  },
  digest: {
    wants: (config) => config.digest !== undefined,
    schedule: (config) => config.digest,
    async send(alerts, config, ctx) {
      const label = new Date(ctx.slot).toISOString().slice(0, 16).replace('T', ' ');
      const mail = renderDigest(alerts, config.subject_prefix, `${label} UTC`, ctx.consoleLink);
      await sendMail(ctx, config, { ...mail, messageId: `<${ctx.deliveryKey}@sahelwatch.invalid>` });
    },
  },
};
