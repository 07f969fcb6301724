import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parsed form of `allow_private`: exact origins and CIDR ranges. */
export interface AllowList {
  origins: Set<string>;
  ranges: Array<[Address, number]>;
}

export function parseAllowList(entries: readonly string[]): AllowList {
  const origins = new Set<string>();
  const ranges: Array<[Address, number]> = [];
  for (const entry of entries) {
    if (entry.includes('://')) origins.add(new URL(entry).origin);
    else ranges.push(ipaddr.parseCIDR(entry));
  }
  return { origins, ranges };
}

/** `[::1]` → `::1`: URL hostnames keep IPv6 brackets. */
export function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(stripBrackets(hostname));
}

function inAllowedRange(address: Address, allow: AllowList): boolean {
  return allow.ranges.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));
}

/** True for plain public unicast (what needs no allow-list entry). */
export function isPublicAddress(ip: string): boolean {
  return blockedReason(ip, { origins: new Set(), ranges: [] }) === null;
}

/**
 * Why an address must not be contacted, or null if it is public unicast.
 * Anything ipaddr.js does not class as plain `unicast` is refused: loopback,
 * private, link-local (incl. 169.254.169.254 metadata), CGNAT, ULA, multicast,
 * 0.0.0.0/::, reserved, and v6 forms that embed a v4 (mapped, NAT64, 6to4, Teredo).
 * IPv4-mapped IPv6 is judged by its embedded v4 address.
 */
export function blockedReason(ip: string, allow: AllowList): string | null {
  let address: Address = ipaddr.parse(stripBrackets(ip));
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const range = address.range();
  if (range === 'unicast') return null;
  if (inAllowedRange(address, allow)) return null;
  // One wording for every refused range, so logs and alerts can grep for it.
  return `private address ${address.toString()} (${range})`;
}

/**
 * Why a configured URL points where the fetcher will refuse to go, or null.
 * Static: an IP literal in a refused range (loopback, private, link-local,
 * CGNAT, ULA, …) or a `localhost` name, unless its origin or range is in
 * `allow_private`. A public name that resolves to a private address is caught
 * only at fetch time, where every connection is checked.
 */
export function privateUrlReason(url: string, allowPrivate: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  let allow: AllowList;
  try {
    allow = parseAllowList(allowPrivate);
  } catch {
    allow = { origins: new Set(), ranges: [] };
  }
  if (allow.origins.has(parsed.origin)) return null;
  const host = stripBrackets(parsed.hostname).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `loopback name ${host}`;
  return isIpLiteral(host) ? blockedReason(host, allow) : null;
}
