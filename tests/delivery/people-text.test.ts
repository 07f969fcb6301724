import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { dropLoneSurrogates, neutraliseBidi, truncate } from '../../src/core/text.js';
import { type ReceiverConfig, ReceiverConfigSchema } from '../../src/delivery/config.js';
import { notifierFor } from '../../src/delivery/notifiers/index.js';
import { sampleAlert, T0 } from '../alerts/fixtures.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const FAMILY = '👨‍👩‍👧‍👦';
const FLAG = '🇲🇱';
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('truncate (the one helper every cut for people goes through)', () => {
  it('never splits a grapheme nor leaves a lone surrogate, at any length', () => {
    const text = `Kayes ${FLAG} ${FAMILY} é${'\u0301'} 🔥🔥 Ségou ${FLAG}${FLAG} fin`;
    const whole = new Set(graphemes(text));
    for (let max = 0; max <= text.length + 1; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(LONE.test(cut)).toBe(false);
      if (cut.length < text.length) expect(cut.endsWith('…') || max === 0).toBe(true);
      // Every grapheme of the cut (less the ellipsis) is a whole grapheme of the text.
      for (const g of graphemes(cut.replace(/…$/, ''))) expect(whole.has(g)).toBe(true);
    }
    expect(truncate('🔥'.repeat(10), 6)).toBe('🔥🔥…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('is cheap on a long page and still cuts a monster grapheme somewhere safe', () => {
    const page = `${'Le convoi a été attaqué près de Diboli. 🔥 '.repeat(30_000)}`;
    const started = performance.now();
    const cut = truncate(page, 100_000, '');
    expect(performance.now() - started).toBeLessThan(50);
    expect(cut.length).toBeLessThanOrEqual(100_000);
    expect(LONE.test(cut)).toBe(false);
    const zalgo = `a${'\u0301'.repeat(2000)}🔥`;
    expect(LONE.test(truncate(zalgo, 1000))).toBe(false);
  });

  it('drops lone surrogates and bidi controls', () => {
    expect(dropLoneSurrogates('a\uD83Db\uDE00c🔥')).toBe('abc🔥');
    expect(neutraliseBidi('Attack near \u202Eilakam\u202C \u2067x\u2069')).toBe('Attack near ilakam x');
  });
});

describe('text cut for people reaches every receiver whole', () => {
  const receiver = new WebhookReceiver();
  const clock = new ManualClock(T0);
  const outbox = mkdtempSync(join(tmpdir(), 'sw-outbox-'));
  let base = '';
  beforeAll(async () => {
    base = await receiver.start();
  });
  afterAll(async () => {
    await receiver.close();
  });

  /** Two parities, so some cut lands between the halves of a pair whatever the prefix length. */
  const titles = ['🔥'.repeat(400), `x${'🔥'.repeat(400)}`, `${FLAG.repeat(150)}`, `\u202EKayes: ${FAMILY.repeat(60)}`];

  function alertTitled(title: string) {
    const alert = sampleAlert({ story: { ...sampleAlert().story, title }, indicatorTitle: `Convoy ${'🔥'.repeat(90)}` });
    alert.history = [{ ...alert.history[0]!, note: `raised by Studio Tamani: ${title}` }];
    return alert;
  }

  function strings(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
    return [];
  }

  it.each([
    ['slack', '/services/T0/B0/X'],
    ['discord', '/api/webhooks/1/tok'],
    ['teams', '/workflows/abc?sig=s'],
    ['mattermost', '/hooks/abc'],
    ['webhook', '/hook'],
  ])('%s: no lone surrogate anywhere, no bidi override in what people read', async (type, path) => {
    const config = ReceiverConfigSchema.parse({ type, url: `${base}${path}` }) as ReceiverConfig;
    for (const title of titles) {
      const before = receiver.requests.length;
      await notifierFor(config).send(alertTitled(title), config, { receiver: type, deliveryKey: 'dl_x_v1_r', clock, smtp: { from: 'x@localhost' }, log: silentLogger });
      const request = receiver.requests[before]!;
      const all = strings(request.json);
      expect(all.filter((s) => LONE.test(s))).toEqual([]);
      expect(request.body).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
      // The generic webhook carries the title as data for machines; every other receiver shows text to people.
      if (type !== 'webhook') expect(all.filter((s) => BIDI.test(s))).toEqual([]);
    }
  });

  it('email: the story title comes first in the subject, cut whole, with the severity still there', async () => {
    const config = ReceiverConfigSchema.parse({ type: 'email', to: ['desk@example.org'] }) as ReceiverConfig;
    const alert = sampleAlert({
      severity: 'critical',
      indicatorTitle: 'Convoy interdiction on the Kayes corridor (fuel, food and transport convoys between Senegal, Kayes and Bamako)',
      story: { ...sampleAlert().story, title: `\u202EJNIM burns 12 tankers near Diboli ${'🔥'.repeat(80)}` },
    });
    await notifierFor(config).send(alert, config, { receiver: 'desk', deliveryKey: 'dl_mail_v1_desk', clock, smtp: { from: 'x@localhost', url: `file:${outbox}` }, log: silentLogger });
    const file = readdirSync(outbox).find((f) => f.endsWith('.eml'))!;
    const mail = await simpleParser(readFileSync(join(outbox, file)));
    const subject = mail.subject ?? '';
    expect(subject.startsWith('[sahelwatch] JNIM burns 12 tankers near Diboli 🔥')).toBe(true);
    expect(subject).toContain('— [CRITICAL] Convoy interdiction');
    expect(subject.length).toBeLessThanOrEqual(150);
    expect(LONE.test(subject)).toBe(false);
    expect(BIDI.test(subject)).toBe(false);
  });
});
