import type { AppName } from "@clearwell/auth";
import { authEnv } from "@clearwell/auth/env";
import { videoEnv } from "@clearwell/video/env";

import { newNonce, pageSecurityHeaders } from "./security-headers";

export interface PageSecurity {
  /** Headers for the request as the app renders it: Next reads the nonce from its CSP header. */
  requestHeaders: Headers;
  /** Headers the browser gets with the page. */
  responseHeaders: Record<string, string>;
}

/**
 * Per-request page security for one app, for its src/proxy.ts. The URLs are read from the
 * environment on the first request (never at build time) and kept.
 */
export function pageSecurityFor(app: AppName): (incoming: Headers) => PageSecurity {
  let urls: { appUrl: string; livekitUrl: string } | undefined;
  return (incoming) => {
    urls ??= { appUrl: app === "provider" ? authEnv().PROVIDER_APP_URL : authEnv().PATIENT_APP_URL, livekitUrl: videoEnv().LIVEKIT_URL };
    const nonce = newNonce();
    const nodeEnv = process.env.NODE_ENV;
    const responseHeaders = pageSecurityHeaders({ nonce, ...urls, dev: nodeEnv === "development", production: nodeEnv === "production" });
    const requestHeaders = new Headers(incoming);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", responseHeaders["Content-Security-Policy"]!);
    return { requestHeaders, responseHeaders };
  };
}
