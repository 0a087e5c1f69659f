import type { PatientOutputs } from "@clearwell/api/patient";
import type { AnyForm } from "@clearwell/ui/form";
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

/** What every step receives: the step's form (@clearwell/ui/form over the step's schema). */
export interface StepProps {
  form: AnyForm<StepData>;
}
