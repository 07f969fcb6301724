import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface HttpAuth {
  bearer_token?: string;
  basic?: { user: string; password: string };
}

/** Probes stay open: orchestrators call them without credentials. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

/** Constant-time comparison that does not leak the length either (both sides are hashed). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerOk(header: string, token: string | undefined): boolean {
  if (!token || !header.startsWith('Bearer ')) return false;
  return sameSecret(header.slice(7).trim(), token);
}

function basicUser(header: string, basic: HttpAuth['basic']): string | undefined {
  if (!basic || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const userOk = sameSecret(decoded.slice(0, colon), basic.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), basic.password);
  return userOk && passwordOk ? basic.user : undefined;
}

/**
 * A browser cannot send a bearer token: with only SAHELWATCH_HTTP_TOKEN set, the
 * console also takes Basic with the token as the password (any user name, which
 * signs acknowledgements), so the browser's own login prompt lets people in.
 */
function tokenAsBasicUser(header: string, token: string | undefined): string | undefined {
  if (!token || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || !sameSecret(decoded.slice(colon + 1), token)) return undefined;
  return decoded.slice(0, colon).trim() || 'token';
}

/** The user a request authenticated as with basic auth (used to sign acknowledgements). */
export function authenticatedUser(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { swUser?: string }).swUser;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses state-changing requests that a browser marks as coming from another
 * site: with basic auth the browser would otherwise attach the credentials to
 * a form another page submits (CSRF). Non-browser clients send neither header.
 */
export function installCrossSiteGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const crossSite = site !== undefined ? site !== 'same-origin' && site !== 'none' : origin !== undefined && !sameHost(origin, request.host);
    if (crossSite) return reply.code(403).send({ error: 'cross-site request refused' });
  });
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Requires the bearer token or basic credentials on every route but the probes, when configured. */
export function installAuth(app: FastifyInstance, auth: HttpAuth | undefined): void {
  if (!auth?.bearer_token && !auth?.basic) return;
  app.addHook('onRequest', async (request, reply) => {
    if (OPEN_PATHS.has(request.url.split('?')[0] ?? '')) return;
    const header = request.headers.authorization ?? '';
    if (bearerOk(header, auth.bearer_token)) return;
    const user = basicUser(header, auth.basic) ?? (auth.basic ? undefined : tokenAsBasicUser(header, auth.bearer_token));
    if (user) {
      (request as FastifyRequest & { swUser?: string }).swUser = user;
      return;
    }
    // Basic first so a browser opening the dashboard gets its login prompt (with a token only, the token is the password).
    const challenges = ['Basic realm="sahelwatch", charset="UTF-8"', ...(auth.bearer_token ? ['Bearer realm="sahelwatch"'] : [])];
    void reply.header('www-authenticate', challenges.join(', '));
    return reply.code(401).send({ error: 'authentication required' });
  });
}
