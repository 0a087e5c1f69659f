import { type AppointmentEvent, type AppointmentStatus, checkJoin, joinWindow, transitionAppointment } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { credentialDay, licensedOn } from "../credentials/in-force";

export type AppointmentRow = typeof schema.appointment.$inferSelect;
export type VisitRow = typeof schema.visit.$inferSelect;

/**
 * The appointment (locked) and its visit, for the appointment's own patient or its own provider
 * (DOMAIN.md §1 "Admit from waiting room: own visits"). Anyone else gets NOT_FOUND, audited.
 */
export async function lockVisitFor(tx: DbOrTx, actor: Actor, who: { patientId: string } | { providerUserId: string; clinicId: string }, appointmentId: string, action: string) {
  const a = schema.appointment;
  const own = and(eq(a.id, appointmentId), "patientId" in who ? eq(a.patientId, who.patientId) : and(eq(a.clinicId, who.clinicId), eq(a.providerUserId, who.providerUserId)));
  // One round trip (issue 16): the three go out together on the transaction's connection, which
  // runs them in order, so the appointment is still locked first, then the visit (always that
  // order); the same condition keeps the visit's lock and the settings off anyone else's visit.
  const [[appointment], [visit], [clinic]] = await Promise.all([
    tx.select().from(a).where(own).for("update"),
    tx.select().from(schema.visit).where(inArray(schema.visit.appointmentId, tx.select({ id: a.id }).from(a).where(own))).for("update"),
    tx.select().from(schema.clinic).where(inArray(schema.clinic.id, tx.select({ id: a.clinicId }).from(a).where(own))),
  ]);
  if (!appointment) {
    throw denied(actor, { action, resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit for you.");
  }
  if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return { appointment, visit: visit ?? null, clinic, window: joinWindow(appointment.startsAt, appointment.endsAt, clinic.joinWindowMinutes) };
}

/** Refuses a token outside the join window or for a closed appointment, with the reason. */
export function assertJoinable(now: Date, ctx: { appointment: AppointmentRow; visit: VisitRow | null; window: ReturnType<typeof joinWindow> }) {
  const check = checkJoin(now, ctx.window, ctx.appointment.status, ctx.visit?.status ?? null);
  if (!check.ok) throw new DomainError(check.code === "too_early" || check.code === "too_late" ? "RULE_FAILED" : "INVALID_TRANSITION", check.reason);
}

/**
 * Whether the provider holds a licence in `state` valid today (the admit guard of DOMAIN.md §2), as the
 * appointment's clinic records it (the Prescribers page): not removed, valid through its expiry date,
 * today being the clinic's calendar day (credentials/in-force.ts, the signing check's rule).
 */
export async function providerLicensedIn(tx: DbOrTx, who: { clinicId: string; providerUserId: string }, state: string, timezone: string, now: Date) {
  return licensedOn(tx, who.clinicId, who.providerUserId, state, credentialDay(timezone, now));
}

/** Applies appointment events in order through the DOMAIN.md §2 state machine, audited per step. */
export async function advanceAppointment(
  tx: DbOrTx,
  actor: Actor,
  appointment: AppointmentRow,
  events: AppointmentEvent[],
  ctx: { now: Date; noShowGraceMinutes: number; providerLicensedInPatientState?: boolean; patientAttestedLocation?: boolean },
): Promise<AppointmentStatus> {
  // Every step is decided before anything is written; the writes then go out together (one round trip).
  const steps: { event: AppointmentEvent; from: AppointmentStatus; to: AppointmentStatus }[] = [];
  let status = appointment.status;
  for (const event of events) {
    const t = transitionAppointment(status, event, { ...ctx, startsAt: appointment.startsAt, cancelCutoffMinutes: 0 });
    if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
    steps.push({ event, from: status, to: t.to });
    status = t.to;
  }
  await Promise.all([
    ...steps.map((step) =>
      recordAudit(tx, actor, {
        action: `appointment.${step.event}`,
        resourceType: "appointment",
        resourceId: appointment.id,
        patientId: appointment.patientId,
        clinicId: appointment.clinicId,
        detail: { from: step.from, to: step.to },
      }),
    ),
    ...(status !== appointment.status ? [tx.update(schema.appointment).set({ status }).where(eq(schema.appointment.id, appointment.id))] : []),
  ]);
  return status;
}
