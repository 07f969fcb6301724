import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { type AllowList, blockedReason, parseAllowList } from './address-guard.js';
import type { FetchPolicy } from './fetch-policy.js';

/** Raised inside the DNS hook; surfaces as the `cause` of undici's TypeError. */
export class BlockedAddress extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS hook for the connect path: resolves every address of the host and
 * refuses the connection if any of them is non-public. Checking all of them
 * (not just the first) keeps a host with one public and one private record
 * from being used as a pivot.
 */
function guardedLookup(allow: AllowList) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const reason = blockedReason(address, allow);
        if (reason) return callback(new BlockedAddress(`${hostname} resolves to ${reason}`), []);
      }
      const first = addresses[0];
      if (!first) return callback(new BlockedAddress(`${hostname} has no address`), []);
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

export interface Dispatchers {
  guarded: Agent;
  /** For origins named in allow_private: no address check. */
  open: Agent;
  allow: AllowList;
}

const dispatcherCache = new Map<string, Dispatchers>();
const MAX_CACHED_POLICIES = 16;

/** Replays build a policy per served file: close the oldest agents (gracefully) instead of piling them up. */
function evictOldDispatchers(): void {
  for (const [key, old] of dispatcherCache) {
    if (dispatcherCache.size <= MAX_CACHED_POLICIES) return;
    dispatcherCache.delete(key);
    void old.guarded.close().catch(() => undefined);
    void old.open.close().catch(() => undefined);
  }
}

/** One pair of pooled agents per distinct policy (policies are few and long-lived). */
export function dispatchersFor(policy: FetchPolicy): Dispatchers {
  const key = JSON.stringify([policy.connect_timeout_ms, policy.total_timeout_ms, policy.allow_private]);
  let cached = dispatcherCache.get(key);
  if (!cached) {
    const allow = parseAllowList(policy.allow_private);
    const timeouts = { headersTimeout: policy.total_timeout_ms, bodyTimeout: policy.total_timeout_ms };
    cached = {
      allow,
      guarded: new Agent({ ...timeouts, connect: { timeout: policy.connect_timeout_ms, lookup: guardedLookup(allow) } }),
      open: new Agent({ ...timeouts, connect: { timeout: policy.connect_timeout_ms } }),
    };
    dispatcherCache.set(key, cached);
    evictOldDispatchers();
  }
  return cached;
}
