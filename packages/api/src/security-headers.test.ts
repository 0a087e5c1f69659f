import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from "./security-headers";

const base = { nonce: "bm9uY2Utb2YtdGhpcy1yZXF1ZXN0", appUrl: "https://portal.clinic.example", livekitUrl: "wss://video.clinic.example", dev: false, production: true };

/** Directive name → its values. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("content security policy", () => {
  it("lets only this request's nonce and what it loads run script, never eval in production", () => {
    const csp = parse(contentSecurityPolicy(base));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${base.nonce}'`, "'strict-dynamic'"]);
    expect(contentSecurityPolicy(base)).not.toContain("unsafe-eval");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows eval only for the dev server", () => {
    expect(parse(contentSecurityPolicy({ ...base, dev: true, production: false })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("lets the browser reach LiveKit by websocket and https, and nothing else off-site", () => {
    const connect = parse(contentSecurityPolicy(base)).get("connect-src");
    expect(connect).toEqual(["'self'", "wss://portal.clinic.example", "https://portal.clinic.example", "wss://video.clinic.example", "https://video.clinic.example"]);
    // A plain-ws LiveKit (local runs and e2e) keeps its port.
    const local = parse(contentSecurityPolicy({ ...base, appUrl: "http://localhost:3200", livekitUrl: "ws://127.0.0.1:7970" })).get("connect-src");
    expect(local).toEqual(["'self'", "ws://localhost:3200", "http://localhost:3200", "ws://127.0.0.1:7970", "http://127.0.0.1:7970"]);
  });

  it("closes framing, plugins, base and form targets; media and images from the app, blob: and data: only", () => {
    const csp = parse(contentSecurityPolicy(base));
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "blob:", "data:"]);
    expect(csp.get("media-src")).toEqual(["'self'", "blob:", "data:"]);
  });

  it("upgrades insecure requests only when the app itself is https", () => {
    expect(parse(contentSecurityPolicy(base)).has("upgrade-insecure-requests")).toBe(true);
    expect(parse(contentSecurityPolicy({ ...base, appUrl: "http://127.0.0.1:3200" })).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("page security headers", () => {
  it("sends HSTS in production over https only", () => {
    expect(pageSecurityHeaders(base)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(pageSecurityHeaders({ ...base, appUrl: "http://localhost:3200" })["Strict-Transport-Security"]).toBeUndefined();
    expect(pageSecurityHeaders({ ...base, production: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(pageSecurityHeaders(base)["Content-Security-Policy"]).toBe(contentSecurityPolicy(base));
  });

  it("makes a fresh 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(atob(n)).toHaveLength(16);
  });
});
