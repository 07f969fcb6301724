import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extraction/extract.js';

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe('name traps', () => {
  it('words of one language that are ordinary words of the other: French "seize" (sixteen) and "siège" (an office)', () => {
    const events = (title: string, text: string, language?: string) => extract({ title, text, ...(language ? { language } : {}) }).events.map((e) => e.type);
    expect(events('Djibo', 'Seize soldats ont été tués dans l\'attaque de Djibo, selon une source sécuritaire.', 'fr')).not.toContain('seizure');
    expect(events('Monguno', 'Troops seize two drones and a Starlink kit from ISWAP fighters near Monguno.', 'en')).toContain('seizure');
    expect(events('Kayes', 'Les transporteurs se sont réunis au siège du gouvernorat de Kayes.', 'fr')).not.toContain('blockade');
    expect(events('Djibo', 'JNIM has kept Djibo under siege for two years.', 'en')).toContain('blockade');
  });

  it('Niger alone is the country', () => {
    const x = extract({ title: 'Niger : attaque près de Niamey', text: 'Le Niger a déploré la mort de six soldats.' });
    expect(ids(x.places)).toContain('country/ne');
    expect(x.countries).toContain('NE');
  });

  it('Niger after fleuve / river / banks is the river, not the country', () => {
    const fr = extract({ title: 'Pirogue attaquée', text: 'Une pirogue a été attaquée sur le fleuve Niger près de Gao, puis une autre sur la rive du Niger.' });
    expect(ids(fr.places)).toContain('place/river/niger');
    expect(ids(fr.places)).not.toContain('country/ne');
    expect(fr.countries).toEqual(['ML']);
    const en = extract({ title: 'Boat attack', text: 'Gunmen attacked a boat on the banks of the Niger near Timbuktu.' });
    const river = en.places.find((p) => p.id === 'place/river/niger');
    expect(river?.resolvedBy).toBe('context:river');
    expect(en.countries).toEqual(['ML']);
  });

  it('Niger State is in Nigeria and does not make the text about Niger', () => {
    const x = extract({ title: 'Bandits kill 12 in Niger State', text: 'Bandits attacked villages near Kontagora in Niger State on Monday.' });
    expect(ids(x.places)).toContain('place/ng/niger-state');
    expect(ids(x.places)).not.toContain('country/ne');
    expect(x.countries).toEqual(['NG']);
    const y = extract({ title: 'Floods', text: 'Floods hit Mokwa as the Niger Governor visited communities in Niger and Kwara states.' });
    expect(y.places.find((p) => p.id === 'place/ng/niger-state')?.resolvedBy).toBe('context:admin1');
    expect(y.places.map((p) => p.id)).not.toContain('country/ne');
    expect(y.countries).toEqual(['NG']);
  });

  it('names that contain a country name are not the country', () => {
    const x = extract({ title: 'x', text: 'Militants in the Niger Delta attacked a pipeline; traders from Benin City and the Lake Chad region, and fishermen from Equatorial Guinea, were kidnapped.' });
    expect(x.places.map((p) => p.id)).toEqual(['place/ng/niger-delta', 'place/ng/benin-city', 'place/region/lake-chad', 'country/gq']);
    expect(x.countries).toEqual(['NG']);
  });

  it('Kayes is the Malian city by default and the Congolese town when the text is about Congo', () => {
    const mali = extract({ title: 'Attaque près de Kayes', text: 'Des camions ont été incendiés près de Kayes, dans l’ouest du Mali.' });
    const ml = mali.places.find((p) => p.name === 'Kayes');
    expect(ml?.country).toBe('ML');
    expect(ml?.lat).toBeCloseTo(14.45, 1);
    const congo = extract({ title: 'Incendie à Kayes', text: 'Le marché de Kayes, dans la Bouenza, au Congo-Brazzaville, a brûlé.' });
    const cg = congo.places.find((p) => p.name === 'Kayes');
    expect(cg?.country).toBe('CG');
    expect(cg?.resolvedBy).toBe('context:country=CG');
    // Congo is outside the watched region: not listed as a country of concern.
    expect(congo.countries).toEqual([]);
  });

  it('"W" alone is not the park; Parc W, W National Park and the W parks are', () => {
    const letter = extract({ title: 'Census', text: 'Officers in Niamey painted a W on every surveyed door. Section W of the plan starts Monday.' });
    expect(ids(letter.places)).not.toContain('place/park/w');
    for (const text of ['Attaque à la lisière du parc W.', 'An attack inside W National Park.', 'Rangers of the Pendjari and W parks.', 'Une embuscade dans le parc national du W.']) {
      expect(ids(extract({ title: 'x', text }).places), text).toContain('place/park/w');
    }
  });

  it('Tamani (Mali) is not Tamou (Niger)', () => {
    const x = extract({ title: 'Attaque près de Tamani', text: 'Un car a été attaqué près de Tamani, cercle de Barouéli.' });
    expect(ids(x.places)).toContain('place/ml/tamani');
    expect(ids(x.places)).not.toContain('place/ne/tamou');
    expect(x.countries).toEqual(['ML']);
  });

  it("Jama'atu Nasril Islam (Nigerian Muslim body) is not JNIM", () => {
    const x = extract({ title: "Jama'atu Nasril Islam condemns killings", text: 'The Jama’atu Nasril Islam (JNI) condemned the attack near Jos.' });
    expect(ids(x.actors)).toEqual([]);
    const y = extract({ title: 'x', text: "Jama'at Nusrat al-Islam wal-Muslimin claimed the attack." });
    expect(ids(y.actors)).toEqual(['actor/jnim']);
  });

  it('Say is the Nigerien town only as a capitalised place name in a place context', () => {
    const verb = extract({ title: 'Residents say trucks were torched', text: 'Officials Say 12 Were Killed. "Say nothing," he told them. Drivers say they fear the road.' });
    expect(ids(verb.places)).not.toContain('place/ne/say');
    const town = extract({ title: 'x', text: 'Le préfet de Say a confirmé l’attaque. Gunmen attacked a post in Say on Monday.' });
    const say = town.places.find((p) => p.id === 'place/ne/say');
    expect(say?.evidence).toHaveLength(2);
    expect(say?.country).toBe('NE');
  });

  it('a GeoNames town name followed by a surname is a person, not the town', () => {
    const x = extract({ title: 'x', text: 'Gora Khouma of the Union of Road Haulage Operators of Senegal said drivers were taken.' });
    expect(x.places.map((p) => p.name)).not.toContain('Gora');
  });

  it('a GeoNames town followed by the kind of its area ("Bama Local Government Area", "Bama LGA") is that town, one place', () => {
    const ids = (text: string) => extract({ title: 'x', text }).places.map((p) => p.id);
    expect(ids('Insurgents killed 63 people in Darul Jamal, Bama LGA, Borno State.')).toContain('place/ng/bama');
    expect(ids('The attack on the community in Bama Local Government Area of Borno State.')).toEqual(expect.arrayContaining(['place/ng/bama']));
    expect(ids('The attack on the community in Bama Local Government Area of Borno State.')).not.toContain('place/unlisted/bama');
  });

  it('a capital named by its country ("the Malian capital", "la capitale nigérienne", "Burkina Faso\'s capital") is that city', () => {
    const ids = (text: string) => extract({ title: 'x', text }).places.map((p) => p.id);
    expect(ids('Gunmen struck a police school in the Malian capital on Tuesday.')).toContain('place/ml/bamako');
    expect(ids('Des tirs ont été entendus dans la capitale nigérienne.')).toContain('place/ne/niamey');
    expect(ids("Burkina Faso's capital was calm after the coup attempt.")).toContain('place/bf/ouagadougou');
  });

  it('a GeoNames town name after a full name is that person\'s surname ("M\'Bemba Moussa Keita"), not the town', () => {
    const x = extract({ title: 'x', text: 'The chief of general staff, M\'Bemba Moussa Keita, was removed after the massacre in central Mali.' });
    expect(x.places.map((p) => p.id)).not.toContain('place/ne/keita');
    // The town itself, after a preposition, is still read.
    const town = extract({ title: 'x', text: 'Gunmen attacked a market in Keita, in the Tahoua region of Niger.' });
    expect(town.places.map((p) => p.id)).toContain('place/ne/keita');
  });

  it('a GeoNames town name written in capitals is an acronym ("the NEMA said", "l\'avenue de l\'OUA")', () => {
    const places = (text: string) => extract({ title: 'x', text }).places.map((p) => p.id);
    expect(places('The emergency agency NEMA said 54 people died in the village.')).not.toContain('place/mr/nema');
    expect(places('Gunmen attacked a convoy near Nema, in south-eastern Mauritania.')).toContain('place/mr/nema');
  });

  it('acronyms match only in capitals: "fla" or "msa" in prose are not the groups', () => {
    const x = extract({ title: 'x', text: 'The FLA and the MSA clashed near Ménaka. A bottle of fla was sold by msa traders.' });
    expect(x.actors.map((a) => [a.name, a.evidence.length])).toEqual([
      ['FLA', 1],
      ['MSA', 1],
    ]);
  });
});

describe('GeoNames towns named like words', () => {
  it('are not read from a Title Case headline or from the first word of a sentence', () => {
    const x = extract({ title: 'Man Arrested After Gunmen Attack Market In Northern Town', text: 'Man is the largest city in the west. Troops were deployed to Man, officials said.' });
    expect(x.places.map((p) => p.name)).toEqual([]);
    const y = extract({ title: 'Gunmen Storm Village Near Kontagora, Killing Six', text: 'Bandits raided a village near Kontagora on Sunday.' });
    expect(y.places.map((p) => [p.name, p.evidence.length])).toEqual([['Kontagora', 1]]);
  });
});

describe('localities the gazetteer does not list', () => {
  it('are read from the words before or after them, with the country of a listed place nearby', () => {
    const x = extract({
      title: 'x',
      text: 'Trois personnes ont été tuées à Yinyinrou, hameau du village de Guimbagou, arrondissement de Toura, commune de Banikoara. Troops patrolled the Pridang general area and a camp near Ilara.',
    });
    const unlisted = x.places.filter((p) => p.resolvedBy === 'unlisted:context');
    expect(unlisted.map((p) => [p.name, p.country ?? null])).toEqual([
      ['Yinyinrou', 'BJ'],
      ['Guimbagou', 'BJ'],
      ['Toura', 'BJ'],
      ['Pridang', null],
      ['Ilara', null],
    ]);
    // They do not make the text about a country.
    expect(x.countries).toEqual(['BJ']);
  });

  it('are read in apposition with an article ("Solhan, a village") and after an incident noun ("the raid on Ogossagou", "le massacre de Solhan")', () => {
    const names = (text: string) => extract({ title: 'x', text }).places.filter((p) => p.resolvedBy === 'unlisted:context').map((p) => p.name);
    expect(names('Attackers killed about 100 civilians overnight in Solhan, a village in northern Burkina Faso.')).toEqual(['Solhan']);
    expect(names('Survivors blamed the hunters for the raid on Ogossagou.')).toEqual(['Ogossagou']);
    expect(names('Le bilan du massacre de Solhan atteint désormais 138 morts.')).toEqual(['Solhan']);
    // Not a day, a group or a people after the noun.
    expect(names("The attack on Monday was claimed by JNIM; the massacre of Fulani herders shocked the country.")).toEqual([]);
  });

  it('are read where people were killed or attacked, before "village", in English compounds and after a noun opening a title', () => {
    const names = (text: string) => extract({ title: 'x', text }).places.filter((p) => p.resolvedBy === 'unlisted:context').map((p) => p.name);
    expect(names('Gunmen killed 30 herders in Bangassoré and Tindirma on Friday.')).toEqual(['Bangassoré', 'Tindirma']);
    expect(names('Up to 40 people were killed, 25 in Wendou Kobré and 15 in Dabessigou.')).toEqual(['Wendou Kobré', 'Dabessigou']);
    expect(names('Des hommes armés ont tué douze civils à Kourizéna.')).toEqual(['Kourizéna']);
    expect(names('Residents of Tialbonga village fled to the town.')).toEqual(['Tialbonga']);
    expect(names('Officials gave a new toll for the Tamassiga attack.')).toEqual(['Tamassiga']);
    expect(names('The attack on the Gorouol-Béri military post left 12 dead.')).toEqual(['Gorouol-Béri']);
    expect(names("Massacre de Débérékou : le gouvernement réagit. Les sanctions sont tombées.")).toEqual(['Débérékou']);
    expect(names('Gunmen stormed a mosque in the Tindibaré quarter of the town.')).toEqual(['Tindibaré']);
    expect(names("Le village a été attaqué, dans la commune rurale de Bangarabé.")).toEqual(['Bangarabé']);
    expect(names('Workers were ambushed on the road to the Kassoumbé mine.')).toEqual(['Kassoumbé']);
    expect(names('Le convoi roulait sur la route reliant les sites de Tanwalbé et de Kossogoudou.')).toEqual(['Tanwalbé', 'Kossogoudou']);
    expect(names('A military post at Bouroukoutou-Est came under fire.')).toEqual(['Bouroukoutou-Est']);
    expect(names('Gunmen killed worshippers at the mosque in Tondibiah.')).toEqual(['Tondibiah']);
    expect(names("Le camp militaire de Tiébanda a été attaqué à l'arme lourde.")).toEqual(['Tiébanda']);
    expect(names('Le bilan du double attentat de Kourgoussa monte à 11 morts.')).toEqual(['Kourgoussa']);
    expect(names('Gunmen held guests at the hotel in Tinkarébou for hours.')).toEqual(['Tinkarébou']);
    expect(names('The attacks hit the towns of Diangoumbé, Kessaguou and Tilasso-Bé.')).toEqual(['Diangoumbé', 'Kessaguou', 'Tilasso-Bé']);
    // A listed town first does not end the list.
    expect(names('The attacks hit the towns of Djibo, Kessaguou and Tilasso-Bé.')).toEqual(['Kessaguou', 'Tilasso-Bé']);
    // Not a holiday, an operation or a title after "killed in".
    expect(names('Two soldiers were killed in Operation Sirocco at Christmas, said President Bazoum.')).toEqual([]);
    // "a" is the French "à" only with its accent.
    expect(names('Gunmen killed a Tuareg herder.')).toEqual([]);
  });

  it('are not read from capitalised words that are not places', () => {
    const x = extract({
      title: 'x',
      text: 'The village of Mali was hit. Le village de Janvier. In the Government area, the Fulani community near Tuareg camps met. Analysts say, village elders agree.',
    });
    expect(x.places.filter((p) => p.resolvedBy === 'unlisted:context')).toEqual([]);
  });
});
