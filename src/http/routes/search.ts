import type { FastifyInstance } from 'fastify';
import { SearchQuerySchema } from '../../record/search-query.js';
import type { RouteDeps } from '../deps.js';
import { HttpError, parseInput } from '../errors.js';

/** Full-text search over the record: `?q=…&country=ML&actor=jnim&event_type=attack&indicator=…&since=…&until=…&lat=…&lon=…&radius_km=…`. */
export function registerSearchRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/search', async (request) => {
    const query = parseInput(SearchQuerySchema, request.query, 'search parameter');
    if (!ctx.record) throw new HttpError(503, 'search reads the record, and this process keeps none (database.enabled is false)');
    return ctx.record.search(query);
  });
}
