import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { denied } from "../../errors";
import { recordAudit, recordListRead } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { bookingBlock, staffBlockReason } from "./booking-gate";
import { DAY_MS, type VisitKind, findSlots, withoutPatientBusy } from "./find-slots";
import { placeBooking } from "./place-booking";

/**
 * Booking on a patient's behalf (DOMAIN.md §1 "Manage schedule": admin and staff the clinic's,
 * clinicians their own). Front-desk screens show demographics and times only: no intake answers,
 * scores or notes. A clinician who is not also admin or staff books only onto their own schedule
 * and only for patients whose chart is already open to them, so a booking never becomes a way in.
 */
const managesClinic = (actor: Actor) => actor.roles.includes("admin") || actor.roles.includes("staff");

const displayName = (p: { givenName: string; familyName: string; preferredName: string | null }) => `${p.preferredName ?? p.givenName} ${p.familyName}`;

async function patientFor(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, action: string) {
  if (!managesClinic(actor)) return assignedPatient(tx, actor, clinicId, patientId, action);
  const row = await tx.query.patient.findFirst({ where: and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)) });
  if (!row) throw denied(actor, { action, resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient in this clinic.");
  return row;
}

/** The provider a request may name: anyone licensed (the slot search checks) for the clinic, only themselves for a clinician. */
function providerFor(actor: Actor, requested: string | undefined): string | undefined {
  if (managesClinic(actor)) return requested;
  if (requested && requested !== actor.userId) {
    throw denied(actor, { action: "appointment.book", resourceType: "provider", resourceId: requested }, "FORBIDDEN", "You can book visits only on your own schedule.");
  }
  return actor.userId!;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** "1987-07-21", "7/21/1987" or "07-21-1987" as an ISO date, or null when the text is not a date. */
export function parseBirthDate(q: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(q);
  const us = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(q);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

const SEARCH_LIMIT = 10;

/** Up to ten of the clinic's patients by name, MRN or date of birth; one audit row naming them. */
export async function findPatientsForBooking(db: Database, actor: Actor, clinicId: string, input: { q: string }) {
  const p = schema.patient;
  const q = input.q.trim();
  const birth = parseBirthDate(q);
  const term = `%${escapeLike(q.toLowerCase())}%`;
  const match = birth
    ? eq(p.dateOfBirth, birth)
    : or(sql`lower(${p.givenName} || ' ' || ${p.familyName}) like ${term}`, sql`lower(coalesce(${p.preferredName}, '') || ' ' || ${p.familyName}) like ${term}`, sql`lower(${p.mrn}) like ${term}`);
  const assigned = sql`(exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = ${p.id} and ct.user_id = ${actor.userId})
    or exists (select 1 from ${schema.appointment} ap where ap.patient_id = ${p.id} and ap.provider_user_id = ${actor.userId} and ap.status <> 'cancelled'))`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: p.id,
        givenName: p.givenName,
        familyName: p.familyName,
        preferredName: p.preferredName,
        mrn: p.mrn,
        dateOfBirth: p.dateOfBirth,
        stateOfResidence: p.stateOfResidence,
        timezone: p.timezone,
      })
      .from(p)
      .where(and(eq(p.clinicId, clinicId), match, managesClinic(actor) ? undefined : assigned))
      .orderBy(asc(p.familyName), asc(p.givenName), asc(p.id))
      .limit(SEARCH_LIMIT);
    await recordListRead(tx, actor, { action: "patient.search", clinicId, patientIds: rows.map((r) => r.id), detail: { purpose: "booking", by: birth ? "date_of_birth" : "name_or_mrn" } });
    return rows;
  });
}

/** Open times for one patient (their state's licensed providers), or why none can be booked. */
export async function listSlotsForPatient(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { patientId: string; kind: VisitKind; from?: Date | undefined; days: number },
  now = new Date(),
) {
  const providerUserId = providerFor(actor, undefined);
  return db.transaction(async (tx) => {
    const patient = await patientFor(tx, actor, clinicId, input.patientId, "slots.read");
    const summary = { id: patient.id, name: displayName(patient), mrn: patient.mrn };
    await recordAudit(tx, actor, { action: "slots.read", resourceType: "patient", resourceId: patient.id, patientId: patient.id, detail: { kind: input.kind, onBehalf: true } });
    const block = await bookingBlock(tx, patient, input.kind);
    if (block) return { blocked: staffBlockReason(block, summary.name), timezone: patient.timezone, state: patient.stateOfResidence, patient: summary, slots: [] };
    const from = input.from && input.from > now ? input.from : now;
    const { slots } = await findSlots(tx, now, {
      clinicId,
      state: patient.stateOfResidence,
      kind: input.kind,
      from,
      to: new Date(from.getTime() + input.days * DAY_MS),
      ...(providerUserId ? { providerUserId } : {}),
    });
    return { blocked: null, timezone: patient.timezone, state: patient.stateOfResidence, patient: summary, slots: await withoutPatientBusy(tx, patient.id, slots) };
  });
}

/** Books a visit for a patient of this clinic; the patient is mailed, the audit row names both. */
export async function bookForPatient(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { patientId: string; kind: VisitKind; providerUserId?: string | undefined; startsAt: Date; idempotencyKey: string },
  now = new Date(),
) {
  const providerUserId = providerFor(actor, input.providerUserId);
  return placeBooking(
    db,
    actor,
    {
      patient: (tx) => patientFor(tx, actor, clinicId, input.patientId, "appointment.book"),
      blocked: (block, patient) => staffBlockReason(block, displayName(patient)),
      onBehalf: true,
      hashExtra: { patientId: input.patientId },
    },
    { kind: input.kind, providerUserId, startsAt: input.startsAt, idempotencyKey: input.idempotencyKey },
    now,
  );
}

/** Moves a visit of this clinic (a clinician: one of their own) to a new time; same type, new or any provider. */
export async function rescheduleForPatient(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { appointmentId: string; providerUserId?: string | undefined; startsAt: Date; idempotencyKey: string },
  now = new Date(),
) {
  const providerUserId = providerFor(actor, input.providerUserId);
  const a = schema.appointment;
  return placeBooking(
    db,
    actor,
    {
      patient: async (tx) => {
        const [appt] = await tx
          .select({ patientId: a.patientId })
          .from(a)
          .where(and(eq(a.id, input.appointmentId), eq(a.clinicId, clinicId), managesClinic(actor) ? undefined : eq(a.providerUserId, actor.userId!)));
        if (!appt) {
          throw denied(actor, { action: "appointment.reschedule", resourceType: "appointment", resourceId: input.appointmentId }, "NOT_FOUND", "No such appointment on your schedule.");
        }
        return patientFor(tx, actor, clinicId, appt.patientId, "appointment.reschedule");
      },
      blocked: (block, patient) => staffBlockReason(block, displayName(patient)),
      onBehalf: true,
      hashExtra: { appointmentId: input.appointmentId },
    },
    { providerUserId, startsAt: input.startsAt, idempotencyKey: input.idempotencyKey, rescheduleOf: input.appointmentId },
    now,
  );
}
