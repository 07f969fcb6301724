import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { ManualClock } from '../../src/core/clock.js';
import { contentId } from '../../src/core/ids.js';
import { extract } from '../../src/extraction/extract.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { crossLanguageSimilarity, type IncidentFacts, incidentFacts } from '../../src/stories/facts.js';
import { datesContradict, readIncidentDating } from '../../src/stories/follow-up.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('follow-ups');
const redis = testRedis();
const clock = new ManualClock(Date.parse('2025-01-20T12:00:00Z'));
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

const dating = (title: string, text: string, published: string) => readIncidentDating({ title, text, published }, clock.now());

describe('dates a report gives, resolved against its publication day', () => {
  // 2025-01-11 is a Saturday.
  const published = '2025-01-11T09:00:00Z';
  it.each([
    ["the ambush last Tuesday", '2025-01-07'],
    ["last Tuesday's ambush", '2025-01-07'],
    ['the attack on Monday', '2025-01-06'],
    ['the attack on Saturday', '2025-01-11'],
    ['the attack last Saturday', '2025-01-04'],
    ["l'attaque de dimanche dernier", '2025-01-05'],
    ["l'attaque d'hier", '2025-01-10'],
    ["l'attaque d'avant-hier", '2025-01-09'],
    ["l'embuscade du 12 mars", '2024-03-12'],
    ["l'embuscade du 3 janvier", '2025-01-03'],
    ['the ambush of March 12', '2024-03-12'],
    ['the ambush of 12 March 2023', '2023-03-12'],
    ['the January 3 attack', '2025-01-03'],
    ['the 3 January ambush', '2025-01-03'],
  ])('%s → %s', (phrase, day) => {
    const d = dating('Update', `Officials gave new details of ${phrase} near the town.`, published);
    expect(d.cues).toEqual([expect.objectContaining({ kind: 'reference', day })]);
  });

  it('reads a revised toll with its figure, in English and French', () => {
    expect(dating('Toll rises', "The death toll from Tuesday's ambush rose to 54, officials said on Saturday.", published).cues).toContainEqual(
      expect.objectContaining({ kind: 'toll', toll: 54, day: '2025-01-07' }),
    );
    expect(dating('Bilan', "Le bilan de l'attaque de mardi contre le poste s'est alourdi à 41 morts, selon l'armée.", published).cues).toContainEqual(
      expect.objectContaining({ kind: 'toll', toll: 41, day: '2025-01-07' }),
    );
  });

  it('reads "the number of soldiers killed … has risen" and "le nombre de civils tués grimpe" as a revised toll', () => {
    expect(dating('Update', 'The number of soldiers killed in the raid on the camp has risen to 31, the army said.', published).cues).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 31 }));
    expect(dating('Bilan', "Le nombre de civils tués dans l'attaque du village grimpe à 95.", published).cues).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 95 }));
    expect(dating('Count', 'The number of displaced people has risen to 3,000.', published).cues).toEqual([]);
  });

  it('takes the new figure of "from 17 to 42", and "passé mardi" as a verb, not as "last Tuesday"', () => {
    const d = dating('Bilan', "Le bilan de l'attaque du camp est passé mardi de 17 à 42 soldats tués.", published);
    expect(d.cues.filter((c) => c.kind === 'toll').map((c) => c.toll)).toEqual([42]);
    expect(d.cues.some((c) => c.kind === 'reference')).toBe(false);
    expect(dating('Toll', 'The toll rose from 17 to 42 soldiers.', published).cues).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 42 }));
    expect(dating('Rappel', "L'attaque de mardi passé a fait 12 morts.", published).cues).toContainEqual(expect.objectContaining({ day: '2025-01-07' }));
  });

  it('reads a night over two days as the first day: the second is not a later incident', () => {
    expect(dating('Nuit', "Le poste a été attaqué dans la nuit de mardi à mercredi.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Night', 'Gunmen struck overnight from Saturday to Sunday.', '2025-01-13T09:00:00Z').eventDays).toEqual(['2025-01-11']);
    expect(dating('Nuit', "L'attaque de la nuit du 10 au 11 mai a fait huit morts.", published).cues).toContainEqual(expect.objectContaining({ day: '2024-05-10' }));
  });

  it('reads "Wednesday night", "dans la nuit de mercredi" as a night running into the next day, the same incident\'s', () => {
    const d = dating('Attack', 'Gunmen hit the Makalondi border post on Wednesday night, a local official said.', '2021-12-23T17:00:00Z');
    expect(d.eventDays).toEqual(['2021-12-22']);
    expect(d.nightEnds).toEqual(['2021-12-23']);
    expect(dating('Attaque', 'Le poste a été attaqué dans la nuit de mercredi.', '2021-12-24T09:00:00Z').nightEnds).toEqual(['2021-12-23']);
    // Told on the Wednesday itself, the night has not ended.
    expect(dating('Attaque', 'Le poste a été attaqué dans la nuit de mercredi.', '2021-12-22T23:00:00Z').nightEnds).toEqual([]);
    expect(dating('Attack', 'Gunmen hit the post on Wednesday, a local official said.', '2021-12-23T17:00:00Z').nightEnds).toEqual([]);
  });

  it('does not count a later day in a sentence telling what has lasted since the incident it names by its day (bodies of the missing found)', () => {
    const d = dating(
      'Le bilan de Tabankort monte à 43 morts',
      "Jeudi 21 novembre, une patrouille a retrouvé les corps de 13 soldats qui manquaient à l'appel depuis l'attaque de Tabankort, survenue le lundi précédent.",
      '2019-11-22T12:00:00Z',
    );
    expect(d.eventDays).toEqual(['2019-11-18']);
    // Without the incident named by its day, the day given is the report's own.
    expect(dating('Attaque', 'Jeudi 21 novembre, des hommes armés ont attaqué le poste de Tabankort.', '2019-11-22T12:00:00Z').eventDays).toEqual(['2019-11-21']);
  });

  it('does not count the day an agency "learned" of an incident, as it does not the day it was told', () => {
    expect(dating('Attack', 'Dozens of soldiers were killed on Friday in an attack in the east, AFP learned on Sunday from security sources.', '2025-03-30T12:00:00Z').eventDays).toEqual(['2025-03-28']);
    expect(dating('Attaque', "Des dizaines de soldats ont été tués vendredi dans l'est, a appris dimanche l'AFP de sources sécuritaires.", '2025-03-30T12:00:00Z').eventDays).toEqual(['2025-03-28']);
  });

  it('does not count the day something was said as an incident day', () => {
    expect(dating('Claim', "JNIM claimed Tuesday's attack, a monitoring group said on Friday.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('ONU', "L'ONU a fait savoir vendredi 10 janvier qu'au moins 40 civils avaient été tués lors de l'attaque menée mardi.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Village', "Selon des habitants joints hier, des combattants ont abattu mardi au moins 38 personnes.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Toll', "Gunmen killed 18 people on Tuesday. Giving an update on Friday, the agency said more bodies were found.", published).eventDays).toEqual(['2025-01-07']);
  });

  it('does not count a date opening a sentence whose speaker speaks right after it', () => {
    expect(dating('Train', "Un train a été attaqué lundi soir. Mardi matin, les autorités locales évoquent des morts.", published).eventDays).toEqual(['2025-01-06']);
    expect(dating('Train', 'Gunmen attacked a train on Monday night. On Tuesday, officials said several people were missing.', published).eventDays).toEqual(['2025-01-06']);
    // A date opening a sentence that reports the incident itself still counts.
    expect(dating('Train', 'Mardi, des hommes armés ont attaqué un train, a indiqué la police.', published).eventDays).toEqual(['2025-01-07']);
  });

  it('does not count the day of the aftermath (mourning, burials) as an incident day', () => {
    expect(dating('Deuil', "L'attaque menée mardi a tué 40 civils. Un deuil national de trois jours commence vendredi.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Buried', 'Gunmen killed 24 soldiers on Tuesday. The soldiers were buried on Friday in Dori.', published).eventDays).toEqual(['2025-01-07']);
  });

  it("does not count the day of the authorities' answer (sackings, a state of emergency extended) as an incident day", () => {
    expect(dating('Army chiefs sacked', 'Gunmen killed 80 herders on Tuesday. The government on Friday sacked the army chief.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Urgence', "L'attaque de mardi a fait 30 morts. L'état d'urgence a été prolongé jeudi.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Décret', "L'attaque de mardi a fait 30 morts. Les forces vives ont décrété une journée ville morte à partir du jeudi 9 janvier.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Visite', "Trente civils avaient été tués mardi dans le village. Le président s'y est rendu vendredi.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Bilan', 'Des hommes armés ont attaqué le village mardi. Le bilan provisoire à la mi-journée du 9 janvier fait état de 16 morts.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Arrests', "L'attaque de dimanche a fait 19 morts. Des complices ont été arrêtés jeudi à Abidjan.", published).eventDays).toEqual(['2025-01-05']);
    expect(dating('Homage', 'Gunmen killed 30 people on Sunday. Hundreds paid homage to the victims on Friday, with flags at half-mast.', published).eventDays).toEqual(['2025-01-05']);
    expect(dating('Condemned', 'Gunmen killed 30 villagers on Sunday. The African Union on Tuesday condemned the massacre.', published).eventDays).toEqual(['2025-01-05']);
    expect(dating('Council', 'Gunmen killed 30 worshippers on Tuesday. Officials named the group after a security council chaired by the president on Friday.', published).eventDays).toEqual(['2025-01-07']);
  });

  it('reads "the latest massacre" as this incident, the newest of a series, not a new one', () => {
    expect(dating('Massacre', 'A mayor said 100 people were killed in the latest massacre in the region.', published).newIncident).toBe(false);
  });

  it('reads "another attack" and "une nouvelle attaque" as a new incident', () => {
    expect(dating('Another attack near the town', 'Gunmen struck the post on Friday.', published).newIncident).toBe(true);
    expect(dating('Une nouvelle attaque', 'Des hommes armés ont attaqué le poste vendredi.', published).newIncident).toBe(true);
    expect(dating("Le bilan de l'attaque s'alourdit", "Le bilan de l'attaque de mardi s'est alourdi à 20 morts.", published).newIncident).toBe(false);
  });

  it('keeps the days a "new attack" report gives its own incident apart from those of the attack it is set against', () => {
    const own = dating('Soldiers killed in a new attack in the east', 'At least twelve soldiers were killed on Tuesday when their patrol was ambushed.', published);
    expect(own.newIncident).toBe(true);
    expect(own.daysApartFromNew).toEqual(['2025-01-07']);
    const against = dating('Civilians killed near the border', 'It is the second attack in a week: last Monday 30 people were killed at a market.', published);
    expect(against.newIncident).toBe(true);
    expect(against.daysApartFromNew).toEqual([]);
    // The date of the "new" attack itself, in its own clause, is its day too.
    const dated = dating('Six morts au parc W', "Une nouvelle attaque terroriste commise mardi soir dans le parc a coûté la vie à six personnes.", published);
    expect([dated.newIncident, dated.daysApartFromNew]).toEqual([true, ['2025-01-07']]);
  });

  it('reads two days in a row of one month ("les 14 et 15 janvier", "January 14 and 15") as one incident, as a night is; two days apart as two', () => {
    const french = dating('Rann', 'La ville, attaquée par Boko Haram les 14 et 15 janvier, est vide.', '2025-01-20T09:00:00Z');
    expect([french.eventDays, french.nightEnds]).toEqual([['2025-01-14'], ['2025-01-15']]);
    const english = dating('Rann', 'The town was attacked on January 14 and 15 by Boko Haram.', '2025-01-20T09:00:00Z');
    expect([english.eventDays, english.nightEnds]).toEqual([['2025-01-14'], ['2025-01-15']]);
    expect(dating('Rann', 'La ville a été attaquée les 12 et 15 janvier.', '2025-01-20T09:00:00Z').eventDays).toEqual(['2025-01-12', '2025-01-15']);
    expect(dating('Rann', 'The town was attacked on January 12 and 15.', '2025-01-20T09:00:00Z').eventDays).toEqual(['2025-01-12', '2025-01-15']);
  });

  it('reads a sentence opening "Deux jours après l\'attaque", "A week after the massacre" as counting back from publication, give or take a day', () => {
    expect(dating('Lycéennes', "Deux jours après l'attaque d'un internat à Dapchi, 111 élèves manquent.", published).cues).toEqual([
      expect.objectContaining({ kind: 'reference', day: '2025-01-09', approximate: true }),
    ]);
    expect(dating('Missing', 'A week after the massacre, families are still searching.', published).cues).toEqual([expect.objectContaining({ day: '2025-01-04', approximate: true })]);
    expect(dating('Missing', '3 days after the raid, pupils are still missing.', published).cues).toEqual([expect.objectContaining({ day: '2025-01-08', approximate: true })]);
    // Set against an older incident, not told from it.
    expect(dating('Attaque', "L'attaque survient deux jours après l'attaque du camp voisin.", published).cues).toEqual([]);
    expect(dating('Killings', 'The killings came a week after an assault on an army post.', published).cues).toEqual([]);
  });

  it('reads "ten days ago" and "il y a une semaine" as counted back from publication, and not "a week earlier", counted from another event', () => {
    expect(dating('Arrests', 'The head of the commando behind the attack on the post ten days ago was arrested.', published).cues).toEqual([
      expect.objectContaining({ kind: 'reference', day: '2025-01-01', approximate: true }),
    ]);
    expect(dating('Questions', "Il y a une semaine, le village était frappé par une attaque jihadiste.", published).cues).toEqual([expect.objectContaining({ day: '2025-01-04', approximate: true })]);
    expect(dating('Release', 'They were freed where 53 others were released a week earlier.', published).cues).toEqual([]);
  });

  it('counts a date after "said that" / "indique que" as the incident\'s, not the day it was said', () => {
    expect(dating('Kafolo', "Le chef d'état-major indique que ce jeudi 9 janvier vers 3 heures, le poste mixte a été attaqué.", published).eventDays).toEqual(['2025-01-09']);
    expect(dating('Kafolo', "Le chef d'état-major a indiqué jeudi que le poste mixte a été attaqué.", published).eventDays).toEqual([]);
  });

  it('reads "last week", "cette semaine" and "over the weekend" as pointing back to one of their days (weeks from Monday)', () => {
    // 2025-01-11 is a Saturday; 2025-01-13 a Monday.
    const span = (text: string, at = published) => dating('Update', text, at).cues.map((c) => [c.day, c.through, c.approximate]);
    expect(span('Families of the pupils kidnapped last week are still waiting.')).toEqual([['2024-12-30', '2025-01-05', true]]);
    expect(span("Les élèves enlevés la semaine dernière ont été libérés.")).toEqual([['2024-12-30', '2025-01-05', true]]);
    expect(span('Forty-six people were killed this week in the region.')).toEqual([['2025-01-06', '2025-01-11', true]]);
    expect(span('Jihadists killed 132 civilians over the weekend, the government said.', '2025-01-13T09:00:00Z')).toEqual([['2025-01-11', '2025-01-12', true]]);
  });

  it('reads "Boko Haram\'s 14 January attack" as a reference to that day', () => {
    expect(dating('Rann', "MSF reached Rann the day after Boko Haram's 14 January attack.", '2025-01-20T09:00:00Z').cues).toEqual([
      expect.objectContaining({ kind: 'reference', day: '2025-01-14' }),
    ]);
  });

  it('does not count a date after "since" / "depuis" in its clause: it starts a period, not an incident', () => {
    expect(dating('Toll', 'Gunmen killed 29 soldiers on Tuesday, the heaviest loss since the coup of 26 July.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Bilan', "Vingt soldats ont été tués mardi. C'est le bilan le plus lourd depuis la prise du pouvoir par les militaires le 26 juillet.", published).eventDays).toEqual(['2025-01-07']);
    // Past a comma the clause is another one.
    expect(dating('Raid', 'Since the curfew, on Tuesday gunmen raided the market.', published).eventDays).toEqual(['2025-01-07']);
  });

  it('counts the day the dead were killed on, in a sentence about their burial or a revised toll, but not the burial day after it', () => {
    const burial = dating('Burial', 'The 41 gendarmes killed at the post, in the north, on January 2 were buried on Thursday in the capital.', published);
    expect(burial.eventDays).toEqual(['2025-01-02']);
    expect(dating('Inhumés', 'Les soldats tués ont été inhumés jeudi à Dori.', published).eventDays).toEqual([]);
    expect(dating('Bilan', 'Le bilan des soldats tués dimanche dans le nord est passé à 40.', published).eventDays).toEqual(['2025-01-05']);
  });

  it('does not count the day a document was authenticated or a source spoke', () => {
    expect(dating('Bilan', "Quarante soldats ont été tués dimanche, selon une liste authentifiée ce vendredi par des officiers.", published).eventDays).toEqual(['2025-01-05']);
    expect(dating('Village', "Vingt civils ont péri lundi, selon un notable qui s'est exprimé vendredi.", published).eventDays).toEqual(['2025-01-06']);
    expect(dating('Raid', 'Twenty villagers were killed on Monday, a local official who spoke on Friday said.', published).eventDays).toEqual(['2025-01-06']);
  });

  it('does not link an incident noun to a date past a burial or a speech verb after it', () => {
    // "the attack … on Saturday" would read Saturday as the attack's day; the burial is what happened on Saturday.
    const buried = dating('Toll', "The death toll from Tuesday's assault rose to 89. Soldiers killed in the attack were buried in Niamey on Saturday.", published);
    expect(buried.eventDays).toEqual(['2025-01-07']);
    expect(buried.cues.filter((c) => c.kind === 'reference').map((c) => c.day)).toEqual(['2025-01-07']);
  });

  it('does not count the day of a meeting held over the incident, of a burial told in the singular, or of what was written or cited', () => {
    expect(dating('Conseil', "Vingt soldats ont été tués mardi. Réuni ce vendredi, le conseil des ministres a relevé deux officiers.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Borno', 'Des villageois ont enterré vendredi 43 paysans tués mardi par des islamistes.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Solhan', "Le bilan s'élève à 160 morts, selon des sources locales citées ce vendredi.", published).eventDays).toEqual([]);
    expect(dating('Mansila', "A students' association wrote on Friday that gunmen had attacked the post on Tuesday.", published).eventDays).toEqual(['2025-01-07']);
    // Past where it was written: "on Facebook" between the verb and the day.
    expect(dating('Mansila', "A students' association wrote on Facebook on Friday that gunmen had attacked the post on Tuesday.", published).eventDays).toEqual(['2025-01-07']);
  });

  it('does not count a date opening a sentence whose speaker, named in an aside, speaks after it, nor the day a count stood "as of" or a communiqué was read', () => {
    expect(dating('Seytenga', "Vingt soldats ont été tués mardi. Ce vendredi, le porte-parole du gouvernement, Lionel Bilgo, a précisé que les corps avaient été retrouvés.", published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Inata', 'Gunmen killed 32 gendarmes on Tuesday. The figure was still provisional as of Friday afternoon.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Tillabéri', "Des hommes armés ont tué 58 civils mardi. Le communiqué du gouvernement lu vendredi soir précise le déroulé.", published).eventDays).toEqual(['2025-01-07']);
  });

  it('dates the incident by a date after the toll it "made" ("a fait un bilan très lourd ce samedi"), not the count', () => {
    expect(dating('Barsalogho', 'Une attaque terroriste a fait un bilan très lourd ce samedi 4 janvier à Barsalogho.', published).eventDays).toEqual(['2025-01-04']);
    expect(dating('Bilan', 'Le bilan provisoire du 9 janvier fait état de 16 morts.', published).eventDays).toEqual([]);
  });

  it('reads a headline claim without an article ("JNIM claims attack …") as a claim of a known incident', () => {
    expect(dating('JNIM claims attack in Mali capital', 'The group said its fighters struck at dawn.', published).cues).toEqual([expect.objectContaining({ kind: 'claim' })]);
    // In the body, "claimed attacks" without an article is no claim of one known incident.
    expect(dating('Sahel', 'The group has claimed attacks across the region for years.', published).cues).toEqual([]);
  });

  it('does not count a date right before a speech or claim verb ("the army on Friday said"), but does across a comma', () => {
    expect(dating('Claim', 'The group on Friday claimed the attack of January 7 on the base.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Toll', 'The army on Friday said 12 soldiers were killed on Tuesday.', published).eventDays).toEqual(['2025-01-07']);
    expect(dating('Gao', "Le camp a été visé tôt ce vendredi 10 janvier, a indiqué l'armée.", published).eventDays).toEqual(['2025-01-10']);
  });

  it('dates a "new attack" by a date opening its sentence ("Samedi dernier, une nouvelle attaque …")', () => {
    const d = dating('Deuxième attaque à la frontière', "Mardi dernier, une nouvelle attaque a coûté la vie à trois soldats.", published);
    expect(d.newIncident).toBe(true);
    expect(d.daysApartFromNew).toEqual(['2025-01-07']);
  });

  it('reads a revised toll of "fresh killings" as the known incident, not a new one', () => {
    const d = dating('Death toll in fresh village killings rises to 63', 'Bandits killed villagers in two attacks this week.', published);
    expect(d.newIncident).toBe(false);
    expect(d.cues).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 63 }));
    expect(dating('Fresh killings in the village', 'Bandits killed 12 villagers on Friday.', published).newIncident).toBe(true);
  });

  it('reads "du massacre du 23 mars" as a reference to that day, "last month" as the month before publication, and a visit as aftermath', () => {
    expect(dating('Rescapés', 'Les rescapés du massacre du 23 mars sont sous le choc.', '2019-03-26T10:00:00Z').cues).toEqual([
      expect.objectContaining({ kind: 'reference', day: '2019-03-23' }),
    ]);
    const span = (text: string, at: string) => dating('Update', text, at).cues.map((c) => [c.day, c.through, c.approximate]);
    expect(span("JNIM claimed last month's attack on the border post.", '2022-06-03T18:00:00Z')).toEqual([['2022-05-01', '2022-05-31', true]]);
    expect(span("Les rescapés de l'attaque du mois dernier restent sans abri.", '2022-01-10T18:00:00Z')).toEqual([['2021-12-01', '2021-12-31', true]]);
    expect(span('Huit soldats avaient été tués le mois dernier près de la frontière.', '2022-01-10T18:00:00Z')).toEqual([['2021-12-01', '2021-12-31', true]]);
    expect(dating('Toll', 'Gunmen killed 80 people on Saturday. The president called it unimaginable during a visit on Wednesday.', '2022-06-16T08:00:00Z').eventDays).toEqual(['2022-06-11']);
  });

  it('reads "late October", "fin octobre", "à la mi-septembre" and "early March 2023" as pointing back to part of that month', () => {
    const span = (text: string, at = published) => dating('Update', text, at).cues.map((c) => [c.day, c.through, c.approximate]);
    expect(span('About 40 soldiers were killed in the area in an attack in late October.', '2024-11-04T10:00:00Z')).toEqual([['2024-10-21', '2024-10-31', true]]);
    expect(span("Une quarantaine de soldats avaient été tués fin octobre.", '2024-11-04T10:00:00Z')).toEqual([['2024-10-21', '2024-10-31', true]]);
    expect(span("L'attaque de la mi-septembre a fait 20 morts.", '2024-11-04T10:00:00Z')).toEqual([['2024-09-11', '2024-09-20', true]]);
    expect(span('The camp was raided in early March 2023.')).toEqual([['2023-03-01', '2023-03-10', true]]);
    // Never past the day of publication; a month not yet begun this year is last year's.
    expect(span('Attacks have risen since early January.')).toEqual([['2025-01-01', '2025-01-10', true]]);
    expect(span('The raid came in late December.')).toEqual([['2024-12-21', '2024-12-31', true]]);
    expect(span('Late in the day, gunmen fired on the post.')).toEqual([]);
  });

  it('a lone "may" is not a month', () => {
    expect(dating('Toll', 'The toll may rise to 12 in the coming days.', published).eventDays).toEqual([]);
  });
});

let counter = 0;
function article(outlet: string, title: string, text: string, published: string): Article {
  const url = `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${++counter}`;
  return { id: contentId('ar', url), itemId: contentId('it', url), feedId: outlet, outlet, url, title, text, published, textSource: 'page' };
}
const file = (store: StoryStore, a: Article) => store.assign(a, incidentFacts(extract({ title: a.title, text: a.text, published: a.published })));

// 2025-01-07 is a Tuesday.
const FIRST = article(
  'Sahel Dispatch',
  'Soldiers killed in ambush near Kompienbiga in eastern Burkina Faso',
  'Suspected jihadists ambushed an army patrol near Kompienbiga in the Kompienga province of eastern Burkina Faso on Tuesday, killing at least 37 soldiers, security sources said. Reinforcements were sent to the area.',
  '2025-01-08T07:00:00Z',
);

describe('StoryStore: a later report that refers back joins the incident', () => {
  it('joins a revised toll four days later, a claim a day after that, and a French reference; keeps a new attack apart', async () => {
    const store = new StoryStore(redis, `${prefix}:a`, {}, clock);
    const first = await file(store, FIRST);
    const toll = await file(
      store,
      article(
        'West Africa Wire',
        'Burkina: death toll from Kompienbiga ambush climbs to 54',
        "The number of soldiers killed in last Tuesday's ambush near Kompienbiga has risen to 54 after more bodies were found, an army officer told reporters on Saturday.",
        '2025-01-11T15:00:00Z',
      ),
    );
    const claim = await file(
      store,
      article(
        'Le Sahélien',
        'Burkina : le JNIM revendique l\'embuscade de Kompienbiga',
        "Le Groupe de soutien à l'islam et aux musulmans (JNIM) a revendiqué l'embuscade de mardi dernier près de Kompienbiga, dans un message diffusé dimanche.",
        '2025-01-12T10:00:00Z',
      ),
    );
    const newAttack = await file(
      store,
      article(
        'Sahel Dispatch',
        'Gunmen strike Kompienbiga again',
        "Gunmen attacked a patrol near Kompienbiga on Sunday, killing six soldiers, less than a week after last Tuesday's deadly ambush in the same area.",
        '2025-01-13T08:00:00Z',
      ),
    );
    expect(toll.story.id).toBe(first.story.id);
    expect(claim.story.id).toBe(first.story.id);
    expect(newAttack.story.id).not.toBe(first.story.id);

    const story = await store.get(first.story.id);
    expect(story?.sources.map((s) => s.outlet)).toEqual(['Sahel Dispatch', 'West Africa Wire', 'Le Sahélien']);
    expect(story?.sources[1]?.followUp).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 54, day: '2025-01-07' }));
    expect(story?.sources[2]?.followUp).toContainEqual(expect.objectContaining({ kind: 'claim', day: '2025-01-07' }));
    expect(story?.incident?.days).toEqual(['2025-01-07']);
  });

  it('joins a French report calling it "une nouvelle attaque" when it dates it on the story\'s day, not one dated on another day', async () => {
    const store = new StoryStore(redis, `${prefix}:n1`, {}, clock);
    const first = await file(store, FIRST);
    const sameDay = article(
      'Le Sahélien',
      "Burkina : douze soldats tués dans une nouvelle attaque dans l'Est",
      "Des jihadistes présumés ont tendu mardi une embuscade à une patrouille de l'armée près de Kompienbiga, dans la province de la Kompienga, tuant au moins 37 soldats, selon des sources sécuritaires.",
      '2025-01-08T15:00:00Z',
    );
    expect((await file(store, sameDay)).story.id).toBe(first.story.id);
    const nextDay = article(
      'Le Sahélien',
      'Burkina : une nouvelle attaque contre la gendarmerie de Kompienbiga',
      "Un poste de gendarmerie de Kompienbiga a essuyé mercredi l'assaut d'hommes armés venus à moto ; quatre gendarmes ont péri, a indiqué un élu local.",
      '2025-01-08T20:00:00Z',
    );
    expect((await file(store, nextDay)).story.id).not.toBe(first.story.id);
  });

  it('joins a report told "three days after the ambush", a day either way, and keeps apart one counting back two weeks', async () => {
    const store = new StoryStore(redis, `${prefix}:elapsed`, {}, clock);
    const first = await file(store, FIRST);
    const counted = article(
      'Le Sahélien',
      'Kompienbiga : les familles des soldats toujours sans nouvelles',
      "Trois jours après l'embuscade près de Kompienbiga, des familles de soldats disent n'avoir reçu aucune nouvelle de l'armée.",
      '2025-01-11T10:00:00Z',
    );
    expect((await file(store, counted)).story.id).toBe(first.story.id);
    // In a store of its own: its wording is nearly the report above's, which would join it as a copy.
    const apart = new StoryStore(redis, `${prefix}:elapsed-apart`, {}, clock);
    const firstApart = await file(apart, FIRST);
    const twoWeeks = article(
      'Le Sahélien',
      'Kompienbiga : les familles toujours sans nouvelles',
      "Deux semaines après l'embuscade près de Kompienbiga, des familles de soldats disent n'avoir reçu aucune nouvelle de l'armée.",
      '2025-01-11T16:00:00Z',
    );
    expect((await file(apart, twoWeeks)).story.id).not.toBe(firstApart.story.id);
    // A counted day is not added to the incident's days: only a day a report names is.
    expect((await store.get(first.story.id))?.incident?.days).toEqual(['2025-01-07']);
  });

  it('joins a report that says only "last week" when the incident is one of its days, and not one of the week after', async () => {
    const store = new StoryStore(redis, `${prefix}:last-week`, {}, clock);
    const first = await file(store, FIRST);
    const lastWeek = article('West Africa Wire', 'Kompienbiga families wait', 'Families of the soldiers killed in the ambush near Kompienbiga last week are still waiting for the bodies, relatives said.', '2025-01-13T09:00:00Z');
    expect((await file(store, lastWeek)).story.id).toBe(first.story.id);
    const apart = new StoryStore(redis, `${prefix}:last-week-apart`, {}, clock);
    const firstApart = await file(apart, FIRST);
    const weekAfter = article('West Africa Wire', 'Kompienbiga families wait', 'Families of the soldiers killed in the ambush near Kompienbiga last week are still waiting for the bodies, relatives said.', '2025-01-20T09:00:00Z');
    expect((await file(apart, weekAfter)).story.id).not.toBe(firstApart.story.id);
  });

  it('joins a follow-up that fits two stories of one incident to the one that began first', async () => {
    // A short clustering window: the reports below are filed as follow-ups, not matched as coverage of the day.
    const store = new StoryStore(redis, `${prefix}:earliest`, { window_hours: 12 }, clock);
    const first = await file(store, FIRST);
    // A later report of the same ambush that dates a roll call the day after it: it reads as a later day, and starts a story of its own.
    const split = article(
      'Burkina Observer',
      'Kompienbiga: soldiers still missing after ambush',
      'Jihadists ambushed a patrol near Kompienbiga on Tuesday, killing 37 soldiers, and a roll call on Wednesday found twelve more missing, JNIM fighters were blamed.',
      '2025-01-09T09:00:00Z',
    );
    const splitStory = (await file(store, split)).story;
    expect(splitStory.id).not.toBe(first.story.id);
    const toll = article('Le Sahélien', 'Kompienbiga : le bilan s\'alourdit', "Le bilan de l'embuscade de mardi près de Kompienbiga s'est alourdi à 49 soldats tués, selon l'armée.", '2025-01-11T09:00:00Z');
    expect((await file(store, toll)).story.id).toBe(first.story.id);
  });

  it('keeps apart a reference to another day, another named group, another kind of incident, and one past follow_up_days', async () => {
    const store = new StoryStore(redis, `${prefix}:b`, { follow_up_days: 14 }, clock);
    const first = await file(store, FIRST);
    const reports = [
      // The attack it names was on Thursday, two days after this story's.
      article('Wire', 'Burkina: toll from Kompienbiga attack rises', "The toll of Thursday's attack near Kompienbiga rose to 12, residents said.", '2025-01-11T09:00:00Z'),
      // The same day, but another group claims it: ISWAP is not the unnamed attackers' group only if they named JNIM.
      article('Wire', 'Kidnapping near Kompienbiga', "Residents said the kidnapping on Tuesday near Kompienbiga of two traders was the work of bandits; the ransom demand came on Friday.", '2025-01-11T09:00:00Z'),
      // Three weeks later, naming no day: beyond the look-back.
      article('Wire', 'Kompienbiga ambush toll revised', 'The death toll from the ambush near Kompienbiga rose to 60, the army said.', '2025-02-01T09:00:00Z'),
    ];
    for (const report of reports) expect((await file(store, report)).story.id).not.toBe(first.story.id);
  });

  it('past follow_up_days, joins a report that names the incident\'s day, within dated_follow_up_days only', async () => {
    const store = new StoryStore(redis, `${prefix}:dated`, { follow_up_days: 14, dated_follow_up_days: 30 }, clock);
    const first = await file(store, FIRST);
    const claim = article('Wire', 'JNIM claims Kompienbiga ambush', 'JNIM claimed the ambush of January 7 near Kompienbiga in a statement, three weeks on.', '2025-01-28T09:00:00Z');
    expect((await file(store, claim)).story.id).toBe(first.story.id);
    const late = article('Wire', 'Kompienbiga ambush: inquiry', 'An inquiry into the ambush of January 7 near Kompienbiga found the patrol had no air cover, the army said.', '2025-02-20T09:00:00Z');
    expect((await file(store, late)).story.id).not.toBe(first.story.id);
  });

  it('past follow_up_days, joins a report pointing to part of a month that holds the incident\'s day, not one that does not', async () => {
    const store = new StoryStore(redis, `${prefix}:dated-span`, { follow_up_days: 14, dated_follow_up_days: 30 }, clock);
    const first = await file(store, FIRST);
    const early = article('Wire', 'Kompienbiga ambush: 12 soldiers freed', 'Twelve soldiers captured in the ambush near Kompienbiga in early January have been freed, JNIM said.', '2025-01-27T09:00:00Z');
    expect((await file(store, early)).story.id).toBe(first.story.id);
    const lateMonth = article('Wire', 'Kompienbiga: another ambush', 'Soldiers were killed in an ambush near Kompienbiga in late January, residents said.', '2025-02-03T09:00:00Z');
    expect((await file(store, lateMonth)).story.id).not.toBe(first.story.id);
  });

  it('joins a "new attack" headline whose text points to a week the incident falls in ("earlier this week")', async () => {
    const store = new StoryStore(redis, `${prefix}:new-week`, {}, clock);
    const first = await file(store, FIRST);
    const week = article('Wire', 'Burkina: a new attack on soldiers in the east', 'An attack on an army patrol near Kompienbiga earlier this week killed 37 soldiers, JNIM said.', '2025-01-10T09:00:00Z');
    expect((await file(store, week)).story.id).toBe(first.story.id);
  });

  it('keeps the week or part of a month a "new attack" report points to outside its "new" sentence', () => {
    const d = dating('Togo : une nouvelle attaque dans le nord', "Le poste avancé a été attaqué fin décembre près de la frontière.", '2025-01-11T09:00:00Z');
    expect(d.newIncident).toBe(true);
    expect(d.spansApartFromNew).toEqual([['2024-12-21', '2024-12-31']]);
  });

  it('keeps apart an attack the next day at the same place when the first report dated nothing and a follow-up dated it', async () => {
    const store = new StoryStore(redis, `${prefix}:assumed`, {}, clock);
    // 2023-09-07 is a Thursday. The first report, the next morning, gives no day.
    const boat = await file(store, article('Wire', 'Boat attacked near Gourma-Rharous', 'Armed men attacked a river boat near Gourma-Rharous, the army said, reporting dead and wounded.', '2023-09-08T07:00:00Z'));
    const mourning = article('Wire', 'Mali mourns boat attack victims', 'Dozens of civilians were killed on Thursday when armed men attacked a river boat near Gourma-Rharous and Gao.', '2023-09-08T12:00:00Z');
    expect((await file(store, mourning)).story.id).toBe(boat.story.id);
    const camp = article('Wire', 'Suicide attack on Gao camp', 'The military camp in Gao was attacked on Friday by suicide bombers, the day after the boat attack near Gourma-Rharous.', '2023-09-08T15:00:00Z');
    expect((await file(store, camp)).story.id).not.toBe(boat.story.id);
  });

  it('does not join a claim by a different named group', async () => {
    const store = new StoryStore(redis, `${prefix}:c`, {}, clock);
    const jnim = article(
      'Sahel Dispatch',
      'JNIM fighters ambush soldiers near Kompienbiga',
      'Fighters of the al-Qaeda-linked JNIM ambushed an army patrol near Kompienbiga in eastern Burkina Faso on Tuesday, killing 37 soldiers, security sources said.',
      '2025-01-08T07:00:00Z',
    );
    const first = await file(store, jnim);
    const other = await file(
      store,
      article('Wire', 'Islamic State claims Kompienbiga ambush', "The Islamic State Sahel Province claimed Tuesday's ambush near Kompienbiga in a statement on Friday.", '2025-01-10T09:00:00Z'),
    );
    expect(other.story.id).not.toBe(first.story.id);
  });

  it('joins a report that dates its incident on the story\'s day and recalls an earlier attack elsewhere', async () => {
    const store = new StoryStore(redis, `${prefix}:e1`, { window_hours: 24 }, clock);
    const first = await file(store, FIRST);
    const later = await file(
      store,
      article(
        'West Africa Wire',
        'Burkina army mourns soldiers lost near Kompienbiga',
        'Survivors said the patrol was surrounded on Tuesday near Kompienbiga, a few days after the attack of Saturday 4 January on the gendarmerie at Pama.',
        '2025-01-11T09:00:00Z',
      ),
    );
    expect(later.story.id).toBe(first.story.id);
  });

  it('joins a dated report that also recalls an earlier attack on the same place, in either language', async () => {
    const store = new StoryStore(redis, `${prefix}:e2`, { window_hours: 24 }, clock);
    const first = await file(store, FIRST);
    const recalled = 'The same area had already been hit on 17 November 2024, when eight soldiers died.';
    const en = await file(
      store,
      article('West Africa Wire', 'Burkina: patrol wiped out near Kompienbiga', `Survivors said the patrol was surrounded on Tuesday near Kompienbiga. ${recalled}`, '2025-01-11T09:00:00Z'),
    );
    expect(en.story.id).toBe(first.story.id);
    const other = new StoryStore(redis, `${prefix}:e3`, {}, clock);
    const firstAgain = await file(other, FIRST);
    const fr = await file(
      other,
      article(
        'Le Sahélien',
        'Burkina : une patrouille décimée près de Kompienbiga',
        "Des jihadistes ont encerclé mardi une patrouille de l'armée près de Kompienbiga, tuant 37 soldats. La même zone avait déjà été frappée le 17 novembre 2024.",
        '2025-01-08T20:00:00Z',
      ),
    );
    expect(fr.story.id).toBe(firstAgain.story.id);
  });

  it('keeps apart a report of a later, undated event that dates the incident it follows from its eve', async () => {
    const store = new StoryStore(redis, `${prefix}:e4`, { window_hours: 24 }, clock);
    const first = await file(store, FIRST);
    const overrun = await file(
      store,
      article('West Africa Wire', 'Jihadists overrun Kompienbiga', 'Insurgents have seized control of Kompienbiga. Raids there on Monday and Tuesday had left dozens of troops dead.', '2025-01-10T09:00:00Z'),
    );
    expect(overrun.story.id).not.toBe(first.story.id);
  });

  it('finds the story through the index after the clustering window has passed', async () => {
    const store = new StoryStore(redis, `${prefix}:d`, { window_hours: 24, follow_up_days: 14 }, clock);
    const first = await file(store, FIRST);
    const late = await file(
      store,
      article('Wire', 'Kompienbiga ambush: survivors speak', "Survivors of the ambush of January 7 near Kompienbiga described how the patrol was surrounded, ten days on.", '2025-01-17T09:00:00Z'),
    );
    expect(late.story.id).toBe(first.story.id);
    const keys = await redis.keys(`${prefix}:d:story-follow:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(14 * 86_400);
  });
});

describe('StoryStore: the follow-up index stays bounded', () => {
  it('drops stories far older than the one it files, so a key written every day (a country\'s attacks) does not grow for ever', async () => {
    const store = new StoryStore(redis, `${prefix}:trim`, { follow_up_days: 14 }, clock);
    const old = await file(store, FIRST);
    const later = article(
      'Sahel Dispatch',
      'Soldiers killed in ambush near Kompienbiga',
      'Suspected jihadists ambushed an army patrol near Kompienbiga in eastern Burkina Faso on Tuesday, killing at least 12 soldiers, security sources said.',
      // More than twice the longest look-back (dated_follow_up_days, 30) after the first.
      '2025-04-16T07:00:00Z',
    );
    const recent = await file(store, later);
    const key = (await redis.keys(`${prefix}:trim:story-follow:country=BF|*`))[0] as string;
    expect(await redis.zrange(key, '0', '-1')).toEqual([recent.story.id]);
    expect(old.story.id).not.toBe(recent.story.id);
  });
});

describe('StoryStore: the dates a report gives decide a cross-language join too', () => {
  const EN = article(
    'West Africa Wire',
    'Jihadists torch a dozen fuel tankers near Diboli',
    'Fighters of the al-Qaeda-linked JNIM set fire to twelve fuel tankers near Diboli in western Mali on Tuesday night. Two drivers were killed, the truckers union said.',
    '2026-11-18T09:00:00Z',
  );

  it('joins a French report of the same night, told as "de mardi à mercredi"', async () => {
    const store = new StoryStore(redis, `${prefix}:x1`, {}, clock);
    const first = await file(store, EN);
    const fr = article(
      'Le Sahélien',
      'Mali : douze camions-citernes incendiés près de Diboli',
      "Des combattants du JNIM ont incendié douze camions-citernes dans la nuit de mardi à mercredi près de Diboli, dans l'ouest du Mali. Deux chauffeurs ont été tués, selon le syndicat des transporteurs.",
      '2026-11-18T15:00:00Z',
    );
    expect((await file(store, fr)).story.id).toBe(first.story.id);
  });

  it('joins a French report dating the same attack on the morning after "Tuesday night" ("mercredi, vers 3 heures")', async () => {
    const store = new StoryStore(redis, `${prefix}:x3`, {}, clock);
    const first = await file(store, EN);
    const fr = article(
      'Le Sahélien',
      'Mali : douze camions-citernes incendiés près de Diboli',
      "Le mercredi 18 novembre, vers 3 heures du matin, des combattants du JNIM ont incendié douze camions-citernes près de Diboli, dans l'ouest du Mali. Deux chauffeurs ont été tués, selon le syndicat des transporteurs.",
      '2026-11-19T10:00:00Z',
    );
    expect((await file(store, fr)).story.id).toBe(first.story.id);
  });

  it('keeps apart a French report, with the same facts, of an attack the day after', async () => {
    const store = new StoryStore(redis, `${prefix}:x2`, {}, clock);
    const first = await file(store, EN);
    const fr = article(
      'Le Sahélien',
      'Mali : douze camions-citernes incendiés près de Diboli',
      "Des combattants du JNIM ont incendié douze camions-citernes jeudi près de Diboli, dans l'ouest du Mali. Deux chauffeurs ont été tués, selon le syndicat des transporteurs.",
      '2026-11-19T20:00:00Z',
    );
    expect((await file(store, fr)).story.id).not.toBe(first.story.id);
  });
});

describe('dates against a story in another language', () => {
  const incident = (days: string[]) => ({ days, places: ['place/ml/kati'], events: ['attack'], actors: [], countries: ['ML'], assumed: [] });
  it('a report that names the day it refers back to contradicts a story none of whose days is that one', () => {
    const claim = readIncidentDating(
      // Another day it gives (the roads closed the day after) falls on the other story's eve.
      { title: 'Al-Qaeda affiliate claims the July 22 attack on Kati base', text: 'Militants claimed the July 22 attack on the military base in Kati, near Bamako. Roads around the base were closed on July 23.', published: '2022-07-25T10:00:00Z' },
      Date.parse('2022-07-25T10:00:00Z'),
    );
    // The Sévaré camp attack two days later is another story; the Kati attack's is its own.
    expect(datesContradict(claim, incident(['2022-07-24']))).toBe(true);
    expect(datesContradict(claim, incident(['2022-07-22', '2022-07-23']))).toBe(false);
  });
});

describe('the specific places a report gives its incident', () => {
  it('include named sites as well as towns and parks: the Point Triple position, the Koudou falls', () => {
    const places = (title: string, text: string) => incidentFacts(extract({ title, text })).places;
    expect(places('Bénin : des soldats tués au Point Triple', "Des soldats ont été tués mercredi lors d'une attaque contre la position du Point Triple.")).toContain('place/bj/point-triple');
    expect(places('Benin', 'Gunmen attacked rangers near the Koudou Falls on Monday.')).toContain('place/bj/koudou-falls');
    expect(places('Mali', 'Gunmen attacked a convoy in western Mali on Monday.')).toEqual([]);
  });
});

describe('facts across languages: a later toll a little lower than an earlier one still fits one incident', () => {
  const facts = (language: string, killed: number): IncidentFacts => ({
    language,
    places: ['place/ml/diboli'],
    events: ['attack', 'killing'],
    actors: ['actor/jnim'],
    countries: ['ML'],
    casualties: [`killed:${killed}`],
  });

  it('fits "plus de 14" after 15 (sources count the dead differently), not 4 after 15 with no word of revision', () => {
    expect(crossLanguageSimilarity(facts('fr', 14), facts('en', 15))).toBeGreaterThan(0);
    expect(crossLanguageSimilarity(facts('fr', 4), facts('en', 15))).toBe(0);
    expect(crossLanguageSimilarity(facts('fr', 4), facts('en', 15), true)).toBeGreaterThan(0);
  });
});

describe('StoryStore: a village the gazetteer lacks, spelt differently by another outlet', () => {
  // 2025-01-07 is a Tuesday.
  const FR = article(
    'Le Sahélien',
    'Burkina : des dizaines de civils tués dans le village de Tchangabéré',
    "Des hommes armés ont attaqué mardi le village de Tchangabéré, dans l'est du Burkina Faso, tuant au moins 40 civils, selon des sources locales.",
    '2025-01-08T07:00:00Z',
  );

  it('joins a later English report naming it "Changabere", and keeps apart an attack on "Tangabéré" the same day', async () => {
    const store = new StoryStore(redis, `${prefix}:v1`, {}, clock);
    const first = await file(store, FR);
    const toll = await file(
      store,
      article('West Africa Wire', 'Toll from raid on Changabere rises to 61', "The death toll from Tuesday's raid on Changabere village in eastern Burkina Faso rose to 61, residents said on Friday.", '2025-01-10T15:00:00Z'),
    );
    const other = await file(
      store,
      article('West Africa Wire', 'Gunmen kill villagers in Tangabéré', 'Gunmen killed 12 villagers in Tangabéré in eastern Burkina Faso on Tuesday, residents said.', '2025-01-08T09:00:00Z'),
    );
    expect(toll.story.id).toBe(first.story.id);
    expect(other.story.id).not.toBe(first.story.id);
  });
  it('joins a report in the same language naming that village in other words, but not one naming only a listed town', async () => {
    const store = new StoryStore(redis, `${prefix}:v2`, {}, clock);
    const first = await file(store, FR);
    const sameVillage = await file(
      store,
      article('Burkina Info', 'Deuil à Tchangabéré', "Les habitants du village de Tchangabéré enterrent leurs morts après l'assaut des hommes armés venus à moto, qui ont tué au moins 40 personnes.", '2025-01-08T18:00:00Z'),
    );
    expect(sameVillage.story.id).toBe(first.story.id);
    const store2 = new StoryStore(redis, `${prefix}:v3`, {}, clock);
    const djibo = await file(store2, article('Le Sahélien', 'Burkina : des civils tués à Djibo', "Des hommes armés ont attaqué mardi un quartier de Djibo, dans le nord du Burkina Faso, tuant au moins 40 civils.", '2025-01-08T07:00:00Z'));
    const djiboAgain = await file(store2, article('Burkina Info', 'Deuil à Djibo', "Les habitants de Djibo enterrent leurs morts après l'assaut des hommes armés venus à moto, qui ont tué au moins 40 personnes.", '2025-01-08T18:00:00Z'));
    expect(djiboAgain.story.id).not.toBe(djibo.story.id);
  });
});

describe('StoryStore: a follow-up that names only its country', () => {
  const tollWithoutPlace = () =>
    article(
      'West Africa Wire',
      'Burkina: toll from Tuesday ambush on army patrol climbs to 54',
      "The number of soldiers killed in Tuesday's ambush on an army patrol in the east of Burkina Faso has risen to 54, the army said on Saturday.",
      '2025-01-11T15:00:00Z',
    );

  it('joins the one story of its country, kind of event and day', async () => {
    const store = new StoryStore(redis, `${prefix}:c1`, {}, clock);
    const first = await file(store, FIRST);
    expect((await file(store, tollWithoutPlace())).story.id).toBe(first.story.id);
  });

  it('joins none when two incidents of that day and kind in that country could be the one', async () => {
    const store = new StoryStore(redis, `${prefix}:c2`, {}, clock);
    const first = await file(store, FIRST);
    const other = await file(
      store,
      article('Sahel Dispatch', 'Gendarmes killed in attack on Djibo post', 'Gunmen attacked the gendarmerie post in Djibo, northern Burkina Faso, on Tuesday, killing nine gendarmes, security sources said.', '2025-01-08T08:00:00Z'),
    );
    const toll = await file(store, tollWithoutPlace());
    expect([first.story.id, other.story.id]).not.toContain(toll.story.id);
  });

  it('joins none of another country, or without a day it points back to', async () => {
    const store = new StoryStore(redis, `${prefix}:c3`, {}, clock);
    const first = await file(store, FIRST);
    const niger = article('Wire', 'Niger: toll from Tuesday ambush on army patrol climbs to 54', "The number of soldiers killed in Tuesday's ambush on an army patrol in western Niger has risen to 54, the army said.", '2025-01-11T15:00:00Z');
    const undated = article('Wire', 'Burkina: soldiers killed in ambush on army patrol', 'Soldiers were killed in an ambush on an army patrol in the east of Burkina Faso, the army said.', '2025-01-11T15:00:00Z');
    for (const report of [niger, undated]) expect((await file(store, report)).story.id).not.toBe(first.story.id);
  });
});
