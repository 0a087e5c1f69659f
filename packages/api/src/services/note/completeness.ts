import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";
import { evaluationMissing, followUpMissing } from "@clearwell/validators/note-completeness";
import type { TEligibilityRecheck } from "@clearwell/validators/output/decision-recheck";
import type { TStoredFollowUpFindings } from "@clearwell/validators/output/note";

import { planProblems } from "./follow-up";

/**
 * What a note still lacks before it can be signed (empty when complete). An evaluation's list is
 * shared with the page (validators note-completeness). `flagRuleIds`: the rule ids flagged on the
 * patient's latest submitted intake.
 */
export function missingForSigning(kind: "evaluation", sections: TNoteSections, findings: TEvaluationFindings | null, flagRuleIds: readonly string[]): string[];
/**
 * A follow-up note (DOMAIN.md §8) needs the page's checklist (validators `followUpMissing`: the
 * assessment of response, tolerability, risk and continued eligibility, and a plan), the plan valid
 * as of `today` (the clinic's calendar date: a next follow-up saved last week may have passed), and
 * the interval snapshot the server builds when the note is opened. The SOAP text is optional.
 * `recheck`: the §3 re-run at signing; a stricter outcome refuses "unchanged" eligibility.
 */
export function missingForSigning(kind: "follow_up", sections: TNoteSections, followUp: TStoredFollowUpFindings | null, today: string, recheck?: TEligibilityRecheck | null): string[];
export function missingForSigning(
  kind: "evaluation" | "follow_up",
  sections: TNoteSections,
  structured: TEvaluationFindings | TStoredFollowUpFindings | null,
  flagsOrToday: readonly string[] | string,
  recheck?: TEligibilityRecheck | null,
): string[] {
  if (kind === "evaluation") return evaluationMissing(sections, structured as TEvaluationFindings | null, flagsOrToday as readonly string[]);
  const f = structured as TStoredFollowUpFindings | null;
  const missing = f?.snapshot ? [] : ["Interval data: reopen the note so the interval snapshot is built."];
  missing.push(...followUpMissing(f, recheck));
  // `plan.<field>: message` from the plan's rules, said as the page's checklist says it.
  if (f?.plan) for (const problem of planProblems(f.plan, flagsOrToday as string)) missing.push(`Plan: ${problem.slice(problem.indexOf(": ") + 2)}`);
  return missing;
}
