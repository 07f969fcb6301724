import { hostname } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFetchPolicy, FetchRefused, safeFetch } from '../../src/net/safe-fetch.js';
import { type HostileServer, serveBytes, startHostileServer } from '../helpers/hostile-server.js';

let hostile: HostileServer;
/** Plays the internal service an attacker wants to reach: it must never get a request. */
let secret: HostileServer;

beforeAll(async () => {
  hostile = await startHostileServer();
  secret = await startHostileServer();
  secret.route('/admin', serveBytes('secret canary', 'text/plain'));
});
afterAll(async () => {
  await hostile.close();
  await secret.close();
});

/** Only the hostile server's exact origin is allow-listed, as in tests and the demo. */
function policy(overrides: Parameters<typeof defaultFetchPolicy>[0] = {}) {
  return defaultFetchPolicy({ allow_private: [hostile.origin], total_timeout_ms: 3_000, ...overrides });
}

async function refusal(url: string, p = policy()): Promise<FetchRefused> {
  const err = await safeFetch(url, p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchRefused);
  return err as FetchRefused;
}

describe('safeFetch SSRF guard', () => {
  it('refuses loopback without an allow-list entry, naming URL and address', async () => {
    const err = await refusal(secret.url('/admin'));
    expect(err.message).toContain(secret.url('/admin'));
    expect(err.reason).toMatch(/^private address 127\.0\.0\.1/);
    expect(secret.hits.get('/admin')).toBeUndefined();
  });

  it.each([
    ['loopback IP', () => secret.url('/admin')],
    ['localhost name (resolved address)', () => secret.url('/admin').replace('127.0.0.1', 'localhost')],
    ['IPv6 loopback', () => secret.url('/admin').replace('127.0.0.1', '[::1]')],
    ['IPv4-mapped IPv6', () => secret.url('/admin').replace('127.0.0.1', '[::ffff:127.0.0.1]')],
    ['decimal IPv4', () => secret.url('/admin').replace('127.0.0.1', '2130706433')],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', () => 'http://10.1.2.3/'],
    ['CGNAT', () => 'http://100.64.0.1/'],
    ['unspecified', () => 'http://0.0.0.0:80/'],
    ['IPv6 ULA', () => 'http://[fd00::1]/'],
    ['IPv6 link-local', () => 'http://[fe80::1]/'],
    ['NAT64-embedded loopback', () => 'http://[64:ff9b::7f00:1]/'],
    ['6to4-embedded private', () => 'http://[2002:0a00:0001::1]/'],
    ['IPv6 unspecified', () => 'http://[::]/'],
    ['multicast', () => 'http://224.0.0.1/'],
  ])('a redirect to %s is refused and never connects', async (_label, target) => {
    const err = await refusal(hostile.url(`/redirect?to=${encodeURIComponent(target())}`));
    expect(err.reason).toMatch(/private address/);
    expect(secret.hits.get('/admin')).toBeUndefined();
  });

  it('checks the resolved address of a host name (DNS), not only literals', async () => {
    // The machine's own host name escapes any name check; /etc/hosts or Docker DNS maps it to a
    // loopback or private address, which only the connect-time lookup hook can see.
    const target = `http://${hostname()}/admin`;
    const err = await refusal(hostile.url(`/redirect?to=${encodeURIComponent(target)}`));
    expect(err.reason).toMatch(new RegExp(`^${hostname()} resolves to private address`));
    expect(secret.hits.get('/admin')).toBeUndefined();
  });

  it('refuses non-http schemes', async () => {
    expect((await refusal('ftp://example.org/feed.xml')).reason).toBe('scheme ftp not allowed');
    expect((await refusal('file:///etc/passwd')).reason).toBe('scheme file not allowed');
    const viaRedirect = await refusal(hostile.url('/redirect?to=file:///etc/passwd'));
    expect(viaRedirect.reason).toBe('scheme file not allowed');
  });

  it('refuses unusual ports on public hosts', async () => {
    expect((await refusal('http://93.184.215.14:6379/')).reason).toBe('port 6379 not allowed');
    expect((await refusal('https://example.org:22/')).reason).toBe('port 22 not allowed');
  });

  it('allows a private range listed as a CIDR', async () => {
    const result = await safeFetch(secret.url('/admin'), policy({ allow_private: ['127.0.0.0/8'] }));
    expect(result.body.toString()).toBe('secret canary');
  });
});

describe('safeFetch limits', () => {
  it('follows up to max_redirects and refuses one more', async () => {
    const ok = await safeFetch(hostile.url('/redirect-chain?n=5'), policy());
    expect(ok.status).toBe(200);
    expect(ok.url).toBe(hostile.url('/redirect-chain?n=0'));
    const err = await refusal(hostile.url('/redirect-chain?n=6'));
    expect(err.reason).toMatch(/^too many redirects/);
  });

  it('cuts a body over the limit', async () => {
    const err = await refusal(hostile.url('/huge?mb=50'));
    expect(err.reason).toBe('body over 5 MB after decompression');
  });

  it('cuts a gzip bomb at the decompressed limit, without inflating it all', async () => {
    // The test server builds its 64 MB bomb in this process on first use: build it before measuring.
    await refusal(hostile.url('/gzip-bomb'));
    const before = process.memoryUsage().rss;
    const err = await refusal(hostile.url('/gzip-bomb'));
    expect(err.reason).toBe('body over 5 MB after decompression');
    expect(process.memoryUsage().rss - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('decompresses gzip bodies within the limit', async () => {
    hostile.route('/gzipped', serveBytes(gzipSync('<rss>é</rss>'), 'application/rss+xml', { 'content-encoding': 'gzip' }));
    const result = await safeFetch(hostile.url('/gzipped'), policy());
    expect(result.body.toString('utf8')).toBe('<rss>é</rss>');
    expect(hostile.lastHeaders.get('/gzipped')?.['accept-encoding']).toMatch(/gzip/);
  });

  it('stops a slow drip at the total deadline', async () => {
    const started = Date.now();
    const err = await refusal(hostile.url('/drip'), policy({ total_timeout_ms: 800 }));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('stops a server that never answers', async () => {
    const err = await refusal(hostile.url('/hang'), policy({ total_timeout_ms: 500 }));
    expect(err.reason).toBe('timeout');
  });

  it('returns non-2xx statuses and sends the User-Agent', async () => {
    const result = await safeFetch(hostile.url('/status?code=503'), policy({ user_agent: 'sahelwatch-test/1' }));
    expect(result.status).toBe(503);
    expect(hostile.lastHeaders.get('/status')?.['user-agent']).toBe('sahelwatch-test/1');
  });
});
