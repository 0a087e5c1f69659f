import { VISIT_OVERRUN_MINUTES, appointmentEventsFor, nextVisitStatus } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { VideoService } from "@clearwell/video";
import { and, eq, inArray, lt } from "drizzle-orm";

import { systemActor } from "../../actor";
import { logger } from "../../logger";
import { recordAudit } from "../audit/record-audit";
import { advanceAppointment } from "./visit-access";

const OPEN = ["waiting_room_open", "patient_waiting", "in_call", "reconnecting"] as const;

/**
 * Closes visits whose time is over (the slot's end plus the overrun allowance): DOMAIN.md §2
 * "patient_waiting -> abandoned", a started call -> ended with its appointment completed, and the
 * video room shut. Safe on several workers at once: rows another worker holds are skipped.
 */
export async function closeExpiredVisits(db: Database, video: VideoService, now = new Date(), batch = 50) {
  const cutoff = new Date(now.getTime() - VISIT_OVERRUN_MINUTES * 60_000);
  const meta = { requestId: "worker:close-expired-visits", ipAddress: null, userAgent: "clearwell-worker" };
  const closed = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ visit: schema.visit, appointment: schema.appointment })
      .from(schema.visit)
      .innerJoin(schema.appointment, eq(schema.appointment.id, schema.visit.appointmentId))
      .where(and(inArray(schema.visit.status, [...OPEN]), lt(schema.appointment.endsAt, cutoff)))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const { visit, appointment } of rows) {
      const status = nextVisitStatus(visit.status, "window_closed", { patientAdmitted: visit.patientAdmitted, everStarted: !!visit.startedAt });
      await tx
        .update(schema.visit)
        .set({
          status,
          patientAdmitted: false,
          endedAt: now,
          ...(visit.modality === "unknown" ? { modality: visit.startedAt ? "audio_only" : "none" } : {}),
        })
        .where(eq(schema.visit.id, visit.id));
      await tx.update(schema.visitParticipant).set({ present: false }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.present, true)));
      await tx.insert(schema.visitEvent).values({ clinicId: visit.clinicId, visitId: visit.id, kind: "window_closed", occurredAt: now, detail: { from: visit.status, to: status } });
      const actor = systemActor(visit.clinicId, meta);
      if (status === "ended") await advanceAppointment(tx, actor, appointment, appointmentEventsFor("visit_over", appointment.status), { now, noShowGraceMinutes: 0 });
      await recordAudit(tx, actor, { action: "visit.close_expired", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { from: visit.status, to: status } });
    }
    return rows.map((r) => r.visit.roomName);
  });
  // After commit: the records say closed, so the rooms may go (never a network call under row locks).
  for (const room of closed) await video.closeRoom(room).catch((e: unknown) => logger.error({ err: e, room }, "[video] could not close a room"));
  return closed.length;
}
