import type { Evidence } from '../../extraction/extraction.js';
import { tokenize } from '../../extraction/text.js';
import { type DocContext, PREFIX_KEY_LENGTH } from '../doc.js';
import type { Scope } from './condition.js';

/** One word of a phrase: an exact folded word, or a prefix when written `word*`. */
interface Term {
  word: string;
  prefix: boolean;
}

/** A phrase occurrence: first and last token index. */
export interface PhraseHit {
  first: number;
  last: number;
}

/** Parses "attaqu* du convoi" into folded terms; hyphens and apostrophes split words as in the text. */
export function parsePhrase(phrase: string): Term[] {
  const terms: Term[] = [];
  for (const part of phrase.trim().split(/\s+/)) {
    const prefix = part.endsWith('*');
    const words = tokenize(prefix ? part.slice(0, -1) : part).tokens.map((t) => t.norm);
    words.forEach((word, i) => {
      terms.push({ word, prefix: prefix && i === words.length - 1 });
    });
  }
  return terms;
}

/** Problems with a phrase an analyst wrote, or undefined when it is usable. */
export function phraseProblem(phrase: string): string | undefined {
  const terms = parsePhrase(phrase);
  if (terms.length === 0) return `phrase "${phrase}" has no words`;
  const short = terms.find((t) => t.prefix && t.word.length < 3);
  if (short) return `prefix "${short.word}*" in "${phrase}" is too short (at least 3 letters before *)`;
  return undefined;
}

/** The index key one phrase needs: its most selective term. Null when no term can be indexed. */
function phraseKey(terms: Term[]): string | null {
  let best: string | null = null;
  let bestLen = -1;
  for (const t of terms) {
    if (t.prefix && t.word.length < PREFIX_KEY_LENGTH) continue;
    const key = t.prefix ? `p4:${t.word.slice(0, PREFIX_KEY_LENGTH)}` : `tok:${t.word}`;
    // Longer words are rarer; exact words beat prefixes of equal length.
    const len = t.word.length + (t.prefix ? 0 : 0.5);
    if (len > bestLen) {
      best = key;
      bestLen = len;
    }
  }
  return best;
}

function termMatches(term: Term, norm: string | undefined): boolean {
  if (norm === undefined) return false;
  return term.prefix ? norm.startsWith(term.word) : norm === term.word;
}

/** A compiled list of phrases, any of which may match; finds every occurrence in a document. */
export class PhraseSet {
  private readonly phrases: { text: string; terms: Term[] }[];

  constructor(phrases: readonly string[]) {
    this.phrases = phrases.map((text) => ({ text, terms: parsePhrase(text) })).filter((p) => p.terms.length > 0);
  }

  get size(): number {
    return this.phrases.length;
  }

  /** Keys of which a document needs one for any phrase to match; null if some phrase cannot be indexed. */
  indexKeys(): string[] | null {
    const keys = new Set<string>();
    for (const p of this.phrases) {
      const key = phraseKey(p.terms);
      if (key === null) return null;
      keys.add(key);
    }
    return [...keys];
  }

  /** Every occurrence of any phrase starting inside the scope, in text order. */
  find(doc: DocContext, scope?: Scope): PhraseHit[] {
    const all = doc.cached(this, () => this.findAll(doc));
    if (!scope) return all;
    const tokens = doc.tokens.tokens;
    return all.filter((h) => {
      const start = tokens[h.first]!.start;
      return start >= scope.start && start < scope.end;
    });
  }

  private findAll(doc: DocContext): PhraseHit[] {
    const tokens = doc.tokens.tokens;
    const hits: PhraseHit[] = [];
    for (const { terms } of this.phrases) {
      const head = terms[0]!;
      for (const start of this.startPositions(doc, head)) {
        let ok = true;
        for (let k = 1; k < terms.length && ok; k++) ok = termMatches(terms[k]!, tokens[start + k]?.norm);
        if (ok) hits.push({ first: start, last: start + terms.length - 1 });
      }
    }
    // The same words may be listed in several languages: report each span once.
    const seen = new Set<string>();
    return hits
      .sort((a, b) => a.first - b.first || a.last - b.last)
      .filter((h) => {
        const key = `${h.first}:${h.last}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }

  private startPositions(doc: DocContext, head: Term): readonly number[] {
    if (!head.prefix) return doc.positionsOf(head.word);
    // Prefix terms: only words sharing the first letters can match, found through the 4-letter buckets.
    const out: number[] = [];
    for (const word of doc.wordsWithPrefix(head.word)) out.push(...doc.positionsOf(word));
    return out;
  }

  evidence(doc: DocContext, hits: readonly PhraseHit[]): Evidence[] {
    return hits.map((h) => doc.tokenEvidence(h.first, h.last));
  }
}

/** Token distance between two hits (0 when they overlap). */
export function hitDistance(a: PhraseHit, b: PhraseHit): number {
  if (a.last < b.first) return b.first - a.last;
  if (b.last < a.first) return a.first - b.last;
  return 0;
}

