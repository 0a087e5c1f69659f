/**
 * Prescription state machine, exactly DOMAIN.md §2 "Prescription":
 *
 * | From                          | Event           | To                | Guard |
 * |-------------------------------|-----------------|-------------------|-------|
 * | -                             | create          | draft             | current eligible_at_home; linked video visit (`checkDraftCreation`) |
 * | draft                         | mark_ready      | pending_signature | all hard blocks pass (4.5) |
 * | pending_signature             | edit            | draft             | checks re-run |
 * | pending_signature             | sign            | signed            | 2FA by the named prescriber (1311.140) |
 * | signed                        | transmit        | transmitted       | relay sends NewRx (1311.170(a)) |
 * | transmitted                   | acknowledge     | acknowledged      | Status/Verify, ack.ts |
 * | transmitted                   | fail            | error             | terminal Error or dead letter (A9) |
 * | transmitted, acknowledged     | request_cancel  | cancel_requested  | CancelRx queued |
 * | cancel_requested              | cancel_approved | cancelled         | CancelRxResponse Approved |
 * | cancel_requested              | cancel_denied   | cancel_denied     | CancelRxResponse Denied |
 * | draft, pending_signature      | void            | voided            | |
 * | error                         | replay          | transmitted       | admin replays the dead-lettered NewRx (see below) |
 * | cancel_denied                 | replay          | cancel_requested  | admin replays the dead-lettered CancelRx (see below) |
 *
 * `replay` is a deliberate extension of DOMAIN.md §2, whose outbox row reads "admin replay
 * `dead_lettered -> pending` with the same MessageID ... never creates a new Rx" (and §5.4 "Replay
 * reuses MessageID and payload"): the prescription follows its message. When the message that failed
 * it is sent again, byte for byte, the prescription is back in transit (`transmitted`, or
 * `cancel_requested` for a CancelRx) and then follows the pharmacy's answer like any other message
 * (acknowledged, cancelled, or failed again). It never applies to a failure the pharmacy decided: a
 * terminal Error 601/900 (`rejected`) or a CancelRxResponse Denied stays final. The pure function cannot
 * tell those apart, so the caller (services/transmission/outbox-admin.ts) checks and says so through
 * the guard `replayOfDeadLetter`; without it `replay` is refused (fail closed). The database trigger
 * (migration 0025) allows these two backward edges and no other.
 *
 * `transmit` fires when the relay first sends the NewRx (whatever the answer), so a message that
 * is later dead-lettered or rejected always finds the prescription `transmitted`. A signed
 * prescription is never modified: a change is cancel + new prescription.
 */
import { checkBasisVisit, checkEligibility, type PrescriptionCheckInput } from "./check";
import type { PrescriptionFinding } from "./rules";

export type PrescriptionStatus =
  | "draft"
  | "pending_signature"
  | "signed"
  | "transmitted"
  | "acknowledged"
  | "error"
  | "cancel_requested"
  | "cancelled"
  | "cancel_denied"
  | "voided";

export type PrescriptionEvent =
  | "mark_ready"
  | "edit"
  | "sign"
  | "transmit"
  | "acknowledge"
  | "fail"
  | "request_cancel"
  | "cancel_approved"
  | "cancel_denied"
  | "void"
  /** Admin replay of a dead letter: error -> transmitted, cancel_denied -> cancel_requested (see above). */
  | "replay";

export const PRESCRIPTION_STATUSES: readonly PrescriptionStatus[] = [
  "draft",
  "pending_signature",
  "signed",
  "transmitted",
  "acknowledged",
  "error",
  "cancel_requested",
  "cancelled",
  "cancel_denied",
  "voided",
];

export interface PrescriptionTransitionRule {
  from: readonly PrescriptionStatus[];
  to: PrescriptionStatus;
}

/**
 * The table above as data (a database trigger or a test can mirror it): each event's rules. Every
 * event has one rule except `replay`, whose target depends on where it starts.
 */
export const PRESCRIPTION_TRANSITIONS: Readonly<Record<PrescriptionEvent, readonly PrescriptionTransitionRule[]>> = {
  mark_ready: [{ from: ["draft"], to: "pending_signature" }],
  edit: [{ from: ["pending_signature"], to: "draft" }],
  sign: [{ from: ["pending_signature"], to: "signed" }],
  transmit: [{ from: ["signed"], to: "transmitted" }],
  acknowledge: [{ from: ["transmitted"], to: "acknowledged" }],
  fail: [{ from: ["transmitted"], to: "error" }],
  request_cancel: [{ from: ["transmitted", "acknowledged"], to: "cancel_requested" }],
  cancel_approved: [{ from: ["cancel_requested"], to: "cancelled" }],
  cancel_denied: [{ from: ["cancel_requested"], to: "cancel_denied" }],
  void: [{ from: ["draft", "pending_signature"], to: "voided" }],
  replay: [
    { from: ["error"], to: "transmitted" },
    { from: ["cancel_denied"], to: "cancel_requested" },
  ],
};

/** Every allowed (from, event, to) edge of the table, flattened. */
export const PRESCRIPTION_EDGES: readonly { from: PrescriptionStatus; event: PrescriptionEvent; to: PrescriptionStatus }[] = (
  Object.entries(PRESCRIPTION_TRANSITIONS) as [PrescriptionEvent, readonly PrescriptionTransitionRule[]][]
).flatMap(([event, rules]) => rules.flatMap((r) => r.from.map((from) => ({ from, event, to: r.to }))));

/**
 * Final statuses: no event leaves them, with one exception. `error` and `cancel_denied` are left
 * only by an admin's replay of the dead letter that caused them (`replay` with the guard
 * `replayOfDeadLetter`, DOMAIN.md §2 extension above); a terminal Error 601/900 or a pharmacy's
 * Denied answer is final. `cancelled` and `voided` are always final.
 */
export const TERMINAL_PRESCRIPTION_STATUSES: readonly PrescriptionStatus[] = ["error", "cancelled", "cancel_denied", "voided"];

/** Only a draft's content may change; from `signed` on the DEA elements are frozen. */
export function prescriptionContentEditable(status: PrescriptionStatus): boolean {
  return status === "draft";
}

export interface PrescriptionGuard {
  /** mark_ready and sign: the checklist's blocking findings, re-run just now. */
  blockingFindings?: readonly PrescriptionFinding[];
  /** sign: the user completing the ceremony, and the prescriber named on the prescription (1311.135). */
  signerId?: string;
  prescriberId?: string;
  /** sign: password and a fresh TOTP code verified in this ceremony (1311.140(a)(4)). */
  secondFactorVerified?: boolean;
  /**
   * replay: the caller checked that the status being left was caused by a dead letter of the message
   * now replayed (DOMAIN.md §5.3), not by a terminal Error 601/900 or a Denied CancelRxResponse.
   */
  replayOfDeadLetter?: boolean;
}

export type PrescriptionRefusalCode =
  /** The event is not allowed from this state (DOMAIN.md §2 table). */
  | "invalid_transition"
  /** Already where the event leads (e.g. a second acknowledgement): callers may treat as a no-op. */
  | "already_in_state"
  /** mark_ready / sign with hard blocks open (or the checklist not supplied). */
  | "hard_blocks"
  /** sign by someone other than the named prescriber. */
  | "not_named_prescriber"
  /** sign without a verified second factor. */
  | "second_factor_required"
  /** replay of a failure that was not a dead letter (the pharmacy's own decision is final). */
  | "not_a_dead_letter";

export type PrescriptionTransition =
  | { ok: true; from: PrescriptionStatus; to: PrescriptionStatus }
  | { ok: false; code: PrescriptionRefusalCode; message: string; findings?: readonly PrescriptionFinding[] };

/** One step of the prescription state machine; guards fail closed when their data is missing. */
export function transitionPrescription(from: PrescriptionStatus, event: PrescriptionEvent, guard: PrescriptionGuard = {}): PrescriptionTransition {
  const rules = PRESCRIPTION_TRANSITIONS[event];
  const rule = rules.find((r) => r.from.includes(from));
  if (!rule) {
    if (rules.some((r) => r.to === from)) return { ok: false, code: "already_in_state", message: `The prescription is already ${words(from)}.` };
    return { ok: false, code: "invalid_transition", message: `A prescription that is ${words(from)} cannot be ${EVENT_WORDS[event]}.` };
  }
  if (event === "mark_ready" || event === "sign") {
    if (!guard.blockingFindings) return { ok: false, code: "hard_blocks", message: "The checklist must be run before this step." };
    if (guard.blockingFindings.length) {
      return { ok: false, code: "hard_blocks", message: `Fix the checklist first: ${guard.blockingFindings.map((f) => f.ruleId).join(", ")}.`, findings: guard.blockingFindings };
    }
  }
  if (event === "sign") {
    if (!guard.signerId || !guard.prescriberId || guard.signerId !== guard.prescriberId) {
      return { ok: false, code: "not_named_prescriber", message: "Only the prescriber named on the prescription can sign it." };
    }
    if (guard.secondFactorVerified !== true) return { ok: false, code: "second_factor_required", message: "Complete two-factor authentication to sign." };
  }
  if (event === "replay" && guard.replayOfDeadLetter !== true) {
    return {
      ok: false,
      code: "not_a_dead_letter",
      message: "Only a message that was given up on (a dead letter) can be sent again; the pharmacy's own refusal is final.",
    };
  }
  return { ok: true, from, to: rule.to };
}

export type DraftCreation = { ok: true } | { ok: false; findings: PrescriptionFinding[] };

/** DOMAIN.md §2 "create" guard: a current eligible_at_home decision (RX10) and a linked audio-video visit (RX13). */
export function checkDraftCreation(input: Pick<PrescriptionCheckInput, "eligibility" | "basisVisit">, now: Date, timeZone: string): DraftCreation {
  const findings = [checkEligibility(input, { now, timeZone }), checkBasisVisit(input)].filter((f) => !f.passed);
  return findings.length ? { ok: false, findings } : { ok: true };
}

const EVENT_WORDS: Readonly<Record<PrescriptionEvent, string>> = {
  mark_ready: "marked ready to sign",
  edit: "edited",
  sign: "signed",
  transmit: "transmitted",
  acknowledge: "acknowledged",
  fail: "marked failed",
  request_cancel: "cancelled",
  cancel_approved: "marked cancelled",
  cancel_denied: "marked cancel denied",
  void: "voided",
  replay: "sent again",
};

function words(s: PrescriptionStatus): string {
  return s.replace(/_/g, " ");
}
