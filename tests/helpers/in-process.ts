import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/core/log.js';
import type { Service } from '../../src/service/service.js';

/** A JSON logger at info level whose lines the test reads back, parsed (level 40: warnings). */
export function capturedLog(): { log: Logger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger({ destination, pretty: false, level: 'info' }), lines };
}

/** The id of the next job of `queue` that this in-process service completes. */
export function nextCompleted(service: Service, queue: string): Promise<string> {
  return new Promise((resolve) => {
    const onSettled = (settled: { queue: string; jobId: string }) => {
      if (settled.queue !== queue) return;
      service.ctx.events.off('settled', onSettled);
      resolve(settled.jobId);
    };
    service.ctx.events.on('settled', onSettled);
  });
}
