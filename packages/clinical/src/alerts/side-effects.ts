/**
 * Side effects a patient can report on a dose log or the post-dose check (DOMAIN.md §7 A4). The
 * emergency ones show "call 911" at once and raise a critical A4, whatever severity is picked; the
 * other A4 items raise a high A4; any other effect rated severe raises a high A4 too.
 */
export const SIDE_EFFECT_SEVERITIES = ["mild", "moderate", "severe"] as const;
export type SideEffectSeverity = (typeof SIDE_EFFECT_SEVERITIES)[number];

export interface SideEffectDefinition {
  code: string;
  /** Plain words for the patient and the support person. */
  label: string;
  /** A4 emergency symptom: call 911 now. */
  emergency: boolean;
  /** On the A4 list (emergency or not): always an alert. */
  a4: boolean;
}

export const SIDE_EFFECTS = [
  // A4 emergency symptoms (DOMAIN.md §7): CRITICAL, "call 911".
  { code: "chest_pain", label: "Chest pain or pressure", emergency: true, a4: true },
  { code: "shortness_of_breath", label: "Shortness of breath or trouble breathing", emergency: true, a4: true },
  { code: "fainting", label: "Fainting or passing out", emergency: true, a4: true },
  { code: "seizure", label: "Seizure", emergency: true, a4: true },
  { code: "severe_confusion", label: "Severe confusion (not knowing where they are or who people are)", emergency: true, a4: true },
  // A4 others: HIGH.
  { code: "prolonged_dissociation", label: "Feeling detached or unreal for much longer than expected", emergency: false, a4: true },
  { code: "persistent_vomiting", label: "Vomiting that keeps going", emergency: false, a4: true },
  { code: "urinary_problems", label: "Trouble passing urine, pain when passing urine, or blood in urine", emergency: false, a4: true },
  // Common, expected effects: an alert only when rated severe.
  { code: "nausea", label: "Nausea", emergency: false, a4: false },
  { code: "vomiting", label: "Vomiting (once or twice)", emergency: false, a4: false },
  { code: "dizziness", label: "Dizziness", emergency: false, a4: false },
  { code: "drowsiness", label: "Sleepiness", emergency: false, a4: false },
  { code: "dissociation", label: "Feeling detached or unreal during the session", emergency: false, a4: false },
  { code: "headache", label: "Headache", emergency: false, a4: false },
  { code: "anxiety", label: "Anxiety or panic", emergency: false, a4: false },
  { code: "blurred_vision", label: "Blurred or double vision", emergency: false, a4: false },
  { code: "numbness", label: "Numbness or tingling", emergency: false, a4: false },
  { code: "racing_heart", label: "Racing or pounding heart", emergency: false, a4: false },
  { code: "other", label: "Something else", emergency: false, a4: false },
] as const satisfies readonly SideEffectDefinition[];

export type SideEffectCode = (typeof SIDE_EFFECTS)[number]["code"];
export const SIDE_EFFECT_CODES: readonly SideEffectCode[] = SIDE_EFFECTS.map((s) => s.code);

export const EMERGENCY_SIDE_EFFECT_CODES: readonly SideEffectCode[] = SIDE_EFFECTS.filter((s) => s.emergency).map((s) => s.code);

export interface ReportedSideEffect {
  code: SideEffectCode;
  severity: SideEffectSeverity;
}

export function sideEffect(code: string): SideEffectDefinition | undefined {
  return SIDE_EFFECTS.find((s) => s.code === code);
}

export function isSideEffectCode(code: string): code is SideEffectCode {
  return SIDE_EFFECTS.some((s) => s.code === code);
}

/** True when any reported effect is an emergency symptom: the patient sees "call 911 now" at once. */
export function needsEmergencyCare(effects: readonly { code: string }[]): boolean {
  return effects.some((e) => sideEffect(e.code)?.emergency === true);
}

/** What the patient (and support person) sees at once for an emergency symptom (DOMAIN.md §7 A4). */
export const EMERGENCY_GUIDANCE =
  "Call 911 now. Stay with the patient, keep them lying on their side if they are drowsy or vomiting, and do not let them drive. Your care team has been told.";
