import { type EpcsPermission, calendarDateIn } from "@clearwell/clinical";
import type { DecisionStatus } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, notInArray, sql } from "drizzle-orm";

import { DomainError } from "../../errors";
import { type DecisionRow, currentDecisionRow, statusOf } from "../decision/evidence";
import { type ClinicPrescribing, clinicPrescribing } from "./config";
import { type DraftFacts, draftFactsOf } from "./draft-facts";
import type { DeaRow, DraftFields, FormularyRow, LicenceRow, PatientRow, PdmpRow, PharmacyRow } from "./fields";

export type { DraftFacts } from "./draft-facts";
export { type DeaRow, type DraftFields, type FormularyRow, type LicenceRow, type PatientRow, type PdmpRow, type PharmacyRow, type PrescriptionRow, fieldsOfRow, formularyEntryOf, legalBasisOf, sigOf } from "./fields";

const rx = schema.prescription;

export interface PrescriberRows {
  userId: string;
  name: string;
  /** MD, DO, NP, PA (provider_profile). */
  credentials: string | null;
  profile: typeof schema.prescriberProfile.$inferSelect | null;
  licences: LicenceRow[];
  deaRegistrations: DeaRow[];
  epcsPermission: EpcsPermission;
  totpEnrolled: boolean;
}

/** Facts shared by every prescription of one patient. */
export interface PatientFacts {
  settings: ClinicPrescribing;
  today: string;
  patient: PatientRow;
  /** The head of the decision chain with its status now (null: no decision). */
  decision: { row: DecisionRow; status: DecisionStatus } | null;
  nextFollowUp: { appointmentId: string; date: string } | null;
  previousDoseMgPerSession: number | null;
}

const present = <T>(xs: readonly (T | null | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];

/**
 * Every fact the checklist (packages/clinical checkPrescription, RX01..RX19) needs for one
 * patient's prescriptions, gathered in ONE place with a fixed number of queries (not one per
 * prescription), each bounded by the clinic and the patient. Nothing is taken from the client
 * but the prescription's own fields: the decision, visit, credentials, EPCS permission, TOTP,
 * PDMP, pharmacy and formulary are read here.
 */
export async function gatherFacts(
  tx: DbOrTx,
  clinicId: string,
  patientId: string,
  drafts: readonly DraftFields[],
  now: Date,
  opts: { excludePrescriptionIds?: readonly string[] } = {},
): Promise<{ patient: PatientFacts; drafts: DraftFacts[] }> {
  const appointmentIds = present(drafts.map((d) => d.basisAppointmentId));
  const formularyIds = present(drafts.map((d) => d.formularyEntryId));
  const pharmacyIds = present(drafts.map((d) => d.pharmacyId));
  const prescriberIds = present(drafts.map((d) => d.prescriberUserId));
  const pdmpIds = present(drafts.map((d) => d.pdmpCheckId));
  const ap = schema.appointment;
  const c = schema.epcsAccessChange;
  const p = schema.pdmpCheck;
  const none = <T>(): Promise<T[]> => Promise.resolve([]);

  const [settings, [patient], decisionRow, followUps, [previous], basis, formularies, pharmacies, users, profiles, licences, deas, approved, pending, totp, pinnedPdmp] = await Promise.all([
    clinicPrescribing(tx, clinicId),
    tx
      .select()
      .from(schema.patient)
      .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId))),
    currentDecisionRow(tx, clinicId, patientId),
    // RX09: the next booked follow-up (within a year: both ends of the range bounded).
    tx
      .select({ id: ap.id, startsAt: ap.startsAt })
      .from(ap)
      .where(
        and(
          eq(ap.clinicId, clinicId),
          eq(ap.patientId, patientId),
          eq(ap.kind, "follow_up"),
          inArray(ap.status, ["booked", "confirmed", "checked_in"]),
          gt(ap.startsAt, now),
          lt(ap.startsAt, new Date(now.getTime() + 366 * 86_400_000)),
        ),
      )
      .orderBy(asc(ap.startsAt))
      .limit(3),
    // RX06: the per-session dose of the patient's latest signed prescription (not one that never reached the pharmacy or was cancelled).
    tx
      .select({ dose: sql<string | null>`${rx.signedContent} ->> 'doseMgPerSession'` })
      .from(rx)
      .where(
        and(
          eq(rx.clinicId, clinicId),
          eq(rx.patientId, patientId),
          isNotNull(rx.signedAt),
          notInArray(rx.status, ["error", "cancelled"]),
          opts.excludePrescriptionIds?.length ? notInArray(rx.id, [...opts.excludePrescriptionIds]) : undefined,
        ),
      )
      .orderBy(desc(rx.signedAt))
      .limit(1),
    appointmentIds.length
      ? tx
          .select({ appointment: ap, visit: schema.visit })
          .from(ap)
          .leftJoin(schema.visit, and(eq(schema.visit.appointmentId, ap.id), eq(schema.visit.clinicId, ap.clinicId)))
          .where(and(eq(ap.clinicId, clinicId), eq(ap.patientId, patientId), inArray(ap.id, appointmentIds)))
      : none<{ appointment: typeof ap.$inferSelect; visit: typeof schema.visit.$inferSelect | null }>(),
    formularyIds.length
      ? tx
          .select()
          .from(schema.formularyEntry)
          .where(and(eq(schema.formularyEntry.clinicId, clinicId), inArray(schema.formularyEntry.id, formularyIds)))
      : none<FormularyRow>(),
    pharmacyIds.length
      ? tx
          .select()
          .from(schema.pharmacy)
          .where(and(eq(schema.pharmacy.clinicId, clinicId), inArray(schema.pharmacy.id, pharmacyIds)))
      : none<PharmacyRow>(),
    // Only members of this clinic count as prescribers here.
    prescriberIds.length
      ? tx
          .selectDistinct({ id: schema.user.id, name: schema.user.name, credentials: schema.providerProfile.credentials })
          .from(schema.user)
          .innerJoin(schema.clinicMembership, and(eq(schema.clinicMembership.userId, schema.user.id), eq(schema.clinicMembership.clinicId, clinicId)))
          .leftJoin(schema.providerProfile, eq(schema.providerProfile.userId, schema.user.id))
          .where(and(inArray(schema.user.id, prescriberIds), isNull(schema.user.deactivatedAt)))
      : none<{ id: string; name: string; credentials: string | null }>(),
    prescriberIds.length
      ? tx
          .select()
          .from(schema.prescriberProfile)
          .where(and(eq(schema.prescriberProfile.clinicId, clinicId), inArray(schema.prescriberProfile.userId, prescriberIds)))
      : none<typeof schema.prescriberProfile.$inferSelect>(),
    prescriberIds.length
      ? tx
          .select()
          .from(schema.prescriberLicence)
          .where(and(eq(schema.prescriberLicence.clinicId, clinicId), inArray(schema.prescriberLicence.userId, prescriberIds), isNull(schema.prescriberLicence.removedAt)))
      : none<LicenceRow>(),
    prescriberIds.length
      ? tx
          .select()
          .from(schema.prescriberDeaRegistration)
          .where(and(eq(schema.prescriberDeaRegistration.clinicId, clinicId), inArray(schema.prescriberDeaRegistration.userId, prescriberIds), isNull(schema.prescriberDeaRegistration.removedAt)))
      : none<DeaRow>(),
    // RX14 (1311.125): the latest approved change per person decides; a pending one is shown alongside.
    prescriberIds.length
      ? tx
          .selectDistinctOn([c.subjectUserId], { userId: c.subjectUserId, action: c.action })
          .from(c)
          .where(and(eq(c.clinicId, clinicId), inArray(c.subjectUserId, prescriberIds), eq(c.status, "approved")))
          .orderBy(c.subjectUserId, desc(c.decidedAt), desc(c.enteredAt))
      : none<{ userId: string; action: "grant" | "revoke" }>(),
    prescriberIds.length
      ? tx
          .select({ userId: c.subjectUserId })
          .from(c)
          .where(and(eq(c.clinicId, clinicId), inArray(c.subjectUserId, prescriberIds), eq(c.status, "pending")))
      : none<{ userId: string }>(),
    // RX15: a verified TOTP authenticator.
    prescriberIds.length
      ? tx
          .select({ userId: schema.twoFactor.userId })
          .from(schema.twoFactor)
          .where(and(inArray(schema.twoFactor.userId, prescriberIds), eq(schema.twoFactor.verified, true)))
      : none<{ userId: string }>(),
    pdmpIds.length
      ? tx
          .select({ check: p, checkedByName: schema.user.name })
          .from(p)
          .innerJoin(schema.user, eq(schema.user.id, p.checkedByUserId))
          .where(and(eq(p.clinicId, clinicId), eq(p.patientId, patientId), inArray(p.id, pdmpIds)))
      : none<{ check: PdmpRow; checkedByName: string }>(),
  ]);
  if (!patient) throw new DomainError("NOT_FOUND", "No such patient.");

  // The latest PDMP check of each state a basis visit was in (a draft's check is the latest one).
  const states = present(basis.map((b) => b.visit?.attestedState ?? null));
  const [status, latestPdmp] = await Promise.all([
    decisionRow ? statusOf(tx, decisionRow, now) : Promise.resolve(null),
    states.length && drafts.some((d) => !d.pdmpCheckId)
      ? tx
          .selectDistinctOn([p.state], { check: p, checkedByName: schema.user.name })
          .from(p)
          .innerJoin(schema.user, eq(schema.user.id, p.checkedByUserId))
          .where(and(eq(p.clinicId, clinicId), eq(p.patientId, patientId), inArray(p.state, states), lt(p.checkedAt, new Date(now.getTime() + 60_000))))
          .orderBy(p.state, desc(p.checkedAt), desc(p.createdAt))
      : Promise.resolve([] as { check: PdmpRow; checkedByName: string }[]),
  ]);

  const today = calendarDateIn(settings.timeZone, now);
  // RX09: a follow-up later today (e.g. the visit this prescription is written around) cannot bound a
  // supply that starts today; the next one on a later clinic day does.
  const followUp = followUps.find((f) => calendarDateIn(settings.timeZone, f.startsAt) > today);
  const patientFacts: PatientFacts = {
    settings,
    today,
    patient,
    decision: decisionRow && status ? { row: decisionRow, status } : null,
    nextFollowUp: followUp ? { appointmentId: followUp.id, date: calendarDateIn(settings.timeZone, followUp.startsAt) } : null,
    previousDoseMgPerSession: previous?.dose != null && Number.isFinite(Number(previous.dose)) ? Number(previous.dose) : null,
  };

  const prescribers = new Map<string, PrescriberRows>(
    users.map((u) => {
      const permission: EpcsPermission = approved.find((a) => a.userId === u.id)?.action === "grant"
        ? "granted"
        : pending.some((x) => x.userId === u.id)
          ? "pending_approval"
          : approved.some((a) => a.userId === u.id)
            ? "revoked"
            : "none";
      return [
        u.id,
        {
          userId: u.id,
          name: u.name,
          credentials: u.credentials,
          profile: profiles.find((x) => x.userId === u.id) ?? null,
          licences: licences.filter((l) => l.userId === u.id),
          deaRegistrations: deas.filter((r) => r.userId === u.id),
          epcsPermission: permission,
          totpEnrolled: totp.some((t) => t.userId === u.id),
        },
      ];
    }),
  );

  const noteIds = present(drafts.map((d) => d.noteId ?? patientFacts.decision?.row.noteId ?? null));
  const notes = noteIds.length
    ? await tx
        .select({ id: schema.clinicalNote.id, status: schema.clinicalNote.status, kind: schema.clinicalNote.kind })
        .from(schema.clinicalNote)
        .where(and(eq(schema.clinicalNote.clinicId, clinicId), eq(schema.clinicalNote.patientId, patientId), inArray(schema.clinicalNote.id, noteIds)))
    : [];

  const draftFacts = drafts.map(draftFactsOf({ now, patient: patientFacts, basis, formularies, pharmacies, prescribers, pinnedPdmp, latestPdmp, notes }));
  return { patient: patientFacts, drafts: draftFacts };
}
