import { randomUUID } from "node:crypto";

import type { Auth, Mailer } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import type { AnyRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { VideoService } from "@clearwell/video";
import { videoFromEnv } from "@clearwell/video";

import { createContext } from "./context";
import { patientRouter } from "./root-patient";
import { providerRouter } from "./root-provider";
import { handleVisitWebhook } from "./services/visit/webhook";

export interface ServerParts {
  db: Database;
  auth: Auth;
  providerAppUrl: string;
  patientAppUrl: string;
  mailer: Mailer;
  video?: VideoService;
}

/**
 * Fetch handlers for one app: tRPC under /api/trpc and better-auth under /api/auth.
 * The Next route handlers and the standalone test server both use these.
 */
export function createHandlers(parts: ServerParts) {
  const router: AnyRouter = parts.auth.clearwell.app === "provider" ? providerRouter : patientRouter;
  const outbound = { providerAppUrl: parts.providerAppUrl, patientAppUrl: parts.patientAppUrl, mailer: parts.mailer };
  let video = parts.video;
  const getVideo = () => (video ??= videoFromEnv());
  return {
    trpc: (req: Request) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router,
        createContext: () => createContext({ db: parts.db, auth: parts.auth, headers: req.headers, outbound, ...(parts.video ? { video: parts.video } : {}) }),
        // Sliding idle expiry: send the refreshed session cookie, or the browser's copy lapses early.
        responseMeta: ({ ctx }) => {
          const headers = new Headers({ "cache-control": "no-store" });
          for (const cookie of (ctx as { setCookies?: string[] } | undefined)?.setCookies ?? []) headers.append("set-cookie", cookie);
          return { headers };
        },
      }),
    auth: (req: Request) => parts.auth.handler(req),
    /** LiveKit's webhook deliveries (provider app only): verified, deduplicated, applied to the visit. */
    livekitWebhook: async (req: Request) => {
      const body = await req.text();
      const meta = { requestId: req.headers.get("x-request-id") ?? randomUUID(), ipAddress: null, userAgent: req.headers.get("user-agent") };
      const outcome = await handleVisitWebhook(parts.db, getVideo(), body, req.headers.get("authorization"), meta);
      if (outcome.status === 401) console.warn(`[video] webhook refused: ${outcome.reason}`);
      return Response.json({ result: outcome.result }, { status: outcome.status });
    },
  };
}
