import { describe, expect, it } from 'vitest';
import { commonPlaces, nameSkeleton, placeIndexKeys, samePlace } from '../../src/stories/place-names.js';

describe('one place under several spellings', () => {
  it('gives transliterations of one name one skeleton', () => {
    expect(new Set(['tchangabere', 'changabere', 'chengabeere'].map(nameSkeleton))).toEqual(new Set(['cngbr']));
    expect(nameSkeleton('djibasso')).toBe(nameSkeleton('jibaso'));
    expect(nameSkeleton('tangabere')).not.toBe(nameSkeleton('tchangabere'));
  });

  it('compares only names long enough to tell apart', () => {
    expect(nameSkeleton('kaya')).toBe('');
    expect(samePlace('place/unlisted/boni', 'place/unlisted/bani')).toBe(false);
  });

  it('merges an unlisted spelling with a listed place or another unlisted one, never two listed places', () => {
    expect(samePlace('place/unlisted/changabere', 'place/bf/tchangabere')).toBe(true);
    expect(samePlace('place/unlisted/changabere', 'place/unlisted/tchangabere')).toBe(true);
    expect(samePlace('place/bf/changabere', 'place/ne/tchangabere')).toBe(false);
    expect(commonPlaces(['place/unlisted/changabere', 'place/bf/dori'], ['place/bf/tchangabere'])).toBe(1);
  });

  it('takes a spelling one consonant short for the same place, indexed so either finds the other, but not a consonant swapped', () => {
    expect(samePlace('place/unlisted/bakaram', 'place/unlisted/barkaram')).toBe(true);
    expect(samePlace('place/unlisted/barkaram', 'place/unlisted/bakaram')).toBe(true);
    const [short, long] = [placeIndexKeys(['place/unlisted/bakaram']), placeIndexKeys(['place/unlisted/barkaram'])];
    expect(short.some((k) => long.includes(k) && k.startsWith('~'))).toBe(true);
    // Another first letter, or another consonant in the same place, is another village (Tangabéré is not Changabere).
    expect(samePlace('place/unlisted/tangabere', 'place/unlisted/changabere')).toBe(false);
    expect(samePlace('place/unlisted/barkaram', 'place/unlisted/barkadam')).toBe(false);
    // Too short to drop a letter from: "Bohoma" and "Bouma".
    expect(samePlace('place/unlisted/bohoma', 'place/unlisted/boma')).toBe(false);
  });
});
