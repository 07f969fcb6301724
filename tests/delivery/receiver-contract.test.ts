import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/log.js';
import { consoleLinker, DeliveryConfigSchema, type ReceiverConfig } from '../../src/delivery/config.js';
import { DeliveryError } from '../../src/delivery/http.js';
import { NOTIFIERS, type Notifier, receiverTable } from '../../src/delivery/notifiers/index.js';
import type { AlertGroup } from '../../src/delivery/notifiers/types.js';
import { templateVariableTable } from '../../src/delivery/template.js';
import { sampleAlert, T0 } from '../alerts/fixtures.js';
import { TestSmtpServer } from '../helpers/smtp.js';
import { type Behaviour, WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * One contract for every registered receiver: adding one is a folder and a
 * registry line, and this suite runs it without a hand-written case. What
 * differs per platform (Block Kit, Adaptive Cards, embeds, mail) is tested in
 * notifiers.test.ts.
 */
const http = new WebhookReceiver();
const smtp = new TestSmtpServer();
const clock = new ManualClock(T0);
const TOKEN = 'T0SECRETxB0SECRETxZz9Qw7SECRET';
let httpBase = '';
let smtpUrl = '';
let silentSmtp: { server: Server; url: string; sockets: Set<Socket> };

beforeAll(async () => {
  httpBase = await http.start();
  smtpUrl = await smtp.start();
  // An SMTP server that accepts the connection and never greets: a hung mail relay.
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silentSmtp = { server, sockets, url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}` };
});
afterAll(async () => {
  await http.close();
  await smtp.close();
  for (const s of silentSmtp.sockets) s.destroy();
  await new Promise<void>((resolve) => silentSmtp.server.close(() => resolve()));
});

/** What a receiver got, whichever the transport: the raw bytes, the text a person reads, and the idempotency key it carried. */
interface Arrival {
  raw: string;
  text: string;
  idempotencyKey: string | undefined;
}

interface Sent {
  arrival?: Arrival;
  error?: unknown;
  logs: string;
}

let sequence = 0;
const consoleLink = consoleLinker('https://sahelwatch.example.org/');

/** Sends one alert through the notifier as the delivery worker does (config parsed with the whole delivery config, so secrets are registered). */
async function send(notifier: Notifier<ReceiverConfig>, what: Alert | AlertGroup, options: { http?: Behaviour; smtpReply?: number; smtpUrl?: string; timeoutMs?: number; template?: Record<string, string> } = {}): Promise<Sent> {
  sequence += 1;
  const endpoint = notifier.transport === 'http' ? `${httpBase}/hooks/${TOKEN}` : `desk${sequence}@example.org`;
  const raw = { ...notifier.example(endpoint), ...(options.timeoutMs ? { timeout_ms: options.timeoutMs } : {}), ...(options.template ? { template: options.template } : {}) };
  const config = DeliveryConfigSchema.parse({ receivers: { contract: raw }, route: { receivers: ['contract'] } }).receivers.contract as ReceiverConfig;
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', pretty: false, destination: new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }) });
  const before = http.requests.length;
  const mailsBefore = smtp.messages.length;
  if (options.http) http.script.push(options.http);
  if (options.smtpReply) {
    smtp.rejectNext = 1;
    smtp.rejectCode = options.smtpReply;
  }
  const deliveryKey = 'alerts' in what ? `gr_${what.id}_n1_contract${sequence}` : `dl_${what.id}_v${what.version}_contract${sequence}`;
  const ctx = { receiver: 'contract', deliveryKey, clock, smtp: { url: options.smtpUrl ?? smtpUrl, from: 'sahelwatch <alerts@example.org>' }, log, consoleLink };
  let error: unknown;
  try {
    const outcome = 'alerts' in what ? await notifier.sendGroup(what, config, ctx) : await notifier.send(what, config, ctx);
    expect(outcome).toBe('sent');
  } catch (err) {
    error = err;
    log.warn({ error: err instanceof Error ? err.message : String(err) }, 'Delivery failed; will retry.');
  }
  const request = http.requests[before];
  const mail = smtp.messages[mailsBefore];
  const arrival = request
    ? { raw: request.body, text: request.body, idempotencyKey: String(request.headers['idempotency-key'] ?? request.headers['webhook-id'] ?? '') || undefined }
    : mail
      ? { raw: mail.raw, text: `${mail.parsed.subject}\n${mail.parsed.text}\n${mail.parsed.html || ''}`, idempotencyKey: mail.parsed.messageId?.replace(/^<|@.*$/g, '') }
      : undefined;
  http.script.length = 0;
  smtp.rejectNext = 0;
  return { ...(arrival ? { arrival } : {}), ...(error ? { error } : {}), logs: lines.join('') };
}

function hugeAlert(): Alert {
  const base = sampleAlert();
  const long = 'Attaque contre un convoi de citernes près de Diboli, dans la région de Kayes — '.repeat(60);
  const sources = Array.from({ length: 400 }, (_, i) => ({ ...base.story.sources[0]!, outlet: `Outlet ${i}`, title: long.slice(0, 300), url: `https://news${i}.example/${'p'.repeat(150)}` }));
  const evidence = Array.from({ length: 60 }, () => ({ ...base.evidence[0]!, detail: long.slice(0, 200), evidence: [{ ...base.evidence[0]!.evidence[0]!, sentence: long.slice(0, 1500) }] }));
  return sampleAlert({ story: { ...base.story, title: long, sources, outlets: 400 }, description: long, evidence });
}

/** `n` alerts on one incident (own ids and stories, one country), as a route's group hands them to a notifier. */
function group(n: number, title = (i: number) => `Attaque numéro ${i} contre un convoi près de Kayes`): AlertGroup {
  const base = sampleAlert();
  const alerts = Array.from({ length: n }, (_, i) => sampleAlert({ id: `al_group${String(i).padStart(4, '0')}`, story: { ...base.story, id: `st_group${i}`, title: title(i) } }));
  return { id: 'g0123456789abcdef', labels: { country: 'ML' }, alerts, reminder: false };
}

const failure = (sent: Sent) => {
  expect(sent.error).toBeInstanceOf(DeliveryError);
  return sent.error as DeliveryError;
};

it('the README lists every registered receiver (generated table is current)', () => {
  expect(readFileSync('README.md', 'utf8')).toContain(receiverTable());
});

it('the README lists every template variable (generated table is current)', () => {
  expect(readFileSync('README.md', 'utf8')).toContain(templateVariableTable());
});

describe.each(NOTIFIERS.map((n) => [n.type, n] as const))('receiver %s', (_type, notifier) => {
  it('has a working example config', () => {
    const config = notifier.example(notifier.transport === 'http' ? 'https://hooks.example.org/x' : 'desk@example.org');
    expect(DeliveryConfigSchema.parse({ receivers: { r: config } }).receivers.r?.type).toBe(notifier.type);
  });

  it('delivers the story title, its source link and a link to the alert in the console, keyed by the delivery key for de-duplication', async () => {
    const alert = sampleAlert({ story: { ...sampleAlert().story, title: 'Convoi de citernes incendié près de Diboli' } });
    const { arrival, error } = await send(notifier, alert);
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('Convoi de citernes incendi');
    expect(arrival?.text).toContain(new URL(alert.story.sources[0]?.url ?? '').href.replace(/^https:\/\//, ''));
    expect(arrival?.text).toContain(`https://sahelwatch.example.org/#alert=${alert.id}`);
    expect(arrival?.idempotencyKey).toMatch(new RegExp(`^dl_${alert.id}_v1_contract\\d+$`));
  });

  it('tells where the story stands and how many independent sources its reports rest on, and which', async () => {
    const base = sampleAlert();
    const sourcing = '3 reports from 2 independent sources (AFP via RFI and France 24; Reuters)';
    const { arrival, error } = await send(notifier, sampleAlert({ story: { ...base.story, sourcing, status: 'disputed' } }));
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('disputed');
    expect(arrival?.text).toContain('3 reports from 2 independent sources');
    expect(arrival?.text).toContain('AFP via RFI and France 24');
  });

  it('names the JNIM component, "likely" and why when read from the place, and each outlet\'s grade and the story\'s best', async () => {
    const base = sampleAlert();
    const sentence = 'Fighters of JNIM stormed a checkpoint at the entrance of Djibo on Monday.';
    const attribution = {
      actorId: 'actor/ansarul-islam',
      name: 'Ansarul Islam',
      likely: true,
      basis: 'place' as const,
      said: 'JNIM',
      place: { id: 'place/bf/djibo', name: 'Djibo' },
      reason: "“JNIM” at Djibo, in Ansarul Islam's area: Soum province, northern Burkina Faso (Djibo, Arbinda)",
      evidence: [{ start: 12, end: 16, quote: 'JNIM', sentence, sentenceStart: 0 }],
      sourceUrl: base.story.sources[0]?.url ?? '',
    };
    const sources = base.story.sources.map((s, i) => ({ ...s, grade: i === 0 ? 'C3' : 'B2' }));
    const { arrival, error } = await send(notifier, sampleAlert({ attribution, story: { ...base.story, sources, bestGrade: 'B2', status: 'reported' } }));
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('likely Ansarul Islam');
    expect(arrival?.text).toMatch(/JNIM(”|\\u201d|&#8221;)? at Djibo/);
    expect(arrival?.text).toContain('best grade B2');
    // Beside the outlet's name where people read it; the generic webhook gives it as the source's own field.
    const unescaped = (arrival?.text ?? '').replaceAll('\\', '');
    expect(unescaped).toMatch(/Studio Tamani \[C3\]|"outlet":"Studio Tamani"[^}]*"grade":"C3"/);
  });

  it('says plainly when an alert is over (the notice send_resolved receivers get)', async () => {
    const base = sampleAlert();
    const { arrival, error } = await send(notifier, sampleAlert({ resolved: { at: base.updatedAt, by: 'sahelwatch', reason: 'expired' } }));
    expect(error).toBeUndefined();
    expect(arrival?.text).toMatch(notifier.transport === 'http' && notifier.type === 'webhook' ? /"type":"alert\.resolved"/ : /RESOLVED/);
  });

  it('strips bidi overrides and lone surrogates from what people read', async () => {
    const title = 'Attaque \u202Eelif.exe\u202C près de Kayes \ud83d';
    const { arrival } = await send(notifier, sampleAlert({ story: { ...sampleAlert().story, title } }));
    expect(arrival?.text).toContain('près de Kayes');
    expect(arrival?.text).not.toMatch(/\u202E|\\u202e/i);
    expect(arrival?.text).not.toMatch(/\\ud83d(?!\\ud[c-f])|\ud83d(?![\udc00-\udfff])/i);
  });

  it(`cuts a huge alert to the destination's limit (${notifier.maxPayloadBytes.toLocaleString('en')} bytes) and still sends it`, async () => {
    const { arrival, error } = await send(notifier, hugeAlert());
    expect(error).toBeUndefined();
    expect(Buffer.byteLength(arrival?.raw ?? '')).toBeGreaterThan(1000);
    expect(Buffer.byteLength(arrival?.raw ?? '')).toBeLessThanOrEqual(notifier.maxPayloadBytes);
    if (notifier.transport === 'http') expect(() => JSON.parse(arrival?.raw ?? '')).not.toThrow();
  });

  it('delivers a group as one message: the count, and every alert with its title and console link, keyed by the group message', async () => {
    const twenty = group(20);
    const { arrival, error } = await send(notifier, twenty);
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('20 alerts');
    expect(arrival?.text).toContain('country=ML');
    for (const [i, alert] of twenty.alerts.entries()) {
      expect(arrival?.text).toContain(`https://sahelwatch.example.org/#alert=${alert.id}`);
      expect(arrival?.text).toContain(`Attaque numéro ${i} contre un convoi`);
    }
    expect(arrival?.idempotencyKey).toMatch(/^gr_g0123456789abcdef_n1_contract\d+$/);
    if (notifier.transport === 'http') expect(() => JSON.parse(arrival?.raw ?? '')).not.toThrow();
  });

  it('says a reminder is a reminder (repeat_interval)', async () => {
    const { arrival } = await send(notifier, { ...group(3), reminder: true });
    expect(arrival?.text).toContain('Reminder: 3 alerts still active');
  });

  it(`cuts a huge group to the destination's limit (${notifier.maxPayloadBytes.toLocaleString('en')} bytes) by whole alerts, saying "and N more"`, async () => {
    const long = (i: number) => `${i} — ${'Attaque contre un convoi de citernes près de Diboli, dans la région de Kayes '.repeat(4)}`;
    const huge = group(600, long);
    const { arrival, error } = await send(notifier, huge);
    expect(error).toBeUndefined();
    expect(Buffer.byteLength(arrival?.raw ?? '')).toBeLessThanOrEqual(notifier.maxPayloadBytes);
    const more = arrival?.text.match(/and (\d+) more/);
    expect(more).not.toBeNull();
    const listed = huge.alerts.filter((a) => arrival?.text.includes(`#alert=${a.id}`)).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed + Number(more?.[1])).toBe(600);
  });

  it('strips bidi overrides and lone surrogates from every alert of a group', async () => {
    const { arrival } = await send(notifier, group(3, (i) => `Attaque \u202Eelif.exe\u202C ${i} près de Kayes \ud83d`));
    expect(arrival?.text).toContain('près de Kayes');
    expect(arrival?.text).not.toMatch(/\u202E|\\u202e/i);
    expect(arrival?.text).not.toMatch(/\\ud83d(?!\\ud[c-f])|\ud83d(?![\udc00-\udfff])/i);
  });

  it("fills its own title and body from the receiver's template (Mustache)", async () => {
    const template = { title: 'ALERTE {{severity}} {{title}}', body: 'Voir {{console_url}} · {{sourcing}}{{#status}} · statut {{status}}{{/status}}{{^actors}}sans acteur{{/actors}}{{#casualties}} · bilan {{casualties}}{{/casualties}}' };
    const base = sampleAlert();
    const alert = sampleAlert({ story: { ...base.story, title: 'Convoi de citernes incendié près de Diboli', status: 'confirmed' }, casualties: [] });
    const { arrival, error } = await send(notifier, alert, { template });
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('ALERTE HIGH Convoi de citernes incendi');
    expect(arrival?.text).toContain(`Voir https://sahelwatch.example.org/#alert=${alert.id}`);
    expect(arrival?.text).toContain('statut confirmed');
    expect(arrival?.text).not.toContain('sans acteur');
    expect(arrival?.text).not.toContain('bilan');
  });

  it("fills a group message's title and each listed alert from the receiver's template (group_title, group_item)", async () => {
    const template = { group_title: 'GROUPE {{count}} {{severity}} {{labels}}{{#reminder}} rappel{{/reminder}}', group_item: 'ITEM {{title}} {{console_url}}' };
    const twenty = group(20);
    const { arrival, error } = await send(notifier, twenty, { template });
    expect(error).toBeUndefined();
    expect(arrival?.text).toContain('GROUPE 20 HIGH country=ML');
    expect(arrival?.text).not.toContain('rappel');
    for (const [i, alert] of twenty.alerts.entries()) expect(arrival?.text).toContain(`ITEM Attaque numéro ${i} contre un convoi près de Kayes https://sahelwatch.example.org/#alert=${alert.id}`);
    const huge = await send(notifier, group(600, (i) => `${i} ${'Attaque contre un convoi de citernes près de Diboli '.repeat(6)}`), { template });
    expect(Buffer.byteLength(huge.arrival?.raw ?? '')).toBeLessThanOrEqual(notifier.maxPayloadBytes);
    expect(huge.arrival?.text).toMatch(/and \d+ more/);
  });

  it('strips bidi overrides and lone surrogates from the values a template shows', async () => {
    const title = 'Attaque \u202Eelif.exe\u202C près de Kayes \ud83d';
    const template = { title: 'T {{title}}', body: 'B {{title}}', group_item: 'I {{title}}' };
    for (const what of [sampleAlert({ story: { ...sampleAlert().story, title } }), group(2, () => title)]) {
      const { arrival } = await send(notifier, what, { template });
      expect(arrival?.text).toContain('près de Kayes');
      expect(arrival?.text).not.toMatch(/\u202E|\\u202e/i);
      expect(arrival?.text).not.toMatch(/\\ud83d(?!\\ud[c-f])|\ud83d(?![\udc00-\udfff])/i);
    }
  });

  if (notifier.transport === 'http') {
    it.each([
      [{ status: 400 }, false, undefined],
      [{ status: 404 }, false, undefined],
      [{ status: 500 }, true, undefined],
      [{ status: 503, headers: { 'retry-after': '7' } }, true, 7000],
      [{ status: 429, headers: { 'retry-after': '3' } }, true, 3000],
    ] as const)('classifies %j: retryable %s, wait %s ms; the error and the log lines hold no secret', async (behaviour, retryable, waitMs) => {
      const sent = await send(notifier, sampleAlert(), { http: behaviour });
      const error = failure(sent);
      expect(error.retryable).toBe(retryable);
      expect(error.status).toBe(behaviour.status);
      expect(error.retryAfterMs).toBe(waitMs);
      for (const text of [error.message, sent.logs]) expect(text).not.toContain('SECRET');
      expect(error.message).toMatch(/^contract: HTTP \d{3}$/);
    });

    it('retries a receiver that does not answer within its timeout, and one that refuses the connection', async () => {
      const hung = failure(await send(notifier, sampleAlert(), { http: 'hang', timeoutMs: 300 }));
      expect(hung).toMatchObject({ retryable: true, message: 'contract: timed out' });
      const refused = DeliveryConfigSchema.parse({ receivers: { contract: notifier.example(`http://127.0.0.1:9/hooks/${TOKEN}`) } }).receivers.contract as ReceiverConfig;
      const error = await notifier.send(sampleAlert(), refused, { receiver: 'contract', deliveryKey: 'dl_x', clock, smtp: { from: 'x@localhost' }, log: createLogger({ level: 'silent' }) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/^contract: network error/) });
      expect(String((error as Error).message)).not.toContain('SECRET');
    });
  } else {
    it.each([
      [451, true],
      [550, false],
    ])('classifies SMTP %s: retryable %s', async (code, retryable) => {
      const error = failure(await send(notifier, sampleAlert(), { smtpReply: code }));
      expect(error).toMatchObject({ retryable, status: code, message: `contract: SMTP ${code}` });
    });

    it('retries a mail relay that never answers, within its timeout, and never names the SMTP URL', async () => {
      const withPassword = silentSmtp.url.replace('smtp://', 'smtp://alerts:S3CRETPASS@');
      const sent = await send(notifier, sampleAlert(), { smtpUrl: withPassword, timeoutMs: 300 });
      expect(failure(sent).retryable).toBe(true);
      for (const text of [failure(sent).message, sent.logs]) expect(text).not.toContain('S3CRETPASS');
    });
  }
});
