/**
 * Per-token marks, reused from one article to the next. A new typed array for an
 * article's hundred-odd tokens costs ~0.7 µs (its buffer is kept outside the JS
 * heap), and several stages mark tokens for every article. Each stage keeps its
 * own instance: the array it gets is valid until that stage asks again, so an
 * instance must never serve two calls that are alive at once.
 */
class ReusedMarks<A extends Uint8Array | Int32Array> {
  private array: A;
  /** Entries past this were never written: they are still zero. */
  private used = 0;

  constructor(private readonly create: (length: number) => A) {
    this.array = create(1024);
  }

  /** An array of at least `length` entries, all zero (marks are written below `length` only). */
  zeroed(length: number): A {
    if (length > this.array.length) {
      this.array = this.create(Math.max(length, 2 * this.array.length));
    } else {
      this.array.fill(0, 0, Math.max(this.used, length));
    }
    this.used = length;
    return this.array;
  }
}

export class TokenMarks extends ReusedMarks<Uint8Array> {
  constructor() {
    super((length) => new Uint8Array(length));
  }
}

export class TokenBits extends ReusedMarks<Int32Array> {
  constructor() {
    super((length) => new Int32Array(length));
  }
}
