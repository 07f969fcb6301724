import { describe, expect, it } from 'vitest';
import { classifyAccount } from '../../src/extraction/accounts.js';

/** Sentences written for these tests: what a report rests on, in English and French. */
const kind = (text: string) => classifyAccount(text).kind;

describe('what a report rests on', () => {
  it.each([
    ['JNIM claimed responsibility for the raid on the gendarmerie post in a message on its az-Zallaqa outlet.', 'claim'],
    ['In a statement relayed by the SITE Intelligence Group, the jihadists said they had seized weapons.', 'claim'],
    ["Le GSIM a revendiqué l'embuscade dans une vidéo diffusée samedi.", 'claim'],
    ["L'attaque a été revendiquée par l'État islamique au Sahel via son agence Amaq.", 'claim'],
  ])('a group\'s own claim: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it.each([
    ['The army said in a statement that eight assailants were killed.', 'official'],
    ['According to the defence ministry, the base was never overrun.', 'official'],
    ["Selon l'état-major général des armées, la patrouille a riposté.", 'official'],
    ["Deux soldats ont été blessés, a indiqué le ministère dans un communiqué lu à la télévision.", 'official'],
    ['A government spokesman told reporters the convoy had reached Kayes.', 'official'],
  ])('an official statement: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it.each([
    ['Residents said the gunmen stayed in the village until nightfall.', 'local'],
    ['An eyewitness described a column of pickup trucks heading north.', 'local'],
    ['Selon des sources locales, le marché a été incendié.', 'local'],
    ["Un témoin joint par téléphone raconte que les assaillants étaient nombreux.", 'local'],
  ])('local or eyewitness sources: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it.each([
    ['The junta denied that any soldier had been captured.', 'denial'],
    ["Le gouvernement a démenti la prise du camp par les jihadistes.", 'denial'],
    ["L'armée dément toute perte et parle d'une « intox ».", 'denial'],
    ['JNIM claimed the attack; the army denied it the next day.', 'denial'],
  ])('a denial, which outweighs what its sentence also says: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it.each([
    ['Gunmen on motorbikes attacked a bus near the border on Tuesday.', 'own'],
    ['The ambush claimed the lives of nine soldiers.', 'own'],
    ["L'attaque n'a pas été revendiquée.", 'own'],
    ['The army did not deny the account.', 'own'],
    ['Reporters were denied access to the town.', 'own'],
    ["Après l'attaque, l'armée a ratissé la zone.", 'own'],
    ['Islamic State fighters have grown stronger in the area, analysts note.', 'own'],
    ['The group declared a blockade on the town in June and announced a ban on motorbikes.', 'own'],
  ])('the outlet\'s own reporting when nothing else is found: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it('tells a toll the army claims from a group claim', () => {
    expect(kind('The army claimed to have killed forty terrorists in air strikes.')).toBe('official');
  });

  it('takes what the lead rests on as what the report rests on; every kind found is still listed', () => {
    const claimFirst = classifyAccount('JNIM said it killed 70 soldiers in the raid on Kandi. The army later said the situation was under control.');
    expect(claimFirst).toMatchObject({ kind: 'claim', found: ['official', 'claim'] });
    const localFirst = classifyAccount("Des rescapés racontent que les assaillants ont tiré sur la foule. L'armée a annoncé l'ouverture d'une enquête.");
    expect(localFirst).toMatchObject({ kind: 'local', found: ['official', 'local'] });
  });

  it.each([
    ['The SITE Intelligence Group reported that JNIM fighters killed 30 soldiers.', 'claim'],
    ["Selon des témoignages recueillis sur place, une quarantaine de civils ont été tués.", 'local'],
    ['Human Rights Watch said soldiers executed at least 20 men.', 'local'],
    ['The killings were confirmed by the state commissioner for internal security.', 'official'],
    ["L'état-major écrit dans un communiqué que le détachement a repoussé l'assaut.", 'official'],
    ['The interior minister condemned the massacre in a televised address.', 'official'],
  ])('relays of a group, testimonies, rights groups, commissioners, written communiqués: %s', (text, expected) => expect(kind(text)).toBe(expected));

  it('reads a pro-government militia as no government speaking, and an unofficial toll or sources within an institution as the outlet\'s own', () => {
    expect(kind('A statement by Human Rights Watch says pro-government militias appear in the videos.')).toBe('local');
    expect(kind('Plus de 40 fidèles ont été tués, selon un bilan non officiel.')).toBe('own');
    expect(kind('At least 60 soldiers were killed, according to sources within the military.')).toBe('own');
  });

  it('within one sentence, takes the first attribution as what it rests on; a denial still answers the rest of its sentence', () => {
    expect(kind("Le groupe Boko Haram a revendiqué mardi la tuerie de samedi, qui a fait 76 morts selon un dernier bilan des autorités.")).toBe('claim');
    expect(kind('Daesh claims responsibility for last week\'s attack on an army base in Niger, the army reports.')).toBe('claim');
    expect(kind('The army said on Monday that JNIM had claimed the attack.')).toBe('official');
    expect(kind('JNIM claimed the attack, but the army denied losing any soldiers.')).toBe('denial');
  });

  it('reads "dans un communiqué" / "in a press release" as the medium of whoever speaks, not an official speaking', () => {
    expect(kind('Le collectif Justice pour Barsalogho affirme dans un communiqué que les soldats ont forcé les habitants à sortir.')).toBe('local');
    expect(kind('Survivors of the attack said in a press release that the gunmen came on motorbikes.')).toBe('local');
    expect(kind("Un communiqué du gouvernement indique que 20 soldats ont été tués.")).toBe('official');
    // "communiqué" as a participle: the toll was communicated, by whom the sentence does not say.
    expect(kind("L'attaque a fait 160 morts, selon un nouveau bilan communiqué dimanche. Des habitants ont raconté l'assaut.")).toBe('local');
  });

  it('reads the chief of defence staff and the head of state as officials', () => {
    expect(kind('Seven people were killed when bandits attacked the train, the Chief of Defence Staff, General Lucky Irabor, said on Tuesday.')).toBe('official');
    expect(kind("Vingt soldats sont morts, a déclaré le chef de l'État dans une adresse à la nation.")).toBe('official');
  });

  it('lists every kind found and quotes the sentence of the main one', () => {
    const account = classifyAccount('Gunmen attacked the post. JNIM claimed the attack on Telegram. Residents said two civilians died.');
    expect(account).toEqual({ kind: 'claim', found: ['claim', 'local'], quote: 'JNIM claimed the attack on Telegram.' });
  });
});

describe('report accounts: anonymous sources, denials in other words, French communiqués', () => {
  const kind = (text: string) => classifyAccount(text).kind;

  it('reads an unnamed military or security source as the outlet’s own reporting, not an official statement', () => {
    expect(kind('The military has not commented officially, though a military source confirmed that troops had been attacked.')).toBe('own');
    expect(kind("Selon des sources sécuritaires, une dizaine de soldats ont été tués.")).toBe('own');
    expect(kind("Selon nos informations, un véhicule de l'armée a sauté sur un engin explosif.")).toBe('own');
    expect(kind("Selon deux d'entre elles, l'armée a déployé des troupes et des hélicoptères.")).toBe('own');
    expect(kind("Selon l'état-major, une dizaine de soldats ont été tués.")).toBe('official');
  });

  it('reads denials said without a denial verb', () => {
    expect(kind('An army spokesman said "no such incident was recorded" in the area.')).toBe('denial');
    expect(kind('The army says reports that insurgents killed 17 soldiers are false.')).toBe('denial');
    expect(kind("L'état-major rejette les accusations selon lesquelles des civils auraient été tués.")).toBe('denial');
    expect(kind('The Nigerian Army has dismissed reports that soldiers were abducted.')).toBe('denial');
    expect(kind('The junta called the UN report "biased and fictitious" in a statement read on state television.')).toBe('denial');
    expect(kind("La junte a qualifié le rapport de l'ONU de « récit fictif » dans un communiqué.")).toBe('denial');
  });

  it('takes the earliest sentence of each kind, whichever words show it: a headline denial is not outranked by "fake news" further down', () => {
    const report =
      'Army denies that soldiers were killed in the north\n\nThe army spokesman said on Sunday that no position had been attacked. ' +
      'He spoke of a convoy that came under fire last month. "This is fake news," he added.';
    expect(classifyAccount(report)).toMatchObject({ kind: 'denial', quote: 'Army denies that soldiers were killed in the north' });
  });

  it('reads authorities who deny in the lead as a denial, though their word comes first', () => {
    expect(kind('Army says no soldier was killed in Borno\n\nThe army has denied reports that insurgents killed 25 soldiers on Saturday.')).toBe('denial');
    expect(kind("L'armée fait le point sur la situation\n\nL'armée a démenti les informations faisant état de soldats tués.")).toBe('denial');
    // Further down, a denial does not make an official report one.
    expect(kind('The army said 12 soldiers were killed on Tuesday.\n\nReinforcements were sent. The wounded were evacuated. Later, a minister denied that the base had fallen.')).toBe('official');
  });

  it("reads a group's leader as the group and Boko Haram as a group, and a mayor or local officials as local sources", () => {
    expect(kind('We killed 78 farmers, Shekau says in a new video.')).toBe('claim');
    expect(kind('The killing of the farmers was retaliation, Boko Haram says in a new video.')).toBe('claim');
    expect(kind('Sixteen people were killed in the camp, according to local officials.')).toBe('local');
    expect(kind('The mayor of the commune told AFP that the attackers came on motorbikes.')).toBe('local');
    expect(kind("Le maire de la commune a indiqué que les assaillants étaient venus à moto.")).toBe('local');
  });

  it('reads an official statement "fait état" of a toll, and authorities that acknowledge losses', () => {
    expect(kind("Dans un communiqué, l'état-major a fait état d'une dizaine de soldats tués.")).toBe('official');
    expect(kind('Les autorités reconnaissent « quelques pertes en vies humaines ».')).toBe('official');
    expect(kind('"Those who were eliminated are militias," the group said.')).toBe('claim');
  });

  it('reads French verbs in the present plural, which the stemmer leaves whole ("indiquent", "racontent")', () => {
    expect(kind('Des habitants racontent que les assaillants sont arrivés à moto.')).toBe('local');
    expect(kind('Les autorités militaires indiquent que dix soldats ont été tués.')).toBe('official');
  });
});
