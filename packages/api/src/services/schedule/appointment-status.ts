import { transitionAppointment } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { raiseAlert } from "../safety/alerts";
import { clinicSettings } from "../scheduling/find-slots";
import { mailAppointmentChange } from "../scheduling/notify-patient";

export type StaffAppointmentEvent = "confirm" | "cancel" | "mark_no_show";

const AUDIT_ACTION: Record<StaffAppointmentEvent, string> = {
  confirm: "appointment.confirm",
  cancel: "appointment.cancel",
  mark_no_show: "appointment.no_show",
};

/**
 * Schedule management by the clinic (DOMAIN.md §1 "Manage schedule": providers their own visits,
 * admins and staff the clinic's), through the appointment state machine of DOMAIN.md §2.
 * A follow-up no-show raises A8 (DOMAIN.md §7).
 */
export async function changeAppointmentStatus(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { appointmentId: string; event: StaffAppointmentEvent; reason?: string | undefined },
  now = new Date(),
) {
  const managesClinic = actor.roles.includes("admin") || actor.roles.includes("staff");
  return db.transaction(async (tx) => {
    const a = schema.appointment;
    const [row] = await tx
      .select()
      .from(a)
      .where(and(eq(a.id, input.appointmentId), eq(a.clinicId, clinicId), managesClinic ? undefined : eq(a.providerUserId, actor.userId!)))
      .for("update");
    if (!row) {
      throw denied(actor, { action: AUDIT_ACTION[input.event], resourceType: "appointment", resourceId: input.appointmentId }, "NOT_FOUND", "No such appointment on your schedule.");
    }
    const clinic = await clinicSettings(tx, clinicId);
    // The cutoff binds patients; the clinic itself may cancel up to the start.
    const t = transitionAppointment(row.status, input.event, { now, startsAt: row.startsAt, cancelCutoffMinutes: 0, noShowGraceMinutes: clinic.noShowGraceMinutes });
    if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
    if (input.event === "cancel" && !input.reason?.trim()) throw new DomainError("BAD_INPUT", "Give a reason for the cancellation.");
    const [updated] = await tx
      .update(a)
      .set({
        status: t.to,
        ...(input.event === "cancel" ? { cancelledAt: now, cancelledByUserId: actor.userId, cancelReason: input.reason!.trim() } : {}),
      })
      .where(eq(a.id, row.id))
      .returning();
    await recordAudit(tx, actor, {
      action: AUDIT_ACTION[input.event],
      resourceType: "appointment",
      resourceId: row.id,
      patientId: row.patientId,
      detail: {
        from: row.status,
        to: t.to,
        ...(input.reason ? { reason: input.reason } : {}),
        // Who acted for whom: the actor columns name the clinic's person, this the patient.
        ...(input.event === "cancel" ? { onBehalfOfPatientId: row.patientId } : {}),
      },
    });
    if (input.event === "cancel") {
      // The patient did not cancel it themselves: tell them (queued in this transaction).
      const patient = await tx.query.patient.findFirst({
        where: and(eq(schema.patient.id, row.patientId), eq(schema.patient.clinicId, clinicId)),
        columns: { email: true, timezone: true },
      });
      if (patient) await mailAppointmentChange(tx, patient, "cancelled", row.startsAt);
    }
    if (input.event === "mark_no_show" && row.kind === "follow_up") {
      await raiseAlert(tx, actor, {
        clinicId,
        patientId: row.patientId,
        type: "A8",
        severity: "medium",
        summary: "Did not attend a follow-up visit",
        sourceType: "appointment",
        sourceId: row.id,
        detail: { startsAt: row.startsAt.toISOString() },
      });
    }
    return updated!;
  });
}
