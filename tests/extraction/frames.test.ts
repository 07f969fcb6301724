import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extraction/extract.js';
import type { Frame } from '../../src/extraction/extraction.js';

const frames = (text: string, published = '2025-06-01'): Frame[] => extract({ title: '', text, published }).frames;
const only = (text: string, action: string, published?: string): Frame => {
  const found = frames(text, published).filter((f) => f.action === action);
  expect(found, `${action} frames in: ${text}`).toHaveLength(1);
  return found[0] as Frame;
};
const objects = (f: Frame) => f.objects.map((o) => o.id);

describe('event frames: who did what to what, from whom', () => {
  it('reads troops seizing kit from named militants, with the kit several words away', () => {
    const f = only('Troops recovered, among other materiel, two drones from ISWAP fighters near Monguno.', 'seizure');
    expect(f.agent).toMatchObject({ side: 'state', id: 'party/troops' });
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/iswap' });
    expect(f.source?.inferred).toBeUndefined();
    expect(objects(f)).toEqual(['equipment/drone']);
    expect(f.modality).toBe('asserted');
  });

  it('infers the source from the militants the sentence is about, and says so', () => {
    const f = only('During an operation against JNIM near Boni, soldiers seized a Thuraya handset.', 'seizure');
    expect(f.agent?.side).toBe('state');
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/jnim', inferred: true });
  });

  it('reads the state side in "government forces", "national forces", "forces gouvernementales"', () => {
    expect(only('The group relies on drones, probably captured from national forces, for reconnaissance.', 'seizure').source?.side).toBe('state');
    expect(only("Les jihadistes utilisent des drones saisis sur les forces gouvernementales.", 'seizure').source?.side).toBe('state');
  });

  it('tells militants capturing army kit from the army seizing theirs', () => {
    const f = only('Jihadists captured a surveillance drone from the army patrol they ambushed.', 'seizure');
    expect(f.agent?.side).toBe('militant');
    expect(f.source?.side).toBe('state');
    // French pronominal verbs take "être" and stay active: the jihadists are who took it.
    const fr = only("Les jihadistes se sont emparés d'un drone de l'armée tombé près de Djibo.", 'seizure');
    expect(fr.agent?.side).toBe('militant');
  });

  it('reads the passive agent after "by"/"par" and the hideout as the source', () => {
    const f = only('Deux drones ont été récupérés par les soldats dans le repaire des terroristes.', 'seizure');
    expect(f.agent?.side).toBe('state');
    expect(f.source?.side).toBe('militant');
  });

  it('takes the goods listed in the next sentences when they report no other action', () => {
    const seized = frames('Soldiers raided an insurgent hideout in Borno. The operation went on all night. A Starlink terminal and two rifles were among the items.');
    expect(seized.filter((f) => f.action === 'raid').flatMap(objects)).toEqual([]);
    const f = only('Soldiers seized a large cache from the insurgents in Borno. The operation went on all night. A Starlink terminal was among the items.', 'seizure');
    expect(objects(f)).toContain('equipment/starlink');
  });

  it('does not give one clause the object of the next', () => {
    const f = only('Manuals seized near Malam Fatori show how ISWAP turns hobby drones into weapons.', 'seizure');
    expect(objects(f)).toEqual([]);
  });

  it('reads who was seized with the goods as their source ("intercepted an individual carrying a drone")', () => {
    const f = only('Gendarmes intercepted an individual carrying a camera drone.', 'seizure');
    expect(f.source?.side).toBe('civilian');
  });

  it('a fighter who surrenders is the source of what he carried', () => {
    const f = only('A militant surrendered to the army on Sunday with a satellite phone and a rifle.', 'surrender');
    expect(f.source?.side).toBe('militant');
    expect(f.agent).toBeUndefined();
    expect(objects(f)).toContain('equipment/satphone');
  });

  it('a generic word next to a group takes the group side: separatists are not jihadists', () => {
    const f = only('Troops intercepted drones flown by IPOB fighters over Imo.', 'seizure');
    expect(f.source?.side ?? f.agent?.side).not.toBe('militant');
  });

  it('victims are not agents: "cinq militaires tués", "soldiers were killed", "people died"', () => {
    expect(only('Cinq militaires tués près de Kayes.', 'killing').agent).toBeUndefined();
    expect(only('Three soldiers were killed in the ambush.', 'killing').agent).toBeUndefined();
    expect(only('Gunmen killed three drivers.', 'killing').agent?.side).toBe('militant');
  });
});

describe('event frames: clauses around the seizure', () => {
  it('reads goods named after the hideout they were found in as the seizure\'s ("découvert dans une cache du JNIM près de Boni des drones")', () => {
    const f = only('Des soldats maliens ont découvert dans une cache du JNIM près de Boni des drones commerciaux et un terminal Starlink.', 'seizure');
    expect(objects(f)).toEqual(['equipment/drone', 'equipment/starlink']);
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/jnim' });
  });

  it('reads a group named after a generic word ("les insurgés de l\'ISWAP") as one party, so the goods after it stay the seizure\'s', () => {
    const f = only("Parmi le butin récupéré sur les insurgés de l'ISWAP figurent des drones et un terminal Starlink, selon l'armée.", 'seizure');
    expect(f.source).toMatchObject({ id: 'actor/iswap' });
    expect(f.source?.evidence.quote).toBe("insurgés de l'ISWAP");
    expect(objects(f)).toEqual(['equipment/drone', 'equipment/starlink']);
  });

  it('skips an aside between commas between the verb and its object', () => {
    const f = only("Les soldats ont saisi, après des échanges de tirs avec des éléments de l'EIGS, un drone et du carburant.", 'seizure');
    expect(objects(f)).toEqual(['equipment/drone', 'equipment/fuel']);
    // Not closed by a second comma, the party starts a clause of its own, whose object it is.
    const other = only('Troops seized motorcycles near Monguno, where ISWAP fighters had flown drones overhead.', 'seizure');
    expect(objects(other)).toEqual(['equipment/motorcycle']);
  });

  it('gives a coordinated verb the subject of the first ("police arrested a supplier to jihadists and confiscated ...")', () => {
    const f = only('Police in Niger arrested a man accused of smuggling drones to jihadists, and confiscated eight quadcopters.', 'seizure');
    expect(f.agent?.side).toBe('state');
    expect(f.source?.side).toBe('militant');
  });

  it('gives a verb coordinated by a comma alone, as headlines write it, the subject of the first', () => {
    const f = only('Burkina troops hunt jihadist cells, recover drones and radios', 'seizure');
    expect(f.agent?.side).toBe('state');
    expect(f.source?.side).toBe('militant');
    const fr = only("Les FAMa ratissent les bases terroristes, récupèrent des drones et des motos", 'seizure');
    expect(fr.agent?.side).toBe('state');
    // A comma that closes an aside before the subject is no coordination: the subject is still the nearest party.
    expect(only('After fighting the army for hours, JNIM fighters seized a drone.', 'seizure').agent?.side).toBe('militant');
  });
});

describe('event frames: arrests with goods', () => {
  it('takes the person arrested after a place as the one described, not the subject of a new clause', () => {
    const who = only("La police a interpellé à Niamey un individu qui livrait des drones aux terroristes de l'EIGS.", 'arrest');
    expect(objects(who)).toEqual(['equipment/drone']);
    expect(who.source?.side).toBe('militant');
    expect(objects(only("La police a interpellé à Niamey un individu en possession d'un drone.", 'arrest'))).toEqual(['equipment/drone']);
    expect(objects(only('Police arrested in Kano a suspect who sold Thuraya handsets to ISWAP.', 'arrest'))).toEqual(['equipment/satphone']);
  });

  it('takes the goods of a person the report says belongs to a group as the group\'s ("un individu interpellé, présumé membre du JNIM")', () => {
    const seized = (text: string) => frames(text).find((f) => f.action === 'seizure' && f.objects.length > 0);
    expect(seized('Les gendarmes ont saisi deux kits Starlink sur un individu interpellé, présumé membre du JNIM, à Tanguiéta.')?.source).toMatchObject({ side: 'militant', id: 'actor/jnim' });
    expect(seized("Les gendarmes ont saisi deux kits Starlink sur un individu soupçonné d'appartenir au JNIM, à Tanguiéta.")?.source).toMatchObject({ side: 'militant', id: 'actor/jnim' });
    expect(seized('Police seized a drone from a trader said to be an ISWAP logistician near Diffa.')?.source).toMatchObject({ side: 'militant', id: 'actor/iswap' });
    // A person named with no tie to the group stays a civilian: "and" is no affiliation.
    expect(seized('Les gendarmes ont saisi deux kits Starlink sur un individu et trois motos du JNIM, à Tanguiéta.')?.source?.side).toBe('civilian');
  });

  it('reads goods linked to a group or meant for it in any gender and number ("antennes destinées", "a consignment linked to")', () => {
    const seized = (text: string) => frames(text).find((f) => f.action === 'seizure' && f.objects.length > 0);
    expect(seized('La douane a saisi trois antennes Starlink destinées à des combattants du JNIM.')?.source?.side).toBe('militant');
    expect(seized('Customs officers intercepted a consignment of quadcopters linked to Boko Haram suppliers.')?.source?.side).toBe('militant');
  });

  it('names the militants among coordinated recipients ("to bandits and Boko Haram") as the side the goods came from', () => {
    const f = only('Police arrested a man who supplied drones to bandits and Boko Haram, and recovered four drones from his shop.', 'seizure');
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/boko-haram' });
    // Bandits alone stay bandits.
    expect(only('Police arrested a man who supplied drones to bandits, and recovered four drones from his shop.', 'seizure').source?.side).toBe('armed');
  });

  it('takes what the person arrested carried, from him, in the passive and the active', () => {
    const fr = only("Un présumé terroriste a été interpellé à Sévaré en possession d'un drone et d'un téléphone satellitaire.", 'arrest');
    expect(fr.source?.side).toBe('militant');
    expect(fr.agent).toBeUndefined();
    expect(objects(fr)).toEqual(['equipment/drone', 'equipment/satphone']);
    const en = only('Police in Maiduguri arrested a Boko Haram courier with three drones and a Starlink kit.', 'arrest');
    expect(en.agent?.side).toBe('state');
    expect(en.source).toMatchObject({ id: 'actor/boko-haram' });
    expect(objects(en)).toEqual(['equipment/drone', 'equipment/starlink']);
  });

  it('takes what the person arrested carried past a semicolon, as in the next sentence', () => {
    expect(objects(only("Un chef du JNIM a été arrêté près de Ségou ; il était en possession d'un kit Starlink, selon l'armée.", 'arrest'))).toEqual(['equipment/starlink']);
    expect(objects(only('A JNIM commander was arrested near Ségou; he was carrying a Starlink kit.', 'arrest'))).toEqual(['equipment/starlink']);
    // What another clause did with goods is not what he carried.
    expect(objects(only('A JNIM commander was arrested near Ségou; drones flew over the town the next day.', 'arrest'))).toEqual([]);
  });

  it('does not take an arrested trader for a militant because the report names militants elsewhere', () => {
    const f = only('Customs officers arrested a trader with 20 drones at the border. In Borno, the army said ISWAP fighters had fled.', 'arrest');
    expect(objects(f)).toEqual(['equipment/drone']);
    expect(f.source?.side).not.toBe('militant');
    const unnamed = only('Customs officers arrested a man with 20 drones at the border. In Borno, the army said ISWAP fighters had fled.', 'arrest');
    expect(unnamed.source).toBeUndefined();
  });

  it('takes what the person arrested is suspected of supplying, and a group\'s members as the group ("aux éléments de l\'EIGS")', () => {
    const f = only("Les forces de défense et de sécurité ont arrêté un commerçant soupçonné de fournir des drones et des pièces détachées aux éléments de l'EIGS.", 'arrest');
    expect(objects(f)).toEqual(['equipment/drone']);
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/issp' });
    expect(only('Police arrested a trader who sold satellite phones to members of Boko Haram in Maiduguri.', 'arrest').source).toMatchObject({ id: 'actor/boko-haram' });
  });

  it('takes nothing the person arrested is only said to have used', () => {
    const f = only('Police arrested three men suspected of flying drones for ISWAP over Maiduguri.', 'arrest');
    expect(objects(f)).toEqual([]);
  });
});

describe('event terms', () => {
  it('does not read a commune or means of communication as a communiqué (French stems all three "commun")', () => {
    const events = (text: string) => extract({ title: '', text, language: 'fr' }).events.map((e) => e.type);
    expect(events('Les habitants de la commune de Banikoara ont fui.')).not.toContain('statement');
    expect(events('Ils ont saisi des moyens de communication.')).not.toContain('statement');
    expect(events('Dans des communiqués publiés lundi, le JNIM affirme avoir attaqué le poste.')).toContain('statement');
  });

  it('keeps word families from reaching unrelated words', () => {
    const events = (text: string, language = 'en') => extract({ title: '', text, language }).events.map((e) => e.type);
    expect(events('JNIM, founded in 2017, is led by Iyad Ag Ghali.')).not.toContain('seizure');
    expect(events('Police cracked down on the protest in Niamey.')).not.toContain('shootdown');
    expect(events('The executive director of the agency spoke.')).not.toContain('killing');
    expect(events('Trucks hauling goods to Bamako were seen near Kati.')).not.toContain('seizure');
    expect(events('La ville se trouve à 50 km de la frontière.', 'fr')).not.toContain('seizure');
    expect(events("Le convoi est resté à l'arrêt à Diboli.", 'fr')).not.toContain('arrest');
    expect(events('Ils ont saisi deux mitrailleuses.', 'fr')).not.toContain('attack');
    // The senses they are listed for still count.
    expect(events('Troops found two drones and downed a third.')).toEqual(expect.arrayContaining(['seizure', 'shootdown']));
    expect(events('Deux drones ont été trouvés dans la cache et deux suspects arrêtés.', 'fr')).toEqual(expect.arrayContaining(['seizure', 'arrest']));
  });

  it('reads French verbs in the present plural, as headlines use them, and feminine participles', () => {
    const events = (text: string) => extract({ title: '', text, language: 'fr' }).events.map((e) => e.type);
    expect(events('Des jihadistes attaquent un convoi de citernes près de Nioro.')).toContain('attack');
    expect(events('Des hommes armés incendient six camions sur la route de Diéma.')).toContain('arson');
    expect(events('Des inconnus enlèvent trois chauffeurs routiers.')).toContain('kidnapping');
    expect(events('Les soldats récupèrent deux drones dans une cache.')).toContain('seizure');
    // Irregular verbs in phrases, listed by form: "mettent le feu", "ouvrent le feu", "tuent".
    expect(events('Des jihadistes mettent le feu à deux camions-citernes.')).toContain('arson');
    expect(events('Des hommes armés ouvrent le feu sur une patrouille.')).toContain('attack');
    expect(events('Des assaillants tuent quatre gardes forestiers.')).toContain('killing');
    expect(events("L'assassinat d'un chef de village près de Banikoara.")).toContain('killing');
    expect(events("Des jihadistes ont fait sauter un pont et posé un engin artisanal sur la piste.")).toEqual(expect.arrayContaining(['attack', 'ied']));
    expect(events('Deux motos ont été interceptées et brûlées.')).toEqual(expect.arrayContaining(['seizure', 'arson']));
    // Nouns the stemmer also leaves whole stay nouns: "un accident", "au moment de".
    expect(events("Au moment de l'accident, le camion roulait vers Kayes.")).not.toContain('attack');
  });

  it('reads an explosive device carried, made or found as a thing, not a blast', () => {
    const actions = (text: string) => frames(text).map((f) => f.action);
    expect(actions('A patrol found three men hiding near Tamou, one carrying materials for improvised explosive devices.')).not.toContain('ied');
    expect(actions('Troops destroyed an IED factory near Tamou.')).not.toContain('ied');
    expect(actions("Les militaires ont découvert un atelier de fabrication d'engins explosifs près de Tamou.")).not.toContain('ied');
    expect(actions('Deux soldats ont été tués par un engin explosif improvisé près de Porga.')).toContain('ied');
  });

  it('reads an explosive device going off as an IED, improvised or not', () => {
    expect(frames("Un engin explosif a sauté au passage d'un véhicule militaire, blessant quatre soldats.").map((f) => f.action)).toContain('ied');
    expect(frames('An explosive device went off under an army truck near Porga.').map((f) => f.action)).toContain('ied');
  });
});

describe('event frames: modality', () => {
  it.each([
    ['The army denied that any convoy was attacked near Kayes.', 'attack', 'negated'],
    ["Le JNIM menace d'attaquer les convois de citernes.", 'attack', 'planned'],
    ['If the militants attack the convoy, escorts will respond.', 'attack', 'hypothetical'],
    ['Militants have attacked convoys on this road since 2019.', 'attack', 'historical'],
    ['Gunmen attacked a convoy near Diéma on Tuesday.', 'attack', 'asserted'],
    // An attack attempted and repelled happened (LABELING counts it); a plot foiled before it did not.
    ['Gunmen attempted to storm a police post near Karimama but were repelled by soldiers.', 'attack', 'asserted'],
    ["Des terroristes ont tenté d'enlever un commerçant à Banikoara.", 'kidnapping', 'asserted'],
    ['Police foiled a plot to attack a church in Kandi.', 'attack', 'planned'],
    ['Residents fled after a false alarm of an imminent attack on Tanguiéta.', 'attack', 'planned'],
    // Feared, in every form of the verb: "affirmant craindre des attaques", "redoutant des enlèvements".
    ["Des milliers d'habitants ont fui vers Fada N'Gourma, affirmant craindre des attaques.", 'attack', 'planned'],
    ['Des commerçants ferment boutique, redoutant des enlèvements à Karimama.', 'kidnapping', 'planned'],
    // A court case is about an event already reported; a police report (procès-verbal) is no trial.
    ["Le procès des auteurs de l'attaque contre des touristes dans la Pendjari s'est ouvert à Cotonou.", 'attack', 'historical'],
    ['Three men were sentenced in Cotonou for their role in the kidnapping of two tourists in the Pendjari park.', 'kidnapping', 'historical'],
    ['Des hommes armés ont attaqué un poste de police à Banikoara, selon le procès-verbal de la gendarmerie.', 'attack', 'asserted'],
    // Years counted back, however many: "il y a trois ans", "il y a plus de deux ans"; days ago are news.
    ['Il y a trois ans, une attaque contre un poste de Porga avait fait deux morts.', 'attack', 'historical'],
    ['Il y a plus de deux ans, des jihadistes ont attaqué un poste à Porga.', 'attack', 'historical'],
    ['Il y a trois jours, des jihadistes ont attaqué un poste à Porga.', 'attack', 'asserted'],
    // A denial right after the event word, as headlines put it; a denial of something else leaves the event.
    ['Attack rumours denied in Park W', 'attack', 'negated'],
    ['Attaque démentie à Karimama', 'attack', 'negated'],
    ['Attack on Pama post: army denies heavy losses', 'attack', 'asserted'],
  ])('%s → %s %s', (text, action, modality) => {
    expect(only(text, action, '2025-06-01').modality).toBe(modality);
  });

  it('an earlier incident the report\'s is set after ("survient après", "comes after") is history, unless dated to a day', () => {
    const text = "L'incident survient après la mort de dizaines de soldats lors d'un assaut en janvier dans le département de l'Alibori.";
    expect(only(text, 'attack', '2025-02-17').modality).toBe('historical');
    expect(only('The attack comes after raids on Bula Dalo on Wednesday in which 12 terrorists were killed.', 'raid', '2025-06-01').modality).toBe('asserted');
    expect(only("L'opération fait suite à l'explosion d'une mine qui, dans la nuit du 9 au 10 mai, a tué trois civils à Kaobagou.", 'ied', '2025-05-12').modality).toBe('asserted');
  });

  it('takes the militants a seizure\'s goods came from out of the lead, not from background further down', () => {
    const text =
      "L'état-major a annoncé qu'un de ses drones a fait un atterrissage de précaution près de Ouélessébougou. Selon le communiqué, le drone a été récupéré et aucun dégât n'est à déplorer. L'état-major remercie les habitants. Les riverains ont aidé les soldats. Dans le cadre de sa lutte contre les djihadistes, le Mali s'est doté de drones.";
    expect(only(text, 'seizure', '2025-06-01').source).toBeUndefined();
  });

  it('an event in a month that ended weeks before publication is history, unless the sentence names a day of this week', () => {
    const text = "Les opérateurs attribuent cette baisse à l'insécurité, après l'attaque qui a coûté la vie à huit militaires près du parc en janvier.";
    expect(only(text, 'attack', '2026-06-01').modality).toBe('historical');
    // Published in February, January is last month: still news.
    expect(only(text, 'attack', '2026-02-20').modality).toBe('asserted');
    // December named in February is last year's.
    expect(only('Gunmen attacked a police post near Karimama in December.', 'attack', '2026-02-20').modality).toBe('historical');
    expect(only('Gunmen attacked a police post near Karimama in December 2025.', 'attack', '2026-01-10').modality).toBe('asserted');
    // A span up to now dates nothing; a weekday is the latest date; "may" the verb is no month.
    expect(only('Since January, troops have recovered 40 drones from ISWAP fighters.', 'seizure', '2026-06-01').modality).toBe('asserted');
    expect(only('Three soldiers were killed on Tuesday near Karimama, the deadliest attack since one in January.', 'killing', '2026-06-01').modality).toBe('asserted');
    expect(only('Militants attacked a convoy near Diéma; more may follow in the coming days.', 'attack', '2026-06-01').modality).toBe('asserted');
    // A blockade lasts: declared in early September, it is still in force in November.
    expect(only('The militants declared a ban on fuel imports in early September.', 'blockade', '2025-11-04').modality).toBe('asserted');
  });

  it('the latest year named decides: a fighter who joined in 2017 and surrendered in 2023 is news', () => {
    expect(only('A fighter who joined in 2017 surrendered on 23 April 2023 at Bordj Badji Mokhtar.', 'surrender', '2023-04-24').modality).toBe('asserted');
  });
});

describe('word families and spelling variants', () => {
  it('matches an event term through its family, in English and French', () => {
    for (const text of ['The recovery of three drones was announced.', 'La récupération de trois drones a été annoncée.', 'Troops were recovering two drones.']) {
      expect(extract({ title: '', text }).events.map((e) => e.type), text).toContain('seizure');
    }
  });

  it('does not stretch a family to another sense ("une crue frappe la ville" is no airstrike)', () => {
    expect(extract({ title: '', text: 'La montée des eaux frappe durement la ville de Karimama.' }).events.map((e) => e.type)).not.toContain('airstrike');
  });

  it('finds curated names spelt another way, with a letter doubled, dropped or transliterated', () => {
    const places = extract({ title: '', text: 'Une attaque a visé le poste de Tanguieta, près du parc de la Pendjary.' }).places.map((p) => p.id);
    expect(places).toContain('place/park/pendjari');
    const people = extract({ title: '', text: 'In a new video, Amadou Kouffa addresses the Fulani.' }).people.map((p) => p.id);
    expect(people).toEqual(['person/amadou-koufa']);
    // A short name is too short for the transliteration rule: its other spelling is listed ("Arli" for Arly).
    expect(extract({ title: '', text: 'Gunmen attacked a forestry post near Arli.' }).places.map((p) => p.id)).toContain('place/park/arly');
  });

  it('a threat or a fear is not the event: "fearing attacks", "JNIM\'s blockade threats", "menaçaient d\'attaquer"', () => {
    expect(only('Truckers suspended trips, fearing attacks on the corridor.', 'attack').modality).toBe('planned');
    expect(only("Convoys passed despite JNIM's blockade threats.", 'blockade').modality).toBe('planned');
    expect(only("Les jihadistes menaçaient d'attaquer les convois.", 'attack').modality).toBe('planned');
    expect(only('Gunmen attacked the convoy on Monday.', 'attack').modality).toBe('asserted');
  });

  it('a seizure promised to whoever breaks a ban is hypothetical: "anyone found with a Thuraya phone will be arrested"', () => {
    expect(only('From Monday, anyone found with a satellite phone will be arrested, the army said.', 'seizure').modality).toBe('hypothetical');
    expect(only('Les drones de quiconque violera l’interdiction seront saisis.', 'seizure').modality).toBe('hypothetical');
  });

  it('an event believed done is not feared to come: "feared kidnapped", "presumed killed"', () => {
    expect(only('Two aid workers are feared kidnapped after their car was found empty near Tanguiéta.', 'kidnapping').modality).toBe('asserted');
    expect(only('Residents feared attacks on the road to Kandi.', 'attack').modality).toBe('planned');
  });

  it('reads "targeted" as an attack, and equipment an attack was "coordinated with" as its means', () => {
    expect(objects(only('Since the ban, the militants have targeted fuel tankers on the Senegal road.', 'attack'))).toContain('equipment/fuel-tanker');
    expect(objects(only('Troops repelled an attack coordinated with drones and seized rifles and motorbikes.', 'seizure'))).not.toContain('equipment/drone');
  });

  it('reads blowing up and razing as attacks', () => {
    expect(only('Jihadists blew up a bridge on the road to Kandi.', 'attack').modality).toBe('asserted');
    expect(only('Militants razed a gendarmerie post near the park.', 'attack').modality).toBe('asserted');
  });

  it('an assault takes the equipment the next sentence says it damaged, and gunfire is an attack', () => {
    const assault = frames('Jihadists attacked the prefecture and the market of Nioro du Sahel overnight. Three Senegalese trucks parked nearby were damaged.').find(
      (f) => f.action === 'attack',
    );
    expect(assault?.objects.map((o) => o.id)).toContain('equipment/truck');
    // Trucks the next sentence names without damage are not the assault's.
    const parked = frames('Jihadists attacked the prefecture of Nioro du Sahel overnight. Trucks were queueing at the border post.').find((f) => f.action === 'attack');
    expect(parked?.objects.map((o) => o.id)).not.toContain('equipment/truck');
    expect(objects(only('Deux camions-citernes ont été criblés par des tirs de jihadistes près de Diéma.', 'attack'))).toContain('equipment/fuel-tanker');
    expect(frames("Le chauffeur du camion, blessé par balle, a été évacué vers Kati.").map((f) => f.action)).toContain('attack');
  });

  it('a blockade said to be over is none in force: "the blockade had failed", "le blocus a été levé"', () => {
    expect(only('Officials said the militants’ blockade had failed as 300 tankers reached the capital.', 'blockade').modality).toBe('negated');
    expect(only('Selon les transporteurs, le blocus a été levé après deux mois.', 'blockade').modality).toBe('negated');
    expect(only('JNIM has enforced its blockade on the western corridor since September.', 'blockade').modality).not.toBe('negated');
  });

  it('a blockade whose end is named is none in force: "après la levée du blocus", "the lifting of the blockade"', () => {
    expect(only('Le trafic des camions reprend entre Dakar et Bamako après la levée du blocus.', 'blockade').modality).toBe('negated');
    expect(only('Traders welcomed the lifting of the blockade on Kayes.', 'blockade').modality).toBe('negated');
    expect(only('The JNIM blockade on Kayes entered its third month.', 'blockade').modality).toBe('asserted');
  });

  it('equipment said to be untouched or defended against is no object ("aucun camion", "no trucks", "anti-drones")', () => {
    expect(objects(only("Des terroristes ont attaqué le camp militaire; aucun camion n'a été touché.", 'attack'))).toEqual([]);
    expect(objects(only('Gunmen attacked the customs post; none of the tankers was hit.', 'attack'))).toEqual([]);
    expect(objects(only("L'armée renforce sa défense anti-drones avec des systèmes d'interception.", 'seizure'))).toEqual([]);
  });

  it('marks a place named as origin, destination or far away', async () => {
    const { extract: run } = await import('../../src/extraction/extract.js');
    const text = 'Des camions ont été incendiés près de Léré, loin de Kayes. Un convoi en provenance du Sénégal roulait vers Bamako.';
    const places = run({ title: '', text, language: 'fr' }).places;
    // The flags name evidence spans: the mention after "loin de", "en provenance du", "vers".
    const flagged = Object.fromEntries(places.map((p) => [p.name, p.evidence.filter((e) => p.elsewhere?.includes(e.start)).map((e) => e.quote)]));
    expect(flagged).toMatchObject({ 'Léré': [], Kayes: ['Kayes'], Bamako: ['Bamako'] });
    expect(places.find((p) => p.id === 'country/sn')?.elsewhere).toHaveLength(1);
    const plated = run({ title: '', text: 'Militants torched Kayes-registered lorries near Dori. Des camions immatriculés à Bamako ont brûlé.', language: 'en' }).places;
    expect(plated.filter((p) => p.elsewhere?.length).map((p) => p.name).sort()).toEqual(['Bamako', 'Kayes']);
    // A distance is measured from a place, not at it.
    const measured = run({ title: '', text: 'Gunmen fired on drivers in Didiéni, about 300 km from Bamako. Une attaque a visé Tamou, à 100 km de Niamey.' }).places;
    expect(measured.filter((p) => p.elsewhere?.length).map((p) => p.name).sort()).toEqual(['Bamako', 'Niamey']);
    // Where someone speaks from is not where it happened.
    const spoken = run({ title: '', text: "Gunmen shot two drivers near Didiéni, the embassy in Bamako said. Joint à Niamey par l'AFP, un responsable a confirmé l'attaque de Tamou." }).places;
    expect(spoken.filter((p) => p.elsewhere?.length).map((p) => p.name).sort()).toEqual(['Bamako', 'Niamey']);
    // "Non loin de", "not far from": near, not elsewhere.
    const near = run({ title: '', text: 'Une patrouille a été attaquée non loin de la réserve de Pama. Gunmen struck a convoy not far from Kayes.' }).places;
    expect(near.filter((p) => p.elsewhere?.length)).toEqual([]);
  });

  it('does not read a party word as an event ("the attackers fled")', () => {
    expect(frames('The attackers fled towards the border.').map((f) => f.action)).not.toContain('attack');
  });
});

describe('event frames: equipment that is the means, not the object', () => {
  it('does not take drones that supported, struck or spotted as what was seized', () => {
    for (const text of [
      'Supported by drones, soldiers seized weapons, motorcycles and fuel from the fleeing terrorists near Kaya.',
      "Avec l'appui des drones, l'armée a récupéré des motos et des munitions abandonnées par les terroristes.",
      'The army said it recovered motorcycles after a drone strike on a JNIM camp near Boni.',
      "Après une frappe de drone sur un rassemblement terroriste, les troupes ont récupéré des motos.",
      "The army's drones spotted the fighters near Boni, who were then neutralised; motorcycles were recovered.",
      "Les drones de surveillance ont repéré les terroristes, puis les militaires ont saisi leurs motos.",
    ]) {
      const seized = frames(text).filter((f) => f.action === 'seizure').flatMap(objects);
      expect(seized, text).toContain('equipment/motorcycle');
      expect(seized, text).not.toContain('equipment/drone');
    }
  });

  it('still takes equipment named before a passive verb as its object ("truckers killed by gunmen")', () => {
    const f = only('Two Moroccan trucks attacked by unidentified gunmen near Didiéni were set on fire.', 'attack');
    expect(objects(f)).toEqual(['equipment/truck']);
    const seized = only('Soldiers seized a surveillance drone and two satellite phones from ISWAP fighters.', 'seizure');
    expect(objects(seized)).toEqual(['equipment/drone', 'equipment/satphone']);
  });

  it('reads an aircraft "abattu" as shot down, and a person "abattu" as killed', () => {
    const extraction = extract({ title: '', text: "Des terroristes ont abattu un drone de l'armée près de Léré et emporté les débris." });
    expect(extraction.frames.map((f) => f.action)).toContain('shootdown');
    expect(extraction.events.map((e) => e.type)).toContain('shootdown');
    const killed = extract({ title: '', text: 'Les soldats ont abattu deux terroristes et saisi un drone.' });
    expect(killed.frames.map((f) => f.action)).toEqual(['killing', 'seizure']);
    expect(killed.events.map((e) => e.type)).not.toContain('shootdown');
  });
});

describe('event frames: who is not the subject of a new clause', () => {
  it('a party after "to" is who received, so what the fighter handed over stays the surrender\'s', () => {
    const f = only("A JNIM fighter who surrendered to the Burkinabe army in Fada N'Gourma handed over a drone and his rifle.", 'surrender');
    expect(f.source).toMatchObject({ id: 'actor/jnim' });
    expect(objects(f)).toEqual(['equipment/drone']);
  });

  it('takes what suspects carried in a clause before a passive arrest', () => {
    const f = only('The suspects, who were ferrying drones to jihadists in Mali, were arrested at the Niger border.', 'arrest');
    expect(objects(f)).toEqual(['equipment/drone']);
    expect(f.source?.side).toBe('militant');
    // In the active, only what comes after the arrest is carried.
    const active = only('Police carrying drones for surveillance arrested three suspects in Niamey.', 'arrest');
    expect(objects(active)).toEqual([]);
  });

  it('reads one action named twice in a row ("le butin récupéré") as one frame, and "butin" alone as a seizure', () => {
    const f = only("Le butin récupéré sur les terroristes comprend des motos et un drone.", 'seizure');
    expect(objects(f)).toEqual(['equipment/motorcycle', 'equipment/drone']);
    const loot = only('Une opération a visé une base du JNIM. Dans le butin figurent des motos, des fusils et un drone.', 'seizure');
    expect(objects(loot)).toEqual(['equipment/motorcycle', 'equipment/drone']);
  });
});

describe("event frames: the army's own kit", () => {
  it('does not infer a militant source for kit said to be a state force\'s', () => {
    for (const text of [
      "Un drone de l'armée a été récupéré près de Tessit, dans une zone où opèrent les terroristes de l'EIGS.",
      "Near Boni, where JNIM fighters operate, troops recovered the army's drone after the clashes.",
      'Soldiers recovered one of their drones in an area where ISWAP fighters operate.',
    ]) {
      const seized = frames(text).filter((f) => f.action === 'seizure');
      expect(seized.length, text).toBeGreaterThan(0);
      for (const f of seized) expect(f.source?.side, text).not.toBe('militant');
    }
    // Kit not said to be anyone's is still the militants' the report is about.
    const f = only('During an operation against JNIM near Boni, soldiers recovered a drone.', 'seizure');
    expect(f.source).toMatchObject({ id: 'actor/jnim', inferred: true });
  });

  it('reads a drone that broke down ("tombé en panne") as a crash', () => {
    const events = extract({ title: '', text: "L'armée a récupéré un drone tombé en panne près de Tessit." }).events.map((e) => e.type);
    expect(events).toContain('crash');
  });
});

describe('event frames: a span of time is not one event', () => {
  it('reads "after months of attacks" and "des années de violences" as history, and a dated attack as news', () => {
    const generic = frames('Senegalese truck drivers went on strike after months of attacks on their lorries.').filter((f) => f.action === 'attack');
    expect(generic.map((f) => f.modality)).toEqual(['historical']);
    const news = frames('After months of calm, JNIM fighters attacked trucks near Kayes on Monday.').filter((f) => f.action === 'attack');
    expect(news.map((f) => f.modality)).toEqual(['asserted']);
  });

  it('infers the source from the side the report names first when no party is near the seizure', () => {
    const report = (title: string, text: string) => extract({ title, text, language: 'en', published: '2025-06-01' }).frames.find((x) => x.action === 'seizure');
    const f = report(
      'Suspected jihadist drone courier arrested in Yobe',
      'The army said it had arrested a courier and killed a rebel leader in a separate raid. Police and vigilantes held the man at a bus station. Three drones were found on him.',
    );
    expect(f?.source?.side).toBe('militant');
    const rebels = report(
      'FLA rebels lose positions near Kidal',
      'The army said it had overrun a camp of the separatists, who fight alongside jihadists at times. Two drones were found there.',
    );
    expect(rebels?.source?.side).not.toBe('militant');
  });

  it('reads a drone that coordinated an attack as its means, not as goods recovered after it', () => {
    const f = only('Troops said they repelled a drone-assisted ISWAP attack and recovered rifles and flags near Monguno.', 'seizure');
    expect(objects(f)).not.toContain('equipment/drone');
  });

  it('reads whom a killing killed: the passive subject, the noun before a participle, the party after a killing noun', () => {
    expect(only('Cinq terroristes ont été neutralisés mardi près de Diapaga, selon l\'armée.', 'killing').source?.side).toBe('militant');
    expect(only('Deux terroristes neutralisés près de Pama.', 'killing').source?.side).toBe('militant');
    expect(only("L'état-major a annoncé la neutralisation de plus de 100 terroristes près de Pama.", 'killing').source?.side).toBe('militant');
    expect(only('Cinq soldats ont été tués près de Diapaga.', 'killing').source?.side).toBe('state');
    // The attackers' victims are not the militants: "des hommes armés ont tué deux civils".
    expect(only('Des hommes armés ont tué deux civils à Tambaga.', 'killing').source?.side).not.toBe('militant');
  });

  it("reads an offensive of the state's forces as their operation, not an attack on them", () => {
    expect(frames('Troops launched an offensive against JNIM positions in the W park on Monday.').map((f) => f.action)).toContain('operation');
    expect(frames("Huit terroristes ont été neutralisés lors d'une opération offensive des Forces armées béninoises à Karimama.").map((f) => f.action)).not.toContain('attack');
    expect(only('JNIM launched an offensive on the army post at Porga.', 'attack').agent?.id).toBe('actor/jnim');
  });

  it('reads an aircraft intercepted in flight as no goods taken ("intercepted a drone flying over its base")', () => {
    expect(objects(only("L'armée nigériane a intercepté un drone des terroristes de l'ISWAP qui survolait sa base de Monguno.", 'seizure'))).toEqual([]);
    expect(objects(only('Troops intercepted an ISWAP drone hovering over their base in Monguno.', 'seizure'))).toEqual([]);
    expect(objects(only("L'armée nigériane a intercepté un drone destiné aux terroristes de l'ISWAP à Monguno.", 'seizure'))).toEqual(['equipment/drone']);
  });

  it('ends the list of seized goods at a sentence that turns to another matter ("Parallèlement", "Meanwhile")', () => {
    const f = only("L'armée a démantelé un réseau au nord de Banikoara, saisissant une dizaine de motos. Parallèlement, des drones seront fournis à l'armée pour surveiller la frontière.", 'seizure');
    expect(objects(f)).toEqual(['equipment/motorcycle']);
    const listed = only('Troops raided a camp of ISWAP fighters and recovered rifles. Two drones and a Starlink kit were among the items.', 'seizure');
    expect(objects(listed)).toEqual(expect.arrayContaining(['equipment/drone', 'equipment/starlink']));
  });

  it('ends it at a quotation too, and does not take "drone fire" a first verb repelled as the goods of a second', () => {
    const quoted = only(
      "Troops repelled the attacks on two bases, killing 20 insurgents and recovering rifles. 'Drones in the hands of armed groups worry us,' the governor said.",
      'seizure',
    );
    expect(objects(quoted)).not.toContain('equipment/drone');
    expect(objects(only('Troops repel ISWAP drone fire near Marte, seize motorcycles', 'seizure'))).toEqual(['equipment/motorcycle']);
  });

  it('reads crews seized as kidnapped, not goods ("truck drivers seized on the Kayes road"), unless the state took them', () => {
    expect(frames('Fifteen truck drivers seized on the Kayes-Bamako road last week are still held by JNIM fighters.').map((f) => f.action)).toContain('kidnapping');
    expect(frames('Des camionneurs saisis près de Diboli sont toujours aux mains du JNIM.').map((f) => f.action)).toContain('kidnapping');
    const police = frames('Police seized three truck drivers near Kayes.').map((f) => f.action);
    expect(police).not.toContain('kidnapping');
    // Trucks and their drivers: goods too, a seizure.
    expect(frames('JNIM fighters seized five trucks and their drivers near Diboli.').map((f) => f.action)).toContain('seizure');
  });

  it('reads no agent in an attack suffered or fought off ("came under attack", "a repoussé l\'assaut", "a essuyé une attaque")', () => {
    expect(only('Beninese soldiers on patrol came under attack near the Mékrou bridge in Banikoara.', 'attack').agent).toBeUndefined();
    expect(only("L'armée nigérienne a repoussé l'assaut au matin près de la Tapoa.", 'attack').agent).toBeUndefined();
    expect(only('Une patrouille a essuyé une attaque près de Tamou.', 'attack').agent).toBeUndefined();
    expect(only('The army beat back an attack on its position at Kaobagou overnight.', 'attack').agent).toBeUndefined();
    expect(only('Soldiers fought off an assault on the post near Karimama.', 'attack').agent).toBeUndefined();
    // The event phrase itself opens with the word: "a essuyé des tirs nourris".
    expect(only('Le poste militaire de Porga a essuyé des tirs nourris dans la nuit.', 'attack').agent).toBeUndefined();
    expect(only('The army repelled an attack by JNIM on its base at Porga.', 'attack').agent?.id).toBe('actor/jnim');
    expect(only('Under pressure, militants attacked the post at Porga.', 'attack').agent?.side).toBe('militant');
    // The militants named right after the attack fought off are its authors.
    expect(only('Les FAMa ont repoussé une attaque des terroristes du JNIM à Diéma.', 'attack').agent?.id).toBe('actor/jnim');
    expect(only("L'armée a repoussé l'attaque des jihadistes contre le poste de Porga.", 'attack').agent?.side).toBe('militant');
  });

  it('reads the militants of a clause of their own as its subject, not as whom the main action took from', () => {
    const found = frames('Two Benin police officers were killed when suspected jihadists raided their station in Dassari.');
    expect(found.find((f) => f.action === 'raid')?.agent?.side).toBe('militant');
    expect(found.find((f) => f.action === 'killing')?.source?.side).not.toBe('militant');
    expect(only('Troops killed 12 suspected terrorists near Say.', 'killing').source?.side).toBe('militant');
  });

  it("reads a headline's bare participle as a passive: its subject is the victim ('Police post attacked in Monsey')", () => {
    const headline = (title: string) => extract({ title, text: 'No details were given.', language: 'en' }).frames[0];
    expect(headline('Police post attacked in Monsey')?.agent).toBeUndefined();
    expect(headline('Soldiers killed near Pama')?.agent).toBeUndefined();
    // In the body the past tense is active, and a headline's present is too.
    expect(only('Soldiers killed two militants near Pama.', 'killing').agent?.side).toBe('state');
    expect(headline('Gunmen attack police post in Monsey')?.agent?.side).toBe('militant');
  });

  it("reads a headline's past tense with its object right after it as active ('Gunmen attacked police post')", () => {
    const headline = (title: string) => extract({ title, text: 'No details were given.', language: 'en' }).frames[0];
    expect(headline('Gunmen attacked police post in Monsey')?.agent?.side).toBe('militant');
    expect(headline('JNIM fighters torched fuel tankers near Kayes')?.agent?.id).toBe('actor/jnim');
    // An adjunct or punctuation after the participle keeps it passive.
    expect(headline('Soldiers killed, two wounded near Pama')?.agent).toBeUndefined();
    expect(headline('Police post attacked overnight in Monsey')?.agent).toBeUndefined();
  });

  it('takes no agent for an action from a party that suffered the one before it ("Soldiers were killed in an ambush")', () => {
    const ambush = (text: string) => frames(text).find((f) => f.action === 'ambush');
    expect(ambush('Five soldiers were killed in an ambush near Pama on Sunday.')?.agent).toBeUndefined();
    expect(ambush('Cinq soldats ont été tués dans une embuscade près de Pama.')?.agent).toBeUndefined();
    expect(ambush('JNIM fighters killed ten soldiers in an ambush near Pama.')?.agent?.id).toBe('actor/jnim');
    const headline = extract({ title: 'Terrorists killed near Pama', text: 'The army gave no details.', language: 'en' }).frames[0];
    expect(headline?.source?.side).toBe('militant');
  });

  it('frames a headline and a lead that name the same action one after the other', () => {
    const found = extract({ title: 'Police post attacked', text: 'Gunmen attacked a police post in Monsey on Sunday.', language: 'en' }).frames;
    expect(found.filter((f) => f.action === 'attack')).toHaveLength(2);
    expect(frames('Les terroristes ont récupéré et emporté des armes.').filter((f) => f.action === 'seizure')).toHaveLength(1);
  });

  it('reads a trend as no new event ("has stepped up attacks", "une recrudescence des enlèvements")', () => {
    expect(only('JNIM, which is also active in the W and Pendjari parks, has stepped up attacks this year.', 'attack').modality).toBe('historical');
    expect(only('Une recrudescence des enlèvements est signalée à Karimama.', 'kidnapping').modality).toBe('historical');
    const news = frames('JNIM stepped up its attacks in W park, killing five soldiers on Sunday.');
    expect(news.find((f) => f.action === 'killing')?.modality).toBe('asserted');
  });

  it('reads a killing by an animal or in an accident as a death with no killer ("tué par un éléphant")', () => {
    expect(frames('Un soldat béninois a été tué par un éléphant dans le parc W.').map((f) => f.action)).toEqual(['death']);
    expect(frames('Two rangers were killed by a wild elephant in Pendjari.').map((f) => f.action)).toEqual(['death']);
    expect(frames('Gunmen killed two rangers in W park.').map((f) => f.action)).toEqual(['killing']);
  });

  it('takes no agent across a semicolon: the clause before it has its own subject', () => {
    const f = only("Un homme soupçonné d'approvisionner l'EIGS en drones a été arrêté à Tillabéri ; cinq drones ont été retrouvés à son domicile.", 'seizure');
    expect(f.agent).toBeUndefined();
    expect(f.source).toMatchObject({ id: 'actor/issp' });
  });

  it('reads an event counted years back from or commemorated as history ("deux ans après l\'attaque", "the anniversary of the attack")', () => {
    expect(only("Deux ans après l'attaque de Point Triple, les familles des soldats réclament justice.", 'attack').modality).toBe('historical');
    expect(only('A year on from the ambush near Pama, families still wait for news.', 'ambush').modality).toBe('historical');
    expect(only("Benin marked the anniversary of the attack on its soldiers in W park.", 'attack').modality).toBe('historical');
    // Days after one attack, another is news; so is an attack years after something else.
    const again = frames("Trois jours après l'attaque de Porga, des hommes armés ont attaqué Karimama.").filter((f) => f.action === 'attack');
    expect(again.map((f) => f.modality)).toContain('asserted');
    expect(only('Two years after African Parks took over, gunmen attacked rangers in W park on Sunday.', 'attack').modality).toBe('asserted');
  });
});

describe('event frames: goods meant for militants', () => {
  it('names the militants the goods were meant for as the source, over the smugglers carrying them', () => {
    const f = only('Police in Yobe arrested three smugglers carrying satellite phones which they confessed were meant for ISWAP commanders.', 'arrest');
    expect(f.source).toMatchObject({ id: 'actor/iswap' });
    expect(objects(f)).toEqual(['equipment/satphone']);
  });

  it('reads a ring "supplying ISWAP" as where the goods were going, and the troops as who seized them', () => {
    const f = only('Troops busted a smuggling ring supplying ISWAP, intercepting a truck loaded with drone parts.', 'seizure');
    expect(f.agent?.side).toBe('state');
    expect(f.source).toMatchObject({ id: 'actor/iswap' });
  });

  it('reads coming under fire as an attack', () => {
    expect(frames('Park staff came under fire near Koudou Falls on Thursday.').map((f) => f.action)).toContain('attack');
  });
});

describe('event frames: what is not a seizure of the goods named', () => {
  it('equipment used, flown or launched is a means ("ISWAP fighters used drones to bomb a base")', () => {
    const seized = frames('ISWAP fighters used drones to bomb a base at Marte, and troops later recovered rifles and motorcycles from the attackers.')
      .filter((f) => f.action === 'seizure')
      .flatMap(objects);
    expect(seized).toEqual(['equipment/motorcycle']);
  });

  it('a finding that takes a clause ("ont découvert qu\'un drone survolait la zone") has no goods', () => {
    const f = only("Les enquêteurs ont également découvert qu'un drone survolait régulièrement la zone.", 'seizure');
    expect(objects(f)).toEqual([]);
  });

  it('a claim the report refutes is negated, and the same claim unrefuted is not', () => {
    const claim = "Une vidéo affirme que l'armée burkinabè a saisi 50 drones du JNIM à Djibo.";
    const refuted = only(`${claim} Vérification faite, les images datent de 2021 et montrent un salon d'armement.`, 'seizure');
    expect(refuted.modality).toBe('negated');
    expect(only(`${claim} L'armée n'a pas commenté.`, 'seizure').modality).toBe('asserted');
  });
});

describe('event frames: whose kit, and who held it', () => {
  it('leaves out of a seizure the state forces’ own aircraft, even a sentence later', () => {
    for (const text of [
      'Following an air strike by Nigerian Air Force drones, troops seized rifles and motorcycles from a Lakurawa hideout in Sokoto.',
      'Soldiers seized 26 motorcycles and fuel from the fighters near Dioura. The army said its Turkish-made drones had been decisive.',
    ]) {
      const seized = frames(text).filter((f) => f.action === 'seizure').flatMap(objects);
      expect(seized, text).toContain('equipment/motorcycle');
      expect(seized, text).not.toContain('equipment/drone');
    }
  });

  it('names the group after a generic word as the source: separatists and bandits are not the jihadists', () => {
    const fla = only("Mali's army said it had recovered a drone from fighters of the separatist Azawad Liberation Front near Tessalit.", 'seizure');
    expect(fla.source).toMatchObject({ id: 'actor/fla', side: 'armed' });
    const bandits = only("Police in Zamfara recovered a drone and two rifles from a bandits' hideout near Tsafe.", 'seizure');
    expect(bandits.source?.side).toBe('armed');
  });

  it('reads a sentence-initial "suspected" party as the subject, and a coordinated French participle as active', () => {
    const mine = frames('Suspected JNIM fighters attacked a gold mining site near Kalsaka, carting away Starlink terminals and motorcycles.').filter((f) => f.action === 'seizure');
    expect(mine.length).toBeGreaterThan(0);
    for (const f of mine) expect(f.agent?.side).toBe('militant');
    const post = only("Des combattants du JNIM ont attaqué le poste de Léré et emporté des armes et les antennes Starlink du camp.", 'seizure');
    expect(post.agent).toMatchObject({ id: 'actor/jnim', side: 'militant' });
  });

  it('takes what an arrested man carried from the next sentence, and "netted" as a seizure', () => {
    const arrest = only("Un individu présenté comme un collaborateur du JNIM a été interpellé à Kantchari. Il était en possession d'un drone et de deux téléphones Thuraya.", 'arrest');
    expect(objects(arrest)).toEqual(expect.arrayContaining(['equipment/drone', 'equipment/satphone']));
    expect(arrest.source?.side).toBe('militant');
    const netted = only('An army operation against the terrorists near Djibo netted three satellite phones.', 'seizure');
    expect(objects(netted)).toContain('equipment/satphone');
  });
});

describe('event frames: seizures that are not from the militants', () => {
  it('infers no militant source for a customs seizure, kit owned by someone else, or a seizure only ordered', () => {
    const customs = only(
      "La douane béninoise a saisi au port de Cotonou 112 kits Starlink importés sans autorisation. L'importateur a été entendu. Aucune indication ne permet de relier la marchandise à un groupe armé.",
      'seizure',
    );
    expect(customs.source).toBeUndefined();
    const owned = only("La police a confisqué une dizaine de drones appartenant à des vidéastes. Les autorités invoquent la menace du JNIM.", 'seizure');
    expect(owned.source).toBeUndefined();
    const ordered = only("Le régulateur a ordonné la saisie des kits Starlink. Les autorités soupçonnent le JNIM de les utiliser.", 'seizure');
    expect(ordered.modality).toBe('planned');
    // A party named only to be ruled out is no source: "no link to any armed group", "sans lien avec".
    const unlinked = only('Port officials seized 40 drones shipped without papers. Police said there was no link to any armed group.', 'seizure');
    expect(unlinked.source).toBeUndefined();
    const unlinkedFr = only("Les douaniers ont saisi six antennes Starlink à Malanville. L'enquête n'a établi aucun lien avec les groupes jihadistes.", 'seizure');
    expect(unlinkedFr.source).toBeUndefined();
    // Ruled out in the seizure's own sentence, in a source position: still no source.
    const unlinkedHere = only('Police in Ogun State seized drones from a smuggling ring with no known link to armed groups.', 'seizure');
    expect(unlinkedHere.source).toBeUndefined();
    // Said to be linked: the militants stay the inferred source.
    const linked = only('Troops seized two drones in a raid. The army said the cell had links to JNIM.', 'seizure');
    expect(linked.source?.side).toBe('militant');
  });

  it('takes a militant owner named after the goods as their source, however far down the list', () => {
    const owned = only("Les soldats ont récupéré trois drones, des téléphones et des motos appartenant à des combattants de la katiba Macina.", 'seizure');
    expect(owned.source).toMatchObject({ side: 'militant' });
    expect(owned.source?.inferred).toBeUndefined();
    const present = only('Les FAMa mettent la main sur un drone et deux motos à Diafarabé.', 'seizure');
    expect(present.objects.map((o) => o.id)).toContain('equipment/drone');
  });

  it('takes what surrendering fighters hand over to troops, and kit "wrested from" or "yielded" by a search', () => {
    const surrendered = frames('A total of 214 Boko Haram fighters surrendered to troops in Bama. The combatants handed over rifles and four Thuraya satellite telephones.').filter(
      (f) => f.action === 'surrender',
    );
    expect(surrendered.some((f) => f.source?.side === 'militant' && objects(f).includes('equipment/satphone'))).toBe(true);
    expect(objects(only('Searches of the bodies of the ISWAP fighters yielded three satellite telephones.', 'seizure'))).toContain('equipment/satphone');
    const wrested = only("Deux drones ont été arrachés aux combattants de Boko Haram sur l'île de Barkaram.", 'seizure');
    expect(wrested.source).toMatchObject({ id: 'actor/boko-haram' });
  });
});

describe('event frames: surrenders, gangs and refuted pictures', () => {
  it('takes counted fighters who surrender as the source, and a surrender of nobody named as no one’s', () => {
    expect(only('A total of 214 Boko Haram fighters surrendered to troops in Bama with four satellite phones.', 'surrender').source).toMatchObject({
      id: 'actor/boko-haram',
    });
    const regulator = only("Burkina's regulator has banned unlicensed Starlink kits, saying terrorist groups use them. The decision gives owners one month to surrender their devices.", 'surrender');
    expect(regulator.source).toBeUndefined();
  });

  it('reads kidnap gangs as armed, not jihadist', () => {
    const f = only('La police de Katsina a démantelé un gang de ravisseurs et saisi deux drones utilisés pour surveiller les routes.', 'seizure');
    expect(f.source?.side).not.toBe('militant');
  });

  it('negates a seizure that pictures were said to show, in a report that refutes them', () => {
    const refuted = frames(
      'Images shared as proof that Malian soldiers had seized drones from JNIM fighters near Ségou were in fact taken in Ukraine, according to fact-checkers.',
    ).filter((f) => f.action === 'seizure');
    expect(refuted.length).toBeGreaterThan(0);
    for (const f of refuted) expect(f.modality).toBe('negated');
  });
});

describe('event frames: wreckage, other clauses, customs named beside a seizure', () => {
  it('takes no goods in a seizure of wreckage', () => {
    const text = "Un drone non identifié s'est écrasé mardi près de Kayes. Les débris ont été récupérés par la gendarmerie. Les autorités n'ont pas dit s'il était lié aux jihadistes.";
    for (const f of frames(text).filter((g) => g.action === 'seizure')) expect(objects(f)).toEqual([]);
  });

  it('does not take equipment in a clause after "that" as a seizure’s goods, but goes on through "ainsi que"', () => {
    const seized = frames('Officials stressed the seizure was a regulatory matter, though they warned that unregulated drones could fall into the hands of terrorists.').filter(
      (f) => f.action === 'seizure',
    );
    for (const f of seized) expect(objects(f)).not.toContain('equipment/drone');
    const listed = only("Les unités ont mis la main sur 14 kalachnikovs, trois lance-roquettes ainsi que deux drones appartenant aux terroristes.", 'seizure');
    expect(objects(listed)).toContain('equipment/drone');
  });

  it('reads customs named in a seizure’s sentence as the seizer when nobody else is', () => {
    const title = frames(
      "Dakar : saisie de téléphones satellitaires à la douane du port. Le destinataire, une société d'import-export, a été convoqué. Les autorités n'ont évoqué aucun lien avec le Mali voisin, où opère le JNIM.",
    ).filter(
      (f) => f.action === 'seizure',
    );
    for (const f of title) expect(f.source?.side).not.toBe('militant');
  });
});

describe('event frames: questions, refuted claims, trade goods, tallies and later mentions', () => {
  it('a yes/no question reports nothing; a question that presupposes the event keeps it', () => {
    expect(only('Les drones saisis à Kano étaient-ils destinés à Boko Haram ?', 'seizure').modality).toBe('hypothetical');
    expect(only('Did troops really seize Starlink kits from ISWAP in Borno?', 'seizure').modality).toBe('hypothetical');
    expect(only('Why did JNIM attack the fuel convoy near Kayes?', 'attack').modality).toBe('asserted');
  });

  it('a claim word governs a "que" clause further away, in a report that refutes it', () => {
    const found = frames(
      "Des internautes affirment, images à l'appui et depuis plusieurs jours, que l'armée a saisi quarante drones chez les terroristes. Vérification faite, il s'agit d'images anciennes.",
    ).filter((f) => f.action === 'seizure');
    expect(found.map((f) => f.modality)).toEqual(['negated']);
  });

  it('customs seizing drones at an airport take no militant source from a group named as a mere possibility', () => {
    const found = frames(
      "La douane a saisi 90 drones à l'aéroport de Lagos. Le service a aussi intercepté d'autres drones. Ces appareils auraient pu tomber entre les mains de groupes comme l'ISWAP.",
    ).filter((f) => f.action === 'seizure');
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const f of found) expect(f.source).toBeUndefined();
    // A stated destination still makes them the militants'.
    const stated = only('Customs intercepted six drones destined for ISWAP at the Banki border post.', 'seizure');
    expect(stated.source).toMatchObject({ side: 'militant', id: 'actor/iswap' });
  });

  it('a tally of things recovered ("120 rifles recovered") has no agent in the party counted before it', () => {
    const [, drones] = frames('The commander listed the results: 57 Boko Haram/ISWAP fighters neutralised, 120 rifles recovered and 14 drones recovered.').filter(
      (f) => f.action === 'seizure',
    );
    expect(drones?.agent).toBeUndefined();
    expect(drones?.source?.side).toBe('militant');
  });

  it('goods supplied to militants are taken from them when the supplier is arrested', () => {
    const f = only('Police arrested two traders supplying fuel, Thuraya handsets and spare parts to Boko Haram fighters.', 'arrest');
    expect(f.source?.side).toBe('militant');
  });

  it('a convoy is a noun: "convoyant" (carrying) names no convoy', () => {
    const f = only('Un groupe convoyant des explosifs a été neutralisé près de Tessit.', 'killing');
    expect(objects(f)).toEqual([]);
  });

  it('objects of another clause after "tandis que"/"while" are not the verb\'s', () => {
    const f = only("Un convoi de camions a été escorté jusqu'à Kayes, tandis qu'un groupe de bandits était neutralisé à Nara.", 'killing');
    expect(objects(f)).toEqual([]);
  });

  it('a French participle after the people it was done to ("les assaillants neutralisés") brings down no drone named after it', () => {
    const found = frames('Parmi le matériel récupéré sur les assaillants neutralisés figurent deux drones et un terminal Starlink.');
    expect(found.map((f) => f.action)).not.toContain('shootdown');
    expect(found.find((f) => f.action === 'seizure')?.source?.side).toBe('militant');
    expect(only("Les militaires ont abattu un drone des terroristes près de Gao.", 'shootdown').objects.map((o) => o.id)).toContain('equipment/drone');
  });

  it('an operation that "aimed to neutralise" is a plan, not a killing', () => {
    expect(only("L'opération visait à neutraliser les groupes armés du parc W.", 'killing').modality).toBe('planned');
  });

  it('"the attack took place near X" is the attack just reported, with its objects', () => {
    const found = frames(
      "Une vingtaine de camions-citernes ont été incendiés mardi par des hommes armés. L'attaque s'est produite près de Diboli, sur la route de Kayes.",
    );
    const later = found.find((f) => f.action === 'attack');
    expect(later && objects(later)).toContain('equipment/fuel-tanker');
    // Without saying where it took place, a later attack is not tied to the trucks.
    const other = frames('Des camions-citernes ont été incendiés mardi. L\'attaque du camp militaire de Nara a fait deux morts.').find((f) => f.action === 'attack');
    expect(other && objects(other)).toEqual([]);
  });

  it('an ambush, kidnapping or arson said to have taken place is the incident just reported; told without an event word, what the sentence before names', () => {
    const ambush = frames("Un convoi de citernes a été attaqué lundi près de Diéma. L'embuscade a eu lieu à la sortie de la ville.").find((f) => f.action === 'ambush');
    expect(ambush && objects(ambush)).toEqual(expect.arrayContaining(['equipment/convoy']));
    // The sentence before has no event word: what it names is what the incident hit.
    const abduction = frames('Armed men stopped a column of lorries and took eleven drivers with them. The abduction happened between Kayes and Diboli.').find((f) => f.action === 'kidnapping');
    expect(abduction && objects(abduction)).toContain('equipment/truck');
    // Not when that sentence reports an event of its own with nothing hit, nor two sentences back.
    const own = frames('Des camions attendaient à Diboli. Des coups de feu ont éclaté dans la ville. L\'attaque a eu lieu vers minuit.').filter((f) => f.action === 'attack');
    expect(own.flatMap(objects)).toEqual([]);
  });

  it('an attack in a sentence that places the incident ("Le drame s\'est déroulé près de Didiéni, lorsqu\'…") is the incident just reported', () => {
    const found = frames(
      "Deux chauffeurs routiers ont été tués samedi à bord de leurs camions. Le drame s'est déroulé près de Didiéni, lorsqu'un groupe embusqué a ouvert le feu sur les conducteurs.",
    );
    expect(objects(found.find((f) => f.action === 'attack') as Frame)).toContain('equipment/truck');
    const en = frames('Two truck drivers were shot dead on Saturday. The incident occurred near Didiéni, when gunmen opened fire on them.');
    expect(objects(en.find((f) => f.action === 'attack') as Frame)).toContain('equipment/truck');
    // An incident named without saying where it took place ties nothing.
    const other = frames("Deux chauffeurs routiers ont été tués samedi. Le drame rappelle l'attaque du camp militaire de Nara.").find((f) => f.action === 'attack');
    expect(other && objects(other)).toEqual([]);
  });

  it('drivers hit, in a report that names trucks, tankers or a convoy, are that vehicle\'s crew', () => {
    const firstOf = (text: string, action: string) => frames(text).find((f) => f.action === action) as Frame;
    expect(objects(firstOf('Des hommes armés ont ouvert le feu sur les chauffeurs près de Diéma. Leurs camions ont été incendiés.', 'attack'))).toEqual(['equipment/truck']);
    expect(objects(firstOf('Un chauffeur sénégalais raconte son enlèvement près de Kayes. Son camion a été incendié.', 'kidnapping'))).toEqual(['equipment/truck']);
    expect(objects(firstOf('Gunmen kidnapped three drivers near Nioro. Their fuel tankers were left on the road.', 'kidnapping'))).toEqual(['equipment/fuel-tanker']);
    // Drivers who are not what the action hit, and drivers of no named truck, stay out.
    expect(objects(firstOf("Les attaques qui frappent l'ouest du Mali exaspèrent les transporteurs de l'axe. Les camions restent à quai.", 'attack'))).toEqual([]);
    expect(objects(firstOf("Des hommes armés ont enlevé le chauffeur d'un car près de Diéma.", 'kidnapping'))).toEqual([]);
  });

  it('reads something destroyed as an incident only when fighters destroyed it', () => {
    const x = extract({ title: '', text: 'Des dizaines de camions-citernes ont été détruits dans la région de Kayes par les combattants du JNIM.' });
    expect(x.frames.find((f) => f.action === 'destruction')?.agent?.id).toBe('actor/jnim');
    expect(x.events.map((e) => e.type)).toContain('destruction');
    expect(extract({ title: '', text: 'A fire destroyed ten trucks parked at the Kayes market overnight.' }).events.map((e) => e.type)).not.toContain('destruction');
    expect(extract({ title: '', text: 'Troops destroyed a militant hideout near Tamou.' }).events.map((e) => e.type)).not.toContain('destruction');
  });

  it('reads the agent of a passive past a short adjunct ("incendiés dans la région de Kayes par les combattants du JNIM")', () => {
    expect(only('Des camions-citernes ont été incendiés dans la région de Kayes par les combattants du JNIM.', 'arson').agent?.id).toBe('actor/jnim');
    expect(only('Ten tankers were torched on Tuesday near Diéma by JNIM fighters.', 'arson').agent?.id).toBe('actor/jnim');
  });

  it('does not take the object of an earlier verb for the agent of the next ("ont abattu huit terroristes … au cours d\'une opération offensive")', () => {
    const next = frames("Les Forces armées béninoises ont abattu huit présumés terroristes à Karimama au cours d'une opération offensive.").find((f) => f.action !== 'killing');
    expect(next?.agent?.side).toBe('state');
    // A date between the verb and its object changes nothing.
    const dated = frames("Les Forces armées béninoises ont abattu mardi 14 mai 2024 huit présumés terroristes à Karimama au cours d'une opération offensive.", '2024-05-16');
    expect(dated.find((f) => f.action !== 'killing')?.agent?.side).toBe('state');
    // A relative clause gives the object a verb of its own.
    const relative = frames('Soldiers killed the militants who had ambushed a patrol near Karimama.').find((f) => f.action === 'ambush');
    expect(relative?.agent?.side).toBe('militant');
  });

  it('satellite uplink gear is satcom kit', () => {
    const f = only("L'armée a mis la main sur des équipements de liaison satellitaire dans un camp de Boko Haram.", 'seizure');
    expect(objects(f)).toContain('equipment/satphone');
  });
});

describe('event frames: raids by other words, plans, recaps and causes', () => {
  it('"fait irruption", "saccagé", "ransacked", "déferlé sur" are raids or attacks', () => {
    expect(only("Des hommes armés ont fait irruption dans le poste forestier de Kondio.", 'raid').modality).toBe('asserted');
    expect(only('Gunmen ransacked the ranger post at Kondio overnight.', 'raid').modality).toBe('asserted');
    expect(only('Des centaines de combattants ont déferlé sur Diapaga lundi.', 'attack').modality).toBe('asserted');
  });

  it('militants "about to" attack, and a country "exposed to" attacks, report no attack', () => {
    expect(only("Deux hommes armés s'apprêtaient à attaquer la mairie de Karimama.", 'attack').modality).toBe('planned');
    expect(only('Its northern border leaves Benin exposed to cross-border attacks.', 'attack').modality).toBe('planned');
  });

  it('a piece "recalling" or "looking back at" an attack reports it as history', () => {
    expect(only('The analysis argues for dialogue, recalling the abduction of two tourists in the Pendjari park.', 'kidnapping').modality).toBe('historical');
    expect(only("Le reportage revient sur l'attaque du poste de Kérou.", 'attack').modality).toBe('historical');
  });

  it('an attack named as the cause of the main clause did not hit what that clause names', () => {
    const f = only('Le syndicat demande aux chauffeurs de camions de ne plus rouler après les attaques de la semaine dernière à Nioro.', 'attack');
    expect(objects(f)).toEqual([]);
  });
});

describe('event frames: whose possessive, what a killing brings down, what a search turns up', () => {
  it('"its troops confiscated satellite phones": the possessive is the subject\'s, the phones are the object', () => {
    const f = only('The army said its troops confiscated satellite phones during a raid on a Boko Haram hideout.', 'seizure');
    expect(objects(f)).toEqual(['equipment/satphone']);
  });

  it('"terroristes neutralisés et trois drones récupérés" brought no drone down', () => {
    expect(frames("L'opération a fait 30 terroristes neutralisés et trois drones récupérés au Burkina Faso.").map((f) => f.action)).not.toContain('shootdown');
    expect(frames("Les jihadistes ont abattu un drone de l'armée près de Kidal.").map((f) => f.action)).toContain('shootdown');
  });

  it('goods past a semicolon after a seizure are another clause\'s; an attack keeps what the rest of its sentence says was hit', () => {
    expect(objects(only('Troops recovered rifles and motorcycles from ISWAP fighters; a drone gave them air cover.', 'seizure'))).toEqual(['equipment/motorcycle']);
    expect(objects(only('The army said it came under attack near Kayes; it gave no figure for the tankers lost.', 'attack'))).toContain('equipment/fuel-tanker');
  });

  it('an arrested supplier, dealer or smuggler carries the goods of his trade, and whom he works for is their source', () => {
    expect(objects(only('A drone supplier to ISWAP was arrested in Maiduguri, the army said.', 'arrest'))).toEqual(['equipment/drone']);
    expect(objects(only('Un fournisseur de drones de Boko Haram a été arrêté au Cameroun.', 'arrest'))).toEqual(['equipment/drone']);
    const f = only('Troops arrested a Starlink smuggler working for Boko Haram in Borno.', 'arrest');
    expect(f.source).toMatchObject({ side: 'militant', id: 'actor/boko-haram' });
  });

  it('"turned up" is a find', () => {
    expect(objects(only('A search of the camp turned up a Thuraya handset and two rifles.', 'seizure'))).toContain('equipment/satphone');
  });
});

describe('event frames: goods taken down or used, not taken', () => {
  it('takes no goods in "intercepted then neutralised": the drone was brought down', () => {
    const f = only("Les Forces armées ont annoncé avoir intercepté puis neutralisé, près de Tessalit, un drone employé par des groupes terroristes.", 'seizure');
    expect(objects(f)).toEqual([]);
    expect(objects(only('Troops intercepted and destroyed a drone flown by ISWAP near Monguno.', 'seizure'))).toEqual([]);
    // A seizure that lists its goods keeps them.
    expect(objects(only('Les soldats ont intercepté deux drones destinés aux terroristes.', 'seizure'))).toEqual(['equipment/drone']);
  });

  it('does not read the next sentence as the list of goods when it says who used or deployed them', () => {
    const used = only("L'armée a démantelé des bases et récupéré du matériel. Un binôme utilisant des mini-drones a été repéré plus tard.", 'seizure');
    expect(objects(used)).toEqual([]);
    const listed = only("L'armée a démantelé des bases et récupéré du matériel. Il s’agit notamment de deux drones et d’un kit Starlink.", 'seizure');
    expect(objects(listed)).toEqual(['equipment/drone', 'equipment/starlink']);
  });
});

describe('event frames: what is not one new seizure or attack', () => {
  it('does not read the next sentence as the list of goods when it says who acquired them', () => {
    const f = only("L'appareil a été récupéré. Les forces maliennes se sont équipées de drones pour lutter contre les djihadistes.", 'seizure');
    expect(objects(f)).toEqual([]);
  });

  it('takes the goods of a present participle after it: "burning vehicles and seizing ammunition" did not take the drones used', () => {
    const f = only('ISWAP fighters used several armed drones to break through the defences, burning vehicles and seizing ammunition.', 'seizure');
    expect(objects(f)).toEqual([]);
    expect(objects(only('Soldiers raided the camp, recovering two drones and a Thuraya handset.', 'seizure'))).toEqual(['equipment/drone', 'equipment/satphone']);
  });

  it('reads "found no terrorists" as an action that came to nothing, not "no fewer than"', () => {
    expect(only('Troops and drones combed the park for six weeks and found no terrorists.', 'seizure').modality).toBe('negated');
    expect(only('Troops recovered no fewer than 20 rifles from ISWAP fighters.', 'seizure').modality).toBe('asserted');
  });

  it('reads attacks that "have grown" or "se multiplient" as a trend, not one new attack', () => {
    const trend = frames('Kwara borders Benin, where JNIM attacks have grown, its fighters favouring the W and Pendjari parks.').filter((f) => f.action === 'attack');
    expect(trend.map((f) => f.modality)).toEqual(['historical']);
    expect(only('Dans le nord du Bénin, les attaques jihadistes se multiplient.', 'attack').modality).toBe('historical');
    expect(only('JNIM fighters attacked a post near Porga on Sunday and the toll grew to five.', 'attack').modality).toBe('asserted');
  });

  it('reads an elliptic headline question as asked, not reported; a headline asking why takes its event as given', () => {
    const asked = extract({ title: '150 drones saisis au Nigeria, destinés aux terroristes du Sahel ?', text: 'Une vidéo circule sur les réseaux sociaux.' }).frames;
    expect(asked.find((f) => f.action === 'seizure')?.modality).toBe('hypothetical');
    const why = extract({ title: 'Why did JNIM fighters attack the convoy near Kayes?', text: 'Analysts weigh the motives.' }).frames;
    expect(why.find((f) => f.action === 'attack')?.modality).toBe('asserted');
  });

  it('reads a claim refuted by a French fact-check ("Benbere a vérifié") as refuted', () => {
    const f = frames("Des internautes affirment que la douane a saisi 150 drones destinés aux terroristes. Benbere a vérifié : il s'agit du bilan de toute l'année.").filter((g) => g.action === 'seizure');
    expect(f.map((g) => g.modality)).toEqual(['negated']);
  });

  it('reads kit "taken from" militants as seized from them, with the goods listed after a colon', () => {
    const f = only('The army posted a picture of equipment taken from ISWAP fighters after a gunfight: a quadcopter with its batteries and a controller.', 'seizure');
    expect(f.source).toMatchObject({ id: 'actor/iswap' });
    expect(objects(f)).toEqual(['equipment/drone']);
  });

  it('does not read an equipment word that qualifies another noun as goods ("drone operations", "axes routiers")', () => {
    const f = only('The army said it seized machine guns and other weapons from the insurgents. It vowed to keep up drone operations in the northeast.', 'seizure');
    expect(objects(f)).toEqual([]);
    expect(extract({ title: 'Kayes', text: "L'insécurité gagne les grands axes routiers de la région de Kayes." }).equipment).toEqual([]);
  });
});
