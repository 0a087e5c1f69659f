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
  return a;
}
