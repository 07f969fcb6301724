import { DeadLetters } from '../delivery/dead-letters.js';
import { type ReceiverHealth, ReceiverHealthStore } from '../delivery/receiver-health.js';
import type { ConsoleContext } from './deps.js';
import type { DeadLetterView } from './deps.js';

/** The delivery dead letters of this deployment, summarised (the full alert is one click away). */
export function defaultDeadLetters(ctx: ConsoleContext): DeadLetterView {
  const store = new DeadLetters({ redis: ctx.redis, prefix: ctx.prefix, queue: ctx.queues.deliver, retryPolicy: ctx.delivery });
  return {
    async list(limit) {
      const letters = await store.list();
      return letters.slice(0, limit).map(({ alert, ...letter }) => ({
        ...letter,
        indicatorId: alert.indicatorId,
        title: alert.story.title,
        severity: alert.severity,
      }));
    },
    retry: (key) => store.retry(key),
  };
}

/** Circuit state and open sends of every configured receiver, with its type. */
export async function receiverHealth(ctx: ConsoleContext): Promise<Array<ReceiverHealth & { type: string }>> {
  const store = new ReceiverHealthStore(ctx.redis, ctx.prefix, ctx.delivery.circuit_breaker);
  const receivers = Object.entries(ctx.delivery.receivers);
  const health = await store.list(
    receivers.map(([name]) => name),
    Date.now(),
  );
  return health.map((h, i) => ({ ...h, type: receivers[i]?.[1].type ?? 'unknown' }));
}
