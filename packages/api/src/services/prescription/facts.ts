import {
  type DeaSchedule,
  type EpcsPermission,
  type FormularyEntry,
  type LegalBasis,
  type PdmpRecord,
  type PrescriptionCheckInput,
  calendarDateIn,
  currentFlexibilityBasis,
  renderSig,
} from "@clearwell/clinical";
import type { DecisionStatus } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { ZLegalBasis } from "@clearwell/validators/prescription";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, notInArray, sql } from "drizzle-orm";

import { DomainError } from "../../errors";
import { type DecisionRow, currentDecisionRow, statusOf } from "../decision/evidence";
import { type ClinicPrescribing, clinicPrescribing } from "./config";

const rx = schema.prescription;
export type PrescriptionRow = typeof rx.$inferSelect;
export type FormularyRow = typeof schema.formularyEntry.$inferSelect;
export type PharmacyRow = typeof schema.pharmacy.$inferSelect;
export type DeaRow = typeof schema.prescriberDeaRegistration.$inferSelect;
export type LicenceRow = typeof schema.prescriberLicence.$inferSelect;
export type PdmpRow = typeof schema.pdmpCheck.$inferSelect;
export type PatientRow = typeof schema.patient.$inferSelect;

/** What a prescription says, stored or typed in the builder (null where not filled in yet). */
export interface DraftFields {
  prescriberUserId: string;
  basisAppointmentId: string | null;
  noteId: string | null;
  formularyEntryId: string | null;
  pharmacyId: string | null;
  deaRegistrationId: string | null;
  /** Only a prescription marked ready pins its PDMP check; a draft uses the latest one. */
  pdmpCheckId: string | null;
  unitsPerSession: number | null;
  daysBetweenSessions: number | null;
  quantity: number | null;
  refills: number | null;
  firstSessionDate: string | null;
  substitutionsAllowed: boolean;
  noteToPharmacy: string | null;
  legalBasis: LegalBasis | null;
}

/** A stored legal basis read back through the input schema (anything else counts as none: RX16 fails closed). */
export function legalBasisOf(value: unknown): LegalBasis | null {
  const parsed = ZLegalBasis.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function fieldsOfRow(row: PrescriptionRow): DraftFields {
  return {
    prescriberUserId: row.prescriberUserId,
    basisAppointmentId: row.basisAppointmentId,
    noteId: row.noteId,
    formularyEntryId: row.formularyEntryId,
    pharmacyId: row.pharmacyId,
    deaRegistrationId: row.deaRegistrationId,
    pdmpCheckId: row.pdmpCheckId,
    unitsPerSession: row.unitsPerSession,
    daysBetweenSessions: row.daysBetweenSessions,
    quantity: row.quantity,
    refills: row.refills,
    firstSessionDate: row.firstSessionDate,
    substitutionsAllowed: row.substitutionsAllowed,
    noteToPharmacy: row.noteToPharmacy,
    legalBasis: legalBasisOf(row.legalBasis),
  };
}

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

/** The clinic formulary row as packages/clinical's FormularyEntry (the sig and the bounds come from it). */
export function formularyEntryOf(r: FormularyRow): FormularyEntry {
  const base = {
    id: r.id,
    drugName: r.drugName,
    strength: { value: r.strengthValue, unit: "mg" as const },
    deaSchedule: r.deaSchedule as DeaSchedule,
    enabled: r.enabled,
    bounds: {
      minDoseMgPerSession: r.minDoseMg,
      maxDoseMgPerSession: r.maxDoseMg,
      maxTitrationStepMg: r.maxTitrationStepMg,
      minDaysBetweenSessions: r.minDaysBetweenSessions,
      maxSessionsPerFill: r.maxSessionsPerFill,
    },
  };
  if (r.form === "nasal_spray") return { ...base, form: "nasal_spray", route: "intranasal", spraysPerMl: r.spraysPerMl ?? 0, minutesBetweenSprays: r.minutesBetweenSprays ?? 0 };
  if (r.form === "rdt_odt") return { ...base, form: "rdt_odt", route: "sublingual", holdMinutes: r.holdMinutes ?? 0 };
  return { ...base, form: "troche", route: r.route === "buccal" ? "buccal" : "sublingual", holdMinutes: r.holdMinutes ?? 0 };
}

/** The sig from the structured fields (DOMAIN.md §4.1: rendered, never typed), or null while incomplete. */
export function sigOf(entry: FormularyRow | null, units: number | null, days: number | null): string | null {
  if (!entry || !units || !days || !Number.isInteger(units) || !Number.isInteger(days) || units < 1 || days < 1) return null;
  return renderSig(formularyEntryOf(entry), { unitsPerSession: units, daysBetweenSessions: days });
}

const present = <T>(xs: readonly (T | null | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];
const sameState = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toUpperCase() === b.trim().toUpperCase();

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

  const p0 = patient;
  const patientAddress =
    p0.addressLine1?.trim() && p0.city?.trim() && p0.postalCode?.trim()
      ? { line1: p0.addressLine1, line2: p0.addressLine2, city: p0.city, state: p0.stateOfResidence, postalCode: p0.postalCode }
      : null;
  const eligibility = patientFacts.decision ? { outcome: patientFacts.decision.row.outcome, status: patientFacts.decision.status.status, expiresAt: patientFacts.decision.status.expiresAt } : null;

  const noteIds = present(drafts.map((d) => d.noteId ?? patientFacts.decision?.row.noteId ?? null));
  const notes = noteIds.length
    ? await tx
        .select({ id: schema.clinicalNote.id, status: schema.clinicalNote.status, kind: schema.clinicalNote.kind })
        .from(schema.clinicalNote)
        .where(and(eq(schema.clinicalNote.clinicId, clinicId), eq(schema.clinicalNote.patientId, patientId), inArray(schema.clinicalNote.id, noteIds)))
    : [];

  const draftFacts = drafts.map((d): DraftFacts => {
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
  });
  return { patient: patientFacts, drafts: draftFacts };
}

/** Prefers a registration that would pass RX12: verified, unexpired, with the drug's schedule. */
function rank(r: DeaRow, today: string, schedule: DeaSchedule): number {
  return (r.verifiedAt ? 4 : 0) + (today <= r.expiresOn ? 2 : 0) + (r.schedules.includes(schedule) ? 1 : 0);
}

function pdmpRecordOf(row: (PdmpRow & { checkedByName: string }) | null): PdmpRecord | null {
  if (!row) return null;
  if (row.result === "reviewed") return { result: "reviewed", state: row.state, checkedAt: row.checkedAt, checkedBy: row.checkedByName, interpretation: row.interpretation };
  return { result: "unavailable", state: row.state, attempts: (row.attempts ?? []).map((a) => ({ at: new Date(a.at), reason: a.reason, by: a.by })) };
}
