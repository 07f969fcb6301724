import { fetch, type Response } from 'undici';
import { type AllowList, blockedReason, isIpLiteral, isPublicAddress } from './address-guard.js';
import { BlockedAddress, dispatchersFor } from './dispatchers.js';
import type { FetchPolicy } from './fetch-policy.js';

export { type FetchPolicy, FetchPolicySchema, defaultFetchPolicy } from './fetch-policy.js';

/** A request we would not make or finish. The message is one line: URL and reason. */
export class FetchRefused extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'FetchRefused';
  }
}

export interface FetchInit {
  headers?: Record<string, string>;
  /** Previous ETag: sent as If-None-Match. */
  etag?: string;
  /** Previous Last-Modified: sent as If-Modified-Since. */
  lastModified?: string;
}

export interface FetchResult {
  status: number;
  /** URL after redirects. */
  url: string;
  headers: Record<string, string>;
  /** Decompressed body, at most `max_body_bytes`. Empty on 304. */
  body: Buffer;
  notModified: boolean;
}

/** Scheme and IP-literal checks made before any connection (DNS hooks never see literals). */
function checkUrl(url: URL, allow: AllowList, allowedPorts: readonly number[]): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol.replace(':', '')} not allowed`;
  if (url.username || url.password) return 'credentials in URL not allowed';
  if (allow.origins.has(url.origin)) return null;
  if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) return `private address ${url.hostname}`;
  const literalRefusal = isIpLiteral(url.hostname) ? blockedReason(url.hostname, allow) : null;
  if (literalRefusal) return literalRefusal;
  // Odd ports on public hosts are how an SSRF scans services; an allow-listed private range may use any port.
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const allowedPrivate = isIpLiteral(url.hostname) && !isPublicAddress(url.hostname);
  if (!allowedPrivate && !allowedPorts.includes(port)) return `port ${port} not allowed`;
  return null;
}

function describeFailure(err: unknown, deadlineHit: boolean): string {
  if (deadlineHit) return 'timeout';
  let deepest = err instanceof Error ? err.message : String(err);
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) deepest = e.message;
    if (e instanceof BlockedAddress) return e.message;
    const code = (e as { code?: string }).code;
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed (${code})`;
    if (code) return `network error ${code}`;
    e = (e as { cause?: unknown }).cause;
  }
  return `network error: ${deepest}`;
}

function headerRecord(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * Reads the (already decompressed: undici's fetch inflates gzip/deflate/br)
 * body, counting bytes as they arrive so a gzip bomb is cut at the cap instead
 * of being inflated in full.
 */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (!response.headers.get('content-encoding') && declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchRefused(url, `body over ${formatBytes(maxBytes)} (Content-Length ${declared})`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchRefused(url, `body over ${formatBytes(maxBytes)} after decompression`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, total);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

function requestHeaders(policy: FetchPolicy, init: FetchInit): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': policy.user_agent,
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/xml, text/html;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    ...init.headers,
  };
  if (init.etag) headers['if-none-match'] = init.etag;
  if (init.lastModified) headers['if-modified-since'] = init.lastModified;
  return headers;
}

/** One hop: validates the URL, picks the guarded or allow-listed agent, sends without following redirects. */
async function sendOnce(url: URL, policy: FetchPolicy, headers: Record<string, string>, signal: AbortSignal) {
  const dispatchers = dispatchersFor(policy);
  const refused = checkUrl(url, dispatchers.allow, policy.allowed_ports);
  if (refused) throw new FetchRefused(url.href, refused);
  const dispatcher = dispatchers.allow.origins.has(url.origin) ? dispatchers.open : dispatchers.guarded;
  return fetch(url, { headers, redirect: 'manual', signal, dispatcher });
}

/**
 * GET with the service's safety limits: http(s) only, no private addresses on
 * any hop (literal and resolved), redirects followed by hand up to
 * `max_redirects`, one total deadline for all hops and the body, and a body cap
 * counted after decompression. Non-2xx responses are returned, not thrown;
 * anything that prevents a response throws `FetchRefused`.
 */
export async function safeFetch(url: string, policy: FetchPolicy, init: FetchInit = {}): Promise<FetchResult> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new FetchRefused(url, 'invalid URL');
  }
  const controller = new AbortController();
  let deadlineHit = false;
  const timer = setTimeout(() => {
    deadlineHit = true;
    controller.abort();
  }, policy.total_timeout_ms);
  const headers = requestHeaders(policy, init);
  try {
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await sendOnce(current, policy, headers, controller.signal);
      } catch (err) {
        if (err instanceof FetchRefused) throw err;
        throw new FetchRefused(current.href, describeFailure(err, deadlineHit));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= policy.max_redirects) throw new FetchRefused(url, `too many redirects (over ${policy.max_redirects})`);
        current = new URL(location, current);
        // Conditional headers belong to the first URL only.
        delete headers['if-none-match'];
        delete headers['if-modified-since'];
        continue;
      }
      const notModified = response.status === 304;
      let body: Buffer;
      try {
        body = notModified ? Buffer.alloc(0) : await readCapped(response, current.href, policy.max_body_bytes);
      } catch (err) {
        if (err instanceof FetchRefused) throw err;
        throw new FetchRefused(current.href, describeFailure(err, deadlineHit));
      }
      return { status: response.status, url: current.href, headers: headerRecord(response), body, notModified };
    }
  } finally {
    clearTimeout(timer);
  }
}
