/**
 * Group commit: writes that arrive while one is in flight wait for it and then
 * go together, in one statement. Each caller's promise settles once the
 * statement holding its write has committed (or failed), so a job is still
 * acknowledged only after its own row is kept. Nothing waits on a timer: a
 * write with none in flight leaves at the next turn of the event loop (so
 * writes of the same turn join it), and under load a batch is whatever arrived
 * during the previous one.
 *
 * When a batch fails, each of its writes is tried again alone: a row the
 * database refuses fails its own job with its own error, and the others are
 * kept (every write is an idempotent upsert, so writing one twice is harmless).
 */
export class GroupCommit<T> {
  /** Statements written (batches, and writes retried alone after their batch failed), and the writes they held. */
  readonly stats = { statements: 0, writes: 0, retriedAlone: 0 };
  private queue: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private busy = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    /** Writes the items in one statement (one transaction); rejects if any is refused. */
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly maxBatch = 64,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      this.drained = new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
    });
  }

  /** Resolves once every write added so far has settled (the store waits for it before it closes). */
  async settled(): Promise<void> {
    while (this.busy) await this.drained;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.flush(this.queue.splice(0, this.maxBatch));
    } finally {
      this.busy = false;
    }
  }

  private async flush(batch: { item: T; resolve: () => void; reject: (err: unknown) => void }[]): Promise<void> {
    this.stats.statements++;
    this.stats.writes += batch.length;
    try {
      await this.write(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
    }
    for (const b of batch) {
      this.stats.statements++;
      this.stats.retriedAlone++;
      try {
        await this.write([b.item]);
        b.resolve();
      } catch (err) {
        b.reject(err);
      }
    }
  }
}
