import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StoryEvent } from '../../events/story-event.js';
import { alertsToAcledCsv, alertsToAtom, alertsToGeoJSON, alertsToGeoJSONSeq, etagOf, eventsAcledCsvChunks, eventsGeoJSONChunks, lastUpdated } from '../../exports/index.js';
import type { StageContext } from '../../pipeline/context.js';
import type { EventQuery } from '../../record/event-query.js';
import { consoleLinker } from '../../delivery/config.js';
import { collectAlerts } from '../alert-queries.js';
import type { RouteDeps } from '../deps.js';
import { HttpError, parseInput } from '../errors.js';
import { AlertFilterSchema, EventExportQuerySchema, ExportQuerySchema } from '../schemas.js';

/** Feed readers poll often; the newest alerts are what they show. */
const ATOM_ENTRIES = 100;

function selfUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.url}`;
}

/** 304 when the client's copy is current: If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). */
function notModified(request: FastifyRequest, etag: string, modified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(modified.getTime() / 1000) <= Math.floor(since / 1000);
}

/** Filters only the record can apply: without one they are refused rather than ignored. */
const RECORD_ONLY = ['admin1', 'actor', 'event_type', 'until', 'lat'] as const;
/** What the Redis fallback returns when no limit is given (the console's map asks for its own). */
const REDIS_DEFAULT_LIMIT = 1000;

/**
 * The events a request asks for, a batch at a time: from the record when the
 * process keeps one, else the events Redis keeps (90 days), read at once. The
 * first batch is read before the response starts, so a record that cannot be
 * read is an error status, not a cut-off file.
 */
async function eventBatches(ctx: StageContext, query: EventQuery): Promise<AsyncIterable<StoryEvent[]>> {
  let source: AsyncIterator<StoryEvent[]>;
  if (ctx.record) {
    source = ctx.record.events(query);
  } else {
    const needs = RECORD_ONLY.find((k) => query[k] !== undefined);
    if (needs) throw new HttpError(503, `${needs}: this filter reads the record, and this process keeps none (database.enabled is false)`);
    const events = ctx.storyEvents.list({ ...(query.country ? { country: query.country } : {}), ...(query.since ? { since: query.since } : {}), limit: query.limit ?? REDIS_DEFAULT_LIMIT });
    source = (async function* () {
      yield await events;
    })();
  }
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  })();
}

/**
 * The chunks as a byte stream: it pulls the next chunk only when the socket has
 * taken the bytes before (a 16 KB buffer), so a slow client slows the query
 * instead of filling memory. A failure after the headers went out can only cut
 * the response short; it is logged.
 */
function streamed(chunks: AsyncIterable<string>, ctx: StageContext, request: FastifyRequest): Readable {
  const stream = Readable.from(chunks, { objectMode: false });
  stream.on('error', (err) => ctx.log.error({ err: err.message, url: request.url }, 'Export stopped part-way; the client got a truncated file.'));
  return stream;
}

function stamp(): string {
  return new Date().toISOString().slice(0, 10);
}

export function registerExportRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  // An empty feed is dated from start-up, so its ETag does not change on every poll.
  const startedAt = ctx.clock.now();
  app.get('/api/export/alerts.geojson', async (request, reply) => {
    const { bom: _bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    const body = JSON.stringify(alertsToGeoJSON(await collectAlerts(ctx.alerts, filters)));
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-${stamp()}.geojson"`)
      .send(body);
  });

  app.get('/api/export/alerts.geojsonseq', async (request, reply) => {
    const { bom: _bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    return reply
      .header('content-type', 'application/geo+json-seq')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-${stamp()}.geojsonseq"`)
      .send(alertsToGeoJSONSeq(await collectAlerts(ctx.alerts, filters)));
  });

  app.get('/api/export/alerts.csv', async (request, reply) => {
    const { bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    const csv = alertsToAcledCsv(await collectAlerts(ctx.alerts, filters), { bom: bom ?? false });
    return reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-acled-${stamp()}.csv"`)
      .send(csv);
  });

  app.get('/api/export/events.geojson', async (request, reply) => {
    const { bom: _bom, ...filters } = parseInput(EventExportQuerySchema, request.query, 'filter');
    const batches = await eventBatches(ctx, filters);
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="sahelwatch-events-${stamp()}.geojson"`)
      .send(streamed(eventsGeoJSONChunks(batches), ctx, request));
  });

  app.get('/api/export/events.csv', async (request, reply) => {
    const { bom, ...filters } = parseInput(EventExportQuerySchema, request.query, 'filter');
    const batches = await eventBatches(ctx, filters);
    return reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="sahelwatch-events-acled-${stamp()}.csv"`)
      .send(streamed(eventsAcledCsvChunks(batches, { bom: bom ?? false }), ctx, request));
  });

  app.get('/feeds/alerts.atom', async (request, reply) => {
    const filters = parseInput(AlertFilterSchema, request.query, 'filter');
    const alerts = await collectAlerts(ctx.alerts, filters, ATOM_ENTRIES);
    const xml = alertsToAtom(alerts, { selfUrl: selfUrl(request), now: startedAt, consoleLink: consoleLinker(ctx.delivery.external_url) });
    const etag = etagOf(xml);
    const modified = lastUpdated(alerts, startedAt);
    void reply.header('etag', etag).header('last-modified', modified.toUTCString()).header('cache-control', 'no-cache');
    if (notModified(request, etag, modified)) return reply.code(304).send();
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').send(xml);
  });
}
