import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";

/**
 * The server's one structured logger. Nothing that can carry health data or secrets is ever
 * logged: no request input, bodies, query text, bind parameters, or database error messages
 * (Postgres and Drizzle echo values in those). Errors go through `safeError`, which keeps
 * names, codes and stack frames only; the redaction list is a second line of defence for
 * anyone who passes a whole object.
 */
const REDACT = [
  "input",
  "rawInput",
  "body",
  "query",
  "parameters",
  "params",
  "password",
  "token",
  "cookie",
  "authorization",
  "headers",
  "email",
  "detail",
  "*.input",
  "*.rawInput",
  "*.body",
  "*.query",
  "*.parameters",
  "*.params",
  "*.password",
  "*.token",
  "*.cookie",
  "*.authorization",
  "*.headers",
  "*.email",
  "*.detail",
];

function build(destination?: DestinationStream): Logger {
  const options = {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
    base: { service: "clearwell" },
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers: { err: safeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

let current = build();

/** Log through this, never console.*: `logger.error({ err, requestId }, "what happened")`. */
export const logger = {
  error: (obj: object, msg: string) => current.error(obj, msg),
  warn: (obj: object, msg: string) => current.warn(obj, msg),
  info: (obj: object, msg: string) => current.info(obj, msg),
};

/** Sends log lines to `destination` (tests capture them); with none, back to stdout. */
export function setLogDestination(destination?: DestinationStream): void {
  current = build(destination);
}

export interface SafeError {
  name: string;
  /** A Postgres SQLSTATE or a library's error code; never a message. */
  code?: string;
  constraint?: string;
  frames?: string[];
  cause?: SafeError;
}

// Error codes are short identifiers (SQLSTATE "23505", "ECONNREFUSED", "BAD_REQUEST"); anything
// else might be a value someone stuffed into `code`.
const CODE = /^[A-Z0-9_]{1,40}$/;
const IDENTIFIER = /^[a-z0-9_]{1,63}$/;

/** An error reduced to fields that cannot echo user data: name, code, constraint, stack frames. */
export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { name: typeof error };
  const e = error as Error & { code?: unknown; constraint_name?: unknown; cause?: unknown };
  const out: SafeError = { name: IDENTIFIER.test(e.name.toLowerCase()) ? e.name : "Error" };
  if (typeof e.code === "string" && CODE.test(e.code)) out.code = e.code;
  if (typeof e.constraint_name === "string" && IDENTIFIER.test(e.constraint_name)) out.constraint = e.constraint_name;
  // The first stack line repeats the message; the frames are code locations only.
  const frames = e.stack?.split("\n").slice(1, 9).map((l) => l.trim()).filter((l) => l.startsWith("at "));
  if (frames?.length) out.frames = frames;
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}
