import { describe, expect, it } from 'vitest';
import { highestPerKind } from '../../src/extraction/casualties.js';
import { extract } from '../../src/extraction/extract.js';

const casualties = (text: string, title = 'x', published?: string) => extract({ title, text, ...(published ? { published } : {}) }).casualties.map((c) => [c.kind, c.count]);

describe('casualty figures', () => {
  it('reads counts in digits and words, English and French', () => {
    expect(casualties('At least 35 soldiers killed in the attack.')).toEqual([['killed', 35]]);
    expect(casualties('Selon les premières informations, plus de 35 membres des forces de défense et de sécurité ont été tués.')).toEqual([['killed', 35]]);
    expect(casualties('Six truckers kidnapped near Kayes.')).toEqual([['kidnapped', 6]]);
    expect(casualties('Twenty-eight soldiers were killed on Wednesday.')).toEqual([['killed', 28]]);
    expect(casualties('Une cinquantaine de civils sont portés disparus.')).toEqual([['missing', 50]]);
    expect(casualties('Huit soldats sont morts et treize ont été blessés.')).toEqual([
      ['killed', 8],
      ['wounded', 13],
    ]);
  });

  it('reads a verb followed by its count', () => {
    expect(casualties('Gunmen killed three soldiers guarding a pipeline.')).toEqual([['killed', 3]]);
    expect(casualties('Des jihadistes ont tué huit hommes à Goroukambou.')).toEqual([['killed', 8]]);
    expect(casualties('A gunman fired on a bus, killing a civilian.')).toEqual([['killed', 1]]);
    expect(casualties('A security source put the toll at 30.')).toEqual([['killed', 30]]);
  });

  it('does not give a verb the count of the next clause', () => {
    expect(casualties("Two drivers were killed and five were kidnapped, the truckers' union said.")).toEqual([
      ['killed', 2],
      ['kidnapped', 5],
    ]);
    expect(casualties('Trois soldats ont été tués et deux autres enlevés.')).toEqual([
      ['killed', 3],
      ['kidnapped', 2],
    ]);
  });

  it('ignores years, dates, distances, vehicles and an article that is not a count', () => {
    expect(casualties('Since 2021, gunmen killed soldiers in the north.')).toEqual([]);
    expect(casualties('On November 23, 2018 he was said to have died.')).toEqual([]);
    expect(casualties('The town lies 300 km from Bamako, where two were killed.')).toEqual([['killed', 2]]);
    expect(casualties('Vigilantes were killed in a reprisal attack.')).toEqual([]);
    expect(casualties('82 citernes sont arrivées à Bamako.')).toEqual([]);
  });

  it('ignores a clock time before the kill verb ("around 0600 GMT, killing 40")', () => {
    expect(casualties('Hundreds of jihadists attacked the base around 0600 GMT, killing 40 soldiers.')).toEqual([['killed', 40]]);
    expect(casualties('Gunmen struck at 2300 GMT, killing 12 villagers.')).toEqual([['killed', 12]]);
  });

  it('does not read a count before an active kill verb as the dead: its subject kills ("a base of 150 soldiers, killing 40")', () => {
    expect(casualties('Hundreds of jihadists attacked the base of about 150 soldiers, killing 40 to 50.')).toEqual([['killed', 40]]);
    expect(casualties('Two French helicopters collided in Mali, killing 13 soldiers.')).toEqual([['killed', 13]]);
    expect(casualties("Des assaillants ont visé 3 postes, tuant 12 gendarmes.")).toEqual([['killed', 12]]);
  });

  it('leaves out the figures of earlier events: a background toll, and the record an attack is compared with', () => {
    const dated = (text: string) => casualties(text, 'x', '2020-08-04T10:00:00Z');
    expect(dated("Le texte rappelle que l'insurrection de Boko Haram, partie du Nigeria en 2009, a fait plus de 36 000 morts.")).toEqual([]);
    expect(dated('Thirty soldiers died in an attack in Niger, the deadliest since 74 people were killed at Karamga in April 2015.')).toEqual([['killed', 30]]);
    expect(dated("C'est l'attaque la plus meurtrière contre l'armée depuis celle de Nassoumbou en décembre 2016 (12 morts).")).toEqual([]);
    // The comparison ends at its comma: what follows is the attack itself.
    expect(dated('The raid on Solhan was the deadliest since 2015, which left at least 160 people dead.')).toEqual([['killed', 160]]);
    expect(dated('Gunmen killed 42 soldiers in Tessit on Sunday, the deadliest against the army since 2019.')).toEqual([['killed', 42]]);
  });

  it('never reads a count of vehicles, houses or livestock as a casualty figure: the kill verb takes its own count', () => {
    expect(casualties('Militants torched twenty fuel tankers near the border, killing three drivers.')).toEqual([['killed', 3]]);
    expect(casualties('Des assaillants ont incendié une vingtaine de citernes, tuant trois chauffeurs.')).toEqual([['killed', 3]]);
    expect(casualties('They burned 30 houses in the village, killing 5.')).toEqual([['killed', 5]]);
    expect(casualties('Onze véhicules ont été détruits et quatre soldats tués.')).toEqual([['killed', 4]]);
    expect(casualties('Ten motorbikes were seized and two civilians killed.')).toEqual([['killed', 2]]);
    expect(casualties('Une dizaine de camions incendiés, deux chauffeurs tués.')).toEqual([['killed', 2]]);
    expect(casualties('Les assaillants ont emporté 200 têtes de bétail et tué six bergers.')).toEqual([['killed', 6]]);
    expect(casualties('Twenty-eight trucks were torched; nobody was hurt.')).toEqual([]);
    // People counted next to a vehicle word are still people.
    expect(casualties('Twelve bus passengers were killed.')).toEqual([['killed', 12]]);
    expect(casualties('Deux hommes armés ont été abattus.')).toEqual([['killed', 2]]);
  });

  it('keeps a torched-convoy report at the drivers killed all the way to the fatalities figure', () => {
    const x = extract({ title: 'Convoy torched', text: 'Gunmen torched twenty fuel tankers on the road, killing three drivers.' });
    expect(highestPerKind(x.casualties)).toEqual({ killed: 3 });
    expect(x.casualties[0]?.evidence.quote).toBe('killing three drivers');
  });

  it('quotes the words it read, as written', () => {
    const x = extract({ title: 'Nord-Bénin : plus de 35 soldats tués', text: 'Rien d’autre.' });
    expect(x.casualties[0]?.evidence.quote).toBe('35 soldats tués');
    expect(x.casualties[0]?.evidence.sentence).toBe('Nord-Bénin : plus de 35 soldats tués');
  });
});
