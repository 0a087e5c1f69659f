import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";

import type { Issue } from "@clearwell/validators/messages";
import { plainFieldErrors } from "@clearwell/validators/messages";

import { PoolTimeoutError } from "@clearwell/db/client";

import type { Context } from "./context";
import { DomainError, toTRPCError } from "./errors";
import { logger } from "./logger";
import { recordDenial } from "./services/audit/record-audit";
import type { Meta } from "./policy";

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Subscriptions (server-sent events): a ping keeps proxies from closing a quiet stream, the
    // client reconnects when pings stop, and no stream outlives 15 minutes without re-authenticating.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 }, maxDurationMs: 15 * 60_000 },
    errorFormatter({ shape, error }) {
      const zod = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? zodErrorData(error.cause.issues as Issue[]) : null;
      const reasons = error.cause instanceof DomainError ? (error.cause.reasons ?? null) : null;
      // Unexpected failures never carry details (they may hold PHI) to the browser; a zod failure's
      // message is its first plain sentence, never the issues' JSON.
      const message = error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong. Please try again." : (zod?.message ?? shape.message);
      return {
        ...shape,
        message,
        data: {
          ...shape.data,
          stack: undefined,
          fieldErrors: zod?.fieldErrors ?? null,
          fieldErrorsByPath: zod?.fieldErrorsByPath ?? null,
          formErrors: zod?.formErrors ?? null,
          reasons,
        },
      };
    },
  });

/**
 * A zod failure in the words the form layer uses (plainMessage, packages/validators/src/messages.ts):
 * by dotted path, and by top-level key as before ("address" for "address.line1").
 */
function zodErrorData(issues: Issue[]) {
  const { fieldErrors: fieldErrorsByPath, formErrors } = plainFieldErrors(issues);
  const fieldErrors: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(fieldErrorsByPath)) {
    const list = (fieldErrors[path.split(".")[0]!] ??= []);
    for (const m of messages) if (!list.includes(m)) list.push(m);
  }
  const all = [...formErrors, ...Object.values(fieldErrorsByPath).flat()];
  const message = all.length > 1 ? `${all[0]} (${all.length - 1} more to correct.)` : (all[0] ?? "Please check what you entered.");
  return { fieldErrors, fieldErrorsByPath, formErrors, message };
}

/** Converts DomainError from services into the one tRPC vocabulary (errors.ts). */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  // The service's transaction has ended by now, so the denial's audit row takes the only connection.
  if (!result.ok && result.error.cause instanceof DomainError && result.error.cause.denial) await recordDenial(ctx.db, result.error.cause.denial);
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  if (!result.ok && result.error.cause instanceof PoolTimeoutError) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The service is busy right now. Please try again in a moment.", cause: result.error.cause });
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    // Safe fields only: the input, the query's parameters and database messages may hold PHI.
    logger.error({ requestId: ctx.meta.requestId, path, type, err: result.error.cause ?? result.error }, "procedure failed");
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(errorMapping);
export { TRPCError };
