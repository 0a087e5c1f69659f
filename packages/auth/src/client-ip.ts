import { BlockList, isIP } from "node:net";

/**
 * The header our auth handler sets to the resolved client address for better-auth
 * (`advanced.ipAddress.ipAddressHeaders`). Any copy a client sends is removed first.
 */
export const CLIENT_IP_HEADER = "x-clearwell-client-ip";

/** One address as the resolver compares and records it: IPv4-mapped IPv6 as IPv4, IPv6 lower case. */
export function normaliseIp(value: string): string | null {
  const ip = value.trim();
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1];
  return mapped && isIP(mapped) === 4 ? mapped : ip.toLowerCase();
}

/**
 * Parses TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the reverse proxies in
 * front of the app. Throws on a malformed entry, so a typo fails at start-up instead of
 * silently trusting nothing (or everything).
 */
export function parseTrustedProxies(value: string | readonly string[]): string[] {
  const entries = (typeof value === "string" ? value.split(",") : [...value]).map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!toRange(entry)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

function toRange(entry: string): { ip: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [addr = "", prefixText, extra] = entry.split("/");
  if (extra !== undefined) return null;
  const ip = normaliseIp(addr);
  if (!ip) return null;
  const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (prefixText === undefined) return { ip, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { ip, prefix: Number(prefixText), family };
}

export type ClientIpResolver = (headers: Headers, peer?: string | null) => string | null;

/**
 * The one answer to "which address is this request from", used by the sign-in rate limit,
 * the public-procedure limits and the audit trail.
 *
 * - `peer` is the socket address when the transport knows it. An untrusted peer is the client;
 *   its X-Forwarded-For is the client's own text and is ignored.
 * - Next.js route handlers do not expose the socket address (and `next start` keeps a
 *   client-sent X-Forwarded-For instead of setting its own). With no trusted proxies that
 *   leaves nothing trustworthy: null, and callers share one bucket for unknown addresses.
 *   With trusted proxies configured, the deployment promises the app is reachable only
 *   through them, so the header's right end was written by our own proxy.
 * - X-Forwarded-For is walked from the right, skipping our proxies; the first other address is
 *   the client. Anything left of it was sent by the client and is never read.
 */
export function createClientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const trusted = new BlockList();
  for (const entry of parseTrustedProxies(trustedProxies)) {
    const range = toRange(entry)!;
    trusted.addSubnet(range.ip, range.prefix, range.family);
  }
  const isTrusted = (ip: string) => trusted.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
  const anyTrusted = trustedProxies.length > 0;

  return (headers, peer) => {
    const from = peer ? normaliseIp(peer) : null;
    if (from && !isTrusted(from)) return from;
    if (!from && !anyTrusted) return null;
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    let nearest = from;
    for (let i = hops.length - 1; i >= 0; i--) {
      const ip = normaliseIp(hops[i]!);
      // A malformed hop means the chain cannot be read past this point.
      if (!ip) return null;
      if (!isTrusted(ip)) return ip;
      nearest = ip;
    }
    // Every hop is one of our proxies (its own health check, say).
    return nearest;
  };
}
