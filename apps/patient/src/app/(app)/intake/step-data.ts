import type { IntakeStep } from "@clearwell/validators/intake";

import type { StepData } from "./wizard-types";

export const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** The recovery follow-up applies to any substance history answered "yes". */
export function needsRemission(v: StepData) {
  return v.activeSubstanceUseDisorder === "yes" || v.opioidUseDisorderHistory === "yes" || v.dissociativeMisuseEver === "yes";
}

/** Turns form values into what the step schema expects (empty numbers dropped, hidden follow-ups removed). */
export function clean(step: IntakeStep, data: StepData): StepData {
  const out: StepData = { ...data };
  const num = (k: string) => {
    const s = str(out[k]).trim();
    out[k] = s === "" ? undefined : Number(s);
  };
  if (step === "history") {
    if (out.cardiovascularEvent !== "yes") delete out.monthsSinceCardiovascularEvent;
    else num("monthsSinceCardiovascularEvent");
    if (out.suicideAttemptEver !== "yes") delete out.monthsSinceSuicideAttempt;
    else num("monthsSinceSuicideAttempt");
    if (!needsRemission(out)) {
      delete out.substanceUseInRemission;
      delete out.substanceRemissionMonths;
    } else if (out.substanceUseInRemission !== "yes") delete out.substanceRemissionMonths;
    else num("substanceRemissionMonths");
  }
  if (step === "medications" && out.currentMedications === undefined) out.currentMedications = "";
  if (step === "phq9" || step === "gad7") {
    const n = step === "phq9" ? 9 : 7;
    const items = Array.isArray(out.items) ? (out.items as unknown[]) : [];
    out.items = Array.from({ length: n }, (_, i) => items[i] ?? undefined);
  }
  return out;
}
