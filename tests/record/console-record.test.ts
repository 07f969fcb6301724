import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import type { Article } from '../../src/articles/article.js';
import { extract } from '../../src/extraction/extract.js';
import { locatedBox } from '../../src/record/geo-sql.js';
import type { RecordStore } from '../../src/record/store.js';
import { recordEvent } from '../helpers/events.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { makeAlert } from '../http/alert-fixtures.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

const DAY = 86_400_000;
/** A Wednesday: its ISO week starts on Monday 2026-06-01. */
const T0 = Date.parse('2026-06-03T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const DIBOLI = { id: 'place/ml/diboli', name: 'Diboli', country: 'ML', admin1: 'Kayes', lat: 14.5456, lon: -11.2123 };
const KAYES = { id: 'place/ml/kayes', name: 'Kayes', country: 'ML', admin1: 'Kayes', lat: 14.4469, lon: -11.4445 };
const DJIBO = { id: 'place/bf/djibo', name: 'Djibo', country: 'BF', admin1: 'Sahel', lat: 14.102, lon: -1.627 };
const KANDI = { id: 'place/bj/kandi', name: 'Kandi', country: 'BJ', admin1: 'Alibori', lat: 11.1342, lon: 2.9386 };

/** An article as analysis keeps it, matched by the given indicators, in a story. */
async function matched(record: RecordStore, id: string, story: string, at: number, indicators: string[]): Promise<void> {
  const article: Article = { id, itemId: `it_${id}`, feedId: 'wire', outlet: 'Sahel Wire', url: `https://wire.example.org/${id}`, title: `Report ${id}`, text: 'Gunmen attacked a convoy near Diboli, in Mali.', published: iso(at), language: 'en', textSource: 'page' };
  const extraction = extract({ title: article.title, text: article.text, language: 'en', published: article.published });
  await record.saveAnalysis({ article, seenAt: at, story: { id: story, title: article.title, firstReport: iso(at), latestReport: iso(at), outlets: 1, sources: [] }, extraction, indicators, event: null });
}

describe.each(BACKENDS)('the console reads the record on %s', (backend) => {
  let opened: OpenedRecord;
  let api: TestConsole;
  let current: Alert;
  const json = async (path: string) => {
    const res = await api.api(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
  };

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'console_record');
    api = await startTestConsole(`console-record-${backend}`);
    api.ctx.record = opened.record;
    const record = opened.record;
    current = makeAlert({ title: 'Convoy ambushed near Diboli', at: iso(T0), place: DIBOLI, story: 'st_current' });
    const alerts = [
      current,
      // The same incident under another indicator: not "earlier", it is this one.
      makeAlert({ indicatorId: 'w-arly-pendjari-attack', title: 'Convoy ambushed near Diboli', at: iso(T0), place: DIBOLI, story: 'st_current' }),
      makeAlert({ title: 'Tankers burned outside Kayes', at: iso(T0 - 10 * DAY), place: KAYES, story: 'st_kayes' }),
      makeAlert({ title: 'Drones seized near Djibo', at: iso(T0 - 5 * DAY), place: DJIBO, story: 'st_djibo' }),
      makeAlert({ title: 'Kayes checkpoint attacked', at: iso(T0 + DAY), place: KAYES, story: 'st_later' }),
    ];
    for (const a of alerts) {
      await api.ctx.alerts.save(a);
      await record.saveAlert(a);
    }
    await record.importEvents([
      recordEvent('ev_kayes', T0 - 3 * DAY, [KAYES]),
      recordEvent('ev_kayes_old', T0 - 40 * DAY, [{ ...KAYES, id: 'acled/ml-kayes-kayes' }]),
      recordEvent('ev_kandi', T0 - 2 * DAY, [KANDI]),
      recordEvent('st_current', T0, [DIBOLI]),
      recordEvent('ev_later', T0 + 2 * DAY, [KAYES]),
      // On the very point, but a country and a region-level reference are not places.
      recordEvent('ev_country', T0 - DAY, [{ id: 'country/ml', name: 'Mali', country: 'ML', lat: DIBOLI.lat, lon: DIBOLI.lon }]),
      recordEvent('ev_region', T0 - DAY, [{ id: 'place/region/western-mali', name: 'western Mali', country: 'ML', lat: DIBOLI.lat, lon: DIBOLI.lon, placeKind: 'region' }]),
      recordEvent('ev_two', T0 - 8 * DAY, [KAYES, KANDI]),
    ]);
    // Stories matched per indicator: two articles of one story count once.
    await matched(record, 'ar_1', 'st_m1', T0 - 1 * DAY, ['kayes-convoy-interdiction']);
    await matched(record, 'ar_2', 'st_m1', T0 - 1 * DAY + 3_600_000, ['kayes-convoy-interdiction']);
    await matched(record, 'ar_3', 'st_m2', T0 - 7 * DAY, ['kayes-convoy-interdiction', 'w-arly-pendjari-attack']);
    await matched(record, 'ar_4', 'st_m3', T0 - 400 * DAY, ['kayes-convoy-interdiction']);
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await opened?.close();
  });

  it('GET /api/timeline?by=country: events per ISO week per country, labelled, from the record', async () => {
    const { status, body } = await json(`/api/timeline?by=country&since=2026-05-18&until=${iso(T0 + 7 * DAY)}`);
    expect(status).toBe(200);
    expect(body.weeks).toEqual(['2026-05-18', '2026-05-25', '2026-06-01', '2026-06-08']);
    expect(body.series).toEqual([
      // Week of 05-25: ev_two (Tue 26, Mali and Benin), ev_kayes (Sun 31); of 06-01: ev_kandi (Mon 1), ev_country, ev_region (2), st_current (3), ev_later (5).
      { key: 'ML', label: 'Mali', total: 6, counts: [0, 2, 4, 0] },
      { key: 'BJ', label: 'Benin', total: 2, counts: [0, 1, 1, 0] },
    ]);
  });

  it('GET /api/timeline?by=indicator: stories each indicator matched per week, each story once', async () => {
    const { body } = await json(`/api/timeline?by=indicator&since=2026-05-25&until=${iso(T0 + DAY)}`);
    expect(body.weeks).toEqual(['2026-05-25', '2026-06-01']);
    expect(body.series).toEqual([
      { key: 'kayes-convoy-interdiction', label: expect.stringMatching(/convoy/i), total: 2, counts: [1, 1] },
      { key: 'w-arly-pendjari-attack', label: expect.stringMatching(/W/), total: 1, counts: [1, 0] },
    ]);
  });

  it('GET /api/timeline defaults to the last 26 weeks and refuses bad input with one line naming the field', async () => {
    const { body } = await json('/api/timeline');
    expect(body.by).toBe('country');
    expect((body.weeks as string[]).length).toBeGreaterThanOrEqual(26);
    expect((await json('/api/timeline?by=region')).body.error).toMatch(/^by: /);
    expect((await json('/api/timeline?since=2026-06-02&until=2026-06-01')).body.error).toBe('since: since must be before until');
    expect((await json('/api/timeline?since=2000-01-01')).body.error).toMatch(/^since: at most 261 weeks before until/);
    expect((await json('/api/timeline?until=never')).status).toBe(400);
  });

  it("GET /api/alerts/:id/earlier: earlier alerts and events near the alert's place, newest first, not its own story", async () => {
    const { status, body } = await json(`/api/alerts/${current.id}/earlier`);
    expect(status).toBe(200);
    expect(body.place).toEqual({ name: 'Diboli', lat: DIBOLI.lat, lon: DIBOLI.lon });
    expect(body.radiusKm).toBe(50);
    expect((body.alerts as { title: string }[]).map((a) => a.title)).toEqual(['Tankers burned outside Kayes']);
    expect(body.alerts).toEqual([expect.objectContaining({ indicatorId: 'kayes-convoy-interdiction', place: 'Kayes', distanceKm: expect.closeTo(27.4, 0) })]);
    expect((body.events as { id: string }[]).map((e) => e.id)).toEqual(['ev_kayes', 'ev_two', 'ev_kayes_old']);
    expect((body.events as unknown[])[0]).toMatchObject({ url: 'https://news.example.org/ev_kayes', place: 'Kayes', fatalities: 3, eventTypes: ['attack'] });
    const near = await json(`/api/alerts/${current.id}/earlier?radius_km=10&limit=5`);
    expect(near.body.alerts).toEqual([]);
    expect(near.body.events).toEqual([]);
    expect((await json(`/api/alerts/${current.id}/earlier?limit=1`)).body.events).toHaveLength(1);
  });

  it('earlier near here gives the same answer reading the few rows whose box of places is near first or walking the newest rows, and nothing where nothing is near', async () => {
    const q = { lat: DIBOLI.lat, lon: DIBOLI.lon, radiusKm: 50, before: current.story.firstReport, excludeStory: 'st_current', limit: 20 };
    const few = await opened.record.earlierNear(q);
    expect(few.events.map((e) => e.id)).toEqual(['ev_kayes', 'ev_two', 'ev_kayes_old']);
    expect(few.alerts.map((a) => a.title)).toEqual(['Tankers burned outside Kayes']);
    expect(await opened.record.earlierNear({ ...q, fewNear: 0 })).toEqual(few);
    expect(await opened.record.earlierNear({ ...q, limit: 1, fewNear: 1 })).toEqual({ alerts: few.alerts, events: few.events.slice(0, 1) });
    // ev_two names Kayes and Kandi: its box spans both, and from Kandi it is the one event besides ev_kandi.
    const kandi = await opened.record.earlierNear({ ...q, lat: KANDI.lat, lon: KANDI.lon });
    expect(kandi.events.map((e) => [e.id, e.place])).toEqual([['ev_kandi', 'Kandi'], ['ev_two', 'Kandi']]);
    expect(await opened.record.earlierNear({ ...q, lat: 20, lon: 10 })).toEqual({ alerts: [], events: [] });
    const { rows } = await sql<{ id: string; bbox: string | null }>`select id, bbox::text as bbox from events where id in ('ev_country', 'ev_kayes', 'ev_region', 'ev_two') order by id`.execute(opened.record.db);
    expect(rows).toEqual([
      { id: 'ev_country', bbox: null },
      { id: 'ev_kayes', bbox: `(${KAYES.lon},${KAYES.lat}),(${KAYES.lon},${KAYES.lat})` },
      { id: 'ev_region', bbox: null },
      { id: 'ev_two', bbox: `(${KANDI.lon},${KAYES.lat}),(${KAYES.lon},${KANDI.lat})` },
    ]);
    // The migration fills the boxes of rows kept before it with the same SQL test of a located place.
    const { rows: again } = await sql<{ same: boolean }>`select bool_and(bbox is not distinct from ${locatedBox(sql`data->'places'`)}) as same from events`.execute(opened.record.db);
    expect(again).toEqual([{ same: true }]);
  });

  it('GET /api/alerts/:id/earlier refuses bad parameters with one line, and says when the alert names no located place', async () => {
    expect((await json(`/api/alerts/${current.id}/earlier?radius_km=0`)).body.error).toMatch(/^radius_km: /);
    expect((await json(`/api/alerts/${current.id}/earlier?radius_km=far`)).body.error).toMatch(/^radius_km: /);
    expect((await json(`/api/alerts/${current.id}/earlier?near=1`)).body.error).toBe('unknown parameter "near" (allowed: radius_km, limit)');
    const vague = { ...makeAlert({ title: 'Attack in the coastal states', at: iso(T0), story: 'st_vague' }), places: [{ id: 'place/region/coastal-states', name: 'coastal West African states', lat: 9, lon: 1, placeKind: 'region' as const }] };
    await api.ctx.alerts.save(vague);
    const { status, body } = await json(`/api/alerts/${vague.id}/earlier`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ place: null, alerts: [], events: [], unavailable: expect.stringContaining('no located place') });
  });
});
