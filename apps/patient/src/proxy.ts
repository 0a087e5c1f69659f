import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { pageSecurityFor } from "@clearwell/api/page-security";

const pageSecurity = pageSecurityFor("patient");

/**
 * A fresh CSP nonce for every page: Next reads it from the request's CSP header and stamps
 * its own scripts with it (the root layout renders every page per request for that).
 * Also HSTS in production over https. Static headers are in next.config.ts.
 */
export function proxy(request: NextRequest) {
  const { requestHeaders, responseHeaders } = pageSecurity(request.headers);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes answer JSON (the LiveKit webhook among them), static files
      // carry no script, and link prefetches are not pages the browser renders.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
