import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { contentId } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/log.js';
import { ACLED_COLUMNS } from '../../src/exports/index.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import { parseCsv } from '../helpers/csv.js';
import { startTestConsole, type TestConsole } from './harness.js';

let t: TestConsole;
beforeAll(async () => {
  t = await startTestConsole('http-events');
});
afterAll(async () => {
  await t.close();
});

const DJIBO =
  'Gunmen attacked the market in Djibo in northern Burkina Faso on Sunday, killing 12 civilians and wounding several others, local sources said. ' +
  'The assailants arrived on motorbikes and set fire to shops before leaving towards the Malian border, according to residents reached by telephone. ' +
  'No group has claimed the attack, but the area is one where jihadist fighters have been active for years.';

function article(outlet: string, title: string, text: string, published: string): Article {
  const url = `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${encodeURIComponent(title)}`;
  return { id: contentId('ar', url), itemId: contentId('it', url), feedId: outlet, outlet, url, title, text, published, textSource: 'page' };
}

describe('events export: every story that reports an incident, alerted or not', () => {
  it('exports a reported attack as one GeoJSON point and one ACLED row, merged across outlets, and leaves out news without an incident', async () => {
    await analyzeArticle(t.ctx, article('Burkina Wire', 'Gunmen kill 12 at Djibo market', DJIBO, '2026-11-20T09:00:00.000Z'), silentLogger);
    const rewrite = `${DJIBO.replace('killing 12 civilians', 'killing at least 12 civilians')} Residents said the death toll could rise.`;
    await analyzeArticle(t.ctx, article('Sahel Daily', 'Attack on Djibo market leaves 12 dead', rewrite, '2026-11-20T11:00:00.000Z'), silentLogger);
    await analyzeArticle(
      t.ctx,
      article('Sahel Daily', 'Council votes school budget in Ségou', 'The regional council in Ségou met on Monday and voted the school budget and the repair of rural roads, officials said.', '2026-11-20T12:00:00.000Z'),
      silentLogger,
    );

    const geo = await t.api('/api/export/events.geojson');
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await geo.json()) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    expect(fc.features).toHaveLength(1);
    const event = fc.features[0]!;
    expect(event.geometry).toEqual({ type: 'Point', coordinates: [-1.627, 14.102] });
    expect(event.properties).toMatchObject({ title: 'Gunmen kill 12 at Djibo market', event_date: '2026-11-20', place_name: 'Djibo', country_iso2: 'BF', fatalities: 12, outlets: 2 });
    expect(String(event.properties.event_types)).toContain('attack');

    const csv = await (await t.api('/api/export/events.csv')).text();
    const [header, row, ...rest] = parseCsv(csv);
    expect(header).toEqual([...ACLED_COLUMNS]);
    expect(rest).toHaveLength(0);
    const cells = Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, row?.[i]]));
    expect(cells).toMatchObject({ event_date: '2026-11-20', country: 'Burkina Faso', location: 'Djibo', latitude: '14.102', longitude: '-1.627', fatalities: '12', event_type: 'Battles' });
    expect(cells.source).toBe('Burkina Wire; Sahel Daily');

    const features = async (query: string) => ((await (await t.api(`/api/export/events.geojson?${query}`)).json()) as { features: unknown[] }).features;
    expect(await features('country=BF')).toHaveLength(1);
    expect(await features('country=ML')).toHaveLength(0);
    expect(await features('since=2026-11-21')).toHaveLength(0);
    const bad = await t.api('/api/export/events.csv?limit=0');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/limit/);
  });

  it('counts only events of the asked country towards the limit, however many newer events elsewhere', async () => {
    const diboli =
      "Gunmen attacked a convoy of trucks near Diboli in western Mali on Saturday, killing three drivers, the truckers' union said. The convoy was carrying goods from the Senegalese border to Bamako.";
    await analyzeArticle(t.ctx, article('Mali Wire', 'Three drivers killed near Diboli', diboli, '2026-11-21T09:00:00.000Z'), silentLogger);
    const titles = async (query: string) =>
      ((await (await t.api(`/api/export/events.geojson?${query}`)).json()) as { features: { properties: { title: string } }[] }).features.map((f) => f.properties.title);
    expect(await titles('limit=1')).toEqual(['Three drivers killed near Diboli']);
    expect(await titles('country=BF&limit=1')).toEqual(['Gunmen kill 12 at Djibo market']);
  });

  it('records no event for an accidental fire, and no point for a region-level reference', async () => {
    await analyzeArticle(
      t.ctx,
      article('Mali Wire', 'Fire destroys stalls at Ségou market', 'A fire broke out on Tuesday night in the central market of Ségou and burned dozens of stalls, the civil protection said. No one was hurt.', '2026-11-22T09:00:00.000Z'),
      silentLogger,
    );
    await analyzeArticle(
      t.ctx,
      article('Coast Wire', 'Police post attacked in coastal states', 'Gunmen attacked a police post in one of the coastal West African states on Tuesday, killing two officers, a security report said.', '2026-11-22T10:00:00.000Z'),
      silentLogger,
    );
    const fc = (await (await t.api('/api/export/events.geojson?since=2026-11-22')).json()) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    expect(fc.features.map((f) => f.properties.title)).toEqual(['Police post attacked in coastal states']);
    expect(fc.features[0]?.geometry).toBeNull();
    expect(fc.features[0]?.properties).toMatchObject({ place_name: 'coastal West African states', geo_precision: 3, fatalities: 2 });
    const [, row] = parseCsv(await (await t.api('/api/export/events.csv?since=2026-11-22')).text());
    const cells = Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, row?.[i]]));
    expect(cells).toMatchObject({ location: 'coastal West African states', latitude: '', longitude: '', geo_precision: '3', country: '' });
  });
});
