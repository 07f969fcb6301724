import type { StoryEvent } from '../events/story-event.js';
import { acledCsvHeader, eventsAcledCsvRows } from './acled-csv.js';
import { eventFeature } from './geojson.js';

/**
 * Streamed exports: the same bytes as eventsToAcledCsv and
 * JSON.stringify(eventsToGeoJSON(...)), written a batch at a time as the
 * batches come, so the whole set never sits in memory. Each chunk is one batch;
 * the consumer pulls the next when it has taken this one (backpressure).
 */
export async function* eventsAcledCsvChunks(batches: AsyncIterable<readonly StoryEvent[]>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  yield acledCsvHeader(options.bom ?? false);
  for await (const events of batches) if (events.length > 0) yield eventsAcledCsvRows(events);
}

/** One FeatureCollection, its features written as they come. */
export async function* eventsGeoJSONChunks(batches: AsyncIterable<readonly StoryEvent[]>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const events of batches) {
    if (events.length === 0) continue;
    const features = events.map((e) => JSON.stringify(eventFeature(e))).join(',');
    yield first ? features : `,${features}`;
    first = false;
  }
  yield ']}';
}
