import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the receiver does with one request: answer, or hold the connection open (a hung endpoint). */
export type Behaviour = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** Wall-clock arrival time (ms). */
  at: number;
  /** The status we answered with (undefined when we hung). */
  answered?: number;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack, Teams, Discord,
 * Mattermost or a generic webhook endpoint. It plays `script` in order (one
 * behaviour per request), then answers `fallback`.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  script: Behaviour[] = [];
  fallback: Behaviour = { status: 200, body: 'ok' };
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private hung: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const record: ReceivedRequest = { path: req.url ?? '/', headers: req.headers, body, json, at: Date.now() };
        this.requests.push(record);
        const behaviour = this.script.shift() ?? this.fallback;
        if (behaviour === 'hang') {
          this.hung.push(res);
          return;
        }
        record.answered = behaviour.status;
        res.writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers });
        res.end(behaviour.body ?? '');
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Requests the receiver answered 2xx, i.e. what a real destination would have shown. */
  accepted(): ReceivedRequest[] {
    return this.requests.filter((r) => r.answered !== undefined && r.answered >= 200 && r.answered < 300);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting; ${this.requests.length} requests so far`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
