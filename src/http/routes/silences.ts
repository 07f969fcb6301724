import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.js';
import { HttpError, parseInput } from '../errors.js';
import { NoQuerySchema, SilenceBodySchema, SilenceIdParamsSchema } from '../schemas.js';

/** Silences: list (active first), create, read, end. Editing is end-and-create, as in Alertmanager. */
export function registerSilenceRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/silences', async (request) => {
    parseInput(NoQuerySchema, request.query, 'filter');
    const now = ctx.clock.now();
    const silences = await ctx.silences.list();
    return { silences: silences.map((s) => ({ ...s, active: Date.parse(s.expires_at) > now })) };
  });

  app.get('/api/silences/:id', async (request) => {
    const { id } = parseInput(SilenceIdParamsSchema, request.params, 'silence id');
    const silence = (await ctx.silences.list()).find((s) => s.id === id);
    if (!silence) throw new HttpError(404, `no silence ${id}`);
    return { silence: { ...silence, active: Date.parse(silence.expires_at) > ctx.clock.now() } };
  });

  app.post('/api/silences', async (request, reply) => {
    const body = parseInput(SilenceBodySchema, request.body, 'field');
    const expires = typeof body.expires_at === 'number' ? body.expires_at : Date.parse(body.expires_at);
    if (!Number.isFinite(expires)) throw new HttpError(400, `expires_at: not a date: ${String(body.expires_at).slice(0, 40)}`);
    if (expires <= ctx.clock.now()) throw new HttpError(400, 'expires_at: must be in the future');
    const silence = await ctx.silences.add({ ...body, expires_at: expires });
    return reply.code(201).send({ silence });
  });

  app.delete('/api/silences/:id', async (request) => {
    const { id } = parseInput(SilenceIdParamsSchema, request.params, 'silence id');
    if (!(await ctx.silences.expire(id))) throw new HttpError(404, `no silence ${id}`);
    return { expired: id };
  });
}
