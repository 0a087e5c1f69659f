import { randomUUID } from "node:crypto";

import type { Auth, Mailer } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import type { AnyRouter, TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { TRPCError, getTRPCErrorShape, transformTRPCResponse } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { VideoService } from "@clearwell/video";
import { videoFromEnv } from "@clearwell/video";

import { BACKGROUND_HEADER, CLINIC_HEADER, createContext } from "./context";
import { BodyTooLargeError, crossSiteReason, isJsonContentType, readBoundedBody, withBoundedBody } from "./http-edge";
import { MAX_BATCH_ITEMS, MAX_BODY_BYTES } from "./http-limits";
import { patientRouter } from "./root-patient";
import { providerRouter } from "./root-provider";
import type { DemoVisitSource } from "./services/demo/demo-visit";
import { handleVisitWebhook } from "./services/visit/webhook";

export interface ServerParts {
  db: Database;
  auth: Auth;
  providerAppUrl: string;
  patientAppUrl: string;
  mailer: Mailer;
  video?: VideoService;
  demoVisits?: DemoVisitSource;
}

/** A refusal in tRPC's own error shape, so the app's client shows it like any other error. */
function edgeError(router: AnyRouter, code: TRPC_ERROR_CODE_KEY, message: string): Response {
  const error = new TRPCError({ code, message });
  const config = router._def._config;
  const shape = getTRPCErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  // One object (not an array) answers every call of a batch alike.
  return Response.json(transformTRPCResponse(config, { error: shape }), {
    status: getHTTPStatusCodeFromError(error),
    headers: { "cache-control": "no-store" },
  });
}

/**
 * Fetch handlers for one app: tRPC under /api/trpc and better-auth under /api/auth.
 * The Next route handlers and the standalone test server both use these.
 */
export function createHandlers(parts: ServerParts) {
  const app = parts.auth.clearwell.app;
  const router: AnyRouter = app === "provider" ? providerRouter : patientRouter;
  const ownOrigin = new URL(app === "provider" ? parts.providerAppUrl : parts.patientAppUrl).origin;
  const outbound = { providerAppUrl: parts.providerAppUrl, patientAppUrl: parts.patientAppUrl, mailer: parts.mailer };
  let video = parts.video;
  const getVideo = () => (video ??= videoFromEnv());
  const contextFor = (headers: Headers) =>
    createContext({ db: parts.db, auth: parts.auth, headers, outbound, ...(parts.video ? { video: parts.video } : {}), ...(parts.demoVisits ? { demoVisits: parts.demoVisits } : {}) });
  return {
    /**
     * A server component's prefetch: the same context as an API call's (session, clinic, actor), but
     * it never slides the session, as a page cannot send the refreshed cookie (see the apps' session.ts).
     */
    pageContext: (headers: Headers) => {
      const marked = new Headers(headers);
      marked.set(BACKGROUND_HEADER, "1");
      return contextFor(marked);
    },
    trpc: async (req: Request) => {
      // Cross-site forgery: a page elsewhere can make the browser send a form POST (no CORS
      // preflight) with the user's cookies; only the app's own pages may call, and only with
      // JSON, which no form can send (so tRPC's FormData and octet-stream inputs stay off).
      if (crossSiteReason(req.headers, ownOrigin)) return edgeError(router, "FORBIDDEN", "Requests must come from this app's own pages.");
      if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") return edgeError(router, "METHOD_NOT_SUPPORTED", "Unsupported method.");
      if (req.method === "POST" && !isJsonContentType(req.headers)) return edgeError(router, "UNSUPPORTED_MEDIA_TYPE", "Send application/json.");
      let bounded: Request;
      try {
        bounded = await withBoundedBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return edgeError(router, "PAYLOAD_TOO_LARGE", "The request is too large.");
        throw error;
      }
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        req: bounded,
        router,
        // One request may not fan out into hundreds of calls; the clients split at the same size.
        maxBatchSize: MAX_BATCH_ITEMS,
        // Mutations only by POST: a GET (a link, an <img>) never changes state.
        allowMethodOverride: false,
        createContext: ({ info }) => contextFor(streamHeaders(req.headers, info.connectionParams)),
        // Sliding idle expiry: send the refreshed session cookie, or the browser's copy lapses early.
        responseMeta: ({ ctx }) => {
          const headers = new Headers({ "cache-control": "no-store" });
          for (const cookie of (ctx as { setCookies?: string[] } | undefined)?.setCookies ?? []) headers.append("set-cookie", cookie);
          return { headers };
        },
      });
    },
    auth: async (req: Request) => {
      // better-auth checks Origin only when cookies come along, so a cross-site form could sign
      // the browser into someone else's account (login CSRF). GETs stay open: e-mailed links.
      if (req.method !== "GET" && req.method !== "HEAD" && crossSiteReason(req.headers, ownOrigin)) {
        return Response.json({ message: "Requests must come from this app's own pages.", code: "CROSS_SITE_REQUEST" }, { status: 403 });
      }
      try {
        return await parts.auth.handler(await withBoundedBody(req, MAX_BODY_BYTES));
      } catch (error) {
        if (error instanceof BodyTooLargeError) return Response.json({ message: "The request is too large." }, { status: 413 });
        throw error;
      }
    },
    /**
     * LiveKit's webhook deliveries (provider app only): verified, deduplicated, applied to the visit.
     * Server to server, so no Origin check: the signature over the (bounded) body authenticates it.
     */
    livekitWebhook: async (req: Request) => {
      let body: string;
      try {
        body = new TextDecoder().decode((await readBoundedBody(req, MAX_BODY_BYTES)) ?? new Uint8Array());
      } catch (error) {
        if (error instanceof BodyTooLargeError) return Response.json({ result: "too large" }, { status: 413 });
        throw error;
      }
      const meta = { requestId: req.headers.get("x-request-id") ?? randomUUID(), ipAddress: null, userAgent: req.headers.get("user-agent") };
      const outcome = await handleVisitWebhook(parts.db, getVideo(), body, req.headers.get("authorization"), meta);
      if (outcome.status === 401) console.warn(`[video] webhook refused: ${outcome.reason}`);
      return Response.json({ result: outcome.result }, { status: outcome.status });
    },
  };
}

/**
 * A server-sent event stream (a subscription) is the app listening by itself, not the user
 * acting: opening or reopening one must not slide the idle session (DOMAIN.md §9 automatic logoff).
 * EventSource sends no custom headers, so the tab's clinic comes as a connection parameter.
 */
function streamHeaders(headers: Headers, params: Partial<Record<string, string>> | null): Headers {
  if (!headers.get("accept")?.includes("text/event-stream")) return headers;
  const marked = new Headers(headers);
  marked.set(BACKGROUND_HEADER, "1");
  const clinic = params?.clinic;
  if (clinic && /^[0-9a-f-]{36}$/.test(clinic)) marked.set(CLINIC_HEADER, clinic);
  return marked;
}
