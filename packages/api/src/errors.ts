import { TRPCError } from "@trpc/server";

import type { Actor } from "./actor";
import type { AuditInput } from "./services/audit/record-audit";

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
  /** A refusal to audit once the request's transaction has ended (see `denied`). */
  denial?: { actor: Actor; events: AuditInput[] };

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly reasons?: string[],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/**
 * A refused access whose audit row is written by the tRPC error path after the service's
 * transaction has rolled back and released its connection. Writing it on the pool from inside
 * the transaction would need a second connection per request: with as many concurrent
 * denials as pool connections, every request would wait for ever.
 */
export function denied(actor: Actor, event: AuditInput, code: DomainErrorCode, message: string): DomainError {
  const error = new DomainError(code, message);
  error.denial = { actor, events: [{ ...event, outcome: "denied" }] };
  return error;
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
