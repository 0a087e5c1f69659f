import { INTAKE_STEPS, type IntakeStep } from "@clearwell/validators/intake-steps";

export const TOTAL = INTAKE_STEPS.length + 1; // + review

export const STEP_TITLES: Record<IntakeStep | "review", string> = {
  about: "About you",
  contacts: "Your contacts",
  history: "Health history",
  medications: "Medications",
  home: "Treatment at home",
  phq9: "Mood questionnaire",
  gad7: "Anxiety questionnaire",
  consents: "Consents",
  review: "Review and submit",
};

export function firstIncomplete(completed: readonly string[]): number {
  const i = INTAKE_STEPS.findIndex((s) => !completed.includes(s));
  return i === -1 ? INTAKE_STEPS.length : i;
}
