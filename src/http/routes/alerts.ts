import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Alert } from '../../alerts/alert.js';
import { truncate } from '../../core/text.js';
import { notifyContext, notifyResolved } from '../../delivery/pipeline.js';
import { authenticatedUser } from '../auth.js';
import type { RouteDeps } from '../deps.js';
import { HttpError, parseInput } from '../errors.js';
import { earlierNearAlert } from '../nearby.js';
import { AckBodySchema, AlertIdParamsSchema, AlertListQuerySchema, AlertSilenceBodySchema, EarlierQuerySchema, ResolveBodySchema } from '../schemas.js';

const HOUR_MS = 3_600_000;

async function findAlert(deps: RouteDeps, request: FastifyRequest): Promise<Alert> {
  const { id } = parseInput(AlertIdParamsSchema, request.params, 'alert id');
  const alert = await deps.ctx.alerts.get(id);
  if (!alert) throw new HttpError(404, `no alert ${id} (it may have passed the retention period)`);
  return alert;
}

/** Who did it: the basic-auth user when there is one, else what the client says, else "dashboard". */
function actor(request: FastifyRequest, claimed: string | undefined): string {
  return authenticatedUser(request) ?? claimed ?? 'dashboard';
}

export function registerAlertRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx } = deps;

  app.get('/api/alerts', async (request) => {
    const query = parseInput(AlertListQuerySchema, request.query, 'filter');
    const page = await ctx.alerts.list(query);
    return { alerts: page.alerts, nextCursor: page.nextCursor ?? null };
  });

  app.get('/api/alerts/:id', async (request) => {
    const alert = await findAlert(deps, request);
    return { alert, silencedBy: await ctx.silences.matching(alert) };
  });

  // What happened near the alert's place before it, from the record: alerts (linked in the console) and events (linked to their report).
  app.get('/api/alerts/:id/earlier', async (request) => {
    const alert = await findAlert(deps, request);
    const { radius_km, limit } = parseInput(EarlierQuerySchema, request.query, 'parameter');
    return earlierNearAlert(ctx, alert, radius_km, limit);
  });

  app.post('/api/alerts/:id/ack', async (request) => {
    const alert = await findAlert(deps, request);
    const body = parseInput(AckBodySchema, request.body, 'field');
    const updated = await ctx.alerts.acknowledge(alert.id, actor(request, body.by));
    if (!updated) throw new HttpError(404, `no alert ${alert.id}`);
    return { alert: updated };
  });

  // The alert is over: recorded, and receivers with send_resolved are told.
  app.post('/api/alerts/:id/resolve', async (request) => {
    const alert = await findAlert(deps, request);
    const body = parseInput(ResolveBodySchema, request.body, 'field');
    const by = actor(request, body.by);
    const resolved = await ctx.alerts.resolve(alert.id, by, 'analyst', truncate(`resolved by ${by}${body.comment ? `: ${body.comment}` : ''}`, 300));
    if (!resolved) throw new HttpError(409, `alert ${alert.id} is already resolved`);
    return { alert: resolved, notified: await notifyResolved(notifyContext(ctx), resolved, ctx.log) };
  });

  // One click from the alert: a silence on its story (or indicator) plus a history line on the alert.
  app.post('/api/alerts/:id/silence', async (request, reply) => {
    const alert = await findAlert(deps, request);
    const body = parseInput(AlertSilenceBodySchema, request.body, 'field');
    const by = actor(request, body.by);
    const matchers = body.scope === 'story' ? { indicator: alert.indicatorId, story: alert.story.id } : { indicator: alert.indicatorId };
    const silence = await ctx.silences.add({
      matchers,
      expires_at: ctx.clock.now() + body.hours * HOUR_MS,
      comment: body.comment,
      created_by: by,
    });
    const note = truncate(`silenced by ${by} until ${silence.expires_at} (${body.scope}): ${body.comment}`, 300);
    const updated = await ctx.alerts.appendHistory(alert.id, { kind: 'silenced', version: alert.version, note });
    return reply.code(201).send({ silence, alert: updated ?? alert });
  });
}
