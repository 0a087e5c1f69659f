import { appointmentEventsFor, nextVisitStatus } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type VideoService, InvalidWebhookError, TrackSource, WAITING, parseIdentity } from "@clearwell/video";
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
  if (!event.createdAt) return { status: 401, result: "rejected", reason: "Event without a time." };

  const [located] = await db.select({ id: schema.visit.id, appointmentId: schema.visit.appointmentId }).from(schema.visit).where(eq(schema.visit.roomName, roomName));
  if (!located) return { status: 200, result: "ignored" };

  let enforce: { identity: string; action: "wait" | "remove" } | null = null;
  const outcome = await db.transaction(async (tx) => {
    // Same lock order as the API's visit actions (appointment, then visit), so they cannot deadlock.
    const [appointment] = await tx.select().from(schema.appointment).where(eq(schema.appointment.id, located.appointmentId)).for("update");
    const [visit] = await tx.select().from(schema.visit).where(eq(schema.visit.id, located.id)).for("update");
    if (!visit || !appointment) return { status: 200, result: "ignored" } as const;
    const p = event.participant;
    const who = p ? parseIdentity(p.identity) : null;
    const trackSource = event.track?.source;
    const [logged] = await tx
      .insert(schema.visitEvent)
      .values({
        clinicId: visit.clinicId,
        visitId: visit.id,
        kind: event.event,
        identity: p?.identity ?? null,
        webhookId: event.id,
        occurredAt: createdAt,
        detail: { ...(p ? { sid: p.sid } : {}), ...(event.room?.sid ? { roomSid: event.room.sid } : {}), ...(trackSource !== undefined ? { trackSource: TrackSource[trackSource] } : {}) },
      })
      .onConflictDoNothing()
      .returning({ id: schema.visitEvent.id });
    if (!logged) return { status: 200, result: "duplicate" } as const;

    const ctx = { patientAdmitted: visit.patientAdmitted, everStarted: !!visit.startedAt };
    const vp = schema.visitParticipant;
    const terminal = visit.status === "ended" || visit.status === "abandoned";
    let status = visit.status;
    const patch: Partial<typeof schema.visit.$inferInsert> = {};
    switch (event.event) {
      case "room_started":
        if (event.room?.sid) patch.roomSid = event.room.sid;
        break;
      case "participant_joined": {
        if (!p || !who) break;
        if (terminal) {
          enforce = { identity: p.identity, action: "remove" };
          break;
        }
        const joinedAt = seconds(p.joinedAt) ?? createdAt;
        const [row] = await tx.select().from(vp).where(and(eq(vp.visitId, visit.id), eq(vp.identity, p.identity)));
        // A "joined" delivered after its own "left" describes a connection that is already gone.
        if (row?.lastSid === p.sid && row.leftAt && row.leftAt >= joinedAt) break;
        await tx
          .update(vp)
          .set({ present: true, lastSid: p.sid, firstJoinedAt: row?.firstJoinedAt ?? joinedAt, lastJoinedAt: joinedAt })
          .where(and(eq(vp.visitId, visit.id), eq(vp.identity, p.identity)));
        if (who.role === "patient") {
          status = nextVisitStatus(status, "patient_joined", ctx);
          // A token issued while admitted may outlive a send-back or removal: the grants follow the record.
          if (!visit.patientAdmitted) enforce = { identity: p.identity, action: "wait" };
        }
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
      case "track_published":
        // DOMAIN.md §4.4: only a visit in which the patient was seen counts as audio-video.
        if (who?.role === "patient" && trackSource === TrackSource.CAMERA && visit.patientAdmitted) patch.modality = "audio_video";
        break;
      case "room_finished":
        // An earlier instance of the same room name finishing says nothing about this one.
        if (visit.roomSid && event.room?.sid && event.room.sid !== visit.roomSid) break;
        status = nextVisitStatus(status, "room_closed", ctx);
        await tx.update(vp).set({ present: false, leftAt: createdAt }).where(and(eq(vp.visitId, visit.id), eq(vp.present, true)));
        break;
      default:
        break;
    }
    const ended = status !== visit.status && (status === "ended" || status === "abandoned");
    if (status !== visit.status || Object.keys(patch).length) {
      await tx
        .update(schema.visit)
        .set({
          ...patch,
          // Only a change is written: a patch (room sid, modality) must never restate an older status.
          ...(status !== visit.status ? { status } : {}),
          ...(ended ? { endedAt: createdAt, patientAdmitted: false } : {}),
          ...(ended && visit.modality === "unknown" && !patch.modality ? { modality: visit.startedAt ? "audio_only" : "none" } : {}),
        })
        .where(eq(schema.visit.id, visit.id));
    }
    if (status === "ended" && status !== visit.status) {
      const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, visit.clinicId), columns: { noShowGraceMinutes: true } });
      await advanceAppointment(tx, systemActor(visit.clinicId, meta), appointment, appointmentEventsFor("visit_over", appointment.status), {
        now: createdAt,
        noShowGraceMinutes: clinic?.noShowGraceMinutes ?? 15,
      });
    }
    return { status: 200, result: "applied" } as const;
  });
  // After commit: make the video server agree with the record (never hold row locks over a network call).
  const act = enforce as { identity: string; action: "wait" | "remove" } | null;
  if (act) {
    if (act.action === "remove") await video.removeParticipant(roomName, act.identity);
    else await video.setPermission(roomName, act.identity, WAITING);
  }
  return outcome;
}
