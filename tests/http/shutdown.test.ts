import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './harness.js';

let t: TestConsole | undefined;
afterAll(async () => {
  await t?.close().catch(() => {});
});

describe('console shutdown', () => {
  it('stops even while a client holds a request half-sent (slowloris), cutting that connection', async () => {
    t = await startTestConsole('http-shutdown');
    const socket = connect(Number(new URL(t.server.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    // Headers never finished: Node counts the connection as busy, and a plain close waits for it (minutes).
    socket.write('GET /api/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The test's own timeout (30 s) fails it if close waits on the client; the grace period is 3 s.
    await t.server.close();
    await cut;
    expect(socket.destroyed).toBe(true);
  }, 30_000);
});
