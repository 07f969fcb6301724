import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { type ReceiverConfig, ReceiverConfigSchema } from '../../src/delivery/config.js';
import { groupHeadline, groupOrder } from '../../src/delivery/format.js';
import { DeliveryError, parseRetryAfter, postJson } from '../../src/delivery/http.js';
import { notifierFor } from '../../src/delivery/notifiers/index.js';
import { TEAMS_MAX_BYTES } from '../../src/delivery/notifiers/teams/index.js';
import { sampleAlert, T0 } from '../alerts/fixtures.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const receiver = new WebhookReceiver();
let base = '';
const clock = new ManualClock(T0);
const SECRET = `whsec_${Buffer.from('a-test-signing-key-of-32-bytes!!').toString('base64')}`;
const HOSTILE = 'Attaque <!channel> @everyone <script>alert(1)</script> *gras* [lien](javascript:x) & co';

beforeAll(async () => {
  base = await receiver.start();
});
afterAll(async () => {
  await receiver.close();
});

function hostileAlert() {
  return sampleAlert({ story: { ...sampleAlert().story, title: HOSTILE } });
}

async function sendTo(raw: Record<string, unknown>) {
  const config = ReceiverConfigSchema.parse(raw) as ReceiverConfig;
  const before = receiver.requests.length;
  await notifierFor(config).send(hostileAlert(), config, {
    receiver: 'test',
    deliveryKey: 'dl_al_sample1_v1_test',
    clock,
    smtp: { from: 'x@localhost' },
    log: silentLogger,
  });
  const request = receiver.requests[before];
  if (!request) throw new Error('nothing received');
  return request;
}

/** Verification as a Standard Webhooks receiver does it, written independently of the sender. */
function verifyStandardWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, nowSec: number): boolean {
  const id = String(headers['webhook-id']);
  const ts = Number(headers['webhook-timestamp']);
  if (Math.abs(nowSec - ts) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('notifier payloads, checked by a real HTTP receiver', () => {
  it('generic webhook: Standard Webhooks headers, verifiable signature, stable id', async () => {
    const req = await sendTo({ type: 'webhook', url: `${base}/hook`, secret: SECRET });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toBe('dl_al_sample1_v1_test');
    expect(verifyStandardWebhook(SECRET, req.headers, req.body, Math.floor(clock.now() / 1000))).toBe(true);
    expect(verifyStandardWebhook(SECRET, req.headers, req.body.replace('high', 'low'), Math.floor(clock.now() / 1000))).toBe(false);
    expect(req.json).toMatchObject({
      type: 'alert.created',
      data: { id: 'al_sample1', indicator: 'kayes-convoy', rule_id: 'kayes-convoy', severity: 'high', dedupe_key: 'dl_al_sample1_v1_test', title: HOSTILE, places: [{ name: 'Diboli', country_iso2: 'ML' }], matched_terms: ['convoi'] },
    });
  });

  it('slack: Block Kit with a fallback text, escaped mrkdwn, no unfurl', async () => {
    const req = await sendTo({ type: 'slack', url: `${base}/services/T0/B0/XXXX` });
    const body = req.json as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string } }>; unfurl_links: boolean };
    expect(body.text).toContain('[HIGH]');
    expect(body.unfurl_links).toBe(false);
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(body.blocks[0]?.text?.text.length).toBeLessThanOrEqual(150);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    // Header is plain_text (never parsed); every mrkdwn string has `<!channel>` escaped so it cannot ping.
    const mrkdwn = JSON.stringify(body.blocks.slice(1));
    expect(mrkdwn).not.toContain('<!channel>');
    expect(body.text).toContain('&lt;!channel&gt;');
    const evidence = body.blocks.find((b) => b.text?.text.startsWith('*Evidence*'));
    expect(evidence?.text?.text).toContain('*convoi*');
  });

  it('teams: a message with one Adaptive Card 1.4 attachment, under the size cap even when huge', async () => {
    const huge = hostileAlert();
    huge.evidence = Array.from({ length: 30 }, (_, i) => ({ ...huge.evidence[0]!, detail: `${'x'.repeat(190)} ${i}` }));
    huge.description = 'd'.repeat(50_000);
    const config = ReceiverConfigSchema.parse({ type: 'teams', url: `${base}/workflows/abc?sig=s3cr3t` });
    await notifierFor(config).send(huge, config, { receiver: 'teams', deliveryKey: 'k', clock, smtp: { from: 'x' }, log: silentLogger });
    const req = receiver.requests.at(-1)!;
    expect(Buffer.byteLength(req.body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(req.json).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { type: 'AdaptiveCard', version: '1.4' } }],
    });
    const card = (req.json as { attachments: Array<{ content: { body: Array<{ type: string }>; actions: Array<{ type: string; url: string }> } }> }).attachments[0]!.content;
    expect(card.body.some((b) => b.type === 'FactSet')).toBe(true);
    expect(card.actions[0]).toMatchObject({ type: 'Action.OpenUrl' });
    // Feed text cannot form a Markdown link inside a TextBlock.
    expect(req.body).toContain('[lien] (javascript:x)');
    expect(req.body).not.toContain('](javascript');
  });

  it('discord: embeds, no mentions allowed, markdown escaped, within limits', async () => {
    const req = await sendTo({ type: 'discord', url: `${base}/api/webhooks/1/tok` });
    const body = req.json as { content: string; allowed_mentions: { parse: string[] }; embeds: Array<{ title: string; description: string; color: number; fields: Array<{ name: string; value: string }> }> };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    const embed = body.embeds[0]!;
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.title).toContain('\\*gras\\*');
    expect(embed.title).not.toContain('@everyone');
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    expect(embed.fields.every((f) => f.value.length <= 1024)).toBe(true);
  });

  it('mattermost: markdown text plus legacy attachments with a fallback', async () => {
    const req = await sendTo({ type: 'mattermost', url: `${base}/hooks/abc` });
    expect(req.json).toMatchObject({ text: expect.stringContaining('**'), attachments: [{ fallback: expect.any(String), color: expect.stringMatching(/^#/), fields: expect.any(Array) }] });
    expect((req.json as { blocks?: unknown }).blocks).toBeUndefined();
  });
});

describe("a feed's link cannot break out of the chat formats' markdown links", () => {
  // A URL a feed controls, closing the link it sits in and opening one of its own.
  const TRAP = 'https://news.example.org/a)[Official notice](https://phish.example.org/x';
  const trapped = () => {
    const alert = sampleAlert();
    const sources = alert.story.sources.map((s) => ({ ...s, url: TRAP }));
    return sampleAlert({ story: { ...alert.story, sources }, evidence: alert.evidence.map((e) => ({ ...e, sourceUrl: TRAP })) });
  };
  for (const raw of [{ type: 'discord', url: '/api/webhooks/1/tok' }, { type: 'mattermost', url: '/hooks/abc' }, { type: 'slack', url: '/services/T/B/x' }]) {
    it(`${raw.type}: the link stays one link, to the page the feed gave`, async () => {
      const config = ReceiverConfigSchema.parse({ ...raw, url: `${base}${raw.url}` }) as ReceiverConfig;
      const before = receiver.requests.length;
      await notifierFor(config).send(trapped(), config, { receiver: 'test', deliveryKey: 'dl_trap_v1_test', clock, smtp: { from: 'x@localhost' }, log: silentLogger });
      const text = JSON.stringify(receiver.requests[before]?.json);
      expect(text).toContain('news.example.org/a%29%5BOfficial%20notice%5D%28https://phish.example.org/x');
      expect(text).not.toContain('](https://phish.example.org');
      expect(text).not.toContain('|Official notice');
    });
  }
});

describe('failure classification', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [403, false],
    [404, false],
    [410, false],
    [301, false],
  ])('HTTP %i → retryable %s, URL never in the message', async (status, retryable) => {
    receiver.script.push({ status, headers: status === 301 ? { location: 'http://169.254.169.254/' } : {} });
    const url = `${base}/services/SECRET-TOKEN-123`;
    const err = await postJson(url, '{}', { receiver: 'slack-ops', timeoutMs: 2000, clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(retryable);
    expect((err as DeliveryError).message).toContain('slack-ops');
    expect((err as DeliveryError).message).not.toContain('SECRET-TOKEN-123');
  });

  it('a timeout and a refused connection are retryable and leak nothing', async () => {
    receiver.script.push('hang');
    const hung = await postJson(`${base}/hook/SECRET-A`, '{}', { receiver: 'r', timeoutMs: 300, clock }).catch((e: unknown) => e);
    expect(hung).toMatchObject({ retryable: true, message: 'r: timed out' });
    const refused = await postJson('http://127.0.0.1:1/hook/SECRET-B', '{}', { receiver: 'r', timeoutMs: 1000, clock }).catch((e: unknown) => e);
    expect((refused as DeliveryError).retryable).toBe(true);
    expect((refused as DeliveryError).message).not.toContain('SECRET-B');
  });

  it('reads Retry-After as seconds, HTTP date or Discord JSON, capped at one hour', () => {
    const now = Date.parse('2026-03-02T06:00:00Z');
    expect(parseRetryAfter('7', '', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 06:00:30 GMT', '', now)).toBe(30_000);
    expect(parseRetryAfter(null, '{"message":"You are being rate limited.","retry_after":0.75,"global":false}', now)).toBe(750);
    expect(parseRetryAfter('172800', '', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', 'not json', now)).toBeUndefined();
  });

  it('a 429 carries the wait the receiver asked for', async () => {
    receiver.script.push({ status: 429, headers: { 'retry-after': '2' } });
    const err = await postJson(`${base}/x`, '{}', { receiver: 'r', timeoutMs: 2000, clock }).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 2000 });
  });
});

describe('group messages (route group_by): every alert of the group is escaped as a single message is', () => {
  async function sendGroupTo(raw: Record<string, unknown>) {
    const config = ReceiverConfigSchema.parse(raw) as ReceiverConfig;
    const alerts = [hostileAlert(), { ...hostileAlert(), id: 'al_sample2' }];
    const before = receiver.requests.length;
    const consoleLink = (id: string) => `https://sw.example/#alert=${id}`;
    await notifierFor(config).sendGroup({ id: 'g00', labels: { country: 'ML' }, alerts, reminder: false }, config, { receiver: 'test', deliveryKey: 'gr_g00_n1_test', clock, smtp: { from: 'x@localhost' }, log: silentLogger, consoleLink });
    const request = receiver.requests[before];
    if (!request) throw new Error('nothing received');
    return request;
  }

  it('names the group as people read it: the story by its title, the indicator by its title, nothing for one alert per group', () => {
    const alerts = [sampleAlert(), sampleAlert({ id: 'al_sample2', severity: 'critical' })];
    expect(groupHeadline({ id: 'g1', labels: { story: 'st_1', country: 'ML' }, alerts: groupOrder(alerts), reminder: false })).toBe('[CRITICAL] 2 alerts · story: Convoi attaqué près de Diboli · country=ML');
    expect(groupHeadline({ id: 'g2', labels: { indicator: 'kayes-convoy' }, alerts, reminder: true })).toBe('[HIGH] Reminder: 2 alerts still active · indicator: Convoy interdiction on the Kayes corridor');
    expect(groupHeadline({ id: 'g3', labels: { alert: 'al_sample1' }, alerts: alerts.slice(0, 1), reminder: true })).toBe('[HIGH] Reminder: 1 alert still active');
  });

  it('slack: no <!channel> outside the plain-text header, titles link to the console', async () => {
    const req = await sendGroupTo({ type: 'slack', url: `${base}/services/T0/B0/GROUP` });
    const body = req.json as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string } }> };
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(JSON.stringify(body.blocks.slice(1))).not.toContain('<!channel>');
    expect(body.blocks[1]?.text?.text).toMatch(/^<https:\/\/sw\.example\/#alert=al_sample1\|\[HIGH\] .*&lt;!channel&gt;/);
  });

  it('discord: mentions off, @ and markdown escaped', async () => {
    const req = await sendGroupTo({ type: 'discord', url: `${base}/api/webhooks/1/group` });
    const body = req.json as { allowed_mentions: { parse: string[] }; embeds: Array<{ description: string }> };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]?.description).not.toContain('@everyone');
    expect(body.embeds[0]?.description).toContain('\\*gras\\*');
    expect(body.embeds[0]?.description).toContain('[open](https://sw.example/#alert=al_sample2)');
  });

  it('mattermost: @ and markdown escaped', async () => {
    const req = await sendGroupTo({ type: 'mattermost', url: `${base}/hooks/group` });
    const text = (req.json as { text: string }).text;
    expect(text).not.toContain('@everyone');
    expect(text).toContain('\\*gras\\*');
    expect(text).not.toMatch(/\[lien\]\(javascript/);
  });

  it('teams: feed text forms no Markdown link, ours do', async () => {
    const req = await sendGroupTo({ type: 'teams', url: `${base}/workflows/group?sig=s` });
    expect(req.body).toContain('[lien] (javascript:x)');
    expect(req.body).not.toContain('](javascript');
    expect(req.body).toContain('[open](https://sw.example/#alert=al_sample1)');
  });

  it('webhook: the titles as stored, for programs, each alert with its own version key', async () => {
    const req = await sendGroupTo({ type: 'webhook', url: `${base}/group-hook`, secret: SECRET });
    expect(verifyStandardWebhook(SECRET, req.headers, req.body, Math.floor(clock.now() / 1000))).toBe(true);
    expect(req.json).toMatchObject({ type: 'alert.group', data: { group: 'g00', dedupe_key: 'gr_g00_n1_test', alerts_total: 2, alerts_omitted: 0, alerts: [{ title: HOSTILE, dedupe_key: 'dl_al_sample1_v1_test' }, { id: 'al_sample2' }] } });
  });
});

describe('receiver templates: a hostile title through a template is neutralised as in the default format', () => {
  const HOSTILE_URL = 'https://news.example/a)[cliquez](javascript:alert(1)) <!here> @everyone';
  const template = { title: 'Alerte {{severity}}: {{title}}', body: '*{{title}}* — [source]({{source_url}}) {{console_url}}' };

  async function sendTemplated(raw: Record<string, unknown>) {
    const config = ReceiverConfigSchema.parse({ ...raw, template }) as ReceiverConfig;
    const alert = hostileAlert();
    alert.story.sources = alert.story.sources.map((s) => ({ ...s, url: HOSTILE_URL }));
    const before = receiver.requests.length;
    await notifierFor(config).send(alert, config, { receiver: 'test', deliveryKey: 'dl_t', clock, smtp: { from: 'x@localhost' }, log: silentLogger, consoleLink: (id) => `https://sw.example/#alert=${id}` });
    const request = receiver.requests[before];
    if (!request) throw new Error('nothing received');
    return request;
  }

  it('slack: the template\'s own mrkdwn stays, values are escaped, the link cannot break out', async () => {
    const body = (await sendTemplated({ type: 'slack', url: `${base}/services/T/B/TPL` })).json as { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(body.blocks[0]?.text?.text).toBe('Alerte HIGH: Attaque <!channel> @everyone <script>alert(1)</script> *gras* [lien](javascript:x) & co'.slice(0, 150));
    const section = body.blocks[1]?.text?.text ?? '';
    expect(section.startsWith('*Attaque &lt;!channel&gt;')).toBe(true);
    expect(JSON.stringify(body.blocks.slice(1))).not.toMatch(/<!channel>|<!here>/);
    expect(section).toContain('[source](https://news.example/a%29%5Bcliquez%5D%28javascript:alert%281%29%29%20%3C!here%3E%20%40everyone)');
    expect(body.text).toContain('&lt;!channel&gt;');
  });

  it('discord: markdown and @ escaped in values, the source link stays one link', async () => {
    const body = (await sendTemplated({ type: 'discord', url: `${base}/api/webhooks/1/tpl` })).json as { content: string; embeds: Array<{ description: string }> };
    expect(body.content).toContain('\\*gras\\*');
    expect(body.content).not.toContain('@everyone');
    const description = body.embeds[0]?.description ?? '';
    expect(description).toContain('[source](https://news.example/a%29%5Bcliquez%5D%28javascript:alert%281%29%29%20%3C!here%3E%20%40everyone)');
    expect(description).not.toContain('@everyone');
    expect(description).toContain('https://sw.example/#alert=al_sample1');
  });

  it('mattermost: markdown and @ escaped in values; the fallback is plain', async () => {
    const body = (await sendTemplated({ type: 'mattermost', url: `${base}/hooks/tpl` })).json as { text: string; attachments: Array<{ fallback: string; text: string }> };
    expect(body.text).not.toContain('@everyone');
    expect(body.text).toContain('\\*gras\\*');
    // The template's part is the attachment text's first paragraph.
    const own = body.attachments[0]?.text.split('\n\n')[0] ?? '';
    expect(own).toContain('[source](https://news.example/a%29%5Bcliquez%5D%28javascript:alert%281%29%29%20%3C!here%3E%20%40everyone)');
    expect(own).not.toMatch(/\]\(javascript/);
    expect(body.attachments[0]?.fallback).toContain('Alerte HIGH: Attaque');
  });

  it('teams: feed text forms no Markdown link', async () => {
    const req = await sendTemplated({ type: 'teams', url: `${base}/workflows/tpl?sig=s` });
    const blocks = (req.json as { attachments: Array<{ content: { body: Array<{ text?: string }> } }> }).attachments[0]!.content.body;
    const [title, own] = [blocks[0]?.text ?? '', blocks[1]?.text ?? ''];
    expect(title).toBe('Alerte HIGH: Attaque <!channel> @everyone <script>alert(1)</script> *gras* [lien] (javascript:x) & co');
    expect(own).toContain('[lien] (javascript:x)');
    expect(own).not.toContain('](javascript');
  });

  it('webhook: the rendered text beside the data, values cleaned, nothing escaped', async () => {
    const req = await sendTemplated({ type: 'webhook', url: `${base}/tpl-hook` });
    expect(req.json).toMatchObject({ type: 'alert.created', message: { title: `Alerte HIGH: ${HOSTILE}` }, data: { id: 'al_sample1' } });
  });
});

describe('group templates: a hostile title in group_item is neutralised per receiver', () => {
  const template = { group_title: '{{count}} alertes · {{labels}}', group_item: '*{{title}}* <{{console_url}}|ouvrir>' };
  async function sendGroupTemplated(raw: Record<string, unknown>) {
    const config = ReceiverConfigSchema.parse({ ...raw, template }) as ReceiverConfig;
    const before = receiver.requests.length;
    const alerts = [hostileAlert(), { ...hostileAlert(), id: 'al_sample2' }];
    await notifierFor(config).sendGroup({ id: 'g01', labels: { country: 'ML' }, alerts, reminder: false }, config, { receiver: 'test', deliveryKey: 'gr_g01_n1_test', clock, smtp: { from: 'x@localhost' }, log: silentLogger, consoleLink: (id) => `https://sw.example/#alert=${id}` });
    const request = receiver.requests[before];
    if (!request) throw new Error('nothing received');
    return request;
  }

  it('slack: values escaped as mrkdwn, the template\'s own link and emphasis kept', async () => {
    const body = (await sendGroupTemplated({ type: 'slack', url: `${base}/services/T/B/GTPL` })).json as { blocks: Array<{ text?: { text: string } }> };
    expect(body.blocks[0]?.text?.text).toBe('2 alertes · country=ML');
    expect(body.blocks[1]?.text?.text).toMatch(/^\*Attaque &lt;!channel&gt; @everyone .* &amp; co\* <https:\/\/sw\.example\/#alert=al_sample1\|ouvrir>$/);
    expect(JSON.stringify(body.blocks.slice(1))).not.toContain('<!channel>');
  });

  it('discord and mattermost: markdown and @ escaped in values', async () => {
    for (const raw of [{ type: 'discord', url: `${base}/api/webhooks/1/gtpl` }, { type: 'mattermost', url: `${base}/hooks/gtpl` }]) {
      const req = await sendGroupTemplated(raw);
      expect(req.body, raw.type).not.toContain('@everyone');
      expect(req.body, raw.type).toContain('\\\\*gras\\\\*');
    }
  });

  it('teams: feed text forms no Markdown link', async () => {
    const req = await sendGroupTemplated({ type: 'teams', url: `${base}/workflows/gtpl?sig=s` });
    expect(req.body).not.toContain('](javascript');
    expect(req.body).toContain('[lien] (javascript:x)');
  });
});
