import { DISPENSE_UNIT, DOSAGE_FORM_LABEL, NCI_QUANTITY_UNIT, SCRIPT_DEA_SCHEDULE_CIII, type PrescriptionFigures, drugDescription } from "@clearwell/clinical";
import type { TSignedPrescriptionContent } from "@clearwell/validators/prescription";

import { DomainError } from "../../errors";
import { canonicalJson, sha256Hex } from "../note/canonical";
import { type DraftFacts, type PatientFacts, formularyEntryOf } from "./facts";

/** The content the prescriber reviews in the ceremony: everything but the signing day and time. */
export type ReadyContent = Omit<TSignedPrescriptionContent, "writtenDate" | "signedAt" | "lastFillDate">;

/**
 * The canonical content of one prescription (DOMAIN.md §5.2 "NewRx key content", 1306.05(a)),
 * from the facts gathered now: patient, prescriber with the picked DEA registration and licence,
 * pharmacy, a snapshot of the formulary entry, quantities, the rendered sig, legal basis, PDMP and
 * decision references. Only called once the checklist passed (every element is present); a
 * missing one here is a bug, refused rather than signed.
 */
export function readyContentOf(prescriptionId: string, clinicId: string, patient: PatientFacts, f: DraftFacts, figures: PrescriptionFigures): ReadyContent {
  const d = f.fields;
  const pr = f.prescriber;
  const profile = pr?.profile;
  const entry = f.formulary;
  const decision = patient.decision?.row;
  const p = patient.patient;
  const legalBasis = f.effective.legalBasis;
  if (
    !pr || !profile || !f.dea || !f.licence || !entry || !f.pharmacy || !decision || !f.appointment || !f.visit?.attestedState || !legalBasis || !f.effective.sig ||
    !d.unitsPerSession || !d.daysBetweenSessions || !d.quantity || d.refills === null || figures.daysSupply === null || figures.doseMgPerSession === null ||
    !p.addressLine1 || !p.city || !p.postalCode
  ) {
    throw new DomainError("RULE_FAILED", "This prescription is missing required content.");
  }
  const e = formularyEntryOf(entry);
  const unit = DISPENSE_UNIT[e.form];
  const unitCode = NCI_QUANTITY_UNIT[unit];
  return {
    v: 1,
    prescriptionId,
    clinicId,
    patient: {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      fullName: `${p.givenName} ${p.familyName}`.trim(),
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      address: { line1: p.addressLine1, line2: p.addressLine2 ?? null, city: p.city, state: p.stateOfResidence, postalCode: p.postalCode },
      phone: p.phone ?? null,
    },
    prescriber: {
      userId: pr.userId,
      fullName: pr.name,
      credentials: pr.credentials,
      address: { line1: profile.addressLine1, line2: profile.addressLine2 ?? null, city: profile.city, state: profile.state, postalCode: profile.postalCode },
      phone: profile.phone,
      npi: profile.npi,
      dea: { registrationId: f.dea.id, number: f.dea.number, state: f.dea.state, schedules: [...f.dea.schedules].sort(), expiresOn: f.dea.expiresOn },
      licence: { state: f.licence.state, number: f.licence.number, expiresOn: f.licence.expiresOn },
    },
    pharmacy: {
      id: f.pharmacy.id,
      name: f.pharmacy.name,
      ncpdpId: f.pharmacy.ncpdpId,
      npi: f.pharmacy.npi,
      address: { line1: f.pharmacy.addressLine1, line2: f.pharmacy.addressLine2 ?? null, city: f.pharmacy.city, state: f.pharmacy.state, postalCode: f.pharmacy.postalCode },
      phone: f.pharmacy.phone,
    },
    medication: {
      formularyEntryId: entry.id,
      formularyVersion: entry.version,
      drugName: entry.drugName,
      form: e.form,
      dosageForm: DOSAGE_FORM_LABEL[e.form],
      route: e.route,
      strength: { value: e.strength.value, unit: "mg" },
      holdMinutes: entry.holdMinutes,
      spraysPerMl: entry.spraysPerMl,
      minutesBetweenSprays: entry.minutesBetweenSprays,
      drugDescription: drugDescription(e),
      dispenseUnit: unit,
      quantityUnitCode: unitCode,
      deaSchedule: entry.deaSchedule,
      // SCRIPT DEASchedule C48676 = Schedule III (DOMAIN.md §5.2 [S]); ketamine is CIII.
      deaScheduleCode: SCRIPT_DEA_SCHEDULE_CIII,
      compound: {
        finalDosageForm: DOSAGE_FORM_LABEL[e.form],
        // [U] The NCI code of the dispensed unit; confirm the final-dosage-form code with the vendor's guide.
        finalDosageFormCode: unitCode,
        ingredients: [{ name: entry.drugName, strength: { value: e.strength.value, unit: "mg" } }],
        note: entry.compoundingNote ?? null,
      },
    },
    unitsPerSession: d.unitsPerSession,
    daysBetweenSessions: d.daysBetweenSessions,
    doseMgPerSession: figures.doseMgPerSession,
    quantity: { value: d.quantity, unit, unitCode },
    daysSupply: figures.daysSupply,
    refills: d.refills,
    sig: f.effective.sig,
    substitutionsAllowed: d.substitutionsAllowed,
    noteToPharmacy: d.noteToPharmacy?.trim() ? d.noteToPharmacy.trim() : null,
    firstSessionDate: d.firstSessionDate,
    nextFollowUpDate: f.effective.nextFollowUpDate,
    legalBasis,
    pdmp: f.pdmp ? { checkId: f.pdmp.id, state: f.pdmp.state, result: f.pdmp.result, checkedAt: f.pdmp.checkedAt.toISOString() } : null,
    decision: { id: decision.id, evidenceSha256: decision.evidenceSha256 },
    basisVisit: { appointmentId: f.appointment.id, visitId: f.visit.id, attestedState: f.visit.attestedState, modality: "audio_video" },
    noteId: f.effective.noteId,
  };
}

/** The hash frozen at mark-ready: any change to what the ceremony would show changes it. */
export const readyContentSha256 = (content: ReadyContent) => sha256Hex(canonicalJson(content));

/**
 * What is signed: the ready content with the day written (1306.05(a) "dated ... the day issued"),
 * the signing time and the last fill date (issue + 6 months, 1306.22(a)); canonical JSON bytes
 * (the note canonicaliser) and their SHA-256.
 */
export function signedContentOf(ready: ReadyContent, at: { writtenDate: string; signedAt: Date; lastFillDate: string }) {
  const content: TSignedPrescriptionContent = { ...ready, writtenDate: at.writtenDate, signedAt: at.signedAt.toISOString(), lastFillDate: at.lastFillDate };
  const bytes = canonicalJson(content);
  return { content, bytes, sha256: sha256Hex(bytes) };
}
