import { parentPort, workerData } from 'node:worker_threads';
import type { Reply, TaskMessage, TaskModule } from './thread-pool.js';

/*
 * The thread side of a ThreadPool: loads every task module it was given
 * (workerData: kind → module href), then says it is ready and answers each
 * task with its kind's runTask result, or the error's name and message
 * (classes do not cross threads). Loading comes first so that no task's
 * budget pays for it.
 */

const port = parentPort;
if (!port) throw new Error('pool-thread runs inside a worker thread');

const modules = workerData as Record<string, string>;
const handlers = new Map(
  await Promise.all(Object.entries(modules).map(async ([kind, href]) => [kind, ((await import(href)) as TaskModule).runTask as (input: unknown) => unknown] as const)),
);

const send = (reply: Reply) => port.postMessage(reply);

port.on('message', async ({ id, kind, input }: TaskMessage) => {
  try {
    const handle = handlers.get(kind);
    if (!handle) throw new Error(`this thread has no task kind "${kind}"`);
    send({ id, output: await handle(input) });
  } catch (err) {
    const { name, message } = err instanceof Error ? err : new Error(String(err));
    send({ id, error: { name, message } });
  }
});
send({ ready: true });
