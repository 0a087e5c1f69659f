// Page security headers for both apps, set per request by each app's src/proxy.ts.
// Pure (Web APIs only) so the proxy can load it and unit tests can check the policy.

export interface PageSecurityOptions {
  /** This request's nonce (newNonce()); Next stamps it on its own scripts. */
  nonce: string;
  /** The app's public URL (PROVIDER_APP_URL / PATIENT_APP_URL). */
  appUrl: string;
  /** Where browsers reach LiveKit (LIVEKIT_URL), ws(s) or http(s). */
  livekitUrl: string;
  /** `next dev`: React's dev build needs eval for its error overlay and server stacks. */
  dev: boolean;
  /** NODE_ENV is production: HSTS only then, and only over https. */
  production: boolean;
}

/** 128 random bits, base64: unguessable and fresh for every page view. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The websocket and the http(s) form of a URL's origin: LiveKit's client uses both. */
function bothSchemes(url: string): string[] {
  const u = new URL(url);
  const secure = u.protocol === "https:" || u.protocol === "wss:";
  return [`${secure ? "wss" : "ws"}://${u.host}`, `${secure ? "https" : "http"}://${u.host}`];
}

export function contentSecurityPolicy(opts: PageSecurityOptions): string {
  const https = new URL(opts.appUrl).protocol === "https:";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Only scripts carrying this request's nonce run, and what they load ('strict-dynamic'):
    // injected markup cannot run script. 'self' is the fallback for browsers without CSP 3.
    "script-src": ["'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    // Inline styles stay allowed: React renders style="" attributes into the server HTML and
    // Radix's scroll lock inserts a <style> without a nonce. With img-src, font-src and
    // connect-src closed to other hosts, injected CSS has nowhere to send what it reads.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "media-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'", "data:"],
    // The app's own API (and the dev server's HMR socket), and LiveKit's signalling socket and
    // HTTP endpoint. WebRTC media itself is not governed by CSP.
    "connect-src": ["'self'", ...new Set([...bothSchemes(opts.appUrl), ...bothSchemes(opts.livekitUrl)])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    // Only where the app itself is https: on http://127.0.0.1 (e2e) it would break every request.
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** Response headers for a page: CSP always, HSTS in production over https. */
export function pageSecurityHeaders(opts: PageSecurityOptions): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": contentSecurityPolicy(opts) };
  if (opts.production && new URL(opts.appUrl).protocol === "https:") {
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  }
  return headers;
}
