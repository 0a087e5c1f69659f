import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";
import { evaluationMissing, soapMissing } from "@clearwell/validators/note-completeness";
import type { TStoredFollowUpFindings } from "@clearwell/validators/output/note";

import { planProblems } from "./follow-up";

/**
 * What a note still lacks before it can be signed (empty when complete). An evaluation's list is
 * shared with the page (validators note-completeness). `flagRuleIds`: the rule ids flagged on the
 * patient's latest submitted intake.
 */
export function missingForSigning(kind: "evaluation", sections: TNoteSections, findings: TEvaluationFindings | null, flagRuleIds: readonly string[]): string[];
/**
 * A follow-up note (DOMAIN.md §8) needs its assessment and plan, the structured plan valid as of
 * `today` (the clinic's calendar date: a next follow-up saved last week may have passed), and the
 * interval snapshot the server builds when the note is opened.
 */
export function missingForSigning(kind: "follow_up", sections: TNoteSections, followUp: TStoredFollowUpFindings | null, today: string): string[];
export function missingForSigning(
  kind: "evaluation" | "follow_up",
  sections: TNoteSections,
  structured: TEvaluationFindings | TStoredFollowUpFindings | null,
  flagsOrToday: readonly string[] | string,
): string[] {
  if (kind === "evaluation") return evaluationMissing(sections, structured as TEvaluationFindings | null, flagsOrToday as readonly string[]);
  const missing = soapMissing(sections);
  const f = (structured ?? {}) as TStoredFollowUpFindings;
  if (!f.snapshot) missing.push("Interval data: reopen the note so the interval snapshot is built.");
  if (!f.plan) missing.push("Plan (structured): choose continue, titrate, pause, stop, switch to in-office or refer, with the next follow-up and check-in cadence.");
  else for (const problem of planProblems(f.plan, flagsOrToday as string)) missing.push(`Plan (structured): ${problem.slice(problem.indexOf(": ") + 2)}`);
  return missing;
}
