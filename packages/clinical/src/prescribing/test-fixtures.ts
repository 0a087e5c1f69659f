/** Synthetic fixtures for the prescribing tests: one prescription that passes every rule. */
import type { PrescriptionCheckContext, PrescriptionCheckInput } from "./check";
import type { NasalSprayEntry, TrocheEntry } from "./formulary";

/** 2026-12-01 10:00 in Denver (the clinic's zone). */
export const NOW = new Date("2026-12-01T17:00:00Z");
export const TZ = "America/Denver";
export const TODAY = "2026-12-01";

export const TROCHE: TrocheEntry = {
  id: "f-troche-100",
  drugName: "Ketamine HCl",
  form: "troche",
  route: "sublingual",
  strength: { value: 100, unit: "mg" },
  holdMinutes: 15,
  deaSchedule: "3N",
  enabled: true,
  bounds: { minDoseMgPerSession: 200, maxDoseMgPerSession: 400, maxTitrationStepMg: 100, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
};

export const NASAL: NasalSprayEntry = {
  id: "f-nasal-10",
  drugName: "Ketamine HCl",
  form: "nasal_spray",
  route: "intranasal",
  strength: { value: 10, unit: "mg" },
  spraysPerMl: 10,
  minutesBetweenSprays: 5,
  deaSchedule: "3N",
  enabled: false,
  bounds: { minDoseMgPerSession: 20, maxDoseMgPerSession: 60, maxTitrationStepMg: 20, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
};

/** Check digit valid: (1+3+5) + 2*(2+4+6) = 33 -> 3. */
export const DEA_CO = "AB1234563";
/** (7+5+3) + 2*(6+4+2) = 39 -> 9. */
export const DEA_UT = "FM7654329";

export function passingInput(): PrescriptionCheckInput {
  return {
    patient: { fullName: "Jordan Example", address: { line1: "12 Test Street", city: "Denver", state: "CO", postalCode: "80202" } },
    prescriber: {
      id: "prescriber-1",
      fullName: "Dr. Alex Sample",
      address: { line1: "1 Clinic Way", city: "Denver", state: "CO", postalCode: "80203" },
      deaNumber: DEA_CO,
      licences: [{ state: "CO", number: "CO-LIC-1", expiresOn: "2027-06-30", verified: true }],
      deaRegistrations: [{ number: DEA_CO, state: "CO", schedules: ["2", "2N", "3", "3N", "4", "5"], expiresOn: "2027-06-30", verified: true }],
      epcsPermission: "granted",
      totpEnrolled: true,
    },
    formulary: TROCHE,
    unitsPerSession: 2,
    daysBetweenSessions: 7,
    quantity: 8,
    refills: 0,
    previousDoseMgPerSession: 200,
    nextFollowUpDate: "2026-12-29",
    eligibility: { outcome: "eligible_at_home", status: "current", expiresAt: new Date("2027-01-15T17:00:00Z") },
    basisVisit: { id: "visit-1", patientState: "CO", modality: "audio_video", hadAudioOnlySegment: false },
    legalBasis: { kind: "temporary_flexibility", rule: "DEA/HHS temporary telemedicine flexibilities, fourth extension (90 FR 61301)", validUntil: "2026-12-31" },
    pdmp: { result: "reviewed", state: "CO", checkedAt: new Date("2026-12-01T16:00:00Z"), checkedBy: "Dr. Alex Sample", interpretation: "No other controlled-substance prescriptions." },
    pharmacy: { ncpdpId: "0000001", epcsCapable: true, shipsToStates: ["CO", "UT"] },
    signedNoteLinked: true,
  };
}

export const CONTEXT: PrescriptionCheckContext = { now: NOW, timeZone: TZ };
