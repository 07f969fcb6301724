import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface LocalServer {
  origin: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

const SAMPLE_HOST = /https:\/\/([a-z0-9-]+)\.example/g;

/**
 * Serves the bundled sample on 127.0.0.1: `/feeds/<file>` with every
 * `https://<outlet>.example` link rewritten to this server, and
 * `/site/<outlet>/<path>` from `examples/pages/<outlet>/<path>.html` (404 when
 * there is no page, so the pipeline shows its fallback to the feed summary).
 */
export async function startSampleServer(examplesDir: string): Promise<LocalServer> {
  let origin = '';
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      if (path.startsWith('/feeds/')) {
        const body = await readFile(join(examplesDir, path), 'utf8');
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
        res.end(body.replace(SAMPLE_HOST, `${origin}/site/$1`));
        return;
      }
      const page = path.match(/^\/site\/([a-z0-9-]+)\/(.+)$/);
      if (page?.[1] && page[2]) {
        const body = await readFile(join(examplesDir, 'pages', page[1], `${page[2]}.html`), 'utf8');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
        return;
      }
    } catch {
      // fall through to 404
    }
    res.writeHead(404).end('not found');
  });
  origin = await listen(server);
  return { origin, close: closer(server) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local webhook endpoint standing in for a chat service: hands each JSON body
 * it accepts to `onMessage`. `status` (default 200) lets a test make it fail.
 */
export async function startWebhookSink(
  onMessage: (body: unknown, headers: IncomingMessage['headers']) => void,
  status: () => number = () => 200,
): Promise<LocalServer> {
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const code = status();
    if (code !== 200) return res.writeHead(code).end('unavailable');
    try {
      onMessage(JSON.parse(text), req.headers);
      res.writeHead(200).end('ok');
    } catch {
      res.writeHead(400).end('invalid json');
    }
  });
  return { origin: await listen(server), close: closer(server) };
}
