import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  /** Adds or replaces a route (exact pathname). */
  route(path: string, handler: Handler): void;
  /** Requests received per pathname. */
  hits: Map<string, number>;
  /** Request headers of the last request per pathname. */
  lastHeaders: Map<string, IncomingMessage['headers']>;
  close(): Promise<void>;
}

export const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** Serves fixed bytes with a content type (and optional extra headers). */
export function serveBytes(body: Buffer | string, contentType: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, ...headers });
    res.end(body);
  };
}

let gzipBomb: Buffer | undefined;
/** 64 MB of zeros gzipped to about 64 KB: cheap to send, expensive to inflate. */
function bomb(): Buffer {
  gzipBomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024));
  return gzipBomb;
}

/** The misbehaviours a feed or article server can show; each test picks its route. */
function builtInRoutes(origin: () => string): Record<string, Handler> {
  const timers = new Set<NodeJS.Timeout>();
  return {
    '/redirect': (_req, res, url) => {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      res.end();
    },
    '/redirect-chain': (_req, res, url) => {
      const left = Number(url.searchParams.get('n') ?? '0');
      if (left <= 0) return serveBytes('end of chain', 'text/plain')(_req, res, url);
      res.writeHead(301, { location: `${origin()}/redirect-chain?n=${left - 1}` });
      res.end();
    },
    '/huge': (_req, res, url) => {
      const mb = Number(url.searchParams.get('mb') ?? '50');
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < mb * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        sent = Number.POSITIVE_INFINITY;
      });
      pump();
    },
    '/gzip-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      res.end(bomb());
    },
    '/drip': (_req, res) => {
      // Headers at once, then one byte every 100 ms forever: defeats per-chunk timeouts.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), 100);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    },
    '/hang': () => {
      // Never answers.
    },
    '/status': (_req, res, url) => {
      res.writeHead(Number(url.searchParams.get('code') ?? '500'), { 'content-type': 'text/plain' });
      res.end('status');
    },
  };
}

/** A deliberately badly behaved HTTP server, bound to 127.0.0.1 only. */
export async function startHostileServer(): Promise<HostileServer> {
  let origin = '';
  const routes = new Map<string, Handler>(Object.entries(builtInRoutes(() => origin)));
  const hits = new Map<string, number>();
  const lastHeaders = new Map<string, IncomingMessage['headers']>();
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    lastHeaders.set(url.pathname, req.headers);
    const handler = routes.get(url.pathname);
    if (handler) handler(req, res, url);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    hits,
    lastHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
