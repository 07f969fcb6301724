import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frenchAgreement, mayBeInFamily, wordFamilies } from '../../src/extraction/cue-words.js';
import { extract } from '../../src/extraction/extract.js';
import { defaultGazetteer, mayStartFamily, wordHead } from '../../src/extraction/gazetteer.js';
import { STEM_LANGUAGES, stemWord } from '../../src/extraction/stem.js';
import { tokenize } from '../../src/extraction/text.js';
import { TokenMarks } from '../../src/extraction/token-marks.js';
import { WordFilter, WordMap, WordSet } from '../../src/extraction/word-set.js';

// Shortcuts extraction takes for speed: each must give the answer the long way gives.
describe('lookups kept across articles', () => {
  it('gives zeroed token marks every time, past the length asked for too', () => {
    const marks = new TokenMarks();
    const first = marks.zeroed(10);
    first.fill(1, 0, 10);
    const second = marks.zeroed(4);
    expect([...second.subarray(0, 12)]).toEqual(new Array(12).fill(0));
    second.fill(1, 0, 4);
    const grown = marks.zeroed(5000);
    expect(grown.length).toBeGreaterThanOrEqual(5000);
    expect(grown.every((v) => v === 0)).toBe(true);
  });

  it('answers word sets and maps as a Set and a Map would, and never filters out a member, whatever the letters and length', () => {
    const words = ['a', 'killed', 'éte', '', '2024', 'x'.repeat(40)];
    const set = new WordSet(words);
    const map = new WordMap(words.map((w, i) => [w, i] as const));
    const filter = new WordFilter(words);
    for (const probe of [...words, 'b', 'kille', 'killed ', 'ete', 'x'.repeat(41), 'x'.repeat(31), '2025', 'A']) {
      expect(set.has(probe)).toBe(words.includes(probe));
      if (words.includes(probe)) expect(filter.mayHave(probe)).toBe(true);
      expect(map.get(probe)).toBe(words.includes(probe) ? words.indexOf(probe) : undefined);
    }
  });

  it('extracts an article the same after others were read', () => {
    const article = { title: 'Attaque près de Kayes', text: 'Des hommes armés ont attaqué un convoi de camions-citernes près de Diboli, tuant trois chauffeurs.', language: 'fr' };
    const alone = JSON.stringify(extract(article));
    extract({ title: 'Long', text: 'Troops recovered two drones from ISWAP fighters near Maiduguri. '.repeat(40), language: 'en' });
    extract({ title: 'Short', text: 'JNIM.', language: 'en' });
    expect(JSON.stringify(extract(article))).toBe(alone);
  });
});

describe('the first-word filter of the shipped gazetteer', () => {
  it('lets through every word that starts a phrase and turns away words that start none', () => {
    const gz = defaultGazetteer();
    for (const word of gz.tree.keys()) expect(gz.firstWords.mayHave(word)).toBe(true);
    expect(gz.firstWords.mayHave('qqqqqqqqqqqqqqqqqqqqqqqqz')).toBe(false);
  });
});

describe('word families told apart by first letter', () => {
  // The eval reports' words, the gazetteer's alias words and some words Snowball treats specially.
  const corpus = ['data/eval/train.jsonl', 'data/eval/test.jsonl']
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as { title: string; text: string });
  const words = new Set<string>(['dying', 'lying', 'tying', 'skies', 'skis', 'idly', 'gently', 'ugly', 'early', 'only', 'singly', 'news', 'yelling', 'quelques', 'yeux']);
  for (const item of corpus) for (const t of tokenize(`${item.title}\n\n${item.text}`).tokens) words.add(t.norm);
  for (const e of defaultGazetteer().entries) for (const list of Object.values(e.aliases)) for (const a of list) for (const t of tokenize(a).tokens) words.add(t.norm);

  it('relies on Snowball stems beginning with the word’s first letter, in English and French', () => {
    for (const language of STEM_LANGUAGES) {
      const changed = [...words].filter((w) => stemWord(w, language).charCodeAt(0) !== w.charCodeAt(0));
      expect(changed).toEqual([]);
    }
  });

  it('reads the gazetteer family heads from the letter table as from the set', () => {
    const gz = defaultGazetteer();
    for (const language of STEM_LANGUAGES) {
      const index = gz.stems[language];
      for (const w of [...words, 'ab', 'a', '', 'é1x', 'abc', 'zzz', '12a']) expect(mayStartFamily(index, w)).toBe(index.heads.has(wordHead(w)));
    }
  });

  it('never turns away a word of the families', () => {
    const families = wordFamilies({ en: ['threaten', 'plan', 'warn', 'deny'], fr: ['menacer', 'projeter', 'démentir'] });
    for (const language of STEM_LANGUAGES) {
      for (const w of words) if (families.stems[language].has(stemWord(w, language)) && w.length >= families.minStem) expect(mayBeInFamily(w, families, language)).toBe(true);
    }
  });
});

describe('French agreement of cue participles', () => {
  it('reads one written form in both genders and numbers', () => {
    expect(frenchAgreement('destinés').sort()).toEqual(['destine', 'destinee', 'destinees', 'destines']);
    expect(frenchAgreement('saisie').sort()).toEqual(['saisi', 'saisie', 'saisies', 'saisis']);
    expect(frenchAgreement('abattues').sort()).toEqual(['abattu', 'abattue', 'abattues', 'abattus']);
  });

  it('leaves words with no such form, and short words, as written', () => {
    expect(frenchAgreement('suspects')).toEqual(['suspects']);
    expect(frenchAgreement('sur')).toEqual(['sur']);
  });
});

describe('French "-dre" verbs as one word family', () => {
  it('joins the infinitive, the participle and the present of répondre, entendre, rendre', () => {
    for (const forms of [['repondre', 'repondu', 'repond', 'repondait', 'repondue'], ['entendre', 'entendu', 'entend'], ['rendre', 'rendu', 'rendait']]) {
      expect(new Set(forms.map((w) => stemWord(w, 'fr'))).size, forms.join(', ')).toBe(1);
    }
  });
});
