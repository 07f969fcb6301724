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
  ])('a denial, which outweighs the rest: %s', (text, expected) => expect(kind(text)).toBe(expected));

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

  it('lists every kind found and quotes the sentence of the main one', () => {
    const account = classifyAccount('Gunmen attacked the post. JNIM claimed the attack on Telegram. Residents said two civilians died.');
    expect(account).toEqual({ kind: 'claim', found: ['claim', 'local'], quote: 'JNIM claimed the attack on Telegram.' });
  });
});
