// The apps' src/proxy.ts as Next calls it: the page gets a CSP whose nonce is the one Next
// reads from the request to stamp its scripts; API routes (the LiveKit webhook) are left alone.
import { afterEach, describe, expect, it, vi } from "vitest";

import * as patientProxy from "../../../apps/patient/src/proxy";
import * as providerProxy from "../../../apps/provider/src/proxy";

// The proxies read only the headers, so a plain Request stands in for NextRequest.
const page = (url: string) => new Request(url) as never;
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

afterEach(() => vi.unstubAllEnvs());

describe.each([
  ["provider", providerProxy, "PROVIDER_APP_URL"],
  ["patient", patientProxy, "PATIENT_APP_URL"],
] as const)("%s proxy", (app, { proxy, config }, urlVar) => {
  it("gives each page a fresh nonce, the same in the response CSP and in the request Next renders", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv(urlVar, `https://${app}.clinic.example`);
    vi.stubEnv("LIVEKIT_URL", "wss://video.clinic.example");
    const first = proxy(page(`https://${app}.clinic.example/`));
    const csp = first.headers.get("content-security-policy");
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // NextResponse.next({ request: { headers } }) carries the rewritten request headers this way.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(csp).toContain("connect-src 'self' wss://");
    expect(csp).toContain("wss://video.clinic.example https://video.clinic.example");
    expect(csp).not.toContain("unsafe-eval");
    expect(first.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect(nonceOf(proxy(page(`https://${app}.clinic.example/`)).headers.get("content-security-policy"))).not.toBe(nonce);
  });

  it("runs on pages, not on API routes, static files or prefetches", () => {
    const [matcher] = config.matcher;
    const runsOn = (path: string) => new RegExp(`^${matcher!.source}$`).test(path);
    for (const page of ["/", "/sign-in", "/dashboard", "/visit/0b0c4c4e-8e0e-4f39-9d55-0f5c3e0d1a2b"]) expect(runsOn(page), page).toBe(true);
    for (const other of ["/api/trpc/session.me", "/api/livekit/webhook", "/api/auth/sign-in/email", "/_next/static/chunks/app.js", "/favicon.ico"]) {
      expect(runsOn(other), other).toBe(false);
    }
    expect(matcher!.missing.map((m) => m.key)).toEqual(["next-router-prefetch", "purpose"]);
  });
});
