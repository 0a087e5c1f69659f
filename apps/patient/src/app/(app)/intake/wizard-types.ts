import type { PatientOutputs } from "@clearwell/api/patient";
import type { IntakeStep } from "@clearwell/validators/intake";

export type Current = PatientOutputs["intake"]["current"];
export type Draft = NonNullable<Current["draft"]>;
export type StepData = Record<string, unknown>;
export type Answers = Partial<Record<IntakeStep, StepData>>;

export interface SubmitOutcome {
  canBookNow: boolean;
  crisis: boolean;
}

/** What every step and field receives: the current step's answers, a setter and an error lookup. */
export interface StepProps {
  values: StepData;
  /** `v` may be a function of the previous value, so quick taps never overwrite each other. */
  set: (k: string, v: unknown) => void;
  err: (k: string) => string[] | null;
}
