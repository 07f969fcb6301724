/**
 * Small sets and maps of folded words, for loops that ask about every token of an
 * article. A word is looked up only when a member has its first letter and its
 * length: most words are turned away by two bit tests, without hashing the word
 * or touching the table. The answers are those of the underlying Set or Map.
 */
class WordShapes {
  // One bit per word length (lengths of 31 and more share the last bit), per first letter a–z; slot 26 for the rest.
  private readonly lengths = new Uint32Array(27);

  constructor(words: Iterable<string>) {
    for (const word of words) this.lengths[slotOf(word)] = ((this.lengths[slotOf(word)] as number) | lengthBit(word.length)) >>> 0;
  }

  /** False when no member has the word's first letter and length. */
  mayHave(word: string): boolean {
    return ((this.lengths[slotOf(word)] as number) & lengthBit(word.length)) !== 0;
  }
}

/**
 * The same for a large vocabulary (the first words of every gazetteer phrase), where
 * nearly every first letter and length occurs: the last letter is told apart too.
 */
export class WordFilter {
  private readonly lengths = new Uint32Array(27 * 27);

  constructor(words: Iterable<string>) {
    for (const word of words) this.lengths[edgesOf(word)] = ((this.lengths[edgesOf(word)] as number) | lengthBit(word.length)) >>> 0;
  }

  /** False when no member has the word's first and last letters and length. */
  mayHave(word: string): boolean {
    return ((this.lengths[edgesOf(word)] as number) & lengthBit(word.length)) !== 0;
  }
}

function slotOf(word: string): number {
  return letterSlot(word.charCodeAt(0));
}

function edgesOf(word: string): number {
  return letterSlot(word.charCodeAt(0)) * 27 + letterSlot(word.charCodeAt(word.length - 1));
}

/** a–z → 0–25; anything else (digits, accented letters, no letter) → 26. */
function letterSlot(code: number): number {
  const letter = code - 97;
  return letter >= 0 && letter < 26 ? letter : 26;
}

function lengthBit(length: number): number {
  return 1 << Math.min(length, 31);
}

export class WordSet {
  private readonly words: ReadonlySet<string>;
  private readonly shapes: WordShapes;

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    this.shapes = new WordShapes(this.words);
  }

  has(word: string): boolean {
    return this.shapes.mayHave(word) && this.words.has(word);
  }
}

export class WordMap<V> {
  private readonly map: ReadonlyMap<string, V>;
  private readonly shapes: WordShapes;

  constructor(entries: Iterable<readonly [string, V]>) {
    this.map = new Map(entries);
    this.shapes = new WordShapes(this.map.keys());
  }

  get(word: string): V | undefined {
    return this.shapes.mayHave(word) ? this.map.get(word) : undefined;
  }

  has(word: string): boolean {
    return this.shapes.mayHave(word) && this.map.has(word);
  }
}
