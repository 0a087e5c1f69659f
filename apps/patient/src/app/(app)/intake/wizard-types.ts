import type { PatientOutputs } from "@clearwell/api/patient";
import type { IntakeStep } from "@clearwell/validators/intake";

export type Current = PatientOutputs["intake"]["current"];
export type Draft = NonNullable<Current["draft"]>;
export type StepData = Record<string, unknown>;
export type Answers = Partial<Record<IntakeStep, StepData>>;

export interface SubmitOutcome {
  canBookNow: boolean;
  /** PHQ-9 item 9 above "Not at all": alert A1 was raised. */
  crisis: boolean;
  /** The intake put the patient on the crisis pathway (item 9 or E11): booking waits on a clinician. */
  crisisPathway: boolean;
  /** The mobile number from the intake, where the clinic will call. */
  phone: string | null;
}

/** What every step and field receives: the current step's answers, a setter and an error lookup. */
export interface StepProps {
  values: StepData;
  /** `v` may be a function of the previous value, so quick taps never overwrite each other. */
  set: (k: string, v: unknown) => void;
  err: (k: string) => string[] | null;
}
