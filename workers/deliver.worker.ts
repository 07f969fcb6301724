import { createDeliveryProcessor } from '../src/delivery/deliver.js';
import { metrics } from '../src/metrics/metrics.js';
import type { StageWorker } from './worker.js';

export const deliverWorker: StageWorker = {
  queue: 'deliver',
  description: 'Sends one alert version to one receiver; retries with backoff, honours Retry-After, dead-letters after the last attempt.',
  create: (ctx) =>
    createDeliveryProcessor({
      config: ctx.delivery,
      store: ctx.alerts,
      redis: ctx.redis,
      prefix: ctx.prefix,
      log: ctx.log.child({ stage: 'deliver' }),
      clock: ctx.clock,
      silences: ctx.silences,
      ...(ctx.record ? { record: ctx.record } : {}),
      queue: ctx.queues.deliver,
      onOutcome: (receiver, outcome) => metrics().deliveries.inc({ receiver, outcome }),
    }),
};
