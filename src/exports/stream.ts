import type { Alert } from '../alerts/alert.js';
import type { StoryEvent } from '../events/story-event.js';
import { acledCsvHeader, alertsAcledCsvRows, eventsAcledCsvRows } from './acled-csv.js';
import { type AlertFeature, alertFeature, alertsToGeoJSONSeq, eventFeature } from './geojson.js';

/**
 * Streamed exports: the same bytes as the functions that build a whole file
 * (eventsToAcledCsv, JSON.stringify(eventsToGeoJSON(...)), and their alert
 * twins), written a batch at a time as the batches come, so the whole set
 * never sits in memory. Each chunk is one batch; the consumer pulls the next
 * when it has taken this one (backpressure).
 */
type Batches<T> = AsyncIterable<readonly T[]>;

async function* csvChunks<T>(batches: Batches<T>, rows: (items: readonly T[]) => string, bom: boolean): AsyncGenerator<string> {
  yield acledCsvHeader(bom);
  for await (const items of batches) if (items.length > 0) yield rows(items);
}

/** One FeatureCollection, its features written as they come. */
async function* collectionChunks<T>(batches: Batches<T>, toFeature: (item: T) => AlertFeature): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const items of batches) {
    if (items.length === 0) continue;
    const features = items.map((item) => JSON.stringify(toFeature(item))).join(',');
    yield first ? features : `,${features}`;
    first = false;
  }
  yield ']}';
}

export function eventsAcledCsvChunks(batches: Batches<StoryEvent>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  return csvChunks(batches, eventsAcledCsvRows, options.bom ?? false);
}

export function eventsGeoJSONChunks(batches: Batches<StoryEvent>): AsyncGenerator<string> {
  return collectionChunks(batches, eventFeature);
}

export function alertsAcledCsvChunks(batches: Batches<Alert>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  return csvChunks(batches, alertsAcledCsvRows, options.bom ?? false);
}

export function alertsGeoJSONChunks(batches: Batches<Alert>): AsyncGenerator<string> {
  return collectionChunks(batches, alertFeature);
}

/** RFC 8142 text sequence: one record per alert, as alertsToGeoJSONSeq writes them. */
export async function* alertsGeoJSONSeqChunks(batches: Batches<Alert>): AsyncGenerator<string> {
  for await (const alerts of batches) if (alerts.length > 0) yield alertsToGeoJSONSeq(alerts);
}
