import type { Evidence } from './extraction.js';
import type { Sentence, Token, TokenizedText } from './text.js';

/** Evidence for the character span [start, end) inside sentence `sentenceIndex`. */
export function evidenceAt(tt: TokenizedText, start: number, end: number, sentenceIndex: number): Evidence {
  const sentence = tt.sentences[sentenceIndex] as Sentence;
  return {
    start,
    end,
    quote: tt.text.slice(start, end),
    sentence: tt.text.slice(sentence.start, sentence.end),
    sentenceStart: sentence.start,
  };
}

/** Evidence for tokens [startTok, endTok). */
export function evidenceForTokens(tt: TokenizedText, startTok: number, endTok: number): Evidence {
  const first = tt.tokens[startTok] as Token;
  const last = tt.tokens[endTok - 1] as Token;
  return evidenceAt(tt, first.start, last.end, first.sentence);
}
