// Apart from intake.ts (its schemas run zod at load): the patient home reads this list in the browser.
export const INTAKE_STEPS = ["about", "contacts", "history", "medications", "home", "phq9", "gad7", "consents"] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];
