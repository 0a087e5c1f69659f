import type { EligibilityOutcome } from "./outcome";
import type { Effect } from "./types";

/**
 * What the patient app says about their eligibility decision (issue 11 §7): plain words and what
 * happens next, never the note, rule ids or clinical findings. Rule ids are read here only to pick
 * a gentle, general reason.
 */
export interface PatientDecisionSummary {
  headline: string;
  explanation: string[];
  nextSteps: string[];
}

export interface PatientSummaryInput {
  outcome: EligibilityOutcome;
  /**
   * `needs_review`: the decision expired or was invalidated by a material change.
   * `being_decided`: recorded but not in effect (awaiting or refused a co-signature): nothing about
   * the outcome is said until a second prescriber has co-signed (issue 11 §3).
   */
  state: "current" | "needs_review" | "being_decided";
  /** The rules that fired at the decision, with their effects. */
  rules: readonly { ruleId: string; effect: Effect }[];
  /** OV rules a prescriber overrode (they no longer stand in the way). */
  overriddenRuleIds?: readonly string[];
}

// General words for why (DOMAIN.md §3); nothing here names a diagnosis.
const WHY: Record<string, string> = {
  E01: "your health history",
  E02: "your health history",
  E03: "your mental health history",
  E04: "your history with alcohol or other substances",
  E05: "pregnancy or breastfeeding",
  E06: "your blood pressure",
  E07: "your heart health",
  E08: "your health history",
  E09: "your health history",
  E10: "your health history",
  E11: "the safety concerns you talked about with your clinician",
  E12: "your health history",
  E13: "medicines or alcohol that can add to sleepiness",
  E14: "medicines that can raise blood pressure",
  E15: "not yet having an adult support person for every session",
  E16: "your home setting or travel after a session",
  E17: "not having a working blood pressure cuff at home",
  E18: "being able to come to follow-up visits and check-ins",
  E19: "your age",
  E22: "a past reaction to ketamine",
};

const CRISIS = "If you are struggling or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) any time, or call 911 in an emergency.";

function joinReasons(reasons: string[]): string {
  if (reasons.length <= 1) return reasons[0] ?? "";
  return `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}`;
}

function reasonsFor(rules: PatientSummaryInput["rules"], effects: readonly Effect[], overridden: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const r of rules) {
    if (!effects.includes(r.effect) || overridden.has(r.ruleId)) continue;
    const why = WHY[r.ruleId] ?? "your health history";
    if (!out.includes(why)) out.push(why);
  }
  return out;
}

/** What to do for each thing a deferred decision waits on. */
function deferredSteps(rules: PatientSummaryInput["rules"]): { explanation: string[]; nextSteps: string[] } {
  const waiting = rules.filter((r) => r.effect === "deferred");
  const explanation: string[] = [];
  const nextSteps: string[] = [];
  if (waiting.some((r) => r.ruleId === "E06")) {
    explanation.push("Your blood pressure needs to be checked again before a decision can be made.");
    nextSteps.push("Recheck your blood pressure after resting quietly for 5 minutes, and write down the reading.");
  }
  if (waiting.some((r) => r.ruleId === "E15")) {
    explanation.push("We still need to confirm that an adult support person can be with you for every session.");
    nextSteps.push("Ask someone you trust, aged 18 or over, to be with you during and after each session.");
  }
  if (waiting.some((r) => r.ruleId === "E17")) {
    explanation.push("We still need to confirm that you have a working blood pressure cuff at home.");
    nextSteps.push("Make sure you have a working home blood pressure cuff.");
  }
  if (waiting.some((r) => !["E06", "E15", "E17"].includes(r.ruleId))) {
    explanation.push("A few of your answers need to be talked through with your clinician.");
  }
  if (!explanation.length) explanation.push("Your clinician needs a little more information before deciding.");
  nextSteps.push("Book a follow-up visit so your clinician can decide with you.");
  return { explanation, nextSteps };
}

/** The patient's plain-language summary of their current eligibility decision. */
export function patientDecisionSummary(input: PatientSummaryInput): PatientDecisionSummary {
  if (input.state === "needs_review") {
    return {
      headline: "Your treatment plan needs to be reviewed again",
      explanation: ["Your last eligibility decision has expired, or your information has changed since it was made, so your clinician needs to decide again."],
      nextSteps: ["Book a visit with your clinician, or contact the clinic.", "Don't start or continue at-home sessions until your clinician has reviewed it with you."],
    };
  }
  if (input.state === "being_decided") {
    return {
      headline: "Your clinician is still finishing your decision",
      explanation: ["Your evaluation is complete. Before your treatment plan is final, a second clinician at the clinic reviews it. You'll see the decision here once it's final."],
      nextSteps: ["You don't need to do anything right now.", "Don't start any at-home sessions until your decision is final.", "If you have questions, contact the clinic."],
    };
  }
  const overridden = new Set(input.overriddenRuleIds ?? []);
  switch (input.outcome) {
    case "eligible_at_home":
      return {
        headline: "You can have ketamine treatment at home",
        explanation: ["After your evaluation, your clinician decided that at-home treatment is a safe option for you."],
        nextSteps: [
          "Your clinician will write a prescription. Treatment can start once it has been sent to your pharmacy.",
          "Before each session: have your adult support person with you, check your blood pressure with your home cuff, have no alcohol or sedatives that day, and plan not to drive until the next day after a night's sleep.",
          "Keep your follow-up visits and check-ins: they are how your clinician keeps treatment safe.",
        ],
      };
    case "in_office_only": {
      const reasons = reasonsFor(input.rules, ["not_eligible", "in_office_only", "override_required"], overridden);
      const why = reasons.length ? `Because of ${joinReasons(reasons)}, your treatment should be supervised in the clinic rather than at home.` : "Your treatment should be supervised in the clinic rather than at home.";
      return {
        headline: "Your treatment should happen in the clinic",
        explanation: [why, "In the clinic, staff are with you during each session and until you are ready to go home."],
        nextSteps: ["Contact the clinic to book a supervised in-office session.", "If something changes, tell your clinician: they can review the decision with you."],
      };
    }
    case "not_eligible":
      return {
        headline: "Ketamine treatment isn't recommended for you right now",
        explanation: ["After your evaluation, your clinician decided that ketamine isn't a safe choice for you at this time. This is about keeping you safe, not something you did wrong."],
        nextSteps: ["Talk with the clinic about other treatment options that may suit you.", CRISIS],
      };
    case "deferred": {
      const { explanation, nextSteps } = deferredSteps(input.rules);
      return { headline: "Your decision is on hold for now", explanation, nextSteps };
    }
  }
}
