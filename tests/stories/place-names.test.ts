import { describe, expect, it } from 'vitest';
import { commonPlaces, nameSkeleton, samePlace } from '../../src/stories/place-names.js';

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
});
