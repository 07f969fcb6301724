import { describe, expect, it } from 'vitest';
import { HttpConfigSchema, httpAuthFromEnv, isLoopback } from '../../src/http/config.js';

describe('HTTP console configuration', () => {
  it('defaults to port 8080 on 127.0.0.1', () => {
    expect(HttpConfigSchema.parse({})).toEqual({ port: 8080, host: '127.0.0.1', body_limit_bytes: 65536 });
  });

  it('takes credentials only from the environment, and only complete ones', () => {
    expect(httpAuthFromEnv({})).toBeUndefined();
    expect(httpAuthFromEnv({ SAHELWATCH_HTTP_USER: 'analyst' })).toBeUndefined();
    expect(httpAuthFromEnv({ SAHELWATCH_HTTP_TOKEN: ' t0ken ' })).toEqual({ bearer_token: 't0ken' });
    expect(httpAuthFromEnv({ SAHELWATCH_HTTP_USER: 'analyst', SAHELWATCH_HTTP_PASSWORD: 'pw' })).toEqual({ basic: { user: 'analyst', password: 'pw' } });
  });

  it('knows which hosts keep the console on this machine', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.0.1.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.5', 'example.org'].some(isLoopback)).toBe(false);
  });
});
