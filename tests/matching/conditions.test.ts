import { describe, expect, it } from 'vitest';
import type { PlaceMention } from '../../src/extraction/extraction.js';
import { CONDITIONS, conditionPlugin } from '../../src/matching/conditions/index.js';
import { CompileError, type ConditionConfig, pathString, type Reference, type ReferenceKind } from '../../src/matching/conditions/condition.js';
import { referenceProblems } from '../../src/matching/references.js';
import { MAX_REGEX_MS_PER_10K, regexCostMsPer10k } from '../../src/matching/conditions/phrase/index.js';
import { extract } from '../../src/extraction/extract.js';
import { check, compile, emptyExtraction, ev, place } from './helpers.js';

describe('frame', () => {
  const text = 'Troops killed twelve ISWAP fighters near Say. Gunmen killed two rangers in the W park.';
  const extraction = () => extract({ title: '', text });

  it('source_not and except leave out the frames they describe, and keep the rest', () => {
    expect(check({ type: 'frame', action: ['killing'] }, text, extraction()).ok).toBe(true);
    const notTheArmy = check({ type: 'frame', action: ['killing', 'attack'], except: [{ action: ['killing'], agent: ['state'] }] }, text, extraction());
    expect(notTheArmy.ok).toBe(true);
    expect(notTheArmy.evidence.map((e) => e.sentence)).toEqual([expect.stringContaining('Gunmen')]);
    const neither = check({ type: 'frame', action: ['killing'], except: [{ agent: ['state'] }, { agent: ['militant'] }] }, text, extraction());
    expect(neither.ok).toBe(false);
  });
});

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

  it('refuses a regex whose measured cost is too high, naming the cost (issue 19: (.*a){20} took 5.5 s per 100,000 characters)', () => {
    expect(() => compile({ type: 'phrase', regex: '(.*a){20}' })).toThrow(/regex rejected: costs ~\d+ ms per 10,000 characters \(limit 100\); nested or long counted repetition/);
    expect(regexCostMsPer10k('RN ?[13]\\b')).toBeLessThan(MAX_REGEX_MS_PER_10K / 5);
  });

  it('searches only the first 20,000 characters of a document with a regex', () => {
    const filler = 'Les habitants de la région décrivent une situation calme malgré la saison des pluies. '.repeat(1200);
    expect(filler.length).toBeGreaterThan(100_000);
    const cond = { type: 'phrase', regex: '(\\w+\\s+){0,10}tanker' };
    expect(check(cond, `Convoi\nUn tanker a brûlé. ${filler}`).ok).toBe(true);
    // The cut, not the time a check takes (that is for npm run bench): inside it found, past it not.
    const at = (chars: number) => `Convoi\n${filler.slice(0, chars)} Un tanker a brûlé. ${filler}`;
    expect(check(cond, at(19_000)).ok).toBe(true);
    expect(check(cond, at(21_000)).ok).toBe(false);
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
  it('region and place: inside a sentence window, a town named only as destination or far away gives way to one named plainly', () => {
    const t = 'Trucks were torched near Sikasso, far from Diboli. Traffic towards Diboli is normal.';
    const sikasso = place(t, 'Sikasso', 'place/ml/sikasso', { country: 'ML', lat: 11.32, lon: -5.67 });
    const diboli = { ...place(t, 'Diboli', 'place/diboli', { country: 'ML', lat: 14.47, lon: -12.19 }), evidence: [ev(t, 'Diboli'), ev(t, 'Diboli', 1)] };
    const elsewhere = { ...diboli, elsewhere: diboli.evidence.map((e) => e.start) };
    const window = (config: ConditionConfig, places: PlaceMention[]) => check({ type: 'same_sentence', sentences: 2, of: [config, { type: 'phrase', en: ['torched'] }] }, t, { ...emptyExtraction(), places });
    expect(window({ type: 'region', in: ['kayes-corridors'] }, [sikasso, elsewhere]).ok).toBe(false);
    expect(window({ type: 'place', ids: ['diboli'] }, [sikasso, elsewhere]).ok).toBe(false);
    // Without the flag, or with no other town named, Diboli counts.
    expect(window({ type: 'region', in: ['kayes-corridors'] }, [sikasso, diboli]).ok).toBe(true);
    expect(window({ type: 'region', in: ['kayes-corridors'] }, [elsewhere]).ok).toBe(true);
    // Outside a window (the whole document), every mention counts.
    expect(check({ type: 'place', ids: ['diboli'] }, t, { ...emptyExtraction(), places: [sikasso, elsewhere] }).ok).toBe(true);
  });
  it('region outside: a town named plainly off the regions holds, one named only as origin or destination does not', () => {
    const t = 'Tankers from Senegal were torched near Sikasso. Trucks heading to Sikasso were burned near Diboli.';
    const sikasso = place(t, 'Sikasso', 'place/ml/sikasso', { country: 'ML', lat: 11.32, lon: -5.67 });
    const diboli = place(t, 'Diboli', 'place/diboli', { country: 'ML', lat: 14.47, lon: -12.19 });
    const outside = { type: 'region', in: ['kayes-corridors'], outside: true };
    const r = check(outside, t, { ...emptyExtraction(), places: [sikasso, diboli] });
    expect(r.ok).toBe(true);
    expect(r.explanation[0]?.detail).toContain('Sikasso (outside kayes-corridors)');
    expect(check(outside, t, { ...emptyExtraction(), places: [diboli] }).ok).toBe(false);
    const asDestination = { ...sikasso, evidence: [ev(t, 'Sikasso', 1)], elsewhere: [ev(t, 'Sikasso', 1).start] };
    expect(check(outside, t, { ...emptyExtraction(), places: [asDestination, diboli] }).why).toContain('no named place outside kayes-corridors');
  });
  it('region: country filter and unknown region name', () => {
    expect(check({ type: 'region', in: ['kayes-corridors'], countries: ['SN'] }, text, x).ok).toBe(false);
    expect(() => compile({ type: 'region', in: ['kayes'] })).toThrow('unknown region "kayes" (known: kayes-corridors, w-arly-pendjari)');
  });
  it('country: named, through a place, or by demonym', () => {
    const withDemonym = { ...x, countries: ['ML', 'NE'] };
    expect(check({ type: 'country', any_of: ['NE', 'BF'] }, text, withDemonym).ok).toBe(true);
    expect(check({ type: 'country', any_of: ['NE'] }, text, withDemonym).explanation[0]?.detail).toBe('country NE');
    expect(check({ type: 'country', any_of: ['SN'] }, text, withDemonym).why).toContain('concerns none of SN');
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
  it('same_sentence with clauses: semicolons, and "but this", bound the first condition\'s sentence', () => {
    const clauses = (text: string, sentences = 1) => check({ type: 'same_sentence', sentences, clauses: true, of: [seized, drone] }, text).ok;
    expect(clauses('Drones were common there; soldiers seized rifles.')).toBe(false);
    expect(clauses('Rifles were common there; soldiers seized a drone.')).toBe(true);
    // Without the option a semicolon is no boundary.
    expect(check({ type: 'same_sentence', of: [seized, drone] }, 'Drones were common there; soldiers seized rifles.').ok).toBe(true);
    // A window of two sentences reaches the next sentence only from the clause that ends its sentence.
    expect(clauses('Soldiers seized rifles; they left. A drone was found.', 2)).toBe(false);
    expect(clauses('Rifles were found; soldiers seized everything. A drone was among it.', 2)).toBe(true);
    expect(clauses('A drone was seen. Soldiers seized rifles; it rained.', 2)).toBe(true);
    expect(clauses('A drone was seen. It rained; soldiers seized rifles.', 2)).toBe(false);
    // A comma, "but" and a demonstrative set this event against what came before; a bare "but" goes on with it.
    expect(clauses('Drones were common there, but this time soldiers seized rifles.')).toBe(false);
    const saisi = { type: 'phrase', fr: ['saisi'] };
    const dronesFr = { type: 'phrase', fr: ['drone*'] };
    const clausesFr = (text: string) => check({ type: 'same_sentence', clauses: true, of: [saisi, dronesFr] }, text).ok;
    expect(clausesFr('Les drones y étaient courants, mais cette fois les soldats ont saisi des fusils.')).toBe(false);
    expect(clausesFr('Les fusils y étaient courants, mais les soldats ont saisi un drone.')).toBe(true);
    expect(clauses('Rifles were common there, but this time soldiers seized a drone.')).toBe(true);
    expect(clauses('Officials gave no details, but soldiers seized a drone.')).toBe(true);
    expect(clauses('A drone was seen. Officials gave no details, but soldiers seized rifles.', 2)).toBe(true);
  });

  it('same_sentence scopes extraction evidence too', () => {
    const t = 'JNIM attacked Kayes. Trucks were fine.';
    const x = { ...emptyExtraction(), events: [{ type: 'attack', evidence: [ev(t, 'attacked')] }] };
    expect(check({ type: 'same_sentence', of: [{ type: 'event', any_of: ['attack'] }, { type: 'phrase', en: ['trucks'] }] }, t, x).ok).toBe(false);
  });
});

/**
 * One valid configuration per registered condition, using real gazetteer ids wherever the
 * condition takes ids. A new condition adds its sample here; if it takes ids, its plugin
 * must declare them through `references` (checked below), so the loader can reject typos.
 */
const SAMPLES: Record<string, ConditionConfig> = {
  all: { type: 'all', of: [{ type: 'phrase', en: ['tanker'] }] },
  any: { type: 'any', of: [{ type: 'phrase', en: ['tanker'] }] },
  not: { type: 'not', of: { type: 'phrase', en: ['tanker'] } },
  same_sentence: { type: 'same_sentence', of: [{ type: 'phrase', en: ['tanker'] }, { type: 'phrase', fr: ['citerne'] }], sentences: 2 },
  actor: { type: 'actor', any_of: ['jnim', 'actor/iswap'] },
  person: { type: 'person', any_of: ['iyad-ag-ghali', 'person/amadou-koufa'] },
  event: { type: 'event', any_of: ['attack', 'seizure'] },
  frame: {
    type: 'frame',
    action: ['seizure'],
    object: ['drone', 'equipment/starlink'],
    agent: ['state'],
    agent_not: ['jnim'],
    source: ['militant', 'actor/iswap'],
    source_not: ['actor/fla'],
    except: [{ action: ['arrest'], agent: ['actor/boko-haram'], source: ['state'] }],
  },
  equipment: { type: 'equipment', any_of: ['drone', 'equipment/starlink'] },
  place: { type: 'place', ids: ['place/ml/diboli', 'country/ml'], countries: ['ML'], kinds: ['town'] },
  region: { type: 'region', in: ['kayes-corridors'], countries: ['ML'] },
  phrase: { type: 'phrase', en: ['tanker'], fr: ['camion citerne'], near: { phrases: ['torched'], within_words: 4 } },
  country: { type: 'country', any_of: ['NE'] },
  language: { type: 'language', any_of: ['fr'] },
  speaker: { type: 'speaker', speakers: ['amadou-koufa'], media: ['video'], mentions: { ids: ['country/ng', 'actor/jnim'], countries: ['NG'], phrases: ['lagos'] } },
  casualties: { type: 'casualties', kinds: ['killed'], at_least: 2 },
};

const KINDS: readonly ReferenceKind[] = ['actor', 'person', 'event', 'equipment', 'place', 'mention'];

/** Whether a string, read as any kind of reference, names something the gazetteer knows. */
function isGazetteerId(value: string): boolean {
  return KINDS.some((kind) => referenceProblems([{ kind, id: value, path: [] }]).length === 0);
}

/** Every string option of a condition (not of its nested conditions), with its key path. */
function stringLeaves(value: unknown, path: (string | number)[] = []): [string, string][] {
  if (typeof value === 'string') return [[pathString(path), value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  const type = (value as { type?: unknown }).type;
  if (path.length > 0 && typeof type === 'string' && conditionPlugin(type)) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'type' && path.length === 0 ? [] : stringLeaves(v, [...path, k])));
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value);
}

describe('contract: every registered condition', () => {
  it('each plugin has a type, description and strict options', () => {
    for (const c of CONDITIONS) {
      expect(c.type).toMatch(/^[a-z_]+$/);
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.options.safeParse({ type: c.type, not_an_option: 1 }).success).toBe(false);
    }
  });

  it.each(CONDITIONS.map((c) => c.type))('%s has a valid sample in SAMPLES (add one for a new condition)', (type) => {
    const sample = SAMPLES[type];
    expect(sample, `add a sample configuration of "${type}" to SAMPLES in this file`).toBeDefined();
    expect(conditionPlugin(type)!.options.safeParse(sample).success).toBe(true);
  });

  it.each(CONDITIONS.map((c) => c.type))('%s declares every gazetteer id it takes, at its key path', (type) => {
    const plugin = conditionPlugin(type)!;
    const sample = SAMPLES[type];
    if (!sample) return; // reported by the test above
    const refs: Reference[] = plugin.references?.(plugin.options.parse(sample)) ?? [];
    for (const ref of refs) expect(valueAt(sample, ref.path), `${type} ${pathString(ref.path)}`).toBe(ref.id);
    const declared = new Set(refs.map((r) => pathString(r.path)));
    const undeclared = stringLeaves(sample).filter(([path, value]) => !declared.has(path) && isGazetteerId(value));
    expect(undeclared, `${type} takes gazetteer ids its references() does not declare`).toEqual([]);
    // The ids are real, and a typo in any of them is caught with the real id as the suggestion.
    expect(referenceProblems(refs)).toEqual([]);
    const typos = refs.map((r) => ({ ...r, id: `${r.id}x` }));
    const suggested = (id: string) => expect.stringMatching(new RegExp(`did you mean .*"([a-z]+/)*${id.split('/').pop()}"`));
    expect(referenceProblems(typos).map((p) => p.message)).toEqual(refs.map((r) => suggested(r.id)));
  });

  it('the conditions that take ids declare them (actor, person, event, equipment, place, speaker)', () => {
    const kinds = (type: string) => {
      const plugin = conditionPlugin(type)!;
      return [...new Set((plugin.references?.(plugin.options.parse(SAMPLES[type])) ?? []).map((r) => `${pathString(r.path).replace(/\[\d+\]$/, '')}: ${r.kind}`))];
    };
    expect(kinds('actor')).toEqual(['any_of: actor']);
    expect(kinds('person')).toEqual(['any_of: person']);
    expect(kinds('event')).toEqual(['any_of: event']);
    expect(kinds('equipment')).toEqual(['any_of: equipment']);
    expect(kinds('place')).toEqual(['ids: place']);
    expect(kinds('speaker')).toEqual(['speakers: person', 'mentions.ids: mention']);
  });
});

describe('indicators/README.md', () => {
  it('lists every registered condition with its description (generated table is current)', async () => {
    const { readFileSync } = await import('node:fs');
    const { conditionTable } = await import('../../src/matching/conditions/index.js');
    expect(readFileSync('indicators/README.md', 'utf8')).toContain(conditionTable());
  });
});
