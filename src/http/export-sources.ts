import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Alert } from '../alerts/alert.js';
import type { StoryEvent } from '../events/story-event.js';
import type { ConsoleContext } from './deps.js';
import type { AlertExportQuery } from '../record/alert-export.js';
import type { EventQuery } from '../record/event-query.js';
import { collectAlerts } from './alert-queries.js';
import { HttpError } from './errors.js';

/** Event filters only the record can apply: without one they are refused rather than ignored. */
const RECORD_ONLY = ['admin1', 'actor', 'event_type', 'until', 'lat'] as const;
/** What the Redis fallback returns when no limit is given (the console's map asks for its own). */
const REDIS_DEFAULT_LIMIT = 1000;

/** One batch holding what a Redis read returns at once. */
async function* once<T>(items: Promise<T[]>): AsyncGenerator<T[]> {
  yield await items;
}

/**
 * The batches with the first already read, before the response starts: a
 * record that cannot be read is an error status, not a cut-off file.
 */
async function started<T>(source: AsyncIterator<T[]>): Promise<AsyncIterable<T[]>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  })();
}

/**
 * The events a request asks for, a batch at a time: from the record when the
 * process keeps one, else the events Redis keeps (90 days), read at once.
 */
export function eventBatches(ctx: ConsoleContext, query: EventQuery): Promise<AsyncIterable<StoryEvent[]>> {
  if (ctx.record) return started(ctx.record.events(query));
  const needs = RECORD_ONLY.find((k) => query[k] !== undefined);
  if (needs) throw new HttpError(503, `${needs}: this filter reads the record, and this process keeps none (database.enabled is false)`);
  return started(once(ctx.storyEvents.list({ ...(query.country ? { country: query.country } : {}), ...(query.since ? { since: query.since } : {}), limit: query.limit ?? REDIS_DEFAULT_LIMIT })));
}

/**
 * The alerts a request asks for, as they now stand, a batch at a time: every
 * one the record keeps when the process keeps one, else those Redis still
 * holds (`delivery.retention_days`, at most EXPORT_CAP), read at once.
 */
export function alertBatches(ctx: ConsoleContext, query: AlertExportQuery): Promise<AsyncIterable<Alert[]>> {
  return started(ctx.record ? ctx.record.alerts(query) : once(collectAlerts(ctx.alerts, query)));
}

/**
 * The chunks as a byte stream: it pulls the next chunk only when the socket has
 * taken the bytes before (a 16 KB buffer), so a slow client slows the query
 * instead of filling memory. A failure after the headers went out can only cut
 * the response short; it is logged.
 */
export function streamed(chunks: AsyncIterable<string>, ctx: ConsoleContext, request: FastifyRequest): Readable {
  const stream = Readable.from(chunks, { objectMode: false });
  stream.on('error', (err) => ctx.log.error({ err: err.message, url: request.url }, 'Export stopped part-way; the client got a truncated file.'));
  return stream;
}
