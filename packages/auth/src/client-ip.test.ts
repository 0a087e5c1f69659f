import { describe, expect, it } from "vitest";

import { createClientIpResolver, normaliseIp, parseTrustedProxies } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("client address resolver", () => {
  it("trusts no forwarded header when no proxy is configured", () => {
    const resolve = createClientIpResolver([]);
    expect(resolve(xff("203.0.113.9"))).toBeNull();
    expect(resolve(xff("203.0.113.9"), "192.0.2.4")).toBe("192.0.2.4");
    expect(resolve(new Headers(), "::ffff:192.0.2.4")).toBe("192.0.2.4");
  });

  it("walks X-Forwarded-For from the right past trusted proxies (addresses and CIDR ranges, IPv4 and IPv6)", () => {
    const resolve = createClientIpResolver(["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]);
    expect(resolve(xff("6.6.6.6, 198.51.100.7, 10.1.2.3"), "192.0.2.1")).toBe("198.51.100.7");
    expect(resolve(xff("6.6.6.6, 2001:DB9::1, 2001:db8::5"))).toBe("2001:db9::1");
    // An untrusted peer is the client whatever it forwards.
    expect(resolve(xff("198.51.100.7"), "203.0.113.50")).toBe("203.0.113.50");
    // Only proxies: the leftmost of them (a health check from the load balancer, say).
    expect(resolve(xff("10.0.0.9, 10.0.0.8"), "192.0.2.1")).toBe("10.0.0.9");
    // A malformed hop ends the walk: nothing to its left can be believed.
    expect(resolve(xff("198.51.100.7, not-an-ip, 10.0.0.8"))).toBeNull();
    expect(resolve(new Headers())).toBeNull();
  });

  it("refuses malformed TRUSTED_PROXIES entries", () => {
    expect(parseTrustedProxies(" 10.0.0.1 , 10.1.0.0/16,,::1 ")).toEqual(["10.0.0.1", "10.1.0.0/16", "::1"]);
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "::1/129", "10.0.0.1/x"]) {
      expect(() => parseTrustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
    }
    expect(normaliseIp("1.2.3.4:80")).toBeNull();
  });
});
