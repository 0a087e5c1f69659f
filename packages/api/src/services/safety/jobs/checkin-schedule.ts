import { type SafetySettings, checkInOverdueAt, dueCheckIns } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt, gte, inArray, isNotNull, lte, min } from "drizzle-orm";

import { systemActor } from "../../../actor";
import { recordAudit } from "../../audit/record-audit";
import { safetySettingsOf } from "../settings";

const META = { requestId: "worker:checkin-schedule", ipAddress: null, userAgent: "clearwell-worker" };
const DAY = 86_400_000;
/** Check-ins the scheduler compares against (older ones no longer change what is due). */
const EXISTING_WINDOW_DAYS = 180;
/** Follow-ups booked this far ahead get their pre-follow-up check-in when it falls due. */
const FOLLOW_UP_WINDOW_DAYS = 60;

/**
 * checkin.schedule, hourly (DOMAIN.md §2 "Check-in", §6 cadence): for every patient with an active
 * or paused regimen, the check-ins now due at the clinic's cadence (pre-first-dose, weekly…) and the
 * pre-follow-up one N days before each booked follow-up (packages/clinical dueCheckIns). Created
 * `due` with their overdue time (due + the clinic's grace, A7). Idempotent: existing check-ins are
 * passed back and the unique (patient, kind, due_at) absorbs a concurrent run.
 */
export async function scheduleCheckIns(db: Database, now = new Date(), o: { batch?: number; clinicIds?: readonly string[] } = {}) {
  const r = schema.regimen;
  const batch = o.batch ?? 500;
  const settings = new Map<string, SafetySettings>();
  let created = 0;
  let cursor: string | null = null;
  for (;;) {
    const regimens = await db
      .select({ id: r.id, clinicId: r.clinicId, patientId: r.patientId, activatedAt: r.activatedAt, timezone: schema.patient.timezone })
      .from(r)
      .innerJoin(schema.patient, and(eq(schema.patient.clinicId, r.clinicId), eq(schema.patient.id, r.patientId)))
      .where(and(inArray(r.status, ["active", "paused"]), isNotNull(r.activatedAt), cursor ? gt(r.id, cursor) : undefined, o.clinicIds ? inArray(r.clinicId, [...o.clinicIds]) : undefined))
      .orderBy(asc(r.id))
      .limit(batch);
    for (const reg of regimens) {
      created += await db.transaction(async (tx) => {
        let s = settings.get(reg.clinicId);
        if (!s) settings.set(reg.clinicId, (s = await safetySettingsOf(tx, reg.clinicId)));
        const ci = schema.checkIn;
        const ap = schema.appointment;
        const ds = schema.doseSession;
        const [existing, followUps, [first]] = await Promise.all([
          tx
            .select({ kind: ci.kind, dueAt: ci.dueAt, appointmentId: ci.appointmentId })
            .from(ci)
            .where(and(eq(ci.clinicId, reg.clinicId), eq(ci.patientId, reg.patientId), gte(ci.dueAt, new Date(now.getTime() - EXISTING_WINDOW_DAYS * DAY)), lte(ci.dueAt, new Date(now.getTime() + FOLLOW_UP_WINDOW_DAYS * DAY)))),
          tx
            .select({ appointmentId: ap.id, startsAt: ap.startsAt })
            .from(ap)
            .where(and(eq(ap.clinicId, reg.clinicId), eq(ap.patientId, reg.patientId), eq(ap.kind, "follow_up"), inArray(ap.status, ["booked", "confirmed"]), gt(ap.startsAt, now), lte(ap.startsAt, new Date(now.getTime() + FOLLOW_UP_WINDOW_DAYS * DAY)))),
          tx
            .select({ at: min(ds.takenAt) })
            .from(ds)
            .where(and(eq(ds.clinicId, reg.clinicId), eq(ds.patientId, reg.patientId), isNotNull(ds.takenAt))),
        ]);
        const proposed = dueCheckIns({
          cadence: s.checkInCadence,
          regimenActivatedAt: reg.activatedAt,
          existing,
          followUps,
          preFollowUpDays: s.preFollowUpCheckInDays,
          now,
          // Only what is due now: the job runs hourly, and a check-in shown before its time would confuse.
          horizonDays: 0,
          timezone: reg.timezone,
          firstDoseTakenAt: first?.at ?? null,
        });
        if (!proposed.length) return 0;
        const rows = await tx
          .insert(ci)
          .values(
            proposed.map((p) => ({
              clinicId: reg.clinicId,
              patientId: reg.patientId,
              regimenId: reg.id,
              kind: p.kind,
              dueAt: p.dueAt,
              overdueAt: checkInOverdueAt(p.dueAt, s.checkInGraceHours),
              appointmentId: p.appointmentId ?? null,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .onConflictDoNothing()
          .returning({ id: ci.id, kind: ci.kind });
        if (rows.length) {
          await recordAudit(
            tx,
            systemActor(reg.clinicId, META),
            rows.map((c) => ({ action: "check_in.schedule", resourceType: "check_in", resourceId: c.id, patientId: reg.patientId, detail: { kind: c.kind } })),
          );
        }
        return rows.length;
      });
    }
    if (regimens.length < batch) break;
    cursor = regimens[regimens.length - 1]!.id;
  }
  return { created };
}
