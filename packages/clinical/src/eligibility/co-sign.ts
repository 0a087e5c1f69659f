import type { DecisionStatus } from "./lifecycle";
import type { ClinicRole } from "./outcome";

/**
 * Co-signature of OV overrides (issue 11 §3; DOMAIN.md §1 "Override an OV rule: A + justification
 * (co-sign C)", §3 OV). A decision whose overrides name a co-signer is recorded, immutable, but not
 * in effect until every named prescriber co-signs it; one who declines ends it (the decider
 * records a new decision).
 */
export type CoSignVerdict = "co_signed" | "declined";

export interface CoSignature {
  userId: string;
  verdict: CoSignVerdict;
}

export interface CoSignState {
  /** Every co-signer the overrides name, in the order first named. */
  required: string[];
  coSigned: string[];
  declined: string[];
  /** Named, not yet co-signed nor declined. */
  awaiting: string[];
}

/** Who must co-sign a decision and where each stands; signatures by anyone not named are ignored. */
export function coSignState(overrides: readonly { coSigner?: { userId: string } | null }[], signatures: readonly CoSignature[]): CoSignState {
  const required = [...new Set(overrides.flatMap((o) => (o.coSigner ? [o.coSigner.userId] : [])))];
  const by = (verdict: CoSignVerdict) => required.filter((u) => signatures.some((s) => s.userId === u && s.verdict === verdict));
  const coSigned = by("co_signed");
  const declined = by("declined");
  return { required, coSigned, declined, awaiting: required.filter((u) => !coSigned.includes(u) && !declined.includes(u)) };
}

export type CoSignRefusalCode =
  | "not_a_prescriber"
  | "own_decision"
  | "not_named"
  | "already_co_signed"
  | "already_declined"
  | "superseded"
  | "declined_by_another"
  | "expired"
  | "invalidated"
  | "not_awaiting";

export type CoSignCheck = { ok: true; replay: boolean } | { ok: false; code: CoSignRefusalCode; message: string };

export interface CoSignAttempt {
  actor: { userId: string; roles: readonly ClinicRole[] };
  verdict: CoSignVerdict;
  deciderUserId: string;
  state: CoSignState;
  /** A newer decision supersedes this one. */
  superseded: boolean;
  /** The decision's status computed now (lifecycle.ts `decisionStatus`, with `state`). */
  status: DecisionStatus["status"];
}

/**
 * Whether `actor` may co-sign (or decline) the decision now. A prescriber, never the decider
 * (a co-signature is a second person's check), named by the overrides. The same verdict again is a
 * replay (idempotent retry); the other verdict is refused. Only a decision still awaiting
 * co-signature can be co-signed: not one superseded, expired, invalidated or declined by another.
 * Care-team membership (DOMAIN.md §1 "A") is checked by the caller, which reads the chart.
 */
export function checkCoSign(a: CoSignAttempt): CoSignCheck {
  const act = a.verdict === "co_signed" ? "co-sign" : "decline";
  if (!a.actor.roles.includes("prescriber")) return { ok: false, code: "not_a_prescriber", message: `Only a prescriber can ${act} an override.` };
  if (a.actor.userId === a.deciderUserId) return { ok: false, code: "own_decision", message: "You cannot co-sign your own decision: the prescriber it names must." };
  if (!a.state.required.includes(a.actor.userId)) return { ok: false, code: "not_named", message: `This decision does not name you as its co-signer, so you cannot ${act} it.` };
  if (a.state.coSigned.includes(a.actor.userId)) {
    return a.verdict === "co_signed" ? { ok: true, replay: true } : { ok: false, code: "already_co_signed", message: "You already co-signed this decision; a co-signature cannot be withdrawn." };
  }
  if (a.state.declined.includes(a.actor.userId)) {
    return a.verdict === "declined" ? { ok: true, replay: true } : { ok: false, code: "already_declined", message: "You already declined this decision. The decider must record a new one." };
  }
  if (a.superseded) return { ok: false, code: "superseded", message: `A newer decision replaces this one, so it can no longer be ${a.verdict === "co_signed" ? "co-signed" : "declined"}.` };
  switch (a.status) {
    case "awaiting_co_sign":
      return { ok: true, replay: false };
    case "co_sign_declined":
      return { ok: false, code: "declined_by_another", message: "Another co-signer declined this decision. The decider must record a new one." };
    case "expired":
      return { ok: false, code: "expired", message: "This decision has expired. The decider must record a new one." };
    case "invalidated":
      return { ok: false, code: "invalidated", message: "The patient's information changed since this decision. The decider must record a new one." };
    default:
      return { ok: false, code: "not_awaiting", message: "This decision is not waiting for a co-signature." };
  }
}
