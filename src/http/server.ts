import Fastify, { type FastifyInstance } from 'fastify';
import { type Metrics, metrics as processMetrics } from '../metrics/metrics.js';
import type { ConsoleContext } from './deps.js';
import { type HttpAuth, installAuth, installCrossSiteGuard } from './auth.js';
import { isLoopback } from './config.js';
import { defaultDeadLetters, receiverHealth } from './deadletters.js';
import type { DeadLetterView, RouteDeps } from './deps.js';
import { installErrorHandlers } from './errors.js';
import { mountQueueBoard } from './queue-board.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerExportRoutes } from './routes/exports.js';
import { registerOperationRoutes } from './routes/operations.js';
import { registerSearchRoutes } from './routes/search.js';
import { registerSilenceRoutes } from './routes/silences.js';
import { registerStaticAssets } from './static.js';

export interface HttpServerOptions {
  port: number;
  /** Defaults to 127.0.0.1: exposing the console is a deliberate choice. */
  host?: string;
  auth?: HttpAuth;
  readiness: () => { scheduler: boolean };
  /** Defaults to the process's metrics; tests pass their own. */
  metrics?: Metrics;
  deadLetters?: DeadLetterView;
  /** Largest request body accepted (bytes); bigger gets a 413. */
  bodyLimit?: number;
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/** Counts requests by route template, never by raw URL, so ids and query strings cannot blow up cardinality. */
function countRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: `${Math.floor(reply.statusCode / 100)}xx` });
  });
}

export async function buildHttpApp(ctx: ConsoleContext, options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 64 * 1024, trustProxy: false, return503OnClosing: true });
  const metrics = options.metrics ?? processMetrics();
  metrics.watchQueues(Object.values(ctx.queues));
  metrics.watchReceivers(() => receiverHealth(ctx));
  const deps: RouteDeps = { ctx, metrics, readiness: options.readiness, deadLetters: options.deadLetters ?? defaultDeadLetters(ctx) };
  installErrorHandlers(app, ctx.log);
  countRequests(app, metrics);
  installCrossSiteGuard(app);
  installAuth(app, options.auth);
  registerOperationRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerSilenceRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerStaticAssets(app);
  mountQueueBoard(app, ctx);
  return app;
}

/** In-flight requests get this long to finish when the service stops. */
const CLOSE_GRACE_MS = 3000;

/**
 * Stops accepting, lets in-flight requests finish, then cuts whatever is
 * left: a client that stops reading a large response (or a hostile one) must
 * not hold the service's shutdown open.
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}

/** Serves the analyst's console, the API, exports and /metrics for one running process. */
export async function startHttpServer(ctx: ConsoleContext, options: HttpServerOptions): Promise<HttpServer> {
  const app = await buildHttpApp(ctx, options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  if (!isLoopback(host) && !options.auth?.bearer_token && !options.auth?.basic) {
    ctx.log.warn({ host }, 'The console is reachable from the network without credentials; set SAHELWATCH_HTTP_TOKEN or SAHELWATCH_HTTP_USER/PASSWORD.');
  }
  ctx.log.info({ url, auth: options.auth?.basic ? 'basic' : options.auth?.bearer_token ? 'bearer' : 'none' }, 'HTTP console listening.');
  return { url, close: () => closeWithin(app, CLOSE_GRACE_MS) };
}
