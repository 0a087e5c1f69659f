import { type DeaSchedule, type PdmpRecord, type PrescriptionCheckInput, currentFlexibilityBasis } from "@clearwell/clinical";
import type { LegalBasis } from "@clearwell/clinical";
import type { schema } from "@clearwell/db/client";

import type { PatientFacts, PrescriberRows } from "./facts";
import { type DeaRow, type DraftFields, type FormularyRow, type LicenceRow, type PdmpRow, type PharmacyRow, formularyEntryOf, sigOf } from "./fields";

// One prescription's facts, picked from what gatherFacts read once for the patient (no query here).

/** One prescription's facts: the check input, and the rows its content is built from. */
export interface DraftFacts {
  fields: DraftFields;
  /** Server-derived values stored with the prescription (DEA registration, PDMP check, note, legal basis, sig). */
  effective: {
    deaRegistrationId: string | null;
    pdmpCheckId: string | null;
    noteId: string | null;
    legalBasis: LegalBasis | null;
    nextFollowUpDate: string | null;
    sig: string | null;
  };
  input: PrescriptionCheckInput;
  formulary: FormularyRow | null;
  pharmacy: PharmacyRow | null;
  prescriber: PrescriberRows | null;
  dea: DeaRow | null;
  /** The prescriber's licence in the basis-visit state, best first (verified, latest expiry). */
  licence: LicenceRow | null;
  appointment: typeof schema.appointment.$inferSelect | null;
  visit: typeof schema.visit.$inferSelect | null;
  pdmp: (PdmpRow & { checkedByName: string }) | null;
}

/** What gatherFacts read for one patient's prescriptions, from which each one's facts are picked. */
export interface PatientRows {
  now: Date;
  patient: PatientFacts;
  basis: { appointment: typeof schema.appointment.$inferSelect; visit: typeof schema.visit.$inferSelect | null }[];
  formularies: FormularyRow[];
  pharmacies: PharmacyRow[];
  prescribers: Map<string, PrescriberRows>;
  /** The PDMP checks prescriptions marked ready have pinned. */
  pinnedPdmp: { check: PdmpRow; checkedByName: string }[];
  /** The latest PDMP check of each basis-visit state (a draft's check). */
  latestPdmp: { check: PdmpRow; checkedByName: string }[];
  notes: Pick<typeof schema.clinicalNote.$inferSelect, "id" | "status" | "kind">[];
}

/** The checklist input (packages/clinical checkPrescription, RX01..RX19) and the rows of each prescription. */
export function draftFactsOf({ now, patient: patientFacts, basis, formularies, pharmacies, prescribers, pinnedPdmp, latestPdmp, notes }: PatientRows): (d: DraftFields) => DraftFacts {
  const { settings, today } = patientFacts;
  const p0 = patientFacts.patient;
  const patientAddress =
    p0.addressLine1?.trim() && p0.city?.trim() && p0.postalCode?.trim()
      ? { line1: p0.addressLine1, line2: p0.addressLine2, city: p0.city, state: p0.stateOfResidence, postalCode: p0.postalCode }
      : null;
  const eligibility = patientFacts.decision ? { outcome: patientFacts.decision.row.outcome, status: patientFacts.decision.status.status, expiresAt: patientFacts.decision.status.expiresAt } : null;

  return (d): DraftFacts => {
    const b = d.basisAppointmentId ? (basis.find((x) => x.appointment.id === d.basisAppointmentId) ?? null) : null;
    const visit = b?.visit ?? null;
    const state = visit?.attestedState ?? null;
    const formulary = d.formularyEntryId ? (formularies.find((f) => f.id === d.formularyEntryId) ?? null) : null;
    // A pharmacy taken out of the directory is no pharmacy (RX18 asks to choose one).
    const pharmacyRow = d.pharmacyId ? (pharmacies.find((x) => x.id === d.pharmacyId && x.active) ?? null) : null;
    const prescriber = prescribers.get(d.prescriberUserId) ?? null;
    const regs = prescriber?.deaRegistrations ?? [];
    const schedule = (formulary?.deaSchedule ?? "3N") as DeaSchedule;
    // 1311.135(b): the registration picked; by default the one for the state the patient was in.
    const dea = d.deaRegistrationId
      ? (regs.find((r) => r.id === d.deaRegistrationId) ?? null)
      : ([...regs]
          .filter((r) => sameState(r.state, state))
          .sort((x, y) => rank(y, today, schedule) - rank(x, today, schedule) || y.expiresOn.localeCompare(x.expiresOn))[0] ?? null);
    const licence =
      [...(prescriber?.licences ?? [])]
        .filter((l) => sameState(l.state, state))
        .sort((x, y) => Number(!!y.verifiedAt && today <= y.expiresOn) - Number(!!x.verifiedAt && today <= x.expiresOn) || y.expiresOn.localeCompare(x.expiresOn))[0] ?? null;
    const pdmpRow = d.pdmpCheckId
      ? (pinnedPdmp.find((x) => x.check.id === d.pdmpCheckId) ?? null)
      : (latestPdmp.find((x) => sameState(x.check.state, state)) ?? null);
    const pdmp = pdmpRow ? { ...pdmpRow.check, checkedByName: pdmpRow.checkedByName } : null;
    const noteId = d.noteId ?? patientFacts.decision?.row.noteId ?? null;
    const note = noteId ? notes.find((n) => n.id === noteId) : undefined;
    const legalBasis = d.legalBasis ?? currentFlexibilityBasis(now, settings.timeZone, settings.config);
    const input: PrescriptionCheckInput = {
      patient: { fullName: `${p0.givenName} ${p0.familyName}`.trim(), address: patientAddress },
      prescriber: {
        id: d.prescriberUserId,
        fullName: prescriber?.name ?? "",
        address: prescriber?.profile ? { line1: prescriber.profile.addressLine1, line2: prescriber.profile.addressLine2, city: prescriber.profile.city, state: prescriber.profile.state, postalCode: prescriber.profile.postalCode } : null,
        deaNumber: dea?.number ?? null,
        licences: (prescriber?.licences ?? []).map((l) => ({ state: l.state, number: l.number, expiresOn: l.expiresOn, verified: !!l.verifiedAt })),
        deaRegistrations: regs.map((r) => ({ number: r.number, state: r.state, schedules: r.schedules as DeaSchedule[], expiresOn: r.expiresOn, verified: !!r.verifiedAt })),
        epcsPermission: prescriber?.epcsPermission ?? "none",
        totpEnrolled: prescriber?.totpEnrolled ?? false,
      },
      formulary: formulary ? formularyEntryOf(formulary) : null,
      unitsPerSession: d.unitsPerSession,
      daysBetweenSessions: d.daysBetweenSessions,
      quantity: d.quantity,
      refills: d.refills,
      previousDoseMgPerSession: patientFacts.previousDoseMgPerSession,
      firstSessionDate: d.firstSessionDate,
      nextFollowUpDate: patientFacts.nextFollowUp?.date ?? null,
      eligibility,
      basisVisit: b
        ? {
            id: b.appointment.id,
            patientState: state,
            modality: visit?.modality === "audio_video" ? "audio_video" : visit?.modality === "audio_only" ? "audio_only" : null,
            // No per-segment record of audio-only stretches exists: the visit's modality is audio-video only once the patient's camera was seen.
            hadAudioOnlySegment: false,
          }
        : null,
      legalBasis,
      pdmp: pdmpRecordOf(pdmp),
      pharmacy: pharmacyRow ? { ncpdpId: pharmacyRow.ncpdpId, epcsCapable: pharmacyRow.epcsCapable, shipsToStates: pharmacyRow.shipsToStates } : null,
      signedNoteLinked: note?.status === "signed",
    };
    return {
      fields: d,
      effective: {
        deaRegistrationId: dea?.id ?? null,
        pdmpCheckId: pdmp?.id ?? null,
        noteId,
        legalBasis,
        nextFollowUpDate: patientFacts.nextFollowUp?.date ?? null,
        sig: sigOf(formulary, d.unitsPerSession, d.daysBetweenSessions),
      },
      input,
      formulary,
      pharmacy: pharmacyRow,
      prescriber,
      dea,
      licence,
      appointment: b?.appointment ?? null,
      visit,
      pdmp,
    };
  };
}

const sameState = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toUpperCase() === b.trim().toUpperCase();

/** Prefers a registration that would pass RX12: verified, unexpired, with the drug's schedule. */
function rank(r: DeaRow, today: string, schedule: DeaSchedule): number {
  return (r.verifiedAt ? 4 : 0) + (today <= r.expiresOn ? 2 : 0) + (r.schedules.includes(schedule) ? 1 : 0);
}

function pdmpRecordOf(row: (PdmpRow & { checkedByName: string }) | null): PdmpRecord | null {
  if (!row) return null;
  if (row.result === "reviewed") return { result: "reviewed", state: row.state, checkedAt: row.checkedAt, checkedBy: row.checkedByName, interpretation: row.interpretation };
  return { result: "unavailable", state: row.state, attempts: (row.attempts ?? []).map((a) => ({ at: new Date(a.at), reason: a.reason, by: a.by })) };
}
