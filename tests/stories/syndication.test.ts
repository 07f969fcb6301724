import { describe, expect, it } from 'vitest';
import { agencyCitations } from '../../src/stories/syndication.js';

/** Sentences written for these tests, in English and French. */
const cited = (text: string, extra: { byline?: string; url?: string } = {}) =>
  agencyCitations({ url: extra.url ?? 'https://outlet.example/story', text, byline: extra.byline }).map((c) => `${c.agency}:${c.signal}`);

describe('agency citations', () => {
  it('reads datelines at the head of the text', () => {
    expect(cited('NIAMEY (AFP) – Une patrouille a été attaquée dans la région de Tillabéri.')).toEqual(['AFP:dateline']);
    expect(cited('OUAGADOUGOU, March 4 (Reuters) - An army patrol was ambushed in the north.')).toEqual(['Reuters:dateline']);
    expect(cited('Dakar (APA) - Le trafic a repris sur le corridor.')).toEqual(['APA:dateline']);
  });

  it('reads sign-offs at the end and the page byline', () => {
    expect(cited('Le bilan reste provisoire, selon les autorités locales. (avec AFP)')).toEqual(['AFP:signoff']);
    expect(cited('The toll could rise. — Reuters')).toEqual(['Reuters:signoff']);
    expect(cited('Un camp a été visé dimanche.', { byline: 'La Rédaction avec AFP' })).toEqual(['AFP:byline']);
    expect(cited('A camp was attacked.', { byline: 'By Associated Press' })).toEqual(['AP:byline']);
  });

  it('takes a report that credits an agency again and again for its copy, in either language', () => {
    expect(cited("Au moins dix civils ont été tués, a indiqué à l'AFP un élu de la commune. Deux camions ont brûlé, selon l'AFP.")).toEqual(['AFP:attribution']);
    expect(cited("Selon l'Agence France-Presse, le convoi comptait trente véhicules. L'armée a confirmé à l'AFP l'attaque.")).toEqual(['AFP:attribution']);
    expect(cited('Two soldiers died, a local official told Reuters by phone. Residents told Reuters the market was shut.')).toEqual(['Reuters:attribution']);
    expect(cited('According to Xinhua, the bridge was destroyed overnight. Xinhua reported that traffic stopped.')).toEqual(['Xinhua:attribution']);
  });

  it('does not take one fact credited to an agency for the agency copy: the outlet cites it in its own report', () => {
    expect(cited("Au moins dix civils ont été tués, a indiqué à l'AFP un élu de la commune.")).toEqual([]);
    expect(cited('Our correspondent saw burned trucks. Two soldiers died, a local official told Reuters by phone.')).toEqual([]);
  });

  it('does not take a mention, a lower-case word or a photo-less byline for an agency', () => {
    expect(cited('The army statement could not be verified by AFP or other media.')).toEqual([]);
    expect(cited('Gunmen on motorbikes stormed the village, ap sources say; ani was absent.')).toEqual([]);
    expect(cited('Le marché a rouvert mardi.', { byline: 'Moussa Traoré' })).toEqual([]);
  });

  it('takes a canonical URL on an agency site for the agency copy', () => {
    expect(cited('Gunmen attacked a convoy.', { url: 'https://www.reuters.com/world/africa/convoy-2026-03-04/' })).toEqual(['Reuters:canonical']);
  });
});
