import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { DeadLetters } from '../../src/delivery/dead-letters.js';
import { makeAlert } from './alert-fixtures.js';
import { postJson, startTestConsole, type TestConsole } from './harness.js';

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

let t: TestConsole;
let diboli: Alert;
let niamey: Alert;
let older: Alert;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves.
type Json = any;

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await t.api(path, init);
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  t = await startTestConsole('http-api');
  diboli = makeAlert({ at: iso(1 * HOUR) });
  niamey = makeAlert({
    indicatorId: 'w-arly-pendjari-attack',
    indicatorTitle: 'Attacks in the W–Arly–Pendjari complex',
    severity: 'medium',
    title: 'Gunmen attack ranger post in Park W',
    at: iso(2 * HOUR),
    place: { id: 'place/ne/tamou', name: 'Tamou', country: 'NE', admin1: 'Tillabéri', lat: 12.75, lon: 2.18 },
  });
  older = makeAlert({ title: 'Earlier convoy attack', at: iso(30 * HOUR), severity: 'low' });
  for (const alert of [diboli, niamey, older]) await t.ctx.alerts.save(alert);
});

afterAll(async () => {
  await t?.close();
});

describe('probes and metrics', () => {
  it('binds to 127.0.0.1 and answers /healthz', async () => {
    expect(t.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await json('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz checks Redis, the indicators and the scheduler', async () => {
    const ready = await json('/readyz');
    expect(ready).toEqual({ status: 200, body: { status: 'ready', checks: { redis: true, indicators: true, scheduler: true } } });
    t.scheduler.running = false;
    const notReady = await json('/readyz');
    t.scheduler.running = true;
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.scheduler).toBe(false);
  });

  it('/metrics exposes pipeline counters and queue depths read at scrape time', async () => {
    t.metrics.itemsPolled.inc({ feed: 'sahel-daily' }, 3);
    t.metrics.alertsRaised.inc({ indicator: 'kayes-convoy-interdiction', severity: 'high' });
    await t.ctx.queues.poll.add('poll', { feedId: 'sahel-daily' }, { delay: 60_000 });
    const res = await t.api('/metrics');
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('sahelwatch_items_total{feed="sahel-daily",stage="polled"} 3');
    expect(text).toContain('sahelwatch_alerts_raised_total{indicator="kayes-convoy-interdiction",severity="high"} 1');
    expect(text).toContain('sahelwatch_queue_jobs{queue="poll",state="delayed"} 1');
    expect(text).toContain('# TYPE sahelwatch_stage_duration_seconds histogram');
    expect(text).toContain('sahelwatch_http_requests_total{route="/readyz",method="GET",status="5xx"} 1');
  });
});

describe('/api/alerts', () => {
  it('lists alerts newest first', async () => {
    const { status, body } = await json('/api/alerts');
    expect(status).toBe(200);
    expect(body.alerts.map((a: Alert) => a.id)).toEqual([diboli.id, niamey.id, older.id]);
  });

  it('filters with the alert-matcher vocabulary (indicator, severity, country, …) and time', async () => {
    const byIndicator = await json('/api/alerts?indicator=w-arly-pendjari-attack');
    expect(byIndicator.body.alerts.map((a: Alert) => a.id)).toEqual([niamey.id]);
    const either = await json('/api/alerts?indicator=w-arly-pendjari-attack,kayes-convoy-interdiction');
    expect(either.body.alerts).toHaveLength(3);
    const atLeast = await json('/api/alerts?severity_at_least=medium');
    expect(atLeast.body.alerts.map((a: Alert) => a.id)).toEqual([diboli.id, niamey.id]);
    const exactly = await json('/api/alerts?severity=low');
    expect(exactly.body.alerts.map((a: Alert) => a.id)).toEqual([older.id]);
    const byCountry = await json('/api/alerts?country=ml');
    expect(byCountry.body.alerts.map((a: Alert) => a.id)).toEqual([diboli.id, older.id]);
    const byStory = await json(`/api/alerts?story=${niamey.story.id}`);
    expect(byStory.body.alerts.map((a: Alert) => a.id)).toEqual([niamey.id]);
    const recent = await json(`/api/alerts?since=${encodeURIComponent(iso(10 * HOUR))}`);
    expect(recent.body.alerts).toHaveLength(2);
    const before = await json(`/api/alerts?until=${Date.now() - 10 * HOUR}`);
    expect(before.body.alerts.map((a: Alert) => a.id)).toEqual([older.id]);
  });

  it('pages with a cursor', async () => {
    const first = await json('/api/alerts?limit=2');
    expect(first.body.alerts).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await json(`/api/alerts?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.alerts.map((a: Alert) => a.id)).toEqual([older.id]);
  });

  it('refuses an unknown filter or a bad value with a one-line 400', async () => {
    const unknown = await json('/api/alerts?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^unknown filter "colour" \(allowed: indicator, story, place, country, severity, severity_at_least, tags, status_at_least, since, until/);
    const badSeverity = await json('/api/alerts?severity=urgent');
    expect(badSeverity.status).toBe(400);
    expect(badSeverity.body.error).toMatch(/^severity: /);
    const badTime = await json('/api/alerts?since=yesterday');
    expect(badTime.body.error).toContain('since: expected an ISO date/time');
  });

  it('shows one alert with its evidence and history; malformed ids get 400, unknown 404', async () => {
    const { status, body } = await json(`/api/alerts/${diboli.id}`);
    expect(status).toBe(200);
    expect(body.alert.evidence[1].evidence[0]).toMatchObject({ quote: 'ambushed a convoy', sentence: 'JNIM fighters ambushed a convoy near Diboli on Monday.' });
    expect(body.alert.history[0].kind).toBe('raised');
    expect(body.silencedBy).toEqual([]);
    const malformed = await json('/api/alerts/../../etc/passwd');
    expect(malformed.status).toBe(404);
    const bad = await json('/api/alerts/not-an-id');
    expect(bad).toEqual({ status: 400, body: { error: 'id: malformed alert id (expected al_ followed by 24 hex digits)' } });
    const missing = await json(`/api/alerts/al_${'0'.repeat(24)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('no alert');
  });

  it('acknowledges an alert and records who did it', async () => {
    const { status, body } = await json(`/api/alerts/${older.id}/ack`, postJson({ by: 'amina' }));
    expect(status).toBe(200);
    expect(body.alert.acknowledged.by).toBe('amina');
    const stored = await t.ctx.alerts.get(older.id);
    expect(stored?.history.at(-1)).toMatchObject({ kind: 'acknowledged', note: 'acknowledged by amina' });
  });

  it('resolves an alert once, saying who and why; a second resolve is a 409', async () => {
    const { status, body } = await json(`/api/alerts/${older.id}/resolve`, postJson({ by: 'amina', comment: 'convoy route reopened' }));
    expect(status).toBe(200);
    expect(body.alert.resolved).toMatchObject({ by: 'amina', reason: 'analyst' });
    expect(body.notified).toEqual([]);
    expect((await t.ctx.alerts.get(older.id))?.history.at(-1)).toMatchObject({ kind: 'resolved', note: 'resolved by amina: convoy route reopened' });
    const again = await json(`/api/alerts/${older.id}/resolve`, postJson({}));
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('already resolved');
  });
});

describe('silences', () => {
  it('silences an alert story from the alert, lists it, then ends it', async () => {
    const created = await json(`/api/alerts/${niamey.id}/silence`, postJson({ hours: 24, comment: 'known incident, tracked in SITREP', by: 'amina' }));
    expect(created.status).toBe(201);
    expect(created.body.silence.matchers).toEqual({ indicator: [niamey.indicatorId], story: niamey.story.id });
    expect(created.body.alert.history.at(-1).kind).toBe('silenced');
    const detail = await json(`/api/alerts/${niamey.id}`);
    expect(detail.body.silencedBy.map((s: { id: string }) => s.id)).toEqual([created.body.silence.id]);

    const listed = await json('/api/silences');
    expect(listed.body.silences).toEqual([expect.objectContaining({ id: created.body.silence.id, active: true, created_by: 'amina' })]);

    const ended = await json(`/api/silences/${created.body.silence.id}`, { method: 'DELETE' });
    expect(ended.status).toBe(200);
    const after = await json(`/api/silences/${created.body.silence.id}`);
    expect(after.body.silence.active).toBe(false);
  });

  it('creates a silence from matchers and refuses bad ones clearly', async () => {
    const good = await json('/api/silences', postJson({ matchers: { country: 'BF' }, expires_at: iso(-HOUR), comment: 'exercise', created_by: 'ops' }));
    expect(good.status).toBe(201);
    const noMatcher = await json('/api/silences', postJson({ matchers: {}, expires_at: iso(-HOUR), comment: 'x', created_by: 'ops' }));
    expect(noMatcher).toEqual({ status: 400, body: { error: 'matchers: a silence needs at least one matcher' } });
    const past = await json('/api/silences', postJson({ matchers: { country: 'BF' }, expires_at: iso(HOUR), comment: 'x', created_by: 'ops' }));
    expect(past.body.error).toBe('expires_at: must be in the future');
    const extra = await json('/api/silences', postJson({ matchers: { country: 'BF' }, expires_at: iso(-HOUR), comment: 'x', created_by: 'ops', admin: true }));
    expect(extra.body.error).toBe('unknown field "admin" (allowed: matchers, expires_at, comment, created_by)');
    const notFound = await json(`/api/silences/si_${'a'.repeat(16)}`, { method: 'DELETE' });
    expect(notFound.status).toBe(404);
  });

  it('answers oversized and malformed bodies with JSON 4xx, never a stack trace', async () => {
    const huge = await t.api('/api/silences', postJson({ comment: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    const hugeBody: Json = await huge.json();
    expect(Object.keys(hugeBody)).toEqual(['error']);
    const broken = await t.api('/api/silences', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"matchers": ' });
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
  });
});

describe('operator views', () => {
  it('/api/indicators lists the loaded indicators with their hit counts', async () => {
    const { body } = await json('/api/indicators');
    const byId = new Map<string, Json>(body.indicators.map((i: Json) => [i.id, i] as const));
    expect(byId.size).toBeGreaterThanOrEqual(4);
    expect(byId.get('kayes-convoy-interdiction')).toMatchObject({ hits: { total: 2, last7Days: 2, last24Hours: 1 } });
    expect(byId.get('w-arly-pendjari-attack')).toMatchObject({ hits: { total: 1 } });
    expect(byId.get('drone-satcom-seizure')).toMatchObject({ hits: { total: 0 } });
  });

  it('/api/feeds merges the configured feeds with their poll status', async () => {
    await t.ctx.feedStatus.recordSuccess('sahel-daily', Date.now() - 60_000, { itemCount: 12, validators: { etag: '"abc"' } });
    await t.ctx.feedStatus.recordFailure('retired-feed', Date.now() - 60_000, 'HTTP 410');
    const { body } = await json('/api/feeds');
    expect(body.feeds).toEqual([
      expect.objectContaining({ id: 'sahel-daily', name: 'Sahel Daily', health: 'ok', lastItemCount: 12, configured: true }),
      expect.objectContaining({ id: 'quiet-wire', health: 'never-polled', configured: true }),
      expect.objectContaining({ id: 'retired-feed', health: 'failing', lastError: 'HTTP 410', configured: false }),
    ]);
    expect(body.feeds[0]).not.toHaveProperty('etag');
  });

  it('/api/stories lists stories most recent first, and one story by id', async () => {
    const article = (n: number, title: string) => ({
      id: `ar_${String(n).repeat(24)}`,
      itemId: `it_${n}`,
      feedId: 'sahel-daily',
      outlet: 'Sahel Daily',
      url: `https://news.example.org/${n}`,
      title,
      text: `${title}. Reported on day ${n}.`,
      published: iso((10 - n) * HOUR),
      textSource: 'page' as const,
    });
    const first = await t.ctx.stories.assign(article(1, 'Fuel convoy burned near Kati'));
    const second = await t.ctx.stories.assign(article(2, 'Ranger post attacked in Park W near the Benin border'));
    const { body } = await json('/api/stories');
    expect(body.stories.map((s: { id: string }) => s.id)).toEqual([second.story.id, first.story.id]);
    const one = await json(`/api/stories/${first.story.id}`);
    expect(one.body.story.title).toBe('Fuel convoy burned near Kati');
    expect((await json('/api/stories/st_nope')).status).toBe(400);
    expect((await json(`/api/stories/st_${'f'.repeat(24)}`)).status).toBe(404);
  });

  it('/api/timeline without a record answers an empty chart that says why, and refuses the old days= with one line', async () => {
    const { status, body } = await json('/api/timeline?by=indicator');
    expect(status).toBe(200);
    expect(body).toMatchObject({ by: 'indicator', weeks: [], series: [], unavailable: expect.stringContaining('keeps none') });
    const old = await json('/api/timeline?days=7');
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('unknown filter "days" (allowed: by, since, until)');
  });

  it('/api/regions draws the indicators regions and /api/outlines the countries', async () => {
    const regions = await json('/api/regions');
    expect(regions.body.type).toBe('FeatureCollection');
    expect(regions.body.features.length).toBeGreaterThan(0);
    expect(new Set(regions.body.features.map((f: { properties: { region: string } }) => f.properties.region))).toContain('kayes-corridors');
    const outlines = await json('/api/outlines');
    const names = outlines.body.features.map((f: { properties: { name: string } }) => f.properties.name);
    expect(names).toEqual(expect.arrayContaining(['Mali', 'Burkina Faso', 'Niger', 'Benin']));
  });

  it('/api/queues and the bull-board UI under /queues show the queues', async () => {
    const { body } = await json('/api/queues');
    expect(body.queues.map((q: { name: string }) => q.name)).toEqual(['poll', 'fetch', 'analyze', 'deliver', 'digest']);
    const board = await t.api('/queues');
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html).toContain('sahelwatch queues');
    expect(html).not.toContain('fonts.googleapis.com');
    expect(board.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('/api/deadletters lists failed deliveries and retries one onto the deliver queue', async () => {
    const store = new DeadLetters({ redis: t.ctx.redis, prefix: t.ctx.prefix, queue: t.ctx.queues.deliver });
    const key = `dl_${diboli.id}_v1_ops-slack`;
    await store.add({ key, receiver: 'ops-slack', alertId: diboli.id, version: 1, error: 'HTTP 404 no_service', attempts: 10, failedAt: iso(0), alert: diboli });
    const listed = await json('/api/deadletters');
    expect(listed.body.deadletters).toEqual([expect.objectContaining({ key, receiver: 'ops-slack', error: 'HTTP 404 no_service', title: diboli.story.title })]);
    const retried = await json(`/api/deadletters/${key}/retry`, { method: 'POST' });
    expect(retried).toEqual({ status: 200, body: { retried: key } });
    expect(await t.ctx.queues.deliver.getJob(key)).toBeDefined();
    expect((await json('/api/deadletters')).body.deadletters).toEqual([]);
    expect((await json(`/api/deadletters/${key}/retry`, { method: 'POST' })).status).toBe(404);
  });
});

describe('exports', () => {
  it('serves GeoJSON and ACLED CSV with the same filters as the list', async () => {
    const geo = await t.api('/api/export/alerts.geojson?country=NE');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const fc: Json = await geo.json();
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual([niamey.id]);
    expect(fc.features[0].geometry.coordinates).toEqual([2.18, 12.75]);
    const csv = await t.api('/api/export/alerts.csv?bom=1');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="sahelwatch-alerts-acled-\d{4}-\d\d-\d\d\.csv"/);
    const text = await csv.text();
    expect(text.startsWith('event_id_cnty,event_date,year,')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(4);
    expect((await t.api('/api/export/alerts.csv?format=xlsx')).status).toBe(400);
    const seq = await t.api('/api/export/alerts.geojsonseq?indicator=kayes-convoy-interdiction');
    expect(seq.headers.get('content-type')).toMatch(/^application\/geo\+json-seq/);
    expect((await seq.text()).split('\u001e')).toHaveLength(3);
  });

  it('serves an Atom feed with ETag and Last-Modified, answering 304 when unchanged', async () => {
    const first = await t.api('/feeds/alerts.atom');
    expect(first.headers.get('content-type')).toContain('application/atom+xml');
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    expect(await first.text()).toContain(`<id>urn:sahelwatch:alert:${diboli.id}</id>`);
    expect((await t.api('/feeds/alerts.atom', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await t.api('/feeds/alerts.atom', { headers: { 'if-modified-since': modified } })).status).toBe(304);
    await t.ctx.alerts.save({ ...diboli, updatedAt: new Date().toISOString(), version: 2 });
    const changed = await t.api('/feeds/alerts.atom', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('dashboard assets', () => {
  it('serves the dashboard and the bundled Leaflet with a same-origin CSP', async () => {
    const page = await t.api('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Natural Earth');
    // Read to the end: an unread 450 KB body holds its connection open and the server's close waits for it.
    const leaflet = await t.api('/vendor/leaflet/leaflet-src.esm.js');
    expect(leaflet.status).toBe(200);
    expect(await leaflet.text()).toContain('Leaflet');
    expect((await t.api('/vendor/leaflet/../../package.json')).status).toBe(404);
  });
});

describe('cross-site requests', () => {
  it('refuses state changes a browser marks as coming from another site', async () => {
    const evil = await t.api(`/api/alerts/${diboli.id}/ack`, { ...postJson({ by: 'x' }), headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toEqual({ error: 'cross-site request refused' });
    const fetchMeta = await t.api(`/api/alerts/${diboli.id}/ack`, { ...postJson({}), headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    const sameOrigin = await t.api(`/api/alerts/${diboli.id}/ack`, { ...postJson({}), headers: { 'content-type': 'application/json', origin: t.server.url } });
    expect(sameOrigin.status).toBe(200);
    const form = await t.api(`/api/deadletters/dl_${diboli.id}_v1_x/retry`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(form.status).toBe(415);
  });
});

describe('authentication', () => {
  it('requires basic or bearer credentials when configured, but leaves the probes open', async () => {
    const guarded = await startTestConsole('http-auth', { auth: { bearer_token: 's3cret-token', basic: { user: 'analyst', password: 'pa55word' } } });
    try {
      expect((await guarded.api('/healthz')).status).toBe(200);
      const denied = await guarded.api('/api/alerts');
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toContain('Basic');
      expect(await denied.json()).toEqual({ error: 'authentication required' });
      expect((await guarded.api('/api/alerts', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await guarded.api('/api/alerts', { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
      const basic = `Basic ${Buffer.from('analyst:pa55word').toString('base64')}`;
      const metricsText = await guarded.api('/metrics', { headers: { authorization: basic } });
      expect(metricsText.status).toBe(200);
      expect(await metricsText.text()).toContain('# HELP');
      expect((await guarded.api('/queues', { headers: {} })).status).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it('with only a token, a browser gets a login prompt: Basic with the token as password opens the console; Bearer stays for the API', async () => {
    const guarded = await startTestConsole('http-token-browser', { auth: { bearer_token: 'tok-3n' } });
    try {
      const denied = await guarded.api('/');
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic realm="sahelwatch"/);
      expect(denied.headers.get('www-authenticate')).toContain('Bearer');
      const login = (user: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
      const page = await guarded.api('/', login('amina', 'tok-3n'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect((await guarded.api('/api/alerts', login('amina', 'tok-3n'))).status).toBe(200);
      expect((await guarded.api('/', login('amina', 'wrong'))).status).toBe(401);
      expect((await guarded.api('/api/alerts', { headers: { authorization: 'Bearer tok-3n' } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
