import { z } from 'zod';
import { sendDueDigests } from '../src/delivery/digest.js';
import type { StageWorker } from './worker.js';

const DigestJobSchema = z.object({ receiver: z.string().optional() });

export const digestWorker: StageWorker = {
  queue: 'digest',
  description: 'Sends the email digests whose cron slot has come due (each slot at most once).',
  create: (ctx) => async (job) => {
    const { receiver } = DigestJobSchema.parse(job.data ?? {});
    const digestCtx = { config: ctx.delivery, store: ctx.alerts, redis: ctx.redis, prefix: ctx.prefix, log: ctx.log.child({ stage: 'digest' }), clock: ctx.clock };
    return sendDueDigests(digestCtx, ctx.clock.now(), receiver);
  },
};
