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
  "appointment.confirm": "Appointment confirmed",
  "appointment.no_show": "Missed appointment (no-show)",
  "care_team.claim": "Taken on by a clinician",
  "care_team.assign": "Added to the care team",
  "care_team.remove": "Removed from the care team",
  "care_team.on_call": "On-call clinician joined the care team",
  "alert.escalate": "Safety alert escalated",
  "alert.resolve": "Safety alert resolved",
  "outreach.record": "Outreach to the patient recorded",
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

/** Rules whose effect is "eligible" are not flags worth a chip. */
const NOT_A_FLAG = new Set(["eligible"]);

/**
 * One reading of the intake's screening and crisis state, used by the header's chips, the intake
 * card and the review form alike, so they can never disagree (a "No screening flags" chip beside
 * "Crisis pathway"). On the crisis pathway when the intake put the patient there (E11, or a PHQ-9
 * item 9 answer above "not at all", which is no screening rule) or an item-9 alert (A1) is still
 * unresolved: the server's release check (releaseBlockers) reads it the same way.
 */
export function screeningSummary(intake: ChartIntake | null | undefined, alerts: ChartData["alerts"]) {
  const screening = screeningOf(intake);
  const flags = Array.isArray(screening?.flags) ? screening.flags : [];
  const e11 = flags.find((f) => f.ruleId === "E11" && f.effect !== "deferred");
  const fromIntake = Boolean(intake?.crisisPathway || screening?.crisisPathway);
  const openA1 = alerts.some((a) => a.type === "A1" && a.status !== "resolved");
  const crisis = fromIntake || openA1;
  const crisisReason = !crisis
    ? null
    : e11
      ? e11.finding
      : fromIntake
        ? "PHQ-9 item 9: the patient reported thoughts of being better off dead or of self-harm."
        : "An unresolved PHQ-9 item 9 safety alert (A1).";
  const effect = (intake?.mostRestrictiveEffect as string | null | undefined) ?? screening?.mostRestrictive ?? null;
  const restrictive = effect && !NOT_A_FLAG.has(effect) ? effectOf(effect) : null;
  return { flags, crisis, crisisReason, restrictive, clear: Boolean(intake) && !crisis && !restrictive && flags.length === 0 };
}
