import type { ProviderOutputs } from "@clearwell/api/provider";

export type RxStatus = ProviderOutputs["prescription"]["get"]["prescription"]["status"];
export type RxContext = ProviderOutputs["prescription"]["context"];
export type RxCheck = ProviderOutputs["prescription"]["check"];
export type RxFinding = RxCheck["findings"][number];
export type RxSummary = ProviderOutputs["prescription"]["forPatient"]["items"][number];

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

/** DOMAIN.md §2 prescription states in plain words (the chart, the builder and the ceremony say the same). */
export const RX_STATUS: Record<RxStatus, { label: string; variant: Variant }> = {
  draft: { label: "Draft", variant: "neutral" },
  pending_signature: { label: "Ready to sign", variant: "info" },
  signed: { label: "Signed", variant: "brand" },
  transmitted: { label: "Sent to pharmacy", variant: "brand" },
  acknowledged: { label: "Acknowledged by pharmacy", variant: "success" },
  error: { label: "Error — write a new prescription", variant: "danger" },
  cancel_requested: { label: "Cancel requested", variant: "warning" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  cancel_denied: { label: "Cancel denied", variant: "danger" },
  voided: { label: "Voided", variant: "neutral" },
};

export const rxStatus = (s: RxStatus) => RX_STATUS[s] ?? { label: s, variant: "neutral" as const };

/** Content can still change (DOMAIN.md §2: only draft and pending_signature are editable or voidable). */
export const isEditable = (s: RxStatus) => s === "draft" || s === "pending_signature";
/** The issuer may send CancelRx (DOMAIN.md §2 "transmitted, acknowledged -> cancel_requested"). */
export const isCancellable = (s: RxStatus) => s === "transmitted" || s === "acknowledged";

export const FORM_LABEL: Record<string, string> = { troche: "Troche", rdt_odt: "Rapid-dissolve tablet", nasal_spray: "Nasal spray" };

export const LEGAL_BASIS_LABEL: Record<string, string> = {
  temporary_flexibility: "Telemedicine flexibility in force",
  prior_in_person_eval: "Prior in-person evaluation",
  special_registration: "Special registration for telemedicine",
  telemedicine_exception: "Telemedicine exception",
};

/**
 * Where a checklist line (packages/clinical finding `fields`) points in the builder: the id of the
 * control to focus. Lines about facts the builder does not edit (the decision, the note) have none.
 */
export const FIELD_TARGET: Record<string, string> = {
  basisVisit: "rx-basisAppointmentId",
  formulary: "rx-formularyEntryId",
  pharmacy: "rx-pharmacyId",
  prescriber: "rx-prescriberUserId",
  "prescriber.deaNumber": "rx-prescriberUserId",
  "prescriber.fullName": "rx-prescriberUserId",
  "prescriber.address": "rx-prescriberUserId",
  legalBasis: "rx-legalBasisKind",
  unitsPerSession: "rx-unitsPerSession",
  daysBetweenSessions: "rx-daysBetweenSessions",
  quantity: "rx-quantity",
  refills: "rx-refills",
  directions: "rx-unitsPerSession",
  nextFollowUpDate: "rx-nextFollowUp",
  pdmp: "rx-pdmp",
  eligibility: "rx-eligibility",
};

export function targetOf(finding: { fields: string[] }): string | null {
  for (const f of finding.fields) {
    const t = FIELD_TARGET[f];
    if (t) return t;
  }
  return null;
}

/** Moves focus to a builder control (and scrolls it into view): used by the checklist lines. */
export function focusControl(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.focus({ preventScroll: true });
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const rxHref = (patientId: string, rxId?: string) => `/patients/${patientId}/prescriptions/${rxId ?? "new"}`;
export const signHref = (patientId: string) => `/patients/${patientId}/prescriptions/sign`;

/** "troche"/"troches", "tablet"/"tablets"; mL does not change. */
export function unitWord(unit: string, n: number) {
  const one = unit === "troche" ? "troche" : unit === "tablet" ? "tablet" : "mL";
  return n === 1 || unit === "mL" ? one : `${one}s`;
}
