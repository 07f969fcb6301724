import { monitorEventLoopDelay } from 'node:perf_hooks';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` and reports how long this process's event loop was held while it
 * ran: the longest delay and the 99th percentile, in ms. The histogram records
 * a stall only at the timer tick after it, so it is enabled a few ticks before
 * the work and read a few ticks after: a stall right at the start or the end
 * (a synchronous parse just before the awaited promise settles) is otherwise
 * never recorded at all.
 */
export async function eventLoopDelayDuring<T>(work: () => Promise<T>, resolutionMs = 10): Promise<{ result: T; maxMs: number; p99Ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  await tick(5 * resolutionMs);
  try {
    const result = await work();
    await tick(5 * resolutionMs);
    return { result, maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
  } finally {
    histogram.disable();
  }
}

/**
 * Asks `${url}/healthz` every 50 ms until stopped: each answer's time in ms, or
 * a failure, and the longest silence (ms between two answers, or the start or
 * stop and the nearest answer). The probe shares the service's event loop, so
 * a stall delays its next request rather than an answer: the silence shows it.
 */
export function probeHealth(url: string) {
  const answers: number[] = [];
  const failures: string[] = [];
  let running = true;
  let lastAnswer = performance.now();
  let longestSilenceMs = 0;
  const heard = () => {
    const now = performance.now();
    longestSilenceMs = Math.max(longestSilenceMs, now - lastAnswer);
    lastAnswer = now;
  };
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
        if (res.status === 200) {
          answers.push(performance.now() - started);
          heard();
        } else failures.push(`HTTP ${res.status}`);
      } catch (err) {
        failures.push((err as Error).message);
      }
      await tick(50);
    }
  })();
  return {
    answers,
    failures,
    /** The longest time without an answer, once stopped. */
    get longestSilenceMs() {
      return longestSilenceMs;
    },
    stop: async () => {
      running = false;
      await loop;
      heard();
    },
  };
}
