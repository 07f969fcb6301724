import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { actorFromAcled, eventTypesFromAcled } from '../events/acled.js';
import type { StoryEvent } from '../events/story-event.js';
import { resolveName } from '../extraction/lookup.js';
import { foldPhrase } from '../extraction/text.js';
import type { RecordStore } from './store.js';

const optionalText = z
  .string()
  .trim()
  .transform((s) => s || undefined)
  .optional();

/** An optional number cell: empty is absent. */
const optionalNumber = (check: z.ZodNumber) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parsed = check.safeParse(Number(s));
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `${parsed.error.issues[0]?.message ?? 'invalid'}, got "${s}"` });
        return z.NEVER;
      }
      return parsed.data;
    })
    .optional();

/**
 * One row of an ACLED-style events CSV: ACLED's standard header names, the
 * columns the service's own events export writes (other columns are ignored).
 */
export const AcledRowSchema = z.object({
  event_id_cnty: z.string().trim().min(1, 'expected an event id'),
  event_date: z
    .string()
    .trim()
    .refine((s) => Number.isFinite(Date.parse(s)), 'expected a date such as 2025-03-14'),
  year: optionalNumber(z.number().int('expected a year')),
  event_type: z.string().trim().min(1, 'expected an ACLED event type, e.g. Battles'),
  sub_event_type: optionalText,
  actor1: optionalText,
  actor2: optionalText,
  assoc_actor_1: optionalText,
  country: z.string().trim().min(1, 'expected a country name, e.g. Benin'),
  admin1: optionalText,
  admin2: optionalText,
  location: optionalText,
  latitude: optionalNumber(z.number().min(-90, 'expected a latitude').max(90, 'expected a latitude')),
  longitude: optionalNumber(z.number().min(-180, 'expected a longitude').max(180, 'expected a longitude')),
  geo_precision: optionalNumber(z.number().int().min(1, 'expected 1, 2 or 3').max(3, 'expected 1, 2 or 3')),
  source: optionalText,
  notes: optionalText,
  fatalities: optionalNumber(z.number().int('expected a whole number').nonnegative('expected 0 or more')),
});
export type AcledRow = z.output<typeof AcledRowSchema>;

/** An event the record keeps from a CSV: the events' shape, with the row it came from. */
export const ImportedEventSchema = z.object({ source: z.literal('csv'), acled: AcledRowSchema.partial() });
export type ImportedEvent = StoryEvent & z.infer<typeof ImportedEventSchema>;

const REQUIRED = ['event_id_cnty', 'event_date', 'event_type', 'country'] as const;
const BATCH = 500;

/** A problem with one row: `file:line: field: message`. The row is skipped; the others are imported. */
export interface RowProblem {
  line: number;
  field: string;
  message: string;
}

export class CsvFileError extends Error {}

function countryCode(name: string): string | undefined {
  const entry = resolveName(name, 'place');
  return entry?.placeKind === 'country' ? entry.country : undefined;
}

/**
 * The row as an event. Our own export's ids (`SW-<story id>`) map back to the
 * event they came from, so exporting and importing into the same record adds
 * nothing; others are `acled_<event_id_cnty>`.
 */
function toEvent(row: AcledRow, now: string): ImportedEvent | RowProblem[] {
  const iso2 = countryCode(row.country);
  if (!iso2) return [{ line: 0, field: 'country', message: `unknown country "${row.country}"` }];
  const types = eventTypesFromAcled(row.event_type, row.sub_event_type);
  if (!types) return [{ line: 0, field: row.sub_event_type ? 'sub_event_type' : 'event_type', message: `unknown ACLED event type "${row.sub_event_type ?? row.event_type}" (data/events/acled.yaml lists them)` }];
  const id = row.event_id_cnty.startsWith('SW-') ? row.event_id_cnty.slice(3) : `acled_${row.event_id_cnty}`;
  const date = new Date(Date.parse(row.event_date)).toISOString();
  const actors = [row.actor1, row.assoc_actor_1, row.actor2].flatMap((name) => (name ? [actorFromAcled(name)] : [])).filter((a) => a !== undefined);
  const where = row.location ?? row.admin2 ?? row.admin1;
  const place = where
    ? [{ id: `acled/${foldPhrase(`${iso2} ${row.admin1 ?? ''} ${where}`).replace(/\s+/g, '-')}`, name: where, country: iso2, ...(row.admin1 ? { admin1: row.admin1 } : {}), ...(row.latitude !== undefined && row.longitude !== undefined ? { lat: row.latitude, lon: row.longitude } : {}) }]
    : [];
  const sources = (row.source ?? '').split(';').map((s) => s.trim()).filter(Boolean);
  const title = row.notes ?? `${row.sub_event_type ?? row.event_type} in ${where ?? row.country}`;
  return {
    id,
    story: { id, title, firstReport: date, latestReport: date, outlets: sources.length, sources: [] },
    places: place,
    countries: [iso2],
    actors: [...new Map(actors.map((a) => [a.id, a])).values()],
    eventTypes: [...types],
    casualties: row.fatalities ? [{ kind: 'killed', count: row.fatalities }] : [],
    updatedAt: now,
    source: 'csv',
    acled: row,
  };
}

/** A header missing a column every row needs stops the import before any row is read. */
function checkHeader(file: string, header: readonly string[]): string[] {
  const columns = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new CsvFileError(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (an ACLED-style header: event_id_cnty, event_date, event_type, country, …)`);
  return columns;
}

/**
 * Loads an ACLED-style events CSV into the record's events, streamed: a batch
 * of rows at a time, never the whole file. A bad row is reported
 * (`onProblem`, with its line and field) and skipped; the others are
 * imported. An event already kept from a CSV is updated when the row changed
 * (ACLED revises fatalities) and left alone otherwise; an event the pipeline
 * observed is never overwritten by a row.
 */
export async function importEventFile(
  record: RecordStore,
  file: string,
  onProblem: (problem: RowProblem) => void,
  now = Date.now(),
): Promise<{ read: number; added: number; updated: number; skipped: number }> {
  const at = new Date(now).toISOString();
  let columns: string[] | undefined;
  const parser = createReadStream(file).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false, columns: (header: string[]) => (columns = checkHeader(file, header)) }),
  );
  const totals = { read: 0, added: 0, updated: 0, skipped: 0 };
  let batch: ImportedEvent[] = [];
  const flush = async () => {
    const { added, updated } = await record.importEvents(batch);
    totals.added += added;
    totals.updated += updated;
    batch = [];
  };
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
      totals.read++;
      const line = info.lines;
      const skip = (field: string, message: string) => {
        totals.skipped++;
        onProblem({ line, field, message });
      };
      if (Object.keys(cells).length !== columns?.length) {
        skip('row', `expected ${columns?.length} fields as in the header, got ${Object.keys(cells).length}`);
        continue;
      }
      const parsed = AcledRowSchema.safeParse(cells);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        skip(String(issue?.path[0] ?? 'row'), issue?.message ?? 'invalid');
        continue;
      }
      const event = toEvent(parsed.data, at);
      if (Array.isArray(event)) {
        for (const p of event) skip(p.field, p.message);
        continue;
      }
      batch.push(event);
      if (batch.length >= BATCH) await flush();
    }
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    const e = err as Error & { lines?: number };
    throw new CsvFileError(`${file}:${e.lines ?? '?'}: not readable as CSV: ${e.message}`);
  }
  if (batch.length > 0) await flush();
  if (totals.added + totals.updated > 0) await record.analyze(['events']);
  return totals;
}
