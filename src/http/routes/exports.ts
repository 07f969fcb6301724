import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consoleLinker } from '../../delivery/config.js';
import {
  alertsAcledCsvChunks,
  alertsGeoJSONChunks,
  alertsGeoJSONSeqChunks,
  alertsToAtom,
  etagOf,
  eventsAcledCsvChunks,
  eventsGeoJSONChunks,
  lastUpdated,
} from '../../exports/index.js';
import { collectAlerts } from '../alert-queries.js';
import type { RouteDeps } from '../deps.js';
import { parseInput } from '../errors.js';
import { alertBatches, eventBatches, streamed } from '../export-sources.js';
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

function stamp(): string {
  return new Date().toISOString().slice(0, 10);
}

export function registerExportRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  // An empty feed is dated from start-up, so its ETag does not change on every poll.
  const startedAt = ctx.clock.now();
  app.get('/api/export/alerts.geojson', async (request, reply) => {
    const { bom: _bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    const batches = await alertBatches(ctx, filters);
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-${stamp()}.geojson"`)
      .send(streamed(alertsGeoJSONChunks(batches), ctx, request));
  });

  app.get('/api/export/alerts.geojsonseq', async (request, reply) => {
    const { bom: _bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    const batches = await alertBatches(ctx, filters);
    return reply
      .header('content-type', 'application/geo+json-seq')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-${stamp()}.geojsonseq"`)
      .send(streamed(alertsGeoJSONSeqChunks(batches), ctx, request));
  });

  app.get('/api/export/alerts.csv', async (request, reply) => {
    const { bom, ...filters } = parseInput(ExportQuerySchema, request.query, 'filter');
    const batches = await alertBatches(ctx, filters);
    return reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="sahelwatch-alerts-acled-${stamp()}.csv"`)
      .send(streamed(alertsAcledCsvChunks(batches, { bom: bom ?? false }), ctx, request));
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
