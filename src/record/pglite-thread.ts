import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What the Kysely dialect needs of an embedded PostgreSQL: PGlite's own query API, or this thread's stand-in for it. */
export interface PGliteSession {
  query<R>(sql: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The worker's code. Plain CommonJS evaluated as a string, so src/ under tsx or
 * vitest and dist/ start the same thread without a file of their own to find.
 * It opens PGlite, then answers one message per statement: the rows as
 * PGlite parsed them (structured clone carries dates, arrays and JSON values),
 * or the error's message and SQLSTATE.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const failure = (err) => ({ message: err instanceof Error ? err.message : String(err), code: err && err.code, detail: err && err.detail });
(async () => {
  let db;
  try {
    const { PGlite } = require(workerData.pglite);
    const { unaccent } = require(workerData.unaccent);
    db = await PGlite.create({ ...(workerData.dataDir ? { dataDir: workerData.dataDir } : {}), extensions: { unaccent }, startParams: [...PGlite.defaultStartParams, ...workerData.startParams] });
  } catch (err) {
    parentPort.postMessage({ id: 0, error: failure(err) });
    return;
  }
  parentPort.postMessage({ id: 0 });
  parentPort.on('message', async (m) => {
    try {
      if (m.op === 'query') {
        const r = await db.query(m.sql, m.params);
        parentPort.postMessage({ id: m.id, rows: r.rows, affectedRows: r.affectedRows });
      } else if (m.op === 'exec') {
        await db.exec(m.sql);
        parentPort.postMessage({ id: m.id });
      } else if (m.op === 'close') {
        await db.close();
        parentPort.postMessage({ id: m.id });
        parentPort.close();
      }
    } catch (err) {
      parentPort.postMessage({ id: m.id, error: failure(err) });
    }
  });
})();
`;

interface Reply {
  id: number;
  rows?: unknown[];
  affectedRows?: number;
  error?: { message: string; code?: string; detail?: string };
}

type Pending = { resolve: (reply: Reply) => void; reject: (err: Error) => void };

/**
 * PGlite in a worker thread of this process. PGlite is PostgreSQL compiled to
 * WebAssembly and runs in the thread that calls it: on the event loop, each
 * analysis write cost the pipeline ~2.5 ms of its own CPU (text-search vector,
 * index upkeep, WAL, the wire protocol), time no extraction, fetch or delivery
 * could use. In a thread of its own it runs beside the event loop, as a
 * PostgreSQL server does in its own process; a statement still resolves only
 * once PGlite has executed it (a COMMIT, once it has committed), so a job is
 * acknowledged after its writes as before. Same SQL, same data folder, same
 * one session: the dialect still hands out one connection at a time.
 */
export class PGliteThread implements PGliteSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`PGlite thread exited (code ${code})`)));
    // Idle, the thread does not keep the process alive (PGlite on the event loop did not); a statement in flight does.
    worker.unref();
  }

  /** Starts the thread and opens PGlite in it (`dataDir` undefined: in memory). */
  static async open(dataDir: string | undefined, startParams: readonly string[]): Promise<PGliteThread> {
    const require = createRequire(import.meta.url);
    const worker = new Worker(THREAD, {
      eval: true,
      execArgv: [],
      workerData: { pglite: require.resolve('@electric-sql/pglite'), unaccent: require.resolve('@electric-sql/pglite/contrib/unaccent'), dataDir, startParams: [...startParams] },
    });
    const thread = new PGliteThread(worker);
    try {
      await thread.request(0, undefined);
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return thread;
  }

  async query<R>(sql: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const reply = await this.send({ op: 'query', sql, params });
    return { rows: (reply.rows ?? []) as R[], ...(reply.affectedRows !== undefined ? { affectedRows: reply.affectedRows } : {}) };
  }

  async exec(sql: string): Promise<void> {
    await this.send({ op: 'exec', sql });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    await this.send({ op: 'close' });
    await this.worker.terminate();
  }

  private send(message: { op: string; sql?: string; params?: readonly unknown[] }): Promise<Reply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    const reply = this.request(id, message);
    return reply;
  }

  /** Sends a message (none for the start-up reply, id 0) and waits for the reply with its id. */
  private request(id: number, message: { op: string; sql?: string; params?: readonly unknown[] } | undefined): Promise<Reply> {
    const reply = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    if (this.pending.size === 1) this.worker.ref();
    if (message) this.worker.postMessage({ id, ...message });
    return reply;
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.error) waiting.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}, reply.error.detail ? { detail: reply.error.detail } : {}));
    else waiting.resolve(reply);
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
    this.worker.unref();
  }
}
