import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { type DeliveryConfig, DeliveryConfigSchema } from '../../src/delivery/config.js';
import { createDeliveryProcessor, DELIVERY_QUEUE, deliveryKey, enqueueDeliveries, waitForDeliveriesSettled } from '../../src/delivery/deliver.js';
import { DIGEST_QUEUE, type DigestContext, nextCronSlot, scheduleDigests, sendDueDigests } from '../../src/delivery/digest.js';
import { sampleAlert } from '../alerts/fixtures.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { TestSmtpServer } from '../helpers/smtp.js';

const prefix = uniquePrefix('digest');
// 06:00 in Bamako (UTC+0): the 07:00 digest is an hour away.
const clock = new ManualClock(Date.parse('2026-03-02T06:00:00Z'));
const smtp = new TestSmtpServer();
const HOSTILE_TITLE = 'Attaque <script>alert("x")</script> à Diboli\r\nBcc: victim@evil.example';
let redis: Redis;
let workerRedis: Redis;
let deliverQueue: Queue;
let digestQueue: Queue;
let worker: Worker;
let config: DeliveryConfig;
let ctx: DigestContext;

function alertAt(id: string, indicatorId: string, severity: Alert['severity'], updatedAt: string, title = 'Convoi attaqué près de Diboli'): Alert {
  const base = sampleAlert();
  return sampleAlert({ id, indicatorId, indicatorTitle: `Indicator ${indicatorId}`, severity, updatedAt, story: { ...base.story, title } });
}

beforeAll(async () => {
  const smtpUrl = await smtp.start();
  redis = testRedis();
  workerRedis = testRedis();
  config = DeliveryConfigSchema.parse({
    receivers: {
      desk: { type: 'email', to: ['desk@example.org'], immediate_min_severity: 'critical', digest: { cron: '0 7 * * *', tz: 'Africa/Bamako' } },
      tokyo: { type: 'email', to: ['tokyo@example.org'], digest: { cron: '0 7 * * *', tz: 'Asia/Tokyo', send_empty: true } },
    },
    smtp: { url: smtpUrl, from: 'sahelwatch <alerts@example.org>' },
  });
  const store = new AlertStore(redis, prefix, { retention_days: 30 }, clock);
  ctx = { config, store, redis, prefix, log: silentLogger, clock };
  deliverQueue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
  digestQueue = new Queue(DIGEST_QUEUE, { connection: redis, prefix });
  const processor = createDeliveryProcessor({ ...ctx, silences: new SilenceStore(redis, prefix, clock) });
  worker = new Worker(DELIVERY_QUEUE, processor, { connection: workerRedis, prefix, concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  await deliverQueue.close();
  await digestQueue.close();
  await smtp.close();
  redis.disconnect();
  workerRedis.disconnect();
  await deletePrefix(prefix);
});

describe('email', () => {
  const alerts = [
    alertAt('al_a1', 'convoy', 'high', '2026-03-01T10:00:00Z'),
    alertAt('al_a2', 'convoy', 'high', '2026-03-01T18:00:00Z', 'Deuxième convoi attaqué'),
    alertAt('al_b1', 'kidnap', 'medium', '2026-03-01T12:00:00Z'),
    alertAt('al_c1', 'blockade', 'critical', '2026-03-01T20:00:00Z', HOSTILE_TITLE),
  ];

  it('schedules one BullMQ job scheduler per digest with cron and time zone', async () => {
    const ids = await scheduleDigests(digestQueue, config, { redis, prefix, clock });
    expect(ids.sort()).toEqual(['digest_desk', 'digest_tokyo']);
    const schedulers = await digestQueue.getJobSchedulers();
    const desk = schedulers.find((s) => s.key === 'digest_desk');
    expect(desk).toMatchObject({ pattern: '0 7 * * *', tz: 'Africa/Bamako' });
    expect(desk?.next).toBe(nextCronSlot('0 7 * * *', 'Africa/Bamako', Date.now()));
  });

  it('mails critical alerts at once, header-injection safe, with the delivery key as Message-ID', async () => {
    for (const alert of alerts) await enqueueDeliveries(deliverQueue, alert, ['desk']);
    expect(await waitForDeliveriesSettled(deliverQueue, 15_000)).toBe(true);
    await smtp.waitForMessages(1);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelopeTo).toEqual(['desk@example.org']);
    expect(mail.parsed.subject).toContain('[CRITICAL]');
    expect(mail.parsed.subject).not.toMatch(/[\r\n]/);
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    const headerBlock = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(mail.parsed.messageId).toBe(`<${deliveryKey(alerts[3]!, 'desk')}@sahelwatch.invalid>`);
    expect(mail.parsed.html).not.toContain('<script>');
    expect(mail.parsed.text).toContain('Diboli');
  });

  it('sends no digest before 07:00 Bamako, and keeps the buffer when the SMTP server refuses', async () => {
    clock.set(Date.parse('2026-03-02T06:59:00Z'));
    expect(await sendDueDigests(ctx, clock.now())).toEqual([]);
    clock.set(Date.parse('2026-03-02T07:00:00Z'));
    smtp.rejectNext = 1;
    await expect(sendDueDigests(ctx, clock.now())).rejects.toThrow(/desk.*SMTP 451/);
    expect(smtp.messages).toHaveLength(1);
  });

  it('at 07:00 sends one digest with both parts, grouped by severity and indicator, newest first, escaped', async () => {
    const outcomes = await sendDueDigests(ctx, clock.now());
    expect(outcomes).toEqual([{ receiver: 'desk', slot: Date.parse('2026-03-02T07:00:00Z'), alerts: 4, status: 'sent' }]);
    expect(smtp.messages).toHaveLength(2);
    const digest = smtp.messages[1]!.parsed;
    expect(digest.subject).toBe('[sahelwatch] Digest 2026-03-02 07:00 UTC: 4 alerts (1 critical, 2 high, 1 medium)');
    const html = String(digest.html);
    const text = digest.text ?? '';
    // Groups: critical blockade, then high convoy (newest first), then medium kidnap.
    const order = ['CRITICAL — Indicator blockade', 'HIGH — Indicator convoy', 'Deuxième convoi attaqué', 'Convoi attaqué près de Diboli', 'MEDIUM — Indicator kidnap'];
    let from = 0;
    for (const heading of order) {
      const at = text.indexOf(heading, from);
      expect(at, heading).toBeGreaterThan(from - 1);
      from = at + heading.length;
    }
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<mark>convoi</mark>');
    expect(html).toContain('href="https://news.example/studio tamani/1"'.replace(' ', '%20'));
    expect(text).toContain('[convoi]');
  });

  it('sends each slot once, and skips empty digests unless send_empty', async () => {
    clock.set(Date.parse('2026-03-02T07:05:00Z'));
    expect(await sendDueDigests(ctx, clock.now())).toEqual([]);
    // 07:00 in Tokyo is 22:00 UTC: its empty digest goes out because it asked for send_empty.
    clock.set(Date.parse('2026-03-02T22:00:00Z'));
    const tokyo = await sendDueDigests(ctx, clock.now());
    expect(tokyo).toEqual([{ receiver: 'tokyo', slot: clock.now(), alerts: 0, status: 'sent' }]);
    expect(smtp.messages.at(-1)?.parsed.text).toContain('No alerts');
    // Next morning in Bamako: the desk buffer is empty and desk did not ask for empty digests.
    clock.set(Date.parse('2026-03-03T07:00:00Z'));
    const count = smtp.messages.length;
    const next = await sendDueDigests(ctx, clock.now());
    expect(next).toEqual([{ receiver: 'desk', slot: clock.now(), alerts: 0, status: 'empty-skipped' }]);
    expect(smtp.messages).toHaveLength(count);
  });
});
