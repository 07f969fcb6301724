import type { Evidence, Extraction } from '../extraction/extraction.js';
import { type TokenizedText, tokenize } from '../extraction/text.js';

/** What the matcher reads: the text evidence offsets index into, and what extraction found in it. */
export interface MatchDoc {
  text: string;
  extraction: Extraction;
}

/** Shortest prefix a `word*` phrase term may have; also the length of `p4:` index keys. */
export const PREFIX_KEY_LENGTH = 4;

/**
 * One document prepared for matching: tokens, token positions and index keys
 * are computed once and shared by every indicator evaluated on it.
 */
export class DocContext {
  private tokenized: TokenizedText | undefined;
  private positions: Map<string, number[]> | undefined;
  private keySet: Set<string> | undefined;
  private factKeySet: Set<string> | undefined;
  private readonly memo = new Map<object, unknown>();
  private byShortPrefix: Map<string, string[]> | undefined;

  constructor(
    readonly text: string,
    readonly extraction: Extraction,
  ) {}

  get tokens(): TokenizedText {
    this.tokenized ??= tokenize(this.text);
    return this.tokenized;
  }

  /** Token indices of one folded word, in text order. */
  positionsOf(norm: string): readonly number[] {
    return this.tokenPositions().get(norm) ?? [];
  }

  /** Distinct folded words starting with prefix (at least 3 letters). */
  wordsWithPrefix(prefix: string): string[] {
    this.byShortPrefix ??= groupByPrefix(this.vocabulary());
    const bucket = this.byShortPrefix.get(prefix.slice(0, 3)) ?? [];
    return prefix.length === 3 ? bucket : bucket.filter((w) => w.startsWith(prefix));
  }

  /** Distinct folded words of the text. */
  vocabulary(): IterableIterator<string> {
    return this.tokenPositions().keys();
  }

  private tokenPositions(): Map<string, number[]> {
    if (!this.positions) {
      const map = new Map<string, number[]>();
      this.tokens.tokens.forEach((token, i) => {
        const list = map.get(token.norm);
        if (list) list.push(i);
        else map.set(token.norm, [i]);
      });
      this.positions = map;
    }
    return this.positions;
  }

  /** Evidence for tokens [first, last] of the text. */
  tokenEvidence(first: number, last: number): Evidence {
    const { tokens, sentences } = this.tokens;
    const a = tokens[first]!;
    const b = tokens[last]!;
    const sentence = sentences[a.sentence] ?? { start: a.start, end: b.end };
    return this.spanEvidence(a.start, b.end, sentence);
  }

  private spanEvidence(start: number, end: number, sentence: { start: number; end: number }): Evidence {
    return {
      start,
      end,
      quote: this.text.slice(start, end),
      sentence: this.text.slice(sentence.start, Math.max(sentence.end, end)),
      sentenceStart: sentence.start,
    };
  }

  /**
   * Per-document cache for work that does not depend on the scope (e.g. all hits
   * of one phrase list): same_sentence re-checks children once per window.
   */
  cached<T>(owner: object, compute: () => T): T {
    if (this.memo.has(owner)) return this.memo.get(owner) as T;
    const value = compute();
    this.memo.set(owner, value);
    return value;
  }

  /** Index keys from extraction (events, actors, places, ...), without the word keys. */
  factKeys(): ReadonlySet<string> {
    this.factKeySet ??= computeFactKeys(this.extraction);
    return this.factKeySet;
  }

  /** Every index key this document carries; conditions declare the keys they need (CompiledCondition.anyOf). */
  keys(): ReadonlySet<string> {
    if (!this.keySet) {
      const keys = new Set(this.factKeys());
      for (const word of this.vocabulary()) {
        keys.add(`tok:${word}`);
        if (word.length >= PREFIX_KEY_LENGTH) keys.add(`p4:${word.slice(0, PREFIX_KEY_LENGTH)}`);
      }
      this.keySet = keys;
    }
    return this.keySet;
  }
}

function groupByPrefix(words: Iterable<string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const w of words) {
    if (w.length < 3) continue;
    const key = w.slice(0, 3);
    const list = map.get(key);
    if (list) list.push(w);
    else map.set(key, [w]);
  }
  return map;
}

function computeFactKeys(x: Extraction): Set<string> {
  const keys = new Set<string>([`lang:${x.language}`]);
  for (const e of x.events) keys.add(`event:${e.type}`);
  for (const a of x.actors) keys.add(`actor:${a.id}`);
  for (const p of x.people) keys.add(`person:${p.id}`);
  for (const q of x.equipment) keys.add(`equipment:${q.id}`);
  for (const c of x.countries) keys.add(`country:${c}`);
  for (const s of x.statements) keys.add(`speaker:${s.speakerId}`);
  for (const p of x.places) {
    keys.add(`place:${p.id}`);
    if (p.lat !== undefined && p.lon !== undefined) keys.add('has:geo');
  }
  if (x.casualties.length > 0) keys.add('has:casualties');
  return keys;
}
