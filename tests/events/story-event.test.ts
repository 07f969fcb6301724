import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newAlert } from '../../src/alerts/merge.js';
import type { Article } from '../../src/articles/article.js';
import { casualtiesLine } from '../../src/delivery/format.js';
import { incidentEventTypes, isAccidentalFire, loadFireRules } from '../../src/events/accidental-fire.js';
import { factsOf, mergeFacts } from '../../src/events/story-event.js';
import { ACLED_COLUMNS, alertsToAcledCsv, alertsToAtom, alertsToGeoJSON, eventsToAcledCsv, eventsToGeoJSON } from '../../src/exports/index.js';
import { extract } from '../../src/extraction/extract.js';
import type { Story } from '../../src/stories/story.js';
import { parseCsv } from '../helpers/csv.js';

const AT = '2026-11-24T10:00:00.000Z';

function story(title: string): Story {
  return {
    id: `st_${title.length}`,
    title,
    firstReport: AT,
    latestReport: AT,
    outlets: 1,
    sources: [{ articleId: 'ar_1', url: 'https://news.example.org/a', outlet: 'Test Wire', title, published: AT }],
  };
}

/** One article's extraction as an event record (what the events exports read). */
function eventOf(title: string, text: string) {
  return mergeFacts(story(title), [factsOf(extract({ title, text }), AT)]);
}

/** One article's extraction as an alert (what Slack, email and the alerts exports read). */
function alertOf(title: string, text: string) {
  const extraction = extract({ title, text });
  const article: Article = { id: 'ar_1', itemId: 'it_1', feedId: 'f', outlet: 'Test Wire', url: 'https://news.example.org/a', title, text, published: AT, textSource: 'page' };
  return newAlert({
    story: story(title),
    article,
    extraction,
    match: { indicatorId: 'test', severity: 'high', explanation: [] },
    indicator: { id: 'test', title: 'Test indicator', description: 'test', tags: [], receivers: [] },
    alertId: 'al_test',
    severity: 'high',
    now: Date.parse(AT),
  });
}

function csvRow(csv: string): Record<string, string | undefined> {
  const [header, row] = parseCsv(csv);
  expect(header).toEqual([...ACLED_COLUMNS]);
  return Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, row?.[i]]));
}

describe('a count of vehicles is not a death toll, from extraction to every output', () => {
  const title = 'Fuel convoy torched near Diboli';
  const text = 'Gunmen torched twenty fuel tankers near Diboli on Sunday, killing three drivers. Des assaillants ont incendié une vingtaine de citernes, tuant trois chauffeurs.';

  it('gives Slack/email, the alerts CSV and the events CSV the drivers killed, not the tankers', () => {
    const alert = alertOf(title, text);
    expect(casualtiesLine(alert)).toBe('3 killed');
    expect(csvRow(alertsToAcledCsv([alert])).fatalities).toBe('3');
    expect(alertsToGeoJSON([alert]).features[0]?.properties.fatalities).toBe(3);
    const event = eventOf(title, text);
    expect(event.casualties).toEqual([{ kind: 'killed', count: 3 }]);
    expect(csvRow(eventsToAcledCsv([event])).fatalities).toBe('3');
  });
});

describe('a region-level reference is not a located point', () => {
  const title = 'Jihadists strike police post in coastal states';
  const text = 'Gunmen attacked a police post in one of the coastal West African states, killing two officers, a security report said.';

  it('has no coordinates in the extraction', () => {
    const place = extract({ title, text }).places.find((p) => p.id === 'place/region/coastal-states');
    expect(place).toBeDefined();
    expect(place?.lat).toBeUndefined();
    expect(place?.lon).toBeUndefined();
    expect(place?.country).toBeUndefined();
  });

  it('gets no GeoJSON point, no lat/lon and geo_precision 3 in the CSV, and no country the text does not name', () => {
    const event = eventOf(title, text);
    const [feature] = eventsToGeoJSON([event]).features;
    expect(feature?.geometry).toBeNull();
    expect(feature?.properties).toMatchObject({ place_name: 'coastal West African states', geo_precision: 3, country_iso2: null });
    const row = csvRow(eventsToAcledCsv([event]));
    expect(row).toMatchObject({ location: 'coastal West African states', latitude: '', longitude: '', geo_precision: '3', country: '', iso: '' });
  });

  it('leaves no point even for a record stored with the old coordinates, and keeps a named country', () => {
    const alert = alertOf(title, `${text} Benin has reinforced its northern posts.`);
    alert.places = alert.places.map((p) => (p.id === 'place/region/coastal-states' ? { ...p, lat: 8, lon: 0 } : p));
    // The text names Benin: the row is in Benin, pinned at the country (precision 3), never at the region's old point.
    const row = csvRow(alertsToAcledCsv([alert]));
    expect(row).toMatchObject({ country: 'Benin', geo_precision: '3' });
    expect(row.latitude).not.toBe('8');
    const onlyRegion = { ...alert, places: alert.places.filter((p) => p.id === 'place/region/coastal-states'), countries: [] };
    expect(alertsToGeoJSON([onlyRegion]).features[0]?.geometry).toBeNull();
    expect(csvRow(alertsToAcledCsv([onlyRegion]))).toMatchObject({ latitude: '', longitude: '', geo_precision: '3', country: '' });
    expect(alertsToAtom([onlyRegion], { selfUrl: 'https://sw.example/feeds/alerts.atom' })).not.toContain('georss:point');
  });

  it('treats any place of kind region as region-level, keeping the country of a region inside one country', () => {
    const alert = alertOf(title, text);
    expect(alert.places.find((p) => p.id === 'place/region/coastal-states')?.placeKind).toBe('region');
    const west = { ...alert, countries: [], places: [{ id: 'place/ml/far-west', name: 'far west of Mali', placeKind: 'region' as const, country: 'ML', lat: 14.2, lon: -10 }] };
    expect(alertsToGeoJSON([west]).features[0]).toMatchObject({ geometry: null, properties: { place_name: 'far west of Mali', geo_precision: 3, country_iso2: 'ML' } });
    expect(csvRow(alertsToAcledCsv([west]))).toMatchObject({ country: 'Mali', latitude: '', longitude: '', geo_precision: '3' });
  });

  it('gives the town the point when a town is named as well, and broad regions precision 3', () => {
    const event = eventOf('Attack near Djibo', 'Gunmen attacked a village near Djibo in the tri-border area, killing four civilians.');
    const [feature] = eventsToGeoJSON([event]).features;
    expect(feature?.properties).toMatchObject({ place_name: 'Djibo', geo_precision: 1, country_iso2: 'BF' });
    expect(feature?.geometry).toMatchObject({ type: 'Point' });
    const regionOnly = eventOf('Attack in Liptako', 'Gunmen attacked a patrol in the tri-border area, killing four soldiers.');
    expect(eventsToGeoJSON([regionOnly]).features[0]?.geometry).toBeNull();
    expect(csvRow(eventsToAcledCsv([regionOnly]))).toMatchObject({ location: 'Liptako', geo_precision: '3', latitude: '' });
  });
});

describe('an accidental fire is not arson', () => {
  const types = (title: string, text: string) => incidentEventTypes(extract({ title, text }));

  it('drops arson when the fire was accidental, of electrical origin, a bushfire or a market fire nobody set', () => {
    expect(types('Blaze at Ségou market', 'A fire broke out overnight in the central market of Ségou and burned more than forty stalls.')).toEqual([]);
    expect(types('Short circuit blamed', 'Dozens of shops burned in Mopti after a short circuit, the fire service said.')).toEqual([]);
    expect(types('Bushfire near Kita', 'A bushfire burned several hectares of fields near Kita.')).toEqual([]);
    expect(types('Ségou : des boutiques parties en fumée', 'Un incendie accidentel a réduit en cendres une quarantaine de boutiques à Ségou.')).toEqual([]);
    expect(types('Sikasso', "Les commerçants ont tout perdu dans l'incendie du marché de Sikasso, dont l'origine reste inconnue.")).toEqual([]);
    expect(types('Mopti : un court-circuit en cause', 'Un magasin a brûlé à Mopti à la suite d’un court-circuit.')).toEqual([]);
  });

  it('keeps arson when someone set the fire, even next to an accidental fire', () => {
    expect(types('Trucks torched', 'Gunmen torched twenty fuel tankers near Diboli.')).toContain('arson');
    expect(types('Des camions incendiés', 'Des hommes armés ont incendié trois camions près de Nioro.')).toContain('arson');
    expect(types('Market set ablaze', 'JNIM fighters set the market in Djibo on fire, although officials first blamed a short circuit.')).toContain('arson');
    expect(types('Two fires', 'Several trucks were torched near Kayes on Monday. In Bamako, a short circuit burned a shop.')).toContain('arson');
    expect(types('Trucks burned', 'Three trucks were burned near Diboli on Monday.')).toEqual(['arson']);
  });

  it('keeps the other event types of an accidental-fire article', () => {
    const x = extract({ title: 'Market fire', text: 'A fire broke out in the Kayes market and burned forty stalls. Separately, gunmen attacked a checkpoint near Nioro.' });
    expect(isAccidentalFire(x)).toBe(true);
    expect(incidentEventTypes(x)).toContain('attack');
    expect(incidentEventTypes(x)).not.toContain('arson');
    const y = extract({ title: 'Market fire', text: 'A short circuit burned forty stalls in the Kayes market, killing two traders.' });
    expect(isAccidentalFire(y)).toBe(true);
    expect(incidentEventTypes(y)).not.toContain('arson');
  });

  it('exports no arson event type for an accidental fire', () => {
    const event = eventOf('Fire in Kayes market', 'A short circuit burned forty stalls in the Kayes market on Monday, killing two traders.');
    expect(event.eventTypes).not.toContain('arson');
    const row = csvRow(eventsToAcledCsv([event]));
    expect(row.tags).not.toContain('arson');
    expect(row.notes).not.toContain('arson');
    expect(row.event_type).not.toBe('Strategic developments');
  });

  it('exports tankers destroyed by fighters as an event, filed where ACLED files property destruction', () => {
    const event = eventOf('Tankers destroyed near Kayes', 'Dozens of fuel tankers were destroyed near Kayes on Thursday by JNIM fighters.');
    expect(event.eventTypes).toContain('destruction');
    expect(csvRow(eventsToAcledCsv([event])).event_type).toBe('Strategic developments');
    expect(eventOf('Fire in Kayes market', 'A fire destroyed forty stalls in the Kayes market on Monday.').eventTypes).not.toContain('destruction');
  });

  it('reads its word lists from a data file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-fire-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'accidental: {en: [lightning strike]}\nattackers: {en: [gunmen]}\ndeliberate: {en: [torched]}\n');
    const rules = loadFireRules(file);
    const x = extract({ title: 'Fire', text: 'Huts burned after a lightning strike near Kita.' });
    expect(incidentEventTypes(x, rules)).not.toContain('arson');
    expect(incidentEventTypes(x)).toContain('arson');
  });
});
