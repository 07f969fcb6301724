/** Analyst exports: pure functions over alerts and events (no I/O). */
export { ACLED_COLUMNS, alertsToAcledCsv, eventsToAcledCsv, neutraliseCell } from './acled-csv.js';
export { alertsToAtom, atomEntryId, etagOf, lastUpdated, xmlEscape } from './atom.js';
export { countryInfo, mappedCountryIds } from './countries.js';
export { type AlertFeatureCollection, alertsToGeoJSON, alertsToGeoJSONSeq, eventsToGeoJSON } from './geojson.js';
export { alertsAcledCsvChunks, alertsGeoJSONChunks, alertsGeoJSONSeqChunks, eventsAcledCsvChunks, eventsGeoJSONChunks } from './stream.js';
