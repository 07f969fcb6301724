import { describe, expect, it } from 'vitest';
import { CONDITIONS } from '../../src/matching/conditions/index.js';
import { CompileError } from '../../src/matching/conditions/condition.js';
import { check, compile, emptyExtraction, ev, place } from './helpers.js';

describe('phrase', () => {
  it('matches folded words in any language, ignoring case and accents', () => {
    const r = check({ type: 'phrase', fr: ['camion citerne'] }, 'Un CAMION-CITERNE a été incendié.');
    expect(r.ok).toBe(true);
    expect(r.evidence[0]?.quote).toBe('CAMION-CITERNE');
  });

  it('treats word* as a prefix and needs whole words otherwise', () => {
    expect(check({ type: 'phrase', fr: ['attaqu*'] }, 'Les assaillants ont attaqué le poste.').ok).toBe(true);
    expect(check({ type: 'phrase', en: ['kill'] }, 'Two were killed.').ok).toBe(false);
  });

  it('honours near: within N words', () => {
    const cond = { type: 'phrase', en: ['drone*'], near: { phrases: ['seized'], within_words: 3 } };
    expect(check(cond, 'Troops seized two drones near the camp.').ok).toBe(true);
    const far = check(cond, 'Troops seized rifles, ammunition, motorbikes, fuel and food; drones were seen overhead.');
    expect(far.ok).toBe(false);
    expect(far.why).toContain('not within 3 words');
  });

  it('runs an RE2 regex on the original text', () => {
    const r = check({ type: 'phrase', regex: 'RN ?[13]\\b' }, 'Embuscade sur la RN3 près de Didiéni.');
    expect(r.ok).toBe(true);
    expect(r.evidence[0]?.quote).toBe('RN3');
  });

  it('rejects a regex that is not linear-time with a clear message', () => {
    expect(() => compile({ type: 'phrase', regex: '(\\w+)\\s\\1' })).toThrow(/linear-time RE2 syntax/);
    expect(() => compile({ type: 'phrase', regex: 'drone(?=s)' })).toThrow(CompileError);
  });

  it('says why it did not match', () => {
    const r = check({ type: 'phrase', en: ['blockade'] }, 'Fuel prices rose in Bamako.');
    expect(r.why).toMatch(/^when \(phrase\): none of "blockade"/);
  });
});

describe('entity conditions read the extraction', () => {
  const text = 'JNIM fighters led by Iyad Ag Ghali seized a drone.';
  const x = {
    ...emptyExtraction(),
    actors: [{ id: 'actor/jnim', name: 'JNIM', evidence: [ev(text, 'JNIM')] }],
    people: [{ id: 'person/iyad-ag-ghali', name: 'Iyad Ag Ghali', evidence: [ev(text, 'Iyad Ag Ghali')] }],
    equipment: [{ id: 'equipment/drone', name: 'drone', evidence: [ev(text, 'drone')] }],
    events: [{ type: 'seizure', evidence: [ev(text, 'seized')] }],
  };
  it.each([
    [{ type: 'actor', any_of: ['jnim'] }, true],
    [{ type: 'actor', any_of: ['actor/iswap'] }, false],
    [{ type: 'person', any_of: ['iyad-ag-ghali'] }, true],
    [{ type: 'equipment', any_of: ['drone', 'starlink'] }, true],
    [{ type: 'event', any_of: ['seizure'] }, true],
    [{ type: 'event', any_of: ['ambush'] }, false],
  ])('%j → %s', (cond, expected) => {
    const r = check(cond, text, x);
    expect(r.ok).toBe(expected);
    if (!expected) expect(r.why).toBeTruthy();
  });
});

describe('place, region, language, casualties', () => {
  const text = 'Gunmen attacked trucks near Diboli. Two drivers were killed. Another convoy reached Bamako.';
  const x = {
    ...emptyExtraction('fr'),
    places: [
      place(text, 'Diboli', 'place/diboli', { country: 'ML', lat: 14.47, lon: -12.19 }),
      place(text, 'Bamako', 'place/bamako', { country: 'ML', lat: 12.65, lon: -8.0 }),
    ],
    casualties: [{ kind: 'killed' as const, count: 2, evidence: ev(text, 'Two drivers were killed') }],
  };
  it('place by id, country and kind', () => {
    expect(check({ type: 'place', ids: ['diboli'] }, text, x).ok).toBe(true);
    expect(check({ type: 'place', countries: ['SN'] }, text, x).ok).toBe(false);
    expect(check({ type: 'place', kinds: ['protected-area'] }, text, x).ok).toBe(false);
  });
  it('region: a place inside the corridor buffer matches, Bamako does not', () => {
    const r = check({ type: 'region', in: ['kayes-corridors'] }, text, x);
    expect(r.ok).toBe(true);
    expect(r.evidence.map((e) => e.quote)).toEqual(['Diboli']);
    expect(r.explanation[0]?.detail).toContain('Diboli (kayes-corridors: ');
  });
  it('region: country filter and unknown region name', () => {
    expect(check({ type: 'region', in: ['kayes-corridors'], countries: ['SN'] }, text, x).ok).toBe(false);
    expect(() => compile({ type: 'region', in: ['kayes'] })).toThrow('unknown region "kayes" (known: kayes-corridors, w-arly-pendjari)');
  });
  it('language', () => {
    expect(check({ type: 'language', any_of: ['fr'] }, text, x).ok).toBe(true);
    expect(check({ type: 'language', any_of: ['en'] }, text, x).why).toContain('article is in "fr"');
  });
  it('casualties at_least', () => {
    expect(check({ type: 'casualties', at_least: 2 }, text, x).ok).toBe(true);
    expect(check({ type: 'casualties', at_least: 3 }, text, x).ok).toBe(false);
    expect(check({ type: 'casualties', kinds: ['kidnapped'], at_least: 1 }, text, x).ok).toBe(false);
  });
});

describe('speaker', () => {
  const text = 'In a new video, Amadou Koufa calls on Fulani in Nigeria and Ghana to join the jihad.';
  const x = {
    ...emptyExtraction(),
    statements: [{ speakerId: 'person/amadou-koufa', speaker: 'Amadou Koufa', medium: 'video' as const, mentions: ['country/ng', 'country/gh'], evidence: [ev(text, 'Amadou Koufa')] }],
  };
  it('a statement by X that mentions Y', () => {
    const r = check({ type: 'speaker', speakers: ['amadou-koufa'], mentions: { countries: ['NG'] } }, text, x);
    expect(r.ok).toBe(true);
    expect(r.explanation[0]?.detail).toBe('video by Amadou Koufa mentioning country/ng');
  });
  it('wrong speaker, wrong topic, wrong medium', () => {
    expect(check({ type: 'speaker', speakers: ['iyad-ag-ghali'] }, text, x).ok).toBe(false);
    expect(check({ type: 'speaker', speakers: ['amadou-koufa'], mentions: { countries: ['FR'] } }, text, x).ok).toBe(false);
    expect(check({ type: 'speaker', speakers: ['amadou-koufa'], media: ['audio'] }, text, x).ok).toBe(false);
  });
  it('phrases inside the reported statement', () => {
    expect(check({ type: 'speaker', speakers: ['amadou-koufa'], mentions: { phrases: ['jihad'] } }, text, x).ok).toBe(true);
  });
});

describe('all / any / not / same_sentence', () => {
  const text = 'Soldiers seized weapons in the camp. A drone was seen overhead.';
  const seized = { type: 'phrase', en: ['seized'] };
  const drone = { type: 'phrase', en: ['drone*'] };
  it('all needs every child and reports the first failure', () => {
    expect(check({ type: 'all', of: [seized, drone] }, text).ok).toBe(true);
    const r = check({ type: 'all', of: [seized, { type: 'phrase', en: ['starlink'] }] }, text);
    expect(r.why).toContain('when.of[1] (phrase)');
  });
  it('any needs one child', () => {
    expect(check({ type: 'any', of: [{ type: 'phrase', en: ['starlink'] }, drone] }, text).ok).toBe(true);
  });
  it('not excludes, naming what excluded it', () => {
    const r = check({ type: 'not', of: drone }, text);
    expect(r.ok).toBe(false);
    expect(r.why).toContain('excluded by phrase: drone');
  });
  it('same_sentence: "seized drones" differs from "seized" here and "drone" there', () => {
    expect(check({ type: 'same_sentence', of: [seized, drone] }, text).ok).toBe(false);
    expect(check({ type: 'same_sentence', of: [seized, drone] }, 'Soldiers seized a drone. Nothing else.').ok).toBe(true);
    expect(check({ type: 'same_sentence', sentences: 2, of: [seized, drone] }, text).ok).toBe(true);
  });
  it('same_sentence scopes extraction evidence too', () => {
    const t = 'JNIM attacked Kayes. Trucks were fine.';
    const x = { ...emptyExtraction(), events: [{ type: 'attack', evidence: [ev(t, 'attacked')] }] };
    expect(check({ type: 'same_sentence', of: [{ type: 'event', any_of: ['attack'] }, { type: 'phrase', en: ['trucks'] }] }, t, x).ok).toBe(false);
  });
});

describe('contract: every registered condition', () => {
  it('each plugin has a type, description and strict options', () => {
    for (const c of CONDITIONS) {
      expect(c.type).toMatch(/^[a-z_]+$/);
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.options.safeParse({ type: c.type, not_an_option: 1 }).success).toBe(false);
    }
  });
});

describe('indicators/README.md', () => {
  it('lists every registered condition with its description (generated table is current)', async () => {
    const { readFileSync } = await import('node:fs');
    const { conditionTable } = await import('../../src/matching/conditions/index.js');
    expect(readFileSync('indicators/README.md', 'utf8')).toContain(conditionTable());
  });
});
