import { z } from 'zod';
import type { HttpAuth } from './auth.js';

/**
 * The `http:` section of sahelwatch.yaml, for the config owner to adopt
 * (`http: HttpConfigSchema.prefault({})`). Secrets come from the environment
 * only: SAHELWATCH_HTTP_TOKEN, or SAHELWATCH_HTTP_USER + SAHELWATCH_HTTP_PASSWORD.
 */
export const HttpConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8080),
  /** 127.0.0.1 unless the console is deliberately exposed (then set credentials). */
  host: z.string().default('127.0.0.1'),
  body_limit_bytes: z.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
});
export type HttpConfig = z.output<typeof HttpConfigSchema>;

/** Credentials from the environment; undefined when none are set. */
export function httpAuthFromEnv(env: NodeJS.ProcessEnv): HttpAuth | undefined {
  const token = env.SAHELWATCH_HTTP_TOKEN?.trim();
  const user = env.SAHELWATCH_HTTP_USER?.trim();
  const password = env.SAHELWATCH_HTTP_PASSWORD;
  const auth: HttpAuth = {
    ...(token ? { bearer_token: token } : {}),
    ...(user && password ? { basic: { user, password } } : {}),
  };
  return auth.bearer_token || auth.basic ? auth : undefined;
}

/** Loopback hosts: anything else exposes the console to the network. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
