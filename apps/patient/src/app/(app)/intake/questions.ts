// The patient-facing wording of every intake question: the steps ask with it and the review shows it back.

export const HISTORY_QUESTIONS: readonly (readonly [string, string])[] = [
  ["ketamineHypersensitivity", "Have you ever had an allergic reaction to ketamine?"],
  ["priorSevereKetamineReaction", "Have you ever had a severe bad reaction after taking ketamine?"],
  ["aneurysmalVascularDisease", "Have you been told you have an aneurysm (a bulging blood vessel)?"],
  ["arteriovenousMalformation", "Have you been told you have an arteriovenous malformation (AVM)?"],
  ["intracerebralHemorrhageHistory", "Have you ever had bleeding in the brain?"],
  ["psychosisHistory", "Have you ever had psychosis, such as hearing voices or seeing things others don't?"],
  ["maniaHistory", "Have you ever had mania or been told you have bipolar disorder?"],
  ["activeSubstanceUseDisorder", "Do you currently have a problem with alcohol or drug use?"],
  ["dissociativeMisuseEver", "Have you ever used ketamine, PCP, or similar drugs recreationally?"],
  ["opioidUseDisorderHistory", "Have you ever had a problem with opioid use?"],
  ["pregnant", "Are you pregnant?"],
  ["planningPregnancy", "Are you planning to become pregnant?"],
  ["breastfeeding", "Are you breastfeeding?"],
  ["knownUncontrolledHypertension", "Do you have high blood pressure that is not under control?"],
  ["unstableCardiovascularDisease", "Do you have a heart condition that is not stable?"],
  ["cardiovascularEvent", "Have you ever had a heart attack or stroke?"],
  ["raisedIntracranialPressure", "Have you been told you have raised pressure inside your skull?"],
  ["raisedIntraocularPressureOrAngleClosure", "Have you been told you have glaucoma or raised eye pressure?"],
  ["suicideAttemptEver", "Have you ever attempted suicide?"],
  ["activeSuicidalIntentOrPlan", "Do you currently have a plan or intention to end your life?"],
  ["lowerUrinaryTractSymptoms", "Do you have pain, urgency, or trouble when urinating?"],
  ["heavyAlcoholUse", "Do you regularly drink heavily (for example, more than 4 drinks on a day)?"],
];

/** Follow-up questions shown under a "yes" in the history step. */
export const HISTORY_FOLLOW_UPS = {
  monthsSinceCardiovascularEvent: "About how many months ago was the most recent one?",
  monthsSinceSuicideAttempt: "About how many months ago was the most recent attempt?",
  substanceUseInRemission: "Are you currently in recovery (not using)?",
  substanceRemissionMonths: "For how many months?",
} as const;

export const HEPATIC_QUESTION = "Do you have liver problems? If so, how serious?";
export const HEPATIC_OPTIONS = [
  { value: "none", label: "No liver problems" },
  { value: "mild", label: "Mild" },
  { value: "moderate", label: "Moderate" },
  { value: "severe", label: "Severe" },
  { value: "unsure", label: "Not sure" },
] as const;

export const MEDICATIONS_QUESTION = "What medicines, vitamins, or supplements do you take?";
export const MED_QUESTIONS: readonly (readonly [string, string])[] = [
  ["benzodiazepines", "Do you take a benzodiazepine (for example Xanax, Ativan, Klonopin, Valium)?"],
  ["opioids", "Do you take an opioid pain medicine (for example oxycodone, hydrocodone, tramadol)?"],
  ["otherCnsDepressants", "Do you take any other sedating medicine or sleep aid (for example Ambien, gabapentin)?"],
  ["maoi", "Do you take an MAOI antidepressant (for example phenelzine, tranylcypromine, selegiline)?"],
  ["psychostimulants", "Do you take a stimulant (for example Adderall, Ritalin, Vyvanse)?"],
];

export const HOME_QUESTIONS: readonly (readonly [string, string])[] = [
  ["safeQuietPlaceForDoses", "Do you have a safe, quiet place at home where you can rest during treatment?"],
  ["noDrivingUntilNextDay", "Can you avoid driving until the next day after each treatment?"],
  ["transportForInPersonCare", "Do you have a way to get to in-person care if needed?"],
  ["hasWorkingHomeBpCuff", "Do you have a working blood pressure cuff at home?"],
  ["canCommitToFollowUps", "Can you commit to the follow-up visits?"],
];

export const CONTACT_QUESTIONS = {
  supportPersonPresentEveryDose: "Can your support person be with you for every treatment?",
  supportPersonIsAdult: "Is your support person 18 or older?",
} as const;

/** About you: sex as on the patient's ID, for the pharmacy's record (SCRIPT Gender M/F/U). */
export const SEX_QUESTION = "Sex on your ID";
export const SEX_HINT = "Your pharmacy needs this for your prescription record.";
export const SEX_OPTIONS = [
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "unknown", label: "Not listed, or I'd rather not say" },
] as const;
