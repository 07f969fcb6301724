import { Worker } from 'node:worker_threads';

/*
 * A small pool of worker threads for synchronous CPU work that must not hold
 * the event loop (HTML and feed parsing): while a thread works, /healthz
 * answers and BullMQ renews its locks. Each task has a time budget; a thread
 * past it is terminated (V8 stops it even inside a synchronous loop) and a
 * fresh one takes its place. Threads start on first use, never hold the
 * process open when idle, and stop after a while without work: each holds its
 * own heap and loaded modules (tens of MB), which a process between two polls
 * does not need. One pool can serve several kinds of task (article pages and
 * feed documents share one in the service), each kind a module every thread
 * loads at start (pool-thread.ts), each task with its own budget.
 */

/** A budget as people write it: "5 s", "1500 ms". */
const asDuration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** A task ran past its budget: its thread was terminated. */
export class TaskOverBudget extends Error {
  constructor(readonly budgetMs: number) {
    super(`over its ${budgetMs} ms budget`);
    this.name = 'TaskOverBudget';
  }

  /** The reason line for `what` (e.g. "page parsing"): "page parsing stopped at its 5 s budget". */
  stopped(what: string): string {
    return `${what} stopped at its ${asDuration(this.budgetMs)} budget`;
  }
}

/** What a reader on a pool throws for a task stopped at its budget: `reason` is the line to log and record (TaskOverBudget.stopped). */
export class OverBudget extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = new.target.name;
  }
}

/** A task threw inside its thread: the error's name and message, as the thread reported them. */
export class ThreadTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** What a task module (a `tasks` entry) exports: the thread calls it with each task's input of its kind. */
export interface TaskModule {
  runTask(input: never): unknown;
}

export interface ThreadPoolOptions {
  /** The kinds of task the threads answer: kind → its task module (see taskModule). Every thread loads them all before its first task. */
  tasks: Record<string, URL>;
  /** Threads at most; started one by one as tasks wait. */
  threads: number;
  /** A thread without a task for this long is stopped (default 60 s); the next task starts one. */
  idleMs?: number;
}

/** The pool's messages to a thread, and the thread's answers (pool-thread.ts). */
export interface TaskMessage {
  id: number;
  kind: string;
  input: unknown;
}
export type Reply = { ready: true } | { id: number; output: unknown } | { id: number; error: { name: string; message: string } };

interface Task extends TaskMessage {
  /** Wall time the task may take once a thread has it. */
  budgetMs: number;
  resolve(output: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles when the thread has loaded its script, or fails to. */
  started: Promise<void>;
  markStarted(err?: Error): void;
  task?: Task;
  /** The task's budget while it runs; the idle deadline while there is none. */
  timer?: NodeJS.Timeout;
}

/**
 * The sibling module `name` of `moduleUrl` as this build has it: `.ts` beside
 * the sources (tsx, vitest), `.js` beside the compiled dist/src/ module. The
 * same relative step works from both, as packagePath's walk does for data.
 */
export function taskModule(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl);
}

/**
 * A thread's young generation, which V8 otherwise sizes like the main thread's (32 MB resident once a
 * page has been parsed): 8 MB took 20–30 MB off a loaded worker's RSS with no loss of throughput
 * (`npm run bench pipeline -- --only saturated`, README). A parse's garbage is short-lived either way.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** The thread side of every pool: loads the task modules, then answers tasks. */
const POOL_THREAD = taskModule(import.meta.url, 'pool-thread');

/**
 * A thread loading `tasks` (kind → module href, its workerData). Compiled
 * JavaScript starts directly. TypeScript sources need tsx's loader, which on
 * Node 20 does not reach worker threads (neither through tsx's --import nor
 * through vitest), so the thread registers it before importing the script.
 * tsx is a dev dependency: only sources need it.
 */
function startThread(tasks: Record<string, URL>): Worker {
  const workerData = Object.fromEntries(Object.entries(tasks).map(([kind, url]) => [kind, url.href]));
  if (![POOL_THREAD, ...Object.values(tasks)].some((url) => url.pathname.endsWith('.ts'))) return new Worker(POOL_THREAD, { workerData, resourceLimits: THREAD_LIMITS });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(POOL_THREAD.href)}); });`, { eval: true, workerData, resourceLimits: THREAD_LIMITS });
}

export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Threads terminated for running past the budget, since the pool was made. */
  overruns = 0;

  /** Threads running or starting now. */
  get size(): number {
    return this.slots.length;
  }

  constructor(private readonly options: ThreadPoolOptions) {}

  /**
   * Runs one task of `kind` in a thread, stopping it after `budgetMs` once a
   * thread has it (waiting for a thread is not charged). Resolves with what the
   * kind's runTask returned (`Out` is the caller's word for it); rejects with
   * TaskOverBudget, ThreadTaskError, or an error ending the thread.
   */
  run<Out>(kind: string, input: unknown, budgetMs: number): Promise<Out> {
    if (this.closed) return Promise.reject(new Error('thread pool closed'));
    if (!(kind in this.options.tasks)) return Promise.reject(new Error(`no task kind "${kind}" in this pool`));
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, kind, input, budgetMs, resolve: resolve as (output: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Starts one thread now, if none is running or starting, and resolves once it
   * has loaded its script: the first task then does not wait for the load, and
   * a thread that cannot start at all (a broken install) is known before any task.
   */
  warm(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('thread pool closed'));
    const slot = this.slots[0] ?? this.spawn();
    this.dispatch();
    return slot.started;
  }

  /** Terminates every thread; tasks not finished are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error('thread pool closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error('thread pool closed'))));
  }

  /** Hands waiting tasks to idle threads, starting threads (up to the limit) for the rest. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.waiting.length === 0) break;
      if (slot.ready && !slot.task) this.assign(slot, this.waiting.shift()!);
    }
    const starting = this.slots.filter((slot) => !slot.ready).length;
    for (let n = this.waiting.length - starting; n > 0 && this.slots.length < this.options.threads; n--) this.spawn();
    // An idle thread must not keep the process alive; a busy or starting one must, or an awaited task could be dropped at exit.
    for (const slot of this.slots) {
      if (slot.ready && !slot.task) this.idle(slot);
      else slot.worker.ref();
    }
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    if (slot.timer) return;
    slot.timer = setTimeout(() => void this.retire(slot, new Error('idle')), this.options.idleMs ?? 60_000);
    slot.timer.unref();
  }

  private assign(slot: Slot, task: Task): void {
    clearTimeout(slot.timer);
    slot.task = task;
    slot.timer = setTimeout(() => this.overrun(slot, task.budgetMs), task.budgetMs);
    slot.worker.postMessage({ id: task.id, kind: task.kind, input: task.input } satisfies TaskMessage);
  }

  private spawn(): Slot {
    let markStarted: Slot['markStarted'] = () => {};
    const started = new Promise<void>((resolve, reject) => {
      markStarted = (err) => (err ? reject(err) : resolve());
    });
    started.catch(() => {}); // awaited only by warm(); the tasks get their own rejection
    const slot: Slot = { worker: startThread(this.options.tasks), ready: false, started, markStarted };
    this.slots.push(slot);
    slot.worker.on('message', (reply: Reply) => this.receive(slot, reply));
    slot.worker.on('error', (err) => void this.retire(slot, err));
    slot.worker.on('exit', (code) => void this.retire(slot, new Error(`thread exited with code ${code}`)));
    return slot;
  }

  private receive(slot: Slot, reply: Reply): void {
    if ('ready' in reply) {
      slot.ready = true;
      slot.markStarted();
    } else if (slot.task?.id === reply.id) {
      const task = slot.task;
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.task = undefined;
      if ('error' in reply) task.reject(new ThreadTaskError(reply.error.name, reply.error.message));
      else task.resolve(reply.output);
    }
    this.dispatch();
  }

  /** Stops the thread past its budget and starts its replacement at once, so the next task finds one loaded. */
  private overrun(slot: Slot, budgetMs: number): void {
    this.overruns++;
    void this.retire(slot, new TaskOverBudget(budgetMs));
    if (this.slots.length < this.options.threads) this.spawn();
    this.dispatch();
  }

  /**
   * Takes a thread out of the pool (over budget, crashed, closing), rejects its
   * task with `reason`, and lets dispatch start a replacement for any waiting task.
   * A thread that dies before it is ready fails the waiting tasks too: its
   * replacement would fail the same way, over and over.
   */
  private async retire(slot: Slot, reason: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.timer);
    slot.task?.reject(reason);
    slot.task = undefined;
    if (!slot.ready) {
      slot.markStarted(reason);
      for (const task of this.waiting.splice(0)) task.reject(reason);
    }
    const stopped = slot.worker.terminate();
    if (!this.closed) this.dispatch();
    await stopped;
  }
}

/**
 * One kind of task on a pool, each run within the kind's budget, counting the
 * runs stopped at it: what the page and feed readers share. The pool may be
 * shared with other kinds (the service runs pages and feeds on one).
 */
export class PoolTask<In, Out> {
  /** Tasks stopped at the budget since this was made. */
  overruns = 0;

  constructor(
    private readonly pool: ThreadPool,
    private readonly kind: string,
    private readonly budgetMs: number,
  ) {}

  /** The kind's runTask(input) in a thread; rejects as ThreadPool.run does. */
  protected async run(input: In): Promise<Out> {
    try {
      return await this.pool.run<Out>(this.kind, input, this.budgetMs);
    } catch (err) {
      if (err instanceof TaskOverBudget) this.overruns++;
      throw err;
    }
  }

  /** Loads one thread ahead of the first task; rejects when threads cannot start. */
  warm(): Promise<void> {
    return this.pool.warm();
  }

  /** Stops the threads it runs on: a shared pool's too, so only at shutdown. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
