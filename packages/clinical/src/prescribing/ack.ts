/**
 * Acknowledgement mapping (DOMAIN.md §5.4): what an inbound SCRIPT response does to the outbox
 * message it answers and to the prescription. The code tables are data so configuration can
 * override them: sources disagree on Status codes ("010" accepted by the final receiver vs "000"
 * not yet at the pharmacy [S]). Errors: 600/602 retry, 601/900 terminal (§5.2 [S]).
 */
import type { PrescriptionEvent } from "./lifecycle";
import type { OutboxMessageType } from "./outbox";

/** acknowledged: the pharmacy has it. in_transit: an intermediary has it; keep waiting. */
export type StatusMeaning = "acknowledged" | "in_transit";
export type ErrorDisposition = "retry" | "terminal";

export interface AckMapping {
  status: Readonly<Record<string, StatusMeaning>>;
  /** Status codes not in the table; in_transit claims nothing the pharmacy has not said. */
  statusDefault: StatusMeaning;
  errors: Readonly<Record<string, ErrorDisposition>>;
  /** Unknown Error codes: terminal, so a person looks at it rather than a silent retry loop. */
  errorDefault: ErrorDisposition;
}

export const DEFAULT_ACK_MAPPING: AckMapping = {
  status: { "010": "acknowledged", "000": "in_transit" },
  statusDefault: "in_transit",
  errors: { "600": "retry", "601": "terminal", "602": "retry", "900": "terminal" },
  errorDefault: "terminal",
};

/** Configuration overrides merged over the defaults (per-code entries replace, others stay). */
export function ackMappingWith(overrides: Partial<AckMapping> | undefined, base: AckMapping = DEFAULT_ACK_MAPPING): AckMapping {
  if (!overrides) return base;
  return {
    status: { ...base.status, ...overrides.status },
    statusDefault: overrides.statusDefault ?? base.statusDefault,
    errors: { ...base.errors, ...overrides.errors },
    errorDefault: overrides.errorDefault ?? base.errorDefault,
  };
}

export type InboundResponse =
  | { kind: "Status"; code: string }
  | { kind: "Verify" }
  | { kind: "Error"; code: string; description?: string }
  | { kind: "CancelRxResponse"; response: "Approved" | "Denied" };

export interface AckDecision {
  /** The outbox event to apply to the answered message, if any. */
  outbox: "acked" | "transient_failure" | "terminal_failure" | null;
  /** The prescription event to apply, if any. */
  prescription: PrescriptionEvent | null;
  alert: "A9" | null;
  /** The code was not in the table and the default applied (worth logging). */
  unmappedCode: boolean;
  /** The response does not fit the message it claims to answer (e.g. CancelRxResponse to a NewRx). */
  unexpected: boolean;
}

const none: AckDecision = { outbox: null, prescription: null, alert: null, unmappedCode: false, unexpected: false };

/**
 * Maps a response to what happens next. NewRx: Status "acknowledged"/Verify -> Rx acknowledged;
 * terminal Error -> Rx error + A9. CancelRx: Status/Verify only settle the outbox (the answer is
 * the CancelRxResponse); Approved -> cancelled; Denied -> cancel_denied + A9; a terminal Error
 * also ends as cancel_denied + A9, since the cancel did not happen and the prescriber must call
 * the pharmacy (never show "cancelled" when it was not).
 */
export function mapAcknowledgement(answered: OutboxMessageType, response: InboundResponse, mapping: AckMapping = DEFAULT_ACK_MAPPING): AckDecision {
  switch (response.kind) {
    case "Status": {
      const known = Object.hasOwn(mapping.status, response.code);
      const meaning = known ? mapping.status[response.code]! : mapping.statusDefault;
      if (meaning === "in_transit") return { ...none, unmappedCode: !known };
      return { ...none, outbox: "acked", prescription: answered === "NewRx" ? "acknowledge" : null, unmappedCode: !known };
    }
    case "Verify":
      return { ...none, outbox: "acked", prescription: answered === "NewRx" ? "acknowledge" : null };
    case "Error": {
      const known = Object.hasOwn(mapping.errors, response.code);
      const disposition = known ? mapping.errors[response.code]! : mapping.errorDefault;
      if (disposition === "retry") return { ...none, outbox: "transient_failure", unmappedCode: !known };
      return { ...none, outbox: "terminal_failure", prescription: outboxFailureEvent(answered), alert: "A9", unmappedCode: !known };
    }
    case "CancelRxResponse":
      if (answered !== "CancelRx") return { ...none, unexpected: true };
      if (response.response === "Approved") return { ...none, outbox: "acked", prescription: "cancel_approved" };
      return { ...none, outbox: "acked", prescription: "cancel_denied", alert: "A9" };
  }
}

/** The prescription event when a message is dead-lettered or rejected (DOMAIN.md §2, §7 A9). */
export function outboxFailureEvent(type: OutboxMessageType): PrescriptionEvent {
  return type === "NewRx" ? "fail" : "cancel_denied";
}
