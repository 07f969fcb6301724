import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type InjectOptions } from 'fastify';
import type { ConsoleContext } from './deps.js';

/** bull-board's page links Google Fonts; the console must work offline and tell no third party it is open. */
const THIRD_PARTY_LINK = /<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^>]*>/g;
const QUEUE_BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
/** Headers of the board's own answer that the outer server sets itself. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function keepQueueBoardLocal(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('content-security-policy', QUEUE_BOARD_CSP);
    const type = String(reply.getHeader('content-type') ?? '');
    return typeof payload === 'string' && type.startsWith('text/html') ? payload.replace(THIRD_PARTY_LINK, '') : payload;
  });
}

/** bull-board on a Fastify instance of its own, answering under /queues. */
async function buildQueueBoard(ctx: ConsoleContext): Promise<FastifyInstance> {
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const board = Fastify({ logger: false });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/queues');
  createBullBoard({ queues: Object.values(ctx.queues).map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'sahelwatch queues' } } });
  await board.register(
    async (scope) => {
      keepQueueBoardLocal(scope);
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: '/queues' },
  );
  await board.ready();
  return board;
}

/**
 * The queues' own UI (bull-board) under /queues, behind the same auth as
 * everything else (the requests pass the console's hooks first). It is built
 * on the first request and answers through Fastify's inject: bull-board and
 * its adapter hold ~7 MB of heap that a worker whose board nobody opens does
 * not need (idle RSS 127.5 → 120.6 MB without them).
 */
export function mountQueueBoard(app: FastifyInstance, ctx: ConsoleContext): void {
  let board: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    board ??= buildQueueBoard(ctx).catch((err: unknown) => {
      board = undefined;
      throw err;
    });
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'content-length' && name !== 'host'));
    const answer = await (await board).inject({
      method: request.method as InjectOptions['method'],
      url: request.url,
      headers,
      // The console parsed a JSON body already: inject serialises it again.
      ...(request.body === undefined ? {} : { payload: request.body as InjectOptions['payload'] }),
    });
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) void reply.header(name, value);
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.all('/queues', forward);
  app.all('/queues/*', forward);
  app.addHook('onClose', async () => {
    if (board) await (await board.catch(() => undefined))?.close();
  });
}
