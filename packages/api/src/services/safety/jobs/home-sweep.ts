import { type CheckInStatus, type SafetySettings, consecutiveMissed, isSessionMissed, overdueStep, ruleA7, ruleA10 } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";

import { systemActor } from "../../../actor";
import { recordAudit } from "../../audit/record-audit";
import { ensureNextSession } from "../../regimen/sessions";
import { mailCheckInReminder } from "../notify";
import { raiseRuleAlert } from "../raise";
import { safetySettingsOf } from "../settings";

const META = { requestId: "worker:home-sweep", ipAddress: null, userAgent: "clearwell-worker" };
const DAY = 86_400_000;
/** How far back the sweep looks: older leftovers would have been swept by an earlier run. */
const LOOKBACK_DAYS = 90;
/** DOMAIN.md §2 "due -> overdue -> missed": an overdue check-in closes when the next falls due, or after this. */
const CHECK_IN_CLOSE_DAYS = 7;

export interface HomeSweepResult {
  missedSessions: number;
  overdueCheckIns: number;
  missedCheckIns: number;
}

/**
 * home.sweep, every minute (DOMAIN.md §2, §7 A7 and A10):
 * 1. a scheduled dose session not logged by the end of its local day plus the clinic's grace is
 *    `missed` (A10 LOW; the next session is scheduled);
 * 2. a check-in past its overdue time goes due -> overdue (A7 LOW, a reminder mail with no health
 *    information), and overdue -> missed once the next one falls due or after 7 days; the second
 *    in a row not completed makes A7 MEDIUM.
 * Each row in its own short transaction, taken with SKIP LOCKED and re-checked under the lock, so
 * several workers may sweep and a second run changes nothing.
 */
export async function sweepHome(db: Database, now = new Date(), o: { batch?: number; clinicIds?: readonly string[] } = {}): Promise<HomeSweepResult> {
  const batch = o.batch ?? 200;
  const settings = new Map<string, SafetySettings>();
  const settingsOf = async (tx: DbOrTx, clinicId: string) => {
    let s = settings.get(clinicId);
    if (!s) settings.set(clinicId, (s = await safetySettingsOf(tx, clinicId)));
    return s;
  };
  const missedSessions = await sweepSessions(db, now, batch, settingsOf, o.clinicIds);
  const { overdue, missed } = await sweepCheckIns(db, now, batch, o.clinicIds);
  return { missedSessions, overdueCheckIns: overdue, missedCheckIns: missed };
}

type SettingsOf = (tx: DbOrTx, clinicId: string) => Promise<SafetySettings>;

async function sweepSessions(db: Database, now: Date, batch: number, settingsOf: SettingsOf, clinicIds?: readonly string[]) {
  const s = schema.doseSession;
  const p = schema.patient;
  const cs = schema.clinicSafetySettings;
  // The end of the session's local day + grace has passed (checked again in TS under the lock).
  const lapsed = sql`((${s.scheduledDate} + 1)::timestamp at time zone ${p.timezone}) + make_interval(hours => coalesce(${cs.doseDayGraceHours}, 6)) <= ${now.toISOString()}::timestamptz`;
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY).toISOString().slice(0, 10);
  const until = now.toISOString().slice(0, 10);
  const candidates = await db
    .select({ id: s.id, clinicId: s.clinicId, regimenId: s.regimenId })
    .from(s)
    .innerJoin(p, and(eq(p.clinicId, s.clinicId), eq(p.id, s.patientId)))
    .leftJoin(cs, eq(cs.clinicId, s.clinicId))
    .where(and(inArray(s.status, ["scheduled", "precheck_passed"]), gte(s.scheduledDate, since), lte(s.scheduledDate, until), lapsed, clinicIds ? inArray(s.clinicId, [...clinicIds]) : undefined))
    .orderBy(asc(s.scheduledDate))
    .limit(batch);
  let missed = 0;
  for (const c of candidates) {
    const done = await db.transaction(async (tx) => {
      // The regimen first, as the dose services do: its lock serialises everything about its sessions.
      const [regimen] = await tx
        .select()
        .from(schema.regimen)
        .where(and(eq(schema.regimen.clinicId, c.clinicId), eq(schema.regimen.id, c.regimenId)))
        .for("update", { skipLocked: true });
      if (!regimen) return false;
      const [row] = await tx
        .select({ session: s, timezone: p.timezone })
        .from(s)
        .innerJoin(p, and(eq(p.clinicId, s.clinicId), eq(p.id, s.patientId)))
        .where(and(eq(s.clinicId, c.clinicId), eq(s.id, c.id)))
        .for("update", { of: s, skipLocked: true });
      if (!row) return false;
      const settings = await settingsOf(tx, c.clinicId);
      const session = row.session;
      if (!isSessionMissed({ status: session.status, scheduledDate: session.scheduledDate, timezone: row.timezone, graceHours: settings.doseDayGraceHours, now })) return false;
      await tx
        .update(s)
        .set({ status: "missed", missedAt: now, updatedAt: now })
        .where(and(eq(s.clinicId, c.clinicId), eq(s.id, session.id)));
      const actor = systemActor(c.clinicId, META);
      await recordAudit(tx, actor, {
        action: "dose.missed",
        resourceType: "dose_session",
        resourceId: session.id,
        patientId: session.patientId,
        detail: { from: session.status, scheduledDate: session.scheduledDate, sequence: session.sequence },
      });
      // A session left open by a paused or stopped regimen was not the patient's to take: no A10, no next one.
      if (regimen.status !== "active") return true;
      // DOMAIN.md §7 A10: scheduled dose not logged, LOW (the patient is reminded in the app).
      await raiseRuleAlert(tx, actor, {
        clinicId: c.clinicId,
        patientId: session.patientId,
        hit: ruleA10({ scheduledDate: session.scheduledDate, sessionSequence: session.sequence }),
        sourceType: "dose_session",
        sourceId: session.id,
        now,
      });
      await ensureNextSession(tx, regimen, now);
      return true;
    });
    if (done) missed++;
  }
  return missed;
}

async function sweepCheckIns(db: Database, now: Date, batch: number, clinicIds?: readonly string[]) {
  const ci = schema.checkIn;
  const candidates = await db
    .select({ id: ci.id, clinicId: ci.clinicId })
    .from(ci)
    .where(
      and(
        inArray(ci.status, ["due", "overdue"]),
        lte(ci.overdueAt, now),
        gte(ci.overdueAt, new Date(now.getTime() - LOOKBACK_DAYS * DAY)),
        clinicIds ? inArray(ci.clinicId, [...clinicIds]) : undefined,
      ),
    )
    .orderBy(asc(ci.overdueAt))
    .limit(batch);
  let overdue = 0;
  let missed = 0;
  for (const c of candidates) {
    const step = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(ci)
        .where(and(eq(ci.clinicId, c.clinicId), eq(ci.id, c.id)))
        .for("update", { skipLocked: true });
      if (!row) return null;
      const [next] = await tx
        .select({ dueAt: ci.dueAt })
        .from(ci)
        .where(and(eq(ci.clinicId, row.clinicId), eq(ci.patientId, row.patientId), gt(ci.dueAt, row.dueAt)))
        .orderBy(asc(ci.dueAt))
        .limit(1);
      const closeBy = new Date(row.dueAt.getTime() + CHECK_IN_CLOSE_DAYS * DAY);
      const nextDueAt = next && next.dueAt < closeBy ? next.dueAt : closeBy;
      const to = overdueStep({ status: row.status, dueAt: row.dueAt, overdueAt: row.overdueAt, now, nextDueAt });
      if (!to) return null;
      await tx
        .update(ci)
        .set(to === "overdue" ? { status: "overdue", remindedAt: now, updatedAt: now } : { status: "missed", missedAt: now, updatedAt: now })
        .where(and(eq(ci.clinicId, row.clinicId), eq(ci.id, row.id)));
      const actor = systemActor(row.clinicId, META);
      await recordAudit(tx, actor, { action: `check_in.${to}`, resourceType: "check_in", resourceId: row.id, patientId: row.patientId, detail: { from: row.status, kind: row.kind } });
      // A7: this one and those directly before it not completed (newest first).
      const recent = await tx
        .select({ status: ci.status })
        .from(ci)
        .where(and(eq(ci.clinicId, row.clinicId), eq(ci.patientId, row.patientId), lte(ci.dueAt, row.dueAt), gte(ci.dueAt, new Date(row.dueAt.getTime() - LOOKBACK_DAYS * DAY))))
        .orderBy(desc(ci.dueAt))
        .limit(10);
      const hit = ruleA7({ consecutiveMissed: consecutiveMissed(recent.map((r): CheckInStatus => r.status)), kind: row.kind });
      if (hit) await raiseRuleAlert(tx, actor, { clinicId: row.clinicId, patientId: row.patientId, hit, sourceType: "check_in", sourceId: row.id, now });
      if (to === "overdue") {
        // DOMAIN.md §7 A7 "patient" notified: a reminder with no health information.
        const [patient] = await tx
          .select({ email: schema.patient.email })
          .from(schema.patient)
          .where(and(eq(schema.patient.clinicId, row.clinicId), eq(schema.patient.id, row.patientId)));
        if (patient?.email) await mailCheckInReminder(tx, patient.email, row.id);
      }
      return to;
    });
    if (step === "overdue") overdue++;
    if (step === "missed") missed++;
  }
  return { overdue, missed };
}
