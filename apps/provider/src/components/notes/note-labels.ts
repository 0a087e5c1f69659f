import type { ProviderOutputs } from "@clearwell/api/provider";
import type { MENTAL_STATUS_FIELDS } from "@clearwell/validators/note";

export type NoteSummary = ProviderOutputs["note"]["list"]["notes"][number];
export type NoteDetail = ProviderOutputs["note"]["get"];
export type StoredFindings = NonNullable<NoteDetail["findings"]>;

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

export const NOTE_KIND_LABEL: Record<string, string> = { evaluation: "Evaluation note", follow_up: "Follow-up note", addendum: "Addendum" };
export const noteKind = (kind: string) => NOTE_KIND_LABEL[kind] ?? kind;

/** DOMAIN.md §2 "Clinical note": draft -> signed -> addended*, or draft -> discarded. */
export const NOTE_STATUS: Record<string, { label: string; variant: Variant }> = {
  draft: { label: "Draft", variant: "warning" },
  signed: { label: "Signed", variant: "success" },
  discarded: { label: "Discarded", variant: "neutral" },
};
export const noteStatus = (s: string) => NOTE_STATUS[s] ?? { label: s, variant: "neutral" as const };

export const RESOLUTION_LABEL = { confirm: "Confirm", refute: "Refute", needs_follow_up: "Needs follow-up" } as const;

export const MENTAL_STATUS_LABEL: Record<(typeof MENTAL_STATUS_FIELDS)[number], string> = {
  appearance: "Appearance",
  behaviour: "Behaviour",
  speech: "Speech",
  mood: "Mood",
  affect: "Affect",
  thoughtProcess: "Thought process",
  thoughtContent: "Thought content",
  perception: "Perception",
  cognition: "Cognition",
  insight: "Insight",
  judgement: "Judgement",
};

export const POSITION_LABEL = { sitting: "Sitting", standing: "Standing", lying: "Lying down" } as const;
export const RISK_LABEL = { low: "Low", moderate: "Moderate", high: "High" } as const;

/** The first 12 hex digits: enough to compare by eye; the full hash is copied or shown on request. */
export const shortHash = (hash: string) => hash.slice(0, 12);

/** DOMAIN.md §8 follow-up note labels. */
export type FollowUpView = NonNullable<NoteDetail["followUp"]>;
export type Snapshot = NonNullable<FollowUpView["snapshot"]>;
export type PlanEffects = NonNullable<FollowUpView["planEffects"]>;

export const RESPONSE_LABEL = { remission: "Remission", response: "Response", partial_response: "Partial response", no_response: "No response", worsening: "Worsening" } as const;
export const TOLERABILITY_LABEL = { well_tolerated: "Well tolerated", tolerated_with_side_effects: "Tolerated with side effects", poorly_tolerated: "Poorly tolerated" } as const;
export const ELIGIBILITY_LABEL = { unchanged: "Still eligible, nothing changed", changed: "Still eligible, something changed", needs_new_decision: "Needs a new eligibility decision" } as const;

/** DOMAIN.md §6 functional item, the patient-facing wording verbatim (ordinal 0-3, never scored). */
export const FUNCTIONAL_ITEM =
  "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";
export const FUNCTIONAL_LABEL = ["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"] as const;

export const PLAN_ACTION_LABEL = { continue: "Continue", titrate: "Titrate", pause: "Pause", stop: "Stop", switch_to_in_office: "Switch to in-office", refer: "Refer" } as const;
export const TITRATION_LABEL = { increase: "Increase the dose", decrease: "Decrease the dose" } as const;
export const CADENCE_LABEL = { weekly: "Weekly", every_2_weeks: "Every 2 weeks", monthly: "Monthly", none: "No check-ins" } as const;

/** What a signed plan does (packages/clinical planEffects), in plain words. */
export function planEffectsText(e: PlanEffects): string[] {
  const regimen = {
    keep: "Treatment at home carries on.",
    pause: "Treatment at home is paused until a clinician resumes it.",
    stop: "Treatment at home stops.",
    move_in_office: "Doses move to the office; at-home dosing ends.",
  }[e.regimen];
  return e.opensPrescriptionDraft ? [regimen, "A prescription draft opens for the prescriber with the new dose."] : [regimen];
}

export const ALERT_SEVERITY_LABEL = { critical: "Critical", high: "High", medium: "Medium", low: "Low" } as const;
export const INSTRUMENT_LABEL = { phq9: "PHQ-9", gad7: "GAD-7" } as const;

/** DOMAIN.md §7 alert ids in a few words. */
export const ALERT_RULE_LABEL: Record<string, string> = {
  A1: "Self-harm thoughts (PHQ-9 item 9)",
  A2: "Scores worse",
  A3: "High blood pressure before a dose",
  A4: "Symptoms after a dose",
  A5: "Support person absent",
  A6: "Possible misuse",
  A7: "Check-in overdue",
  A8: "Missed follow-up",
  A9: "Prescription problem",
  A10: "Dose not logged",
};
