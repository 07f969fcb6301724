import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/validate.js';
import { areaOf, attributionLabel, COMPONENT_AREAS_DIR, componentAreaProblems, JNIM, loadComponentAreas, parseComponentArea, strongerAttribution } from '../../src/extraction/attribution.js';
import { extract } from '../../src/extraction/extract.js';
import { defaultGazetteer } from '../../src/extraction/gazetteer.js';

// Every sentence here was written for this file.
const attributionOf = (title: string, text: string, language: 'en' | 'fr') => extract({ title, text, language }).attribution;
const quotes = (a: ReturnType<typeof attributionOf>) => a?.evidence.map((e) => e.quote);

describe('a component read from the place, when the report says only JNIM or a generic word', () => {
  it('EN: JNIM at Djibo is likely Ansarul Islam, with the words and the place it rests on', () => {
    const a = attributionOf('Soldiers killed in Djibo raid', 'Fighters of JNIM raided a military camp in Djibo before dawn on Friday and set fire to two armoured vehicles, according to a security official.', 'en');
    expect(a).toMatchObject({ actorId: 'actor/ansarul-islam', name: 'Ansarul Islam', likely: true, basis: 'place', said: 'JNIM', place: { id: 'place/bf/djibo' }, areaFile: 'ansarul-islam' });
    expect(attributionLabel(a!)).toBe('likely Ansarul Islam');
    expect(a?.reason).toContain('“JNIM” at Djibo');
    expect(quotes(a)).toEqual(expect.arrayContaining(['JNIM']));
    expect(a?.evidence.some((e) => e.sentence.includes('Djibo'))).toBe(true);
  });

  it('FR: « des terroristes » near Djenné are likely Katiba Macina', () => {
    const a = attributionOf('Un poste attaqué à Djenné', "Des terroristes ont ouvert le feu mardi soir sur le poste de la garde nationale de Djenné, tuant deux agents, a appris notre correspondant.", 'fr');
    expect(a).toMatchObject({ actorId: 'actor/flm', name: 'Katiba Macina', likely: true, said: 'terroristes' });
    expect(quotes(a)).toEqual(['terroristes', 'Djenné']);
  });

  it('EN: unidentified gunmen on the Boni road are likely Katiba Serma', () => {
    const a = attributionOf('Traders killed in central Mali', 'Unidentified gunmen stopped a minibus near Boni on Wednesday and shot three traders, relatives said.', 'en');
    expect(a).toMatchObject({ actorId: 'actor/katiba-serma', name: 'Katiba Serma', likely: true });
  });

  it('FR: des hommes armés in Atacora and on the Niger side of Park W are likely Katiba Hanifa', () => {
    const benin = attributionOf('Embuscade dans le nord du Bénin', 'Des hommes armés ont tendu une embuscade à une patrouille de militaires béninois près de Kérou, dans l’Atacora.', 'fr');
    expect(benin).toMatchObject({ actorId: 'actor/katiba-hanifa', name: 'Katiba Hanifa', likely: true });
    const niger = attributionOf('Attaque près du parc W', 'Des jihadistes ont attaqué jeudi un poste de gendarmerie à Tamou, au Niger, à la lisière du parc W.', 'fr');
    expect(niger).toMatchObject({ actorId: 'actor/katiba-hanifa', likely: true });
  });

  it('prefers the place of the reported event to a place named in the background', () => {
    const a = attributionOf('Attack in Arbinda', 'JNIM fighters attacked the town of Arbinda on Monday. The coalition has been active for years around Djenné in neighbouring Mali.', 'en');
    expect(a).toMatchObject({ actorId: 'actor/ansarul-islam', place: { id: 'place/bf/arbinda' } });
  });

  it('proposes nothing when two areas are named as often and nothing tells which one the event was in', () => {
    expect(attributionOf('Sahel overview', 'Jihadists remain present around Djibo and around Djenné, analysts say.', 'en')).toBeUndefined();
  });

  it('proposes nothing outside the areas, or when another armed group is named', () => {
    expect(attributionOf('Trucks burned near Kayes', 'Des hommes armés ont incendié trois camions près de Kayes dimanche.', 'fr')).toBeUndefined();
    expect(attributionOf('Camp attacked near Djibo', 'The Islamic State Sahel Province attacked an army camp near Djibo on Saturday.', 'en')).toBeUndefined();
    expect(attributionOf('Camp attaqué près de Djibo', "L'État islamique au Sahel a attaqué samedi un camp militaire près de Djibo.", 'fr')).toBeUndefined();
    // Djibo only as where the bus was going: the attack was near Kaya, outside every area.
    expect(attributionOf('Bus attacked near Kaya', 'Gunmen attacked a bus bound for Djibo near Kaya on Sunday.', 'en')).toBeUndefined();
    expect(attributionOf('Djibo market reopens', 'The market of Djibo reopened on Monday after the rains.', 'en')).toBeUndefined();
  });
});

describe('a component named in the text', () => {
  it('EN: an explicit Katiba Macina wins over the place (Djibo), and is not "likely"', () => {
    const a = attributionOf('Convoy attacked near Djibo', 'Katiba Macina fighters ambushed a supply convoy near Djibo, the group said in a statement.', 'en');
    expect(a).toMatchObject({ actorId: 'actor/flm', name: 'Katiba Macina', likely: false, basis: 'named' });
    expect(attributionLabel(a!)).toBe('Katiba Macina');
    expect(quotes(a)).toEqual(['Katiba Macina']);
  });

  it('FR: la katiba Serma named in a report on Djenné is Katiba Serma', () => {
    const a = attributionOf('Attaque à Djenné', 'La katiba Serma a revendiqué une attaque contre un poste de Djenné, selon un message du groupe.', 'fr');
    expect(a).toMatchObject({ actorId: 'actor/katiba-serma', likely: false });
  });

  it('a named component outweighs a likely one when reports are put together', () => {
    const likely = { likely: true, name: 'Ansarul Islam' };
    const named = { likely: false, name: 'Katiba Macina' };
    expect(strongerAttribution(likely, named)).toBe(named);
    expect(strongerAttribution(named, likely)).toBe(named);
    expect(strongerAttribution(likely, { likely: true, name: 'Katiba Serma' })).toBe(likely);
    expect(strongerAttribution(undefined, likely)).toBe(likely);
  });
});

describe('the area files (data/attribution)', () => {
  const areas = loadComponentAreas();
  const gz = defaultGazetteer();

  it('each names a JNIM component of the gazetteer, existing places, and the public analysis it rests on', () => {
    expect(areas.map((a) => a.actor).sort()).toEqual(['actor/ansarul-islam', 'actor/flm', 'actor/katiba-hanifa', 'actor/katiba-serma']);
    for (const area of areas) {
      expect(gz.byId.get(area.actor)?.parent, area.file).toBe(JNIM);
      for (const place of area.places) expect(gz.byId.get(place)?.kind, `${area.file}: ${place}`).toBe('place');
    }
  });

  it('puts a place inside two areas in the one with the higher priority', () => {
    const box = (name: string, priority: number) =>
      parseComponentArea(
        JSON.stringify({ type: 'FeatureCollection', actor: `actor/${name}`, label: name, area: name, priority, note: 'n', sources: ['s'], features: [{ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } }] }),
        `${name}.geojson`,
      );
    const [wide, narrow] = [box('wide', 1), box('narrow', 2)];
    expect(areaOf({ id: 'place/x', lat: 1, lon: 1 }, [wide, narrow])?.actor).toBe('actor/narrow');
    expect(areaOf({ id: 'place/x', lat: 3, lon: 3 }, [wide, narrow])).toBeUndefined();
    // The shipped files: Hombori is Serma's, Douentza Macina's, Djibo Ansarul Islam's, Kandi in the park belt.
    const at = (id: string) => areaOf({ id, ...pick(gz.byId.get(id)) }, areas)?.actor;
    expect([at('place/ml/hombori'), at('place/ml/douentza'), at('place/bf/djibo'), at('place/bj/kandi')]).toEqual(['actor/katiba-serma', 'actor/flm', 'actor/ansarul-islam', 'actor/katiba-hanifa']);
  });

  it('check: the shipped files are sound; an actor outside JNIM or an unknown place is one line each', () => {
    expect(componentAreaProblems(gz)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'sw-areas-'));
    try {
      const area = { type: 'FeatureCollection', actor: 'actor/issp', label: 'ISSP', area: 'x', places: ['place/bf/nowhere'], note: 'n', sources: ['s'], features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] };
      writeFileSync(join(dir, 'issp.geojson'), JSON.stringify(area));
      expect(componentAreaProblems(gz, dir)).toEqual([
        `${join(dir, 'issp.geojson')} actor: actor/issp is not a JNIM component in the gazetteer (an actor with parent: actor/jnim)`,
        `${join(dir, 'issp.geojson')} places: place/bf/nowhere is not a gazetteer place`,
      ]);
      writeFileSync(join(dir, 'issp.geojson'), JSON.stringify({ ...area, sources: [] }));
      expect(componentAreaProblems(gz, dir)).toEqual([expect.stringMatching(/issp\.geojson:1:\d+ sources: /)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad file with one line naming the field', () => {
    const bad = JSON.stringify({ type: 'FeatureCollection', actor: 'actor/flm', label: 'x', area: 'x', countries: ['ml'], note: 'n', sources: ['s'], features: [] }, null, 1);
    let problems: string[] = [];
    try {
      parseComponentArea(bad, 'bad.geojson');
    } catch (err) {
      if (err instanceof ValidationError) problems = err.problems;
    }
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^bad\.geojson:\d+:\d+ countries\[0\]: .*ISO 3166 alpha-2/);
    expect(problems[1]).toMatch(/^bad\.geojson:\d+:\d+ features: /);
    expect(COMPONENT_AREAS_DIR).toMatch(/data\/attribution$/);
  });
});

function pick(entry: { country?: string; lat?: number; lon?: number; iso2?: string } | undefined) {
  return { ...(entry?.country ? { country: entry.country } : {}), ...(entry?.lat !== undefined ? { lat: entry.lat } : {}), ...(entry?.lon !== undefined ? { lon: entry.lon } : {}) };
}
