import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryEvent } from '../../src/events/story-event.js';
import type { Alert } from '../../src/alerts/alert.js';
import { ACLED_COLUMNS, alertsToAcledCsv, eventsAcledCsvChunks, alertsToGeoJSON, alertsToGeoJSONSeq, eventsToAcledCsv, eventsToGeoJSON } from '../../src/exports/index.js';
import { streamed } from '../../src/http/export-sources.js';
import type { StageContext } from '../../src/pipeline/context.js';
import type { RecordStore } from '../../src/record/store.js';
import { parseCsv } from '../helpers/csv.js';
import { type EventPlace, recordEvent } from '../helpers/events.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { makeAlert } from '../http/alert-fixtures.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

const KAYES: EventPlace = { id: 'place/ml/kayes', name: 'Kayes', country: 'ML', admin1: 'Kayes', lat: 14.4469, lon: -11.4445 };
const DIBOLI: EventPlace = { id: 'place/ml/diboli', name: 'Diboli', country: 'ML', admin1: 'Kayes', lat: 14.5456, lon: -11.2123 };
const SEGOU: EventPlace = { id: 'place/ml/segou', name: 'Ségou', country: 'ML', admin1: 'Ségou', lat: 13.4317, lon: -6.2157 };
const KANDI: EventPlace = { id: 'place/bj/kandi', name: 'Kandi', country: 'BJ', admin1: 'Alibori', lat: 11.1342, lon: 2.9386 };
const MALI: EventPlace = { id: 'country/ml', name: 'Mali', country: 'ML', lat: 14.45, lon: -11.44 };

/** Every event of the record, read the old way: all at once, newest first. */
async function allEvents(record: RecordStore): Promise<StoryEvent[]> {
  const out: StoryEvent[] = [];
  for await (const batch of record.events({})) out.push(...batch);
  return out;
}

describe.each(BACKENDS)('events exports streamed from the record on %s', (backend) => {
  let opened: OpenedRecord;
  let api: TestConsole;
  const MANY = 2_350;

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'event_export');
    api = await startTestConsole(`event-export-${backend}`);
    api.ctx.record = opened.record;
    // More events than one batch (1,000), several on the same first report, so paging has ties to get right.
    const bulk = Array.from({ length: MANY }, (_, i) => recordEvent(`acled_bulk_${String(i).padStart(5, '0')}`, T0 - 400 * DAY + Math.floor(i / 3) * 3_600_000, [i % 2 ? KAYES : KANDI]));
    for (let i = 0; i < bulk.length; i += 500) await opened.record.importEvents(bulk.slice(i, i + 500));
    await opened.record.importEvents([
      recordEvent('acled_diboli', T0 - 2 * DAY, [DIBOLI], { actors: [{ id: 'actor/jnim', name: 'JNIM' }], eventTypes: ['ambush', 'arson'] }),
      recordEvent('acled_segou', T0 - 1 * DAY, [SEGOU], { actors: [{ id: 'actor/isgs', name: 'IS Sahel' }], eventTypes: ['kidnapping'] }),
      recordEvent('acled_mali', T0 - 3 * DAY, [MALI]),
    ]);
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await opened?.close();
  });

  it('writes the same bytes the load-all path wrote, every event once, newest first across batches', async () => {
    const everything = await allEvents(opened.record);
    expect(everything).toHaveLength(MANY + 3);
    expect(new Set(everything.map((e) => e.id)).size).toBe(MANY + 3);
    const times = everything.map((e) => Date.parse(e.story.firstReport));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const csv = await api.api('/api/export/events.csv?bom=1');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText).toBe(eventsToAcledCsv(everything, { bom: true }));
    const rows = parseCsv(csvText.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([...ACLED_COLUMNS]);
    expect(rows).toHaveLength(MANY + 4);

    const geo = await api.api('/api/export/events.geojson');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const geoText = await geo.text();
    expect(geoText).toBe(JSON.stringify(eventsToGeoJSON(everything)));
    expect((JSON.parse(geoText) as { features: unknown[] }).features).toHaveLength(MANY + 3);
  });

  it('pages with small batches to the same events', async () => {
    const small: string[] = [];
    for await (const batch of opened.record.events({}, 7)) small.push(...batch.map((e) => e.id));
    expect(small).toEqual((await allEvents(opened.record)).map((e) => e.id));
  });

  it('filters by country, admin1 (accents and case ignored), actor, event type, time range, place within a radius and limit', async () => {
    const ids = async (query: string) =>
      ((await (await api.api(`/api/export/events.geojson?${query}`)).json()) as { features: { id: string }[] }).features.map((f) => f.id);
    const since = new Date(T0 - 10 * DAY).toISOString().slice(0, 10);
    expect(await ids(`since=${since}`)).toEqual(['acled_segou', 'acled_diboli', 'acled_mali']);
    expect(await ids(`since=${since}&until=${new Date(T0 - 1 * DAY).toISOString()}`)).toEqual(['acled_diboli', 'acled_mali']);
    expect(await ids(`since=${since}&admin1=SEGOU`)).toEqual(['acled_segou']);
    expect(await ids(`since=${since}&admin1=kayes,Ségou`)).toEqual(['acled_segou', 'acled_diboli']);
    expect(await ids(`since=${since}&actor=isgs`)).toEqual(['acled_segou']);
    expect(await ids(`since=${since}&event_type=ambush,kidnapping`)).toEqual(['acled_segou', 'acled_diboli']);
    // Diboli is 27 km from Kayes; the country-level "Mali" event sits on the same point but is no place.
    expect(await ids(`since=${since}&lat=14.4469&lon=-11.4445&radius_km=50`)).toEqual(['acled_diboli']);
    expect(await ids(`since=${since}&lat=14.4469&lon=-11.4445&radius_km=10`)).toEqual([]);
    expect(await ids('country=BJ&limit=3')).toHaveLength(3);
    expect((await ids('country=bj')).length).toBe(MANY / 2 + (MANY % 2));
    const [header, ...rows] = parseCsv(await (await api.api('/api/export/events.csv?admin1=alibori&limit=2')).text());
    expect(header).toEqual([...ACLED_COLUMNS]);
    expect(rows.map((r) => r[ACLED_COLUMNS.indexOf('admin1')])).toEqual(['Alibori', 'Alibori']);
  });

  it('refuses a bad filter with one line naming it', async () => {
    const error = async (query: string) => {
      const res = await api.api(`/api/export/events.csv?${query}`);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await error('lat=14&lon=-11')).toBe('radius_km: lat, lon and radius_km go together');
    expect(await error('until=soon')).toBe('until: expected an ISO date or date-time, e.g. 2025-01-31');
    expect(await error('country=Mali')).toBe('country.0: expected an ISO 3166 alpha-2 code such as ML');
    expect(await error('limit=0')).toMatch(/^limit: /);
    expect(await error('region=Kayes')).toMatch(/^unknown filter "region" \(allowed: country, admin1, actor/);
  });
});

describe('events exports without a record', () => {
  let api: TestConsole;
  beforeAll(async () => {
    api = await startTestConsole('event-export-redis');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses a filter only the record can apply, naming it, instead of ignoring it', async () => {
    const res = await api.api('/api/export/events.csv?admin1=Kayes');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'admin1: this filter reads the record, and this process keeps none (database.enabled is false)' });
    const plain = await api.api('/api/export/events.csv?country=ML');
    expect(plain.status).toBe(200);
    expect(parseCsv(await plain.text())).toEqual([[...ACLED_COLUMNS]]);
  });
});

describe.each(BACKENDS)('alert exports streamed from the record on %s', (backend) => {
  let opened: OpenedRecord;
  let api: TestConsole;
  const at = (days: number) => new Date(T0 - days * DAY).toISOString();
  const alerts = [
    makeAlert({ title: 'Convoy ambushed near Diboli', at: at(1), severity: 'high' }),
    makeAlert({ title: 'Tankers burned near Kayes', at: at(3), severity: 'low', place: { id: 'place/ml/kayes', name: 'Kayes', country: 'ML', admin1: 'Kayes', lat: 14.4469, lon: -11.4445 } }),
    makeAlert({ indicatorId: 'w-arly-pendjari-attack', title: 'Ranger post attacked near Kandi', at: at(2), severity: 'medium', place: { id: 'place/bj/kandi', name: 'Kandi', country: 'BJ', admin1: 'Alibori', lat: 11.1342, lon: 2.9386 } }),
    // A year old: long past Redis's retention, kept by the record.
    makeAlert({ title: 'Old convoy attack near Diboli', at: at(365), severity: 'critical' }),
  ];

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'alert_export');
    api = await startTestConsole(`alert-export-${backend}`);
    api.ctx.record = opened.record;
    for (const alert of alerts) await opened.record.saveAlert(alert);
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await opened?.close();
  });

  const titles = async (query = '') =>
    ((await (await api.api(`/api/export/alerts.geojson?${query}`)).json()) as { features: { properties: { title: string } }[] }).features.map((f) => f.properties.title);

  it('writes every alert the record keeps, newest first, in the bytes the load-all path wrote', async () => {
    const newestFirst = [alerts[0], alerts[2], alerts[1], alerts[3]] as Alert[];
    expect(await titles()).toEqual(newestFirst.map((a) => a.story.title));
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await api.api('/api/export/alerts.csv?bom=1')).arrayBuffer());
    expect(csv).toBe(alertsToAcledCsv(newestFirst, { bom: true }));
    expect(await (await api.api('/api/export/alerts.geojson')).text()).toBe(JSON.stringify(alertsToGeoJSON(newestFirst)));
    expect(await (await api.api('/api/export/alerts.geojsonseq')).text()).toBe(alertsToGeoJSONSeq(newestFirst));
    const small: string[] = [];
    for await (const batch of opened.record.alerts({}, 1)) small.push(...batch.map((a) => a.id));
    expect(small).toEqual(newestFirst.map((a) => a.id));
  });

  it('applies the alert-matcher filters and the time range as /api/alerts does', async () => {
    expect(await titles('indicator=w-arly-pendjari-attack')).toEqual(['Ranger post attacked near Kandi']);
    expect(await titles('severity_at_least=medium')).toEqual(['Convoy ambushed near Diboli', 'Ranger post attacked near Kandi', 'Old convoy attack near Diboli']);
    expect(await titles('country=BJ')).toEqual(['Ranger post attacked near Kandi']);
    expect(await titles('place=kayes')).toEqual(['Tankers burned near Kayes']);
    expect(await titles(`since=${at(2.5)}&until=${at(1.5)}`)).toEqual(['Ranger post attacked near Kandi']);
    const bad = await api.api('/api/export/alerts.csv?severity=urgent');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^severity: /);
  });
});

describe('the export stream', () => {
  it('reads the next batch only when the client has taken the bytes before (backpressure)', async () => {
    let pulled = 0;
    async function* batches() {
      for (let b = 0; b < 50; b++) {
        pulled++;
        yield Array.from({ length: 200 }, (_, i) => recordEvent(`acled_s${b}_${i}`, T0 - b * DAY, [KANDI]));
      }
    }
    const log = { error: () => undefined } as unknown as StageContext['log'];
    const stream = streamed(eventsAcledCsvChunks(batches()), { log } as StageContext, { url: '/api/export/events.csv' } as FastifyRequest);
    // A client that takes one chunk and then stops reading.
    let release: (() => void) | undefined;
    let bytes = 0;
    const client = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        release = done;
      },
    });
    const finished = pipeline(stream, client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The header and a batch or two at most: not the 50 batches a reader ahead of the client would have taken.
    expect(pulled).toBeLessThanOrEqual(3);
    // Let it go: every chunk from now on is taken at once.
    client._write = (chunk: Buffer, _encoding, done) => {
      bytes += chunk.length;
      done();
    };
    release?.();
    await finished;
    expect(pulled).toBe(50);
    expect(bytes).toBeGreaterThan(50 * 200 * 100);
  });
});
