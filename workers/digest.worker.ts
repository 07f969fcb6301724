import { sendDueDigests } from '../src/delivery/digest.js';
import type { StageWorker } from './worker.js';

export const digestWorker: StageWorker = {
  queue: 'digest',
  description: 'Sends the email digests whose cron schedule has come due.',
  create: (ctx) => async () =>
    sendDueDigests(
      { config: ctx.delivery, store: ctx.alerts, redis: ctx.redis, prefix: ctx.prefix, log: ctx.log.child({ stage: 'digest' }), clock: ctx.clock },
      ctx.clock.now(),
    ),
};
