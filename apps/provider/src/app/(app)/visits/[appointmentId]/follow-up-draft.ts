import type { CHECK_IN_CADENCES, FOLLOW_UP_PLAN_ACTIONS, TFollowUpFindings, TFollowUpPlan } from "@clearwell/validators/note";
import { ZFollowUpFindings, ZFollowUpPlan } from "@clearwell/validators/note";
import { followUpMissing } from "@clearwell/validators/note-completeness";

import type { FollowUpView } from "~/components/notes/note-labels";
import { PART, blank, cleanFindings, compact, namedProblems } from "./findings";

type Parts = Required<Omit<TFollowUpFindings, "plan">>;
export type Subjective = NonNullable<Parts["subjective"]>;
export type Objective = NonNullable<Parts["objective"]>;
export type Assessment = NonNullable<Parts["assessment"]>;

/** The plan as the editor holds it: nothing chosen yet is allowed; the server's shape is checked on save. */
export interface PlanDraft {
  action?: (typeof FOLLOW_UP_PLAN_ACTIONS)[number];
  titrationDirection?: "increase" | "decrease";
  referralTo: string;
  nextFollowUpOn: string;
  checkInCadence?: (typeof CHECK_IN_CADENCES)[number];
  rationale: string;
}
export type PlanField = keyof TFollowUpPlan;
export type PlanErrors = Partial<Record<PlanField, string[]>>;

/** DOMAIN.md §8 S, O, A and P of a follow-up note while it is written. */
export interface FollowUpDraft {
  subjective: Subjective;
  objective: Objective;
  assessment: Assessment;
  plan: PlanDraft;
}

export function followUpDraftOf(v: FollowUpView | null): FollowUpDraft {
  const p = v?.plan;
  return {
    subjective: v?.subjective ?? {},
    objective: v?.objective ?? {},
    assessment: v?.assessment ?? {},
    plan: {
      ...(p?.action ? { action: p.action } : {}),
      ...(p?.titrationDirection ? { titrationDirection: p.titrationDirection } : {}),
      referralTo: p?.referralTo ?? "",
      nextFollowUpOn: p?.nextFollowUpOn ?? "",
      ...(p?.checkInCadence ? { checkInCadence: p.checkInCadence } : {}),
      rationale: p?.rationale ?? "",
    },
  };
}

const FIELDS: PlanField[] = ["action", "titrationDirection", "referralTo", "nextFollowUpOn", "checkInCadence", "rationale"];

/**
 * The plan to send, or why it can't be sent yet, by field. Only what goes with the action is sent
 * (a direction with titrate, a target with refer), so switching actions leaves nothing stale.
 */
export function planOf(p: PlanDraft): { plan: TFollowUpPlan | undefined; errors: PlanErrors } {
  if (!p.action && !p.checkInCadence && !p.nextFollowUpOn && !p.referralTo.trim() && !p.rationale.trim()) return { plan: undefined, errors: {} };
  const parsed = ZFollowUpPlan.safeParse({
    action: p.action,
    titrationDirection: p.action === "titrate" ? (p.titrationDirection ?? null) : null,
    referralTo: p.action === "refer" ? blank(p.referralTo) ?? null : null,
    nextFollowUpOn: p.nextFollowUpOn || null,
    checkInCadence: p.checkInCadence,
    rationale: blank(p.rationale) ?? null,
  });
  if (parsed.success) return { plan: parsed.data, errors: {} };
  const errors: PlanErrors = {};
  for (const i of parsed.error.issues) {
    const field = FIELDS.find((f) => f === i.path[0]) ?? "action";
    (errors[field] ??= []).push(i.message);
  }
  return { plan: undefined, errors };
}

/** The server's `plan.<field>: message` reasons by field; null when any reason is about something else. */
export function planErrorsOf(reasons: readonly string[]): PlanErrors | null {
  if (!reasons.length) return null;
  const errors: PlanErrors = {};
  for (const r of reasons) {
    const m = /^plan\.(\w+): (.*)$/.exec(r);
    const field = FIELDS.find((f) => f === m?.[1]);
    if (!m || !field) return null;
    (errors[field] ??= []).push(m[2]!);
  }
  return errors;
}

const PARTS: Record<string, string> = {
  ...PART,
  subjective: "Subjective",
  objective: "Objective",
  assessment: "Assessment",
  patientReport: "patient report",
  sessionExperience: "session experience",
  homeBpSummary: "home blood pressure",
  tolerabilityComment: "tolerability comment",
  eligibilityComment: "eligibility comment",
};

/** S, O and A as the server will check them (empty text left out), or the problems named by field. */
export function checkFollowUp(d: FollowUpDraft): { ok: true; parts: Omit<TFollowUpFindings, "plan"> } | { ok: false; problems: string[] } {
  const shared = cleanFindings({ mentalStatus: d.objective.mentalStatus, vitals: d.objective.vitals, riskAssessment: d.assessment.riskAssessment });
  const parts = {
    subjective: compact({ ...d.subjective, patientReport: blank(d.subjective.patientReport), sessionExperience: blank(d.subjective.sessionExperience) }),
    objective: compact({ mentalStatus: shared.mentalStatus, vitals: shared.vitals, homeBpSummary: blank(d.objective.homeBpSummary) }),
    assessment: compact({
      ...d.assessment,
      tolerabilityComment: blank(d.assessment.tolerabilityComment),
      eligibilityComment: blank(d.assessment.eligibilityComment),
      riskAssessment: shared.riskAssessment,
    }),
  };
  const parsed = ZFollowUpFindings.omit({ plan: true }).safeParse(parts);
  return parsed.success ? { ok: true, parts: parsed.data } : { ok: false, problems: namedProblems(parsed.error.issues, PARTS) };
}

/**
 * Before signing, in the server's words (validators followUpMissing, with the eligibility re-run the
 * page shows), plus the plan's problems by field: the local shape check and the server's rules from the last save.
 */
export function followUpChecklist(d: FollowUpDraft, serverPlanErrors: PlanErrors | null, recheck: Parameters<typeof followUpMissing>[1] = null): string[] {
  const { plan, errors } = planOf(d.plan);
  const checked = checkFollowUp(d);
  const planProblems = [...Object.values(errors), ...Object.values(serverPlanErrors ?? {})].flat().map((m) => `Plan: ${m}`);
  // A plan started but not complete is named by what it lacks rather than "choose a plan".
  const missing = followUpMissing({ ...(checked.ok ? checked.parts : { assessment: d.assessment }), plan }, recheck).filter((m) => !(planProblems.length && m.startsWith("Plan: ")));
  return [...new Set([...missing, ...planProblems])];
}
