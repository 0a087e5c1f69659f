import { EPCS_FINDING_REASONS } from "@clearwell/validators/choices/prescribing";

/** EPCS-tagged audit actions in words (rx-spec "Audit actions"); unknown ones show their code. */
const ACTIONS: Record<string, string> = {
  "epcs.access.entered": "EPCS access change entered",
  "epcs.access.approved": "EPCS access change approved",
  "epcs.access.rejected": "EPCS access change rejected",
  "epcs.access.withdrawn": "EPCS access change withdrawn",
  "epcs.credential.recorded": "Credential recorded",
  "epcs.credential.verified": "Credential verified",
  "epcs.credential.removed": "Credential removed",
  "epcs.rx.ready": "Prescription marked ready to sign",
  "epcs.rx.sign": "Prescription signing",
  "epcs.rx.cancel": "Prescription cancellation",
  "epcs.totp.replay": "Authenticator code used twice",
  "epcs.outbox.replay": "Undelivered message sent again",
  "epcs.finding.assessed": "Review finding assessed",
};

export const actionLabel = (action: string) => ACTIONS[action] ?? action;

export const reasonLabel = (reason: string) => (EPCS_FINDING_REASONS as Record<string, string>)[reason] ?? reason;

export const OUTCOME: Record<string, { label: string; variant: "success" | "warning" | "danger" }> = {
  success: { label: "Succeeded", variant: "success" },
  denied: { label: "Refused", variant: "warning" },
  error: { label: "Failed", variant: "danger" },
};

/** The clinic-agnostic calendar date `days` before today, as YYYY-MM-DD in the viewer's calendar. */
export function isoDaysAgo(days: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
