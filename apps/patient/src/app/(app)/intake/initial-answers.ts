import { str } from "./step-data";
import type { Answers, Current, Draft, StepData } from "./wizard-types";

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "";
  }
}

/** Saved answers, or for a fresh draft the enrolment prefill with the browser's time zone as a fallback. */
export function initialAnswers(draft: Draft, current: Current): Answers {
  const a = { ...((draft.answers ?? {}) as Answers) };
  if (!a.about) {
    const p = (current.prefill?.about ?? {}) as StepData;
    a.about = { ...p, timezone: str(p.timezone) || browserZone() };
  }
  // Drafts saved before the question existed: the neutral answer, never a select's first option.
  if (!str(a.about.sex)) a.about = { ...a.about, sex: "unknown" };
  return a;
}
