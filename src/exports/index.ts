/** Analyst exports: pure functions over alerts (no I/O). */
export { ACLED_COLUMNS, alertsToAcledCsv, neutraliseCell } from './acled-csv.js';
export { alertsToAtom, atomEntryId, etagOf, lastUpdated, xmlEscape } from './atom.js';
export { alertsToGeoJSON, alertsToGeoJSONSeq, type AlertFeatureCollection } from './geojson.js';
export { countryInfo, mappedCountryIds } from './countries.js';
