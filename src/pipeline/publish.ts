import type { AlertChange } from '../alerts/raise.js';
import type { Logger } from '../core/log.js';
import { notifyAlert, notifyContext } from '../delivery/pipeline.js';
import type { StageContext } from './context.js';

/** What every producer of alert changes (analyze, trend and silence sweeps) does with one: tell this process's listeners, then run it through the notify pipeline. */
export async function publishAlertChange(ctx: StageContext, change: AlertChange, log: Logger): Promise<void> {
  ctx.events.emit('alert', change);
  await notifyAlert(notifyContext(ctx), change, log);
}
