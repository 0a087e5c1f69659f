import { TRPCError } from "@trpc/server";

/**
 * Services and clinical logic throw DomainError; this file alone maps it to tRPC
 * (CONVENTIONS.md "Errors"). Out-of-scope records are NOT_FOUND so existence never leaks.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "INVALID_TRANSITION"
  | "IDEMPOTENCY_KEY_REUSED"
  | "RULE_FAILED"
  | "STEP_UP_REQUIRED"
  | "BAD_INPUT"
  | "EXPIRED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly reasons?: string[],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

const TRPC_CODE: Record<DomainErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  INVALID_TRANSITION: "CONFLICT",
  IDEMPOTENCY_KEY_REUSED: "CONFLICT",
  RULE_FAILED: "UNPROCESSABLE_CONTENT",
  STEP_UP_REQUIRED: "PRECONDITION_FAILED",
  BAD_INPUT: "BAD_REQUEST",
  EXPIRED: "BAD_REQUEST",
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}
