import { CONSENT_TEXTS } from "@clearwell/clinical";
import type { IntakeAnswers } from "@clearwell/validators/intake";

/** A complete, synthetic intake with nothing that blocks at-home care. */
export function cleanIntake(overrides: Partial<IntakeAnswers> = {}): IntakeAnswers {
  const no = "no" as const;
  const yes = "yes" as const;
  return {
    about: {
      givenName: "Rowan",
      familyName: "Testcase",
      dateOfBirth: "1988-03-09",
      phone: "(555) 010-0142",
      addressLine1: "100 Example Way",
      city: "Springfield",
      stateOfResidence: "CO",
      postalCode: "80000",
      timezone: "America/Denver",
    },
    contacts: {
      emergencyContact: { name: "Sam Testcase", relationship: "Sibling", phone: "(555) 010-0143" },
      supportPerson: { name: "Alex Testcase", relationship: "Partner", phone: "(555) 010-0144" },
      supportPersonPresentEveryDose: yes,
      supportPersonIsAdult: yes,
    },
    history: {
      ketamineHypersensitivity: no,
      priorSevereKetamineReaction: no,
      aneurysmalVascularDisease: no,
      arteriovenousMalformation: no,
      intracerebralHemorrhageHistory: no,
      psychosisHistory: no,
      maniaHistory: no,
      activeSubstanceUseDisorder: no,
      dissociativeMisuseEver: no,
      opioidUseDisorderHistory: no,
      pregnant: no,
      planningPregnancy: no,
      breastfeeding: no,
      knownUncontrolledHypertension: no,
      unstableCardiovascularDisease: no,
      cardiovascularEvent: no,
      raisedIntracranialPressure: no,
      raisedIntraocularPressureOrAngleClosure: no,
      hepaticImpairment: "none",
      suicideAttemptEver: no,
      activeSuicidalIntentOrPlan: no,
      lowerUrinaryTractSymptoms: no,
      heavyAlcoholUse: no,
    },
    medications: { currentMedications: "Sertraline 100 mg daily", benzodiazepines: no, opioids: no, otherCnsDepressants: no, maoi: no, psychostimulants: no },
    home: { safeQuietPlaceForDoses: yes, noDrivingUntilNextDay: yes, transportForInPersonCare: yes, hasWorkingHomeBpCuff: yes, canCommitToFollowUps: yes },
    phq9: { items: [2, 2, 2, 2, 1, 2, 2, 1, 0], functional: 2 },
    gad7: { items: [2, 2, 2, 1, 1, 2, 1], functional: 1 },
    consents: {
      telehealthVersion: CONSENT_TEXTS[0].version,
      telehealthAccepted: true,
      controlledSubstanceVersion: CONSENT_TEXTS[1].version,
      controlledSubstanceAccepted: true,
      signedName: "Rowan Testcase",
    },
    ...overrides,
  };
}
