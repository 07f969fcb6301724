/**
 * Events exports from the record: 200,000 events (a year and more of Sahel
 * reporting) exported as ACLED-layout CSV and as GeoJSON, streamed (keyset
 * batches of 1,000 written as they come, with backpressure) against the old
 * path (every event loaded, then the whole file built as one string), in the
 * same run. Each export runs in a process of its own, so one's peak RSS does
 * not colour the next; each reports wall time, bytes and its peak RSS, with
 * the RSS it had before exporting (the record opened, the modules loaded).
 * Run: npm run bench export [-- --events 200000] [--backends postgres,pglite]
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a database of its own, dropped after.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoryEvent } from '../src/events/story-event.js';
import { eventsAcledCsvChunks, eventsGeoJSONChunks, eventsToAcledCsv, eventsToGeoJSON } from '../src/exports/index.js';
import { DatabaseConfigSchema } from '../src/record/config.js';
import { openRecord } from '../src/record/open.js';
import type { RecordStore } from '../src/record/store.js';
import { createTestDatabase } from '../tests/helpers/record.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? String(process.argv[i + 1]) : fallback;
};
const EVENTS = Number(arg('events', '200000'));
const BACKENDS = arg('backends', 'postgres,pglite').split(',');
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const PLACES = [
  { id: 'place/ml/diboli', name: 'Diboli', country: 'ML', admin1: 'Kayes', lat: 14.5456, lon: -11.2123 },
  { id: 'place/ml/segou', name: 'Ségou', country: 'ML', admin1: 'Ségou', lat: 13.4317, lon: -6.2157 },
  { id: 'place/bf/djibo', name: 'Djibo', country: 'BF', admin1: 'Sahel', lat: 14.102, lon: -1.627 },
  { id: 'place/bj/kandi', name: 'Kandi', country: 'BJ', admin1: 'Alibori', lat: 11.1342, lon: 2.9386 },
  { id: 'place/ne/tillaberi', name: 'Tillabéri', country: 'NE', admin1: 'Tillabéri', lat: 14.2117, lon: 1.4531 },
];
const TYPES = [['attack'], ['ambush', 'arson'], ['kidnapping'], ['ied'], ['blockade', 'seizure']];

/** An event as the pipeline or an import writes it: a story with sources, places, actors, casualties. */
function event(i: number): StoryEvent & { source: 'csv'; acled: Record<string, never> } {
  const place = PLACES[i % PLACES.length] as (typeof PLACES)[number];
  const at = new Date(T0 - ((i * 7919) % (400 * DAY))).toISOString();
  const id = `acled_bench_${i}`;
  const sources = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ articleId: `ar_${i}_${k}`, url: `https://news${k}.example.org/${i}`, outlet: `Outlet ${k}`, title: `Gunmen attack near ${place.name}`, published: at }));
  return {
    id,
    story: { id, title: `Gunmen attack near ${place.name}, killing ${i % 9} (${i})`, firstReport: at, latestReport: at, outlets: sources.length, sources },
    places: [{ id: `country/${place.country.toLowerCase()}`, name: place.country, country: place.country, lat: place.lat + 1, lon: place.lon + 1 }, place],
    countries: [place.country],
    actors: [{ id: 'actor/jnim', name: 'JNIM' }],
    eventTypes: TYPES[i % TYPES.length] as string[],
    casualties: [{ kind: 'killed', count: i % 9 }],
    updatedAt: at,
    source: 'csv',
    acled: {},
  };
}

/** A client that takes what it is sent in 64 KB socket-sized writes, one turn of the event loop each. */
function client(): Writable & { bytes: number } {
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      setImmediate(done);
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** One export in this process (a child): prints its figures as one JSON line. */
async function child(mode: 'streamed' | 'load-all', format: 'csv' | 'geojson', database: { url?: string; path?: string }): Promise<void> {
  const record = await openRecord(DatabaseConfigSchema.parse(database));
  try {
    // The record's first query (and the modules) before the clock starts: both paths pay it alike.
    for await (const _ of record.events({ limit: 1 })) break;
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const t0 = performance.now();
    const sink = client();
    if (mode === 'streamed') {
      const batches = record.events({});
      await pipeline(Readable.from(format === 'csv' ? eventsAcledCsvChunks(batches) : eventsGeoJSONChunks(batches), { objectMode: false }), sink);
    } else {
      // The old path: every event in memory, then the whole file as one string.
      const events: StoryEvent[] = [];
      for await (const batch of record.events({})) events.push(...batch);
      const body = format === 'csv' ? eventsToAcledCsv(events) : JSON.stringify(eventsToGeoJSON(events));
      await pipeline(Readable.from([body], { objectMode: false }), sink);
    }
    const seconds = (performance.now() - t0) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ mode, format, seconds: Number(seconds.toFixed(1)), mb: Number((sink.bytes / 2 ** 20).toFixed(1)), rssBeforeMb: Math.round(rssBeforeMb), peakRssMb: Math.round(peakRssMb) })}\n`);
  } finally {
    await record.close();
  }
}

async function seed(record: RecordStore): Promise<number> {
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < EVENTS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, EVENTS - i) }, (_, k) => event(i + k));
    const p = record.importEvents(batch).then(() => {
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return (performance.now() - t0) / 1000;
}

async function measure(backend: string) {
  const dir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'sw-bench-export-')) : undefined;
  const pg = backend === 'postgres' ? await createTestDatabase('bench_export') : undefined;
  const database = pg ? { url: pg.url } : { path: dir };
  try {
    const record = await openRecord(DatabaseConfigSchema.parse(database));
    const seedSecs = await seed(record).finally(() => record.close());
    const runs = [];
    for (const format of ['csv', 'geojson'] as const) {
      for (const mode of ['streamed', 'load-all'] as const) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/export.ts', '--child', mode, '--format', format, '--database', JSON.stringify(database)], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`bench export: the ${mode} ${format} export failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
        runs.push({ backend, ...(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>) });
      }
    }
    return { backend, events: EVENTS, seedSecs: Number(seedSecs.toFixed(1)), runs };
  } finally {
    await pg?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) {
  await child(arg('child', 'streamed') as 'streamed' | 'load-all', arg('format', 'csv') as 'csv' | 'geojson', JSON.parse(arg('database', '{}')) as { url?: string; path?: string });
} else {
  const results = [];
  for (const backend of BACKENDS) results.push(await measure(backend));
  process.stdout.write(`${JSON.stringify({ export: results })}\n\n`);
  process.stdout.write('backend    events    format    path        seconds     MB   RSS before MB   peak RSS MB\n');
  for (const r of results) {
    for (const run of r.runs as Array<Record<string, string | number>>) {
      process.stdout.write(
        `${r.backend.padEnd(9)} ${String(r.events).padStart(7)}    ${String(run.format).padEnd(8)}  ${String(run.mode).padEnd(10)} ${String(run.seconds).padStart(8)} ${String(run.mb).padStart(6)} ${String(run.rssBeforeMb).padStart(15)} ${String(run.peakRssMb).padStart(13)}\n`,
      );
    }
  }
}
