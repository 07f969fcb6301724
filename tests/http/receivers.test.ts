import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { ReceiverHealthStore } from '../../src/delivery/receiver-health.js';
import { startTestConsole, type TestConsole } from './harness.js';

let t: TestConsole;

beforeAll(async () => {
  t = await startTestConsole('http-receivers');
  t.ctx.delivery = DeliveryConfigSchema.parse({
    receivers: {
      'ops-slack': { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' },
      desk: { type: 'webhook', url: 'https://desk.example.org/hook' },
    },
    circuit_breaker: { failures: 2, backoff_ms: 60_000 },
  });
  // ops-slack failed twice in a row: parked. desk failed once, then answered.
  const health = new ReceiverHealthStore(t.ctx.redis, t.ctx.prefix, t.ctx.delivery.circuit_breaker);
  await health.recordFailure('ops-slack', Date.now(), 'ops-slack: timed out', 15_000);
  await health.recordFailure('ops-slack', Date.now(), 'ops-slack: timed out', 15_000);
  await health.recordFailure('desk', Date.now(), 'desk: HTTP 502', 40);
  await health.recordSuccess('desk', 35);
});

afterAll(async () => {
  await t?.close();
});

describe('receiver health in the API and /metrics', () => {
  it('/api/receivers and /api/deadletters show each receiver circuit', async () => {
    const res = await t.api('/api/receivers');
    expect(res.status).toBe(200);
    const { receivers } = (await res.json()) as { receivers: Array<Record<string, unknown>> };
    expect(receivers).toEqual([
      expect.objectContaining({ receiver: 'ops-slack', type: 'slack', state: 'open', consecutiveFailures: 2, opens: 1, inFlight: 0, lastError: 'ops-slack: timed out', nextProbeAt: expect.any(String) }),
      expect.objectContaining({ receiver: 'desk', type: 'webhook', state: 'closed', consecutiveFailures: 0, opens: 0, lastError: 'desk: HTTP 502' }),
    ]);
    const letters = (await (await t.api('/api/deadletters')).json()) as { deadletters: unknown[]; receivers: Array<{ receiver: string; state: string }> };
    expect(letters.deadletters).toEqual([]);
    expect(letters.receivers.map((r) => [r.receiver, r.state])).toEqual([
      ['ops-slack', 'open'],
      ['desk', 'closed'],
    ]);
  });

  it('/metrics has circuit state, failures in a row and open sends per receiver', async () => {
    const text = await (await t.api('/metrics')).text();
    expect(text).toContain('sahelwatch_receiver_circuit_state{receiver="ops-slack"} 2');
    expect(text).toContain('sahelwatch_receiver_circuit_state{receiver="desk"} 0');
    expect(text).toContain('sahelwatch_receiver_consecutive_failures{receiver="ops-slack"} 2');
    expect(text).toContain('sahelwatch_receiver_in_flight{receiver="desk"} 0');
  });

  it('/metrics has the event-loop delay p99 and max since the previous scrape', async () => {
    await t.api('/metrics');
    // Block the loop for 300 ms, as a pathological page would.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((r) => setTimeout(r, 50));
    const text = await (await t.api('/metrics')).text();
    const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
    expect(value('sahelwatch_event_loop_delay_max_seconds')).toBeGreaterThanOrEqual(0.25);
    expect(value('sahelwatch_event_loop_delay_p99_seconds')).toBeGreaterThanOrEqual(0.25);
    // Reset at each scrape: a quiet interval reads low again.
    await new Promise((r) => setTimeout(r, 200));
    const after = await (await t.api('/metrics')).text();
    expect(Number(after.match(/^sahelwatch_event_loop_delay_max_seconds (\S+)$/m)?.[1])).toBeLessThan(0.25);
  });
});
