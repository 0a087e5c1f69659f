/**
 * Failure modes for tests (POST /control/mode): the next N requests fail in a chosen way.
 * - http_503: answer 503 without receiving the message (transport failure; a resend is new).
 * - http_503_after_commit: receive and answer the message, then tell the sender 503 anyway.
 * - hang: never answer (the sender times out); the message is not received.
 * - hang_after_commit: receive and answer the message, but never answer the HTTP request: the
 *   sender cannot know, resends, and the resend must be a duplicate.
 * - error_600 / error_602: answer with a retryable SCRIPT Error; the message is not kept, so the
 *   sender's retry (same MessageID) is processed normally.
 * - error_601 / error_900: answer with a terminal Error; the message is kept as rejected, so a
 *   resend is a duplicate answered with the same Error.
 * - cancel_denied: the next N CancelRx are denied.
 * Counts apply to new messages (not duplicates), except the transport modes, which apply to any
 * request. Held in memory: a restarted simulator starts in normal mode.
 */
import { z } from "zod";

export const TRANSPORT_MODES = ["http_503", "http_503_after_commit", "hang", "hang_after_commit"] as const;
export const ERROR_MODES = ["error_600", "error_601", "error_602", "error_900"] as const;
export const MODES = ["normal", ...TRANSPORT_MODES, ...ERROR_MODES, "cancel_denied"] as const;

export type TransportMode = (typeof TRANSPORT_MODES)[number];
export type ErrorMode = (typeof ERROR_MODES)[number];
export type Mode = (typeof MODES)[number];

export const ZModeRequest = z
  .object({
    mode: z.enum(MODES).optional(),
    count: z.number().int().min(1).max(100_000).default(1),
    /** The Status code later accepted NewRx get (kept until reset). */
    statusCode: z
      .string()
      .regex(/^\d{3}$/)
      .optional(),
    /** Answer accepted NewRx with Status or Verify (kept until reset). */
    answer: z.enum(["Status", "Verify"]).optional(),
  })
  .strict();
export type ModeRequest = z.input<typeof ZModeRequest>;

export class Modes {
  mode: Mode = "normal";
  remaining = 0;
  statusCode: string;
  answer: "Status" | "Verify";

  constructor(private readonly defaults: { statusCode: string; answer: "Status" | "Verify" }) {
    this.statusCode = defaults.statusCode;
    this.answer = defaults.answer;
  }

  set(req: z.output<typeof ZModeRequest>) {
    if (req.mode) {
      this.mode = req.mode;
      this.remaining = req.mode === "normal" ? 0 : req.count;
    }
    if (req.statusCode) this.statusCode = req.statusCode;
    if (req.answer) this.answer = req.answer;
  }

  reset() {
    this.mode = "normal";
    this.remaining = 0;
    this.statusCode = this.defaults.statusCode;
    this.answer = this.defaults.answer;
  }

  private take<T extends Mode>(accepted: readonly T[]): T | null {
    if (this.remaining <= 0 || !(accepted as readonly Mode[]).includes(this.mode)) return null;
    const m = this.mode as T;
    if (--this.remaining === 0) this.mode = "normal";
    return m;
  }

  takeTransport(): TransportMode | null {
    return this.take(TRANSPORT_MODES);
  }
  takeError(): ErrorMode | null {
    return this.take(ERROR_MODES);
  }
  takeCancelDenied(): boolean {
    return this.take(["cancel_denied"] as const) !== null;
  }

  describe() {
    return { mode: this.mode, remaining: this.remaining, statusCode: this.statusCode, answer: this.answer };
  }
}
