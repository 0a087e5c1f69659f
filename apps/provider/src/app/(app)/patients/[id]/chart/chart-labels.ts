import type { ProviderOutputs } from "@clearwell/api/provider";

import { humanize } from "~/lib/appointments";

export type ChartData = ProviderOutputs["chart"]["get"];
export type ChartIntake = NonNullable<ChartData["intake"]>;

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

const EFFECT: Record<string, { label: string; variant: Variant }> = {
  not_eligible: { label: "Not eligible", variant: "danger" },
  in_office_only: { label: "In-office only", variant: "warning" },
  override_required: { label: "Override required", variant: "warning" },
  deferred: { label: "Deferred", variant: "info" },
  warning: { label: "Warning", variant: "neutral" },
  eligible: { label: "Eligible", variant: "success" },
};

export const effectOf = (e: string | null | undefined) => (e ? (EFFECT[e] ?? { label: humanize(e), variant: "neutral" as const }) : null);

export const ACTION_LABEL: Record<string, string> = {
  "intake.start": "Started intake",
  "intake.submit": "Submitted intake",
  "intake.review": "Intake reviewed",
  "alert.raise": "Safety alert raised",
  "appointment.book": "Appointment booked",
  "appointment.reschedule": "Appointment rescheduled",
  "appointment.cancel": "Appointment cancelled",
  "patient.enrol": "Enrolled",
  "patient.create": "Patient record created",
  "invitation.accept": "Accepted invitation",
  "profile.update": "Profile updated",
  "alert.acknowledge": "Safety alert acknowledged",
  "note.sign": "Note signed",
  "note.addendum": "Addendum signed",
  "note.discard": "Draft note discarded",
  "decision.record": "Eligibility decided",
  "decision.co_sign": "Eligibility override co-signed",
  "decision.co_sign_decline": "Eligibility override co-signature declined",
  "questionnaire.submit": "Answered questionnaires at a visit",
  "questionnaire.enter": "Questionnaire answers entered at a visit",
};

export const STEP_LABEL: Record<string, string> = {
  about: "About",
  contacts: "Contacts",
  history: "Medical history",
  medications: "Medications",
  home: "Home & support",
  phq9: "PHQ-9 answers",
  gad7: "GAD-7 answers",
  consents: "Consents",
};

/** Turns an answer key (camelCase or snake_case) into sentence case. */
export function fieldLabel(key: string) {
  const s = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

interface Flag {
  ruleId: string;
  effect: string;
  finding: string;
  source: string;
  unanswered?: boolean;
}
interface Screening {
  flags?: Flag[];
  mostRestrictive?: string | null;
  crisisPathway?: boolean;
}

// The screening result is stored as JSON, so the API types it loosely.
export const screeningOf = (intake: ChartIntake | null | undefined) => (intake?.screening ?? null) as Screening | null;
