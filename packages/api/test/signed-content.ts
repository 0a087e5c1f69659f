/**
 * Canonical signed prescription content (packages/validators ZSignedPrescriptionContent), synthetic,
 * shared by the transmission unit tests (rendering) and the integration fixtures (which sign it into
 * a real prescription). Pure: no database.
 */
import { createHash } from "node:crypto";

import type { TSignedPrescriptionContent } from "@clearwell/validators/prescription";

/** The simulator pharmacy's NCPDP ID. */
export const NCPDP = "7654321";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** The rows a signed prescription names. */
export interface SignedContentIds {
  prescriptionId: string;
  clinicId: string;
  patientId: string;
  prescriberUserId: string;
  deaRegistrationId: string;
  pharmacyId: string;
  formularyEntryId: string;
  decisionId: string;
  appointmentId: string;
}

const address = (line1: string, city: string) => ({ line1, line2: null, city, state: "CO", postalCode: "80202" });

/** Canonical signed content as the signing service freezes it, signed at `now`. */
export function syntheticSignedContent(ids: SignedContentIds, now = new Date()): TSignedPrescriptionContent {
  const writtenDate = now.toISOString().slice(0, 10);
  return {
    v: 1,
    prescriptionId: ids.prescriptionId,
    clinicId: ids.clinicId,
    writtenDate,
    signedAt: now.toISOString(),
    patient: { id: ids.patientId, givenName: "Pat", familyName: "Tester", fullName: "Pat Tester", dateOfBirth: "1985-05-05", sex: "unknown", address: address("12 Example Street", "Denver"), phone: "303-555-0142" },
    prescriber: {
      userId: ids.prescriberUserId,
      fullName: "Demo Prescriber",
      credentials: "MD",
      address: address("1 Clinic Way", "Denver"),
      phone: "303-555-0199",
      npi: "1245319599",
      dea: { registrationId: ids.deaRegistrationId, number: "AT1234563", state: "CO", schedules: ["3", "3N"], expiresOn: "2028-06-30" },
      licence: { state: "CO", number: "DR.0012345", expiresOn: "2028-06-30" },
    },
    pharmacy: { id: ids.pharmacyId, name: "Clearwater Compounding (simulator)", ncpdpId: NCPDP, npi: "1234567893", address: address("1 Main St", "Denver"), phone: "303-555-0100" },
    medication: {
      formularyEntryId: ids.formularyEntryId,
      formularyVersion: 1,
      drugName: "Ketamine HCl",
      form: "troche",
      dosageForm: "troche",
      route: "sublingual",
      strength: { value: 200, unit: "mg" },
      holdMinutes: 15,
      spraysPerMl: null,
      minutesBetweenSprays: null,
      drugDescription: "Ketamine HCl 200 mg sublingual troche, compounded",
      dispenseUnit: "troche",
      quantityUnitCode: "C48548",
      deaSchedule: "3N",
      deaScheduleCode: "C48676",
      compound: { finalDosageForm: "troche", finalDosageFormCode: "C48548", ingredients: [{ name: "Ketamine hydrochloride", strength: { value: 200, unit: "mg" } }], note: null },
    },
    unitsPerSession: 1,
    daysBetweenSessions: 7,
    doseMgPerSession: 200,
    quantity: { value: 4, unit: "troche", unitCode: "C48548" },
    daysSupply: 28,
    refills: 0,
    lastFillDate: "2027-05-01",
    sig: "Dissolve 1 troche (200 mg) under the tongue for 15 minutes without swallowing, every 7 days, support person present.",
    substitutionsAllowed: false,
    noteToPharmacy: null,
    firstSessionDate: writtenDate,
    nextFollowUpDate: null,
    legalBasis: { kind: "prior_in_person_eval", date: "2026-01-05", practitioner: "Dr Test" },
    pdmp: null,
    decision: { id: ids.decisionId, evidenceSha256: sha256("evidence") },
    basisVisit: { appointmentId: ids.appointmentId, visitId: null, attestedState: "CO", modality: "audio_video" },
    noteId: null,
  };
}
