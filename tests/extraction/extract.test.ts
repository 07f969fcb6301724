import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleFullText } from '../../src/articles/article.js';
import { loadCorpus } from '../../src/eval/corpus.js';
import { extract, getEntry, resolveName } from '../../src/extraction/extract.js';
import { ExtractionSchema } from '../../src/extraction/extraction.js';
import { defaultGazetteer } from '../../src/extraction/gazetteer.js';

const corpus = [...loadCorpus('tests/fixtures/eval/dev.jsonl'), ...loadCorpus('tests/fixtures/eval/extra.jsonl')];

describe('extract() output', () => {
  it('validates against ExtractionSchema for every corpus item', () => {
    for (const item of corpus) ExtractionSchema.parse(extract({ title: item.title, text: item.text }));
  });

  it('every evidence span is the original substring, inside its sentence', () => {
    for (const item of corpus) {
      const full = articleFullText(item);
      const x = extract({ title: item.title, text: item.text });
      const all = [
        ...[...x.actors, ...x.people, ...x.places, ...x.equipment].flatMap((m) => m.evidence),
        ...x.events.flatMap((e) => e.evidence),
        ...x.casualties.map((c) => c.evidence),
        ...x.statements.flatMap((s) => s.evidence),
      ];
      expect(all.length).toBeGreaterThan(0);
      for (const ev of all) {
        expect(full.slice(ev.start, ev.end)).toBe(ev.quote);
        expect(full.slice(ev.sentenceStart, ev.sentenceStart + ev.sentence.length)).toBe(ev.sentence);
        expect(ev.start).toBeGreaterThanOrEqual(ev.sentenceStart);
        expect(ev.end).toBeLessThanOrEqual(ev.sentenceStart + ev.sentence.length);
      }
    }
  });

  it('detects the language: declared first, else by function words', () => {
    expect(extract({ title: 'x', text: 'the army said', language: 'fr-FR' }).language).toBe('fr');
    for (const item of corpus) expect(extract({ title: item.title, text: item.text }).language, item.id).toBe(item.lang);
  });

  it('finds actors through aliases in both languages and flags state forces', () => {
    const en = extract({ title: 'x', text: "Fighters of the Group for the Support of Islam and Muslims, al-Qaeda's Sahel branch, clashed with FAMa and Wagner troops." });
    expect(en.actors.map((a) => [a.id, a.nonState])).toEqual([
      ['actor/jnim', true],
      ['actor/fama', false],
      ['actor/africa-corps', false],
    ]);
    const fr = extract({ title: 'x', text: "Le Groupe de soutien à l'islam et aux musulmans et l'État islamique au Grand Sahara (EIGS) s'affrontent ; la katiba Macina est visée." });
    expect(fr.actors.map((a) => a.name).sort()).toEqual(['FLM', 'ISSP', 'JNIM']);
  });

  it('infers the group of a leader named alone, and says so', () => {
    const x = extract({ title: 'x', text: 'Amadou Kouffa est réapparu.' });
    expect(x.people.map((p) => p.name)).toEqual(['Amadou Koufa']);
    expect(x.actors).toMatchObject([{ id: 'actor/jnim', inferredFrom: 'person/amadou-koufa' }]);
    expect(x.countries).toEqual(['ML']);
  });

  it('recognises transliterations and noms de guerre of leaders', () => {
    const x = extract({ title: 'x', text: 'Iyad ag Ghaly appeared with Yahya Abu Hammam and Kouffa.' });
    expect(x.people.map((p) => p.name).sort()).toEqual(['Amadou Koufa', 'Djamel Okacha', 'Iyad Ag Ghali']);
  });

  it('finds event types through English and French morphology', () => {
    const types = (text: string) => extract({ title: 'x', text }).events.map((e) => e.type).sort();
    expect(types('Des camions ont été incendiés et deux chauffeurs enlevés après une embuscade.')).toEqual(['ambush', 'arson', 'kidnapping']);
    expect(types('Gunmen ambushed a convoy, torched two trucks and kidnapped six drivers.')).toEqual(['ambush', 'arson', 'kidnapping']);
    expect(types("L'armée a récupéré un drone ; les attaques ont été revendiquées.")).toEqual(['attack', 'claim', 'seizure']);
    // An event word inside a longer phrase that is not the event.
    expect(types('Troops seized assault rifles and an attack helicopter was deployed.')).toEqual(['seizure']);
    expect(types("Des fusils d'assaut ont été saisis.")).toEqual(['seizure']);
    // An explosive device named as a thing is no IED event, so no export calls it a blast.
    expect(types('Troops destroyed an IED factory near Tamou.')).toEqual([]);
    expect(types('An IED killed two soldiers near Porga. Troops later found an IED factory nearby.')).toEqual(['ied', 'killing', 'seizure']);
  });

  it('finds equipment: drones, satellite kit, tankers, convoys', () => {
    const x = extract({ title: 'x', text: 'Troops seized two quadcopters, a Thuraya satellite phone and a Starlink kit; camions-citernes and a convoi were hit.' });
    expect(x.equipment.map((e) => e.id).sort()).toEqual(['equipment/convoy', 'equipment/drone', 'equipment/fuel-tanker', 'equipment/satphone', 'equipment/starlink']);
  });

  it('places carry id, country, admin1, coordinates and how they were resolved', () => {
    const x = extract({ title: 'x', text: 'Attaque à Didiéni, puis à Banikoara et près de Kontagora.' });
    const didieni = x.places.find((p) => p.id === 'place/ml/didieni');
    expect(didieni).toMatchObject({ country: 'ML', admin1: 'Koulikoro', resolvedBy: 'curated', placeKind: 'town' });
    const kontagora = x.places.find((p) => p.name === 'Kontagora');
    expect(kontagora).toMatchObject({ country: 'NG', resolvedBy: 'geonames' });
    expect(kontagora?.lat).toBeCloseTo(10.4, 1);
    expect(x.countries).toEqual(['BJ', 'ML', 'NG']);
  });

  it('a corridor is reported with the towns it joins', () => {
    const x = extract({ title: 'Axe Dakar-Bamako : embuscade', text: 'Un convoi a été attaqué.' });
    expect(x.places.map((p) => p.id).sort()).toEqual(['place/corridor/dakar-bamako', 'place/ml/bamako', 'place/sn/dakar']);
  });

  it('a corridor named by the two towns it joins is that corridor ("entre Dakar et Bamako", "from Bamako to Kayes", "Dakar-Bamako")', () => {
    const placesOf = (text: string) => extract({ title: '', text }).places.map((p) => p.id);
    expect(placesOf('Les camions qui font la navette entre Dakar et Bamako ont été visés.')).toContain('place/corridor/dakar-bamako');
    expect(placesOf('Trucks travelling from Bamako to Kayes came under fire.')).toContain('place/corridor/bamako-kayes');
    expect(placesOf('Sur le trajet Bamako-Dakar, les convois sont escortés.')).toContain('place/corridor/dakar-bamako');
    // Two towns side by side are not a road: "les préfets de Kayes et Bamako", "in Dakar and Bamako".
    expect(placesOf('Les préfets de Kayes et Bamako se sont réunis.')).not.toContain('place/corridor/bamako-kayes');
    expect(placesOf('Prices rose in Dakar and Bamako.')).not.toContain('place/corridor/dakar-bamako');
  });

  it('countries: border and neighbour mentions do not count; the scene does', () => {
    const x = extract({ title: 'Benin: soldiers killed near the Burkina Faso border', text: 'Eight soldiers were killed in Banikoara, near the borders with Niger and Burkina Faso. Neighbouring Togo was spared.' });
    expect(x.countries).toEqual(['BJ']);
  });

  it('countries outside the watched region, named or by their army, are kept apart from where the report is', () => {
    const en = extract({ title: 'Algerian troops recover drones', text: 'Algerian troops recovered five drones from terrorists near the Malian border.' });
    expect(en.countriesOutside).toEqual(['DZ']);
    expect(en.countries).not.toContain('DZ');
    const fr = extract({ title: 'Bilan', text: "Les unités de l'Armée nationale populaire ont récupéré cinq drones." });
    expect(fr.countriesOutside).toEqual(['DZ']);
    expect(extract({ title: 'Mali', text: 'Les FAMa ont récupéré des drones près de Gao.' }).countriesOutside).toEqual([]);
  });
});

describe('gazetteer lookup helpers', () => {
  it('resolveName goes through aliases in both languages', () => {
    expect(resolveName('Parc W')?.id).toBe('place/park/w');
    expect(resolveName('W National Park')?.id).toBe('place/park/w');
    expect(resolveName('parc national de la Pendjari')?.name).toBe('Pendjari National Park');
    expect(resolveName('GSIM', 'actor')?.name).toBe('JNIM');
    expect(resolveName('Iyad ag Ghaly')?.id).toBe('person/iyad-ag-ghali');
    expect(resolveName('Kayes')?.country).toBe('ML');
    expect(resolveName('Senegalese')).toBeUndefined();
    expect(resolveName('Nowhere-on-Sea')).toBeUndefined();
  });

  it('getEntry returns canonical name, country and coordinates', () => {
    expect(getEntry('place/sn/kidira')).toMatchObject({ name: 'Kidira', country: 'SN', placeKind: 'town' });
    expect(getEntry('country/ng')).toMatchObject({ name: 'Nigeria', country: 'NG' });
    expect(getEntry('nope/x')).toBeUndefined();
  });

  it('loads once, with GeoNames towns of the twelve countries (West Africa, Chad and Cameroon) behind the curated entries', () => {
    const gz = defaultGazetteer();
    expect(defaultGazetteer()).toBe(gz);
    const geonames = gz.entries.filter((e) => e.source === 'geonames');
    expect(geonames.length).toBeGreaterThan(4000);
    expect(new Set(geonames.map((e) => e.country))).toEqual(new Set(['ML', 'BF', 'NE', 'BJ', 'TG', 'NG', 'GH', 'CI', 'SN', 'MR', 'TD', 'CM']));
    // Curated names win: "Kidira" is in both, only the curated entry is indexed.
    expect(gz.phrases.get('kidira')?.map((s) => s.entry.source)).toEqual(['curated']);
    // Common words from GeoNames are not indexed as towns.
    expect(gz.phrases.get('ete')).toBeUndefined();
    expect(gz.phrases.get('se')).toBeUndefined();
  });

  it('GeoNames data is credited in the generated file', () => {
    const file = JSON.parse(readFileSync('data/gazetteer/geonames-west-africa.json', 'utf8')) as { license: string };
    expect(file.license).toMatch(/CC-BY 4\.0/);
  });
});

describe("the region's armies and their operations", () => {
  it('a standing operation names its army, and an army acting votes for its country', () => {
    const x = extract({ title: 'Opération Hadin Kai : bilan de la semaine', text: 'Les troupes ont récupéré un drone sur les insurgés.' });
    expect(x.actors.map((a) => a.id)).toContain('actor/nigerian-armed-forces');
    const niger = extract({ title: "L'armée nigérienne repousse un assaut", text: "L'armée nigérienne a repoussé l'assaut au matin, après trois heures de tirs." });
    expect(niger.countries).toEqual(['NE']);
  });
});
