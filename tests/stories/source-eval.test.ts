import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/eval/corpus.js';
import { parseSourceSet, readSourceSet, scoreSources } from '../../src/eval/sources.js';
import { copiedReport, reportFingerprint } from '../../src/stories/cluster.js';

/**
 * `sahelwatch eval-sources` scoring on a fixture written for it
 * (tests/fixtures/eval/sources-sample.jsonl): an AFP dispatch printed by two
 * outlets and reprinted by a third with its dateline stripped, a Reuters
 * dispatch and its reprint under a Reuters byline, outlets' own reporting,
 * one outlet's two reports, and each kind of account.
 */
const items = readSourceSet('tests/fixtures/eval/sources-sample.jsonl');
const scores = scoreSources(items);
const decision = (id: string) => {
  const d = scores.decisions.find((x) => x.id === id);
  if (!d) throw new Error(`no decision for ${id}`);
  return d;
};

describe('eval-sources scoring', () => {
  it('links a reprint with no agency marker to the dispatch by text similarity alone', () => {
    const reprint = decision('boni-reprint-nomarker');
    expect(reprint.agencies).toEqual([]);
    expect(reprint.copyOf?.id).toBe('boni-afp-rfi');
    expect(reprint.copyOf?.score).toBeGreaterThanOrEqual(scores.copyThreshold);
    expect(reprint.group).toBe(decision('boni-afp-rfi').group);
    // The code cannot name an agency the text no longer shows: that miss is counted, not hidden.
    expect(scores.syndication.agency).toMatchObject({ n: 4, of: 5 });
    expect(scores.errors.agency).toEqual([{ id: 'boni-reprint-nomarker', labelled: 'AFP', predicted: [] }]);
  });

  it('keeps independent reports of one incident apart, and one outlet\'s two reports together', () => {
    expect(decision('djibo-local-residents').group).not.toBe(decision('djibo-reuters').group);
    expect(decision('djibo-local-residents').group).not.toBe(decision('djibo-army-statement').group);
    expect(decision('boni-local-tamani').group).not.toBe(decision('boni-afp-rfi').group);
    expect(decision('kayes-studio-2').group).toBe(decision('kayes-studio-1').group);
    expect(decision('djibo-reuters-byline').group).toBe(decision('djibo-reuters').group);
  });

  it('scores same-source pairs, independent-source counts and accounts against the labels', () => {
    expect(scores).toMatchObject({ reports: 12, incidents: 3, labelledGroups: 8, syndicatedGroups: 3 });
    expect(scores.syndication.pairs).toBe(10 + 6 + 3);
    expect(scores.syndication.sameSource).toMatchObject({ tp: 5, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(scores.syndication.sourceCounts).toMatchObject({ n: 3, of: 3 });
    expect(scores.errors.merged).toEqual([]);
    expect(scores.errors.split).toEqual([]);
    expect(decision('boni-denial-maliweb').account.kind).toBe('denial');
    expect(decision('djibo-reuters').account.kind).toBe('claim');
    expect(decision('kayes-studio-1').account.kind).toBe('own');
    expect(scores.accounts.accuracy).toMatchObject({ n: 12, of: 12 });
    expect(scores.accounts.confusion.denial.denial).toBe(1);
    expect(Object.keys(scores.byLanguage)).toEqual(['en', 'fr']);
    expect(scores.byLanguage.en?.accuracy).toMatchObject({ n: 4, of: 4 });
    // Every kind missed from `found` on a report whose main kind is right is listed.
    expect(scores.errors.found.filter((f) => f.missing.includes('official')).length).toBe(scores.accounts.found.official.fn);
  });

  it('counts a wrong merge and a wrong split against the labels, with the reason', () => {
    // Relabel: the France 24 print as its own source (the code merges it: the AFP dateline) and the local report as AFP's (the code splits it).
    const relabelled = items.map((i) =>
      i.id === 'boni-afp-france24' ? { ...i, source_group: 'f24-boni' } : i.id === 'boni-local-tamani' ? { ...i, source_group: 'afp-boni' } : i,
    );
    const s = scoreSources(relabelled);
    expect(s.syndication.sameSource.precision).toBeLessThan(1);
    expect(s.syndication.sameSource.recall).toBeLessThan(1);
    expect(s.errors.merged.find((m) => m.a === 'boni-afp-rfi' && m.b === 'boni-afp-france24')?.why).toMatch(/both rest on AFP/);
    expect(s.errors.split.find((m) => m.a === 'boni-afp-rfi' && m.b === 'boni-local-tamani')?.why).toMatch(/text overlap 0\.\d\d < 0\.7/);
  });

  it('treats a raised copy threshold as the analyze stage would: the stripped reprint is then its outlet\'s own', () => {
    const s = scoreSources(items, { copy_similarity: 0.99 });
    expect(s.errors.split.map((e) => [e.a, e.b])).toContainEqual(['boni-afp-rfi', 'boni-reprint-nomarker']);
  });

  it('rejects a bad line with the file, line and field', () => {
    const good = JSON.stringify(items[0]);
    const bad = JSON.stringify({ ...items[1], account: 'confirmed' });
    expect(() => parseSourceSet(`${good}\n${bad}\n`, 'set.jsonl')).toThrow(CorpusError);
    expect(() => parseSourceSet(`${good}\n${bad}\n`, 'set.jsonl')).toThrow(/^set\.jsonl:2: account: /);
    expect(() => parseSourceSet(`${good}\n${good}\n`, 'set.jsonl')).toThrow(/^set\.jsonl:2: id: duplicate id/);
  });
});

describe('copies of an unmarked original', () => {
  it('links a later copy to the first published text it repeats, so the original joins its copies', () => {
    const fp = (text: string) => reportFingerprint({ title: 'Attaque de Koutougou', text });
    const original = [
      'Une dizaine de militaires burkinabè ont été tués lundi dans une attaque d’envergure contre le détachement de Koutougou, dans la province du Soum, selon un communiqué de l’état-major.',
      'Plusieurs soldats sont portés disparus et des renforts aériens ont été dépêchés sur les lieux pour traquer les assaillants, qui ont incendié une partie du camp.',
      'L’attaque n’a pas été revendiquée dans l’immédiat, mais la zone est le théâtre d’opérations du groupe Ansarul Islam depuis 2016.',
    ].join('\n\n');
    const copy = `${original}\n\nLe bilan reste provisoire.`;
    const closerCopy = `${copy}\n\nLes écoles de la province restent fermées.`;
    const candidates = [
      { articleId: 'original', outlet: 'Presse Côte d’Ivoire', fingerprint: fp(original), published: '2019-08-20T08:00:00Z' },
      { articleId: 'copy', outlet: 'PressAfrik', fingerprint: fp(copy), published: '2019-08-20T09:00:00Z' },
    ];
    expect(copiedReport({ outlet: 'Slate Afrique', fingerprint: fp(closerCopy) }, candidates, 0.7)?.articleId).toBe('original');
    // A text below the threshold is no original, however early.
    const unrelated = { articleId: 'other', outlet: 'Sidwaya', fingerprint: fp('Le marché de Djibo a rouvert mardi après trois semaines de fermeture, selon des commerçants.'), published: '2019-08-19T08:00:00Z' };
    expect(copiedReport({ outlet: 'Slate Afrique', fingerprint: fp(closerCopy) }, [unrelated, ...candidates], 0.7)?.articleId).toBe('original');
  });
});
