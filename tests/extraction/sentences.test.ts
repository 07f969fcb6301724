import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/extraction/text.js';

/** The sentences of a text, as extraction reads them. */
const sentences = (text: string) => tokenize(text).sentences.map((s) => text.slice(s.start, s.end));

describe('sentence boundaries', () => {
  it('ends a sentence after a one-letter place name when a sentence plainly opens ("le parc W. Une …")', () => {
    expect(sentences('Le JNIM multiplie les attaques dans le parc W. Une recrudescence des enlèvements est signalée à Karimama.')).toHaveLength(2);
    expect(sentences('Rangers were attacked in Park W. The army said two died.')).toHaveLength(2);
  });

  it('keeps initials, titles and Monsieur inside the sentence', () => {
    expect(sentences('J. Smith told the agency that W. Africa was calm.')).toHaveLength(1);
    expect(sentences('M. Le Drian a rencontré le Gen. Diarra à Bamako.')).toHaveLength(1);
  });
});
