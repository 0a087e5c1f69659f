import { type AlertTier, type SafetySettings, escalationStep } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, lt, lte } from "drizzle-orm";

import { systemActor } from "../../../actor";
import { safetySettingsOf } from "../settings";
import { applyEscalation } from "../work";

const META = { requestId: "worker:alert-escalate", ipAddress: null, userAgent: "clearwell-worker" };

/**
 * alert.escalate, every minute (DOMAIN.md §7 "SLA breach escalates to next tier + admin"; §2 SLA
 * lapse -> escalated automatically): each open or escalated alert whose SLA has lapsed goes one
 * tier up (care team -> on-call -> backup on-call), with a new owner and the next tier's clock, and
 * the new owner and the admins are mailed (neutral words). Acknowledged alerts never escalate; LOW
 * ones have no SLA. One short transaction per alert, rows taken with SKIP LOCKED, so several
 * workers may run it and a second run in the same minute changes nothing.
 */
export async function escalateDueAlerts(db: Database, now = new Date(), o: { batch?: number; clinicIds?: readonly string[] } = {}) {
  const a = schema.safetyAlert;
  const scope = o.clinicIds ? inArray(a.clinicId, [...o.clinicIds]) : undefined;
  const due = await db
    .select({ id: a.id, clinicId: a.clinicId })
    .from(a)
    .where(and(inArray(a.status, ["open", "escalated"]), lte(a.slaDueAt, now), lt(a.tier, 2), scope))
    .orderBy(asc(a.slaDueAt))
    .limit(o.batch ?? 200);
  const settings = new Map<string, SafetySettings>();
  let escalated = 0;
  for (const c of due) {
    const done = await db.transaction(async (tx) => {
      const [alert] = await tx
        .select()
        .from(a)
        .where(and(eq(a.clinicId, c.clinicId), eq(a.id, c.id)))
        .for("update", { skipLocked: true });
      if (!alert) return false;
      let s = settings.get(alert.clinicId);
      if (!s) settings.set(alert.clinicId, (s = await safetySettingsOf(tx, alert.clinicId)));
      const step = escalationStep(
        { status: alert.status, tier: alert.tier as AlertTier, severity: alert.severity, slaDueAt: alert.slaDueAt, ownerUserId: alert.ownerUserId, now },
        { onCallUserId: s.onCallUserId, backupOnCallUserId: s.backupOnCallUserId, settings: s },
      );
      if (!step) return false;
      await applyEscalation(tx, systemActor(alert.clinicId, META), alert, step, now, { reason: "sla_lapsed", byUserId: null });
      return true;
    });
    if (done) escalated++;
  }
  return { escalated };
}
