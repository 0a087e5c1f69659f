import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

import type { Context } from "./context";
import { DomainError, toTRPCError } from "./errors";
import type { Meta } from "./policy";

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      const reasons = error.cause instanceof DomainError ? (error.cause.reasons ?? null) : null;
      // Unexpected failures never carry details (they may hold PHI) to the browser.
      const message = error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong. Please try again." : shape.message;
      return {
        ...shape,
        message,
        data: { ...shape.data, stack: undefined, fieldErrors: zod?.fieldErrors ?? null, formErrors: zod?.formErrors ?? null, reasons },
      };
    },
  });

/** Converts DomainError from services into the one tRPC vocabulary (errors.ts). */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    console.error("[trpc] internal error", result.error.cause ?? result.error);
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(errorMapping);
export { TRPCError };
