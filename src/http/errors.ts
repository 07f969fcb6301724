import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type ZodType, z } from 'zod';
import { truncate } from '../core/text.js';

/** An error whose message is safe and useful to show the client, on one line. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function oneLine(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), 300, '');
}

/** One readable line for the first problem: `unknown filter "colour" (allowed: …)` or `severity: Invalid option …`. */
export function describeZodError(error: z.ZodError, what: string, allowed: readonly string[]): string {
  const issue = error.issues[0];
  if (!issue) return `invalid ${what}`;
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown ${what} ${names}${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  }
  const path = issue.path.map(String).join('.');
  return oneLine(path ? `${path}: ${issue.message}` : issue.message);
}

/** Parses request input with a zod schema; a mismatch becomes a 400 that says what was wrong. */
export function parseInput<S extends ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  throw new HttpError(400, describeZodError(result.error, what, allowed));
}

/** 4xx errors and HttpErrors keep their message; anything else is logged and answered with a generic line. */
export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode ?? 500;
    // An HttpError's message is written for the client whatever its status (a 503 says what the process lacks).
    if (error instanceof HttpError || (status >= 400 && status < 500)) {
      void reply.code(status).send({ error: oneLine(error.message) });
      return;
    }
    log.error({ err: error.message, url: request.url, method: request.method }, 'HTTP handler failed.');
    void reply.code(500).send({ error: 'internal error; see the service log' });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
