import { appointmentEventsFor, nextVisitStatus } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type VideoService, InvalidWebhookError, parseIdentity } from "@clearwell/video";
import { and, eq } from "drizzle-orm";

import { systemActor } from "../../actor";
import type { RequestMeta } from "../../context";
import { advanceAppointment } from "./visit-access";

/** Older deliveries are refused even when correctly signed: a captured request cannot be replayed later. */
const MAX_AGE_SECONDS = 5 * 60;

export type WebhookOutcome = { status: 200; result: "applied" | "duplicate" | "ignored" } | { status: 401; result: "rejected"; reason: string };

const seconds = (b: bigint | undefined) => (b ? new Date(Number(b) * 1000) : null);

/**
 * LiveKit webhooks drive the visit record: verified (signature and body hash), refused when stale,
 * applied once per event id (a replay is a no-op), each in one transaction with the visit locked.
 */
export async function handleVisitWebhook(db: Database, video: VideoService, body: string, authorization: string | null, meta: RequestMeta, now = new Date()): Promise<WebhookOutcome> {
  let event;
  try {
    event = await video.receiveWebhook(body, authorization);
  } catch (error) {
    if (error instanceof InvalidWebhookError) return { status: 401, result: "rejected", reason: error.message };
    throw error;
  }
  const createdAt = seconds(event.createdAt) ?? now;
  if (now.getTime() - createdAt.getTime() > MAX_AGE_SECONDS * 1000) return { status: 401, result: "rejected", reason: "Event too old." };
  const roomName = event.room?.name;
  if (!roomName || !event.id) return { status: 200, result: "ignored" };

  return db.transaction(async (tx) => {
    const [visit] = await tx.select().from(schema.visit).where(eq(schema.visit.roomName, roomName)).for("update");
    if (!visit) return { status: 200, result: "ignored" } as const;
    const p = event.participant;
    const who = p ? parseIdentity(p.identity) : null;
    const [logged] = await tx
      .insert(schema.visitEvent)
      .values({
        clinicId: visit.clinicId,
        visitId: visit.id,
        kind: event.event,
        identity: p?.identity ?? null,
        webhookId: event.id,
        occurredAt: createdAt,
        detail: p ? { sid: p.sid, name: p.name } : null,
      })
      .onConflictDoNothing()
      .returning({ id: schema.visitEvent.id });
    if (!logged) return { status: 200, result: "duplicate" } as const;

    const ctx = { patientAdmitted: visit.patientAdmitted, everStarted: !!visit.startedAt };
    const vp = schema.visitParticipant;
    let status = visit.status;
    switch (event.event) {
      case "participant_joined": {
        if (!p || !who) break;
        const joinedAt = seconds(p.joinedAt) ?? createdAt;
        const [row] = await tx.select().from(vp).where(and(eq(vp.visitId, visit.id), eq(vp.identity, p.identity)));
        await tx
          .update(vp)
          .set({ present: true, lastSid: p.sid, firstJoinedAt: row?.firstJoinedAt ?? joinedAt, lastJoinedAt: joinedAt })
          .where(and(eq(vp.visitId, visit.id), eq(vp.identity, p.identity)));
        if (who.role === "patient") status = nextVisitStatus(status, "patient_joined", ctx);
        break;
      }
      case "participant_left":
      case "participant_connection_aborted": {
        if (!p || !who) break;
        // A reconnect may arrive before the old connection's "left": only the latest connection counts.
        const [current] = await tx
          .update(vp)
          .set({ present: false, leftAt: createdAt })
          .where(and(eq(vp.visitId, visit.id), eq(vp.identity, p.identity), eq(vp.lastSid, p.sid)))
          .returning({ id: vp.id });
        if (current && who.role === "patient") status = nextVisitStatus(status, "patient_left", ctx);
        break;
      }
      case "room_finished":
        status = nextVisitStatus(status, "room_closed", ctx);
        await tx.update(vp).set({ present: false, leftAt: createdAt }).where(and(eq(vp.visitId, visit.id), eq(vp.present, true)));
        break;
      default:
        break;
    }
    if (status !== visit.status) {
      const ended = status === "ended" || status === "abandoned";
      await tx
        .update(schema.visit)
        .set({ status, ...(ended ? { endedAt: createdAt, patientAdmitted: false } : {}) })
        .where(eq(schema.visit.id, visit.id));
      if (status === "ended") {
        const [appointment] = await tx.select().from(schema.appointment).where(eq(schema.appointment.id, visit.appointmentId)).for("update");
        const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, visit.clinicId), columns: { noShowGraceMinutes: true } });
        if (appointment) {
          await advanceAppointment(tx, systemActor(visit.clinicId, meta), appointment, appointmentEventsFor("visit_over", appointment.status), {
            now: createdAt,
            noShowGraceMinutes: clinic?.noShowGraceMinutes ?? 15,
          });
        }
      }
    }
    return { status: 200, result: "applied" } as const;
  });
}
