import { type AppointmentEvent, type AppointmentStatus, checkJoin, joinWindow, transitionAppointment } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { credentialDay, licensedOn } from "../credentials/in-force";
import { clinicSettings } from "../scheduling/find-slots";

export type AppointmentRow = typeof schema.appointment.$inferSelect;
export type VisitRow = typeof schema.visit.$inferSelect;

/**
 * The appointment (locked) and its visit, for the appointment's own patient or its own provider
 * (DOMAIN.md §1 "Admit from waiting room: own visits"). Anyone else gets NOT_FOUND, audited.
 */
export async function lockVisitFor(tx: DbOrTx, actor: Actor, who: { patientId: string } | { providerUserId: string; clinicId: string }, appointmentId: string, action: string) {
  const a = schema.appointment;
  const [appointment] = await tx
    .select()
    .from(a)
    .where(and(eq(a.id, appointmentId), "patientId" in who ? eq(a.patientId, who.patientId) : and(eq(a.clinicId, who.clinicId), eq(a.providerUserId, who.providerUserId))))
    .for("update");
  if (!appointment) {
    throw denied(actor, { action, resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit for you.");
  }
  // The appointment is locked first (always that order); the visit's lock and the settings then go out together.
  const [[visit], clinic] = await Promise.all([
    tx.select().from(schema.visit).where(eq(schema.visit.appointmentId, appointment.id)).for("update"),
    clinicSettings(tx, appointment.clinicId),
  ]);
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
  let status = appointment.status;
  for (const event of events) {
    const t = transitionAppointment(status, event, { ...ctx, startsAt: appointment.startsAt, cancelCutoffMinutes: 0 });
    if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
    await recordAudit(tx, actor, {
      action: `appointment.${event}`,
      resourceType: "appointment",
      resourceId: appointment.id,
      patientId: appointment.patientId,
      clinicId: appointment.clinicId,
      detail: { from: status, to: t.to },
    });
    status = t.to;
  }
  if (status !== appointment.status) await tx.update(schema.appointment).set({ status }).where(eq(schema.appointment.id, appointment.id));
  return status;
}
