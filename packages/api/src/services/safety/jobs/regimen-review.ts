import { type RegimenPauseReason, followUpLapsed, localDate, ruleA8 } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gt, gte, inArray, lte, notExists, sql } from "drizzle-orm";

import { systemActor } from "../../../actor";
import { DomainError } from "../../../errors";
import { currentDecisionRow, statusOf } from "../../decision/evidence";
import { applyRegimenEvent } from "../../regimen/lifecycle";
import { raiseRuleAlert } from "../raise";
import { safetySettingsOf } from "../settings";

const META = { requestId: "worker:regimen-review", ipAddress: null, userAgent: "clearwell-worker" };
const DAY = 86_400_000;
/** No-shows this recent still get their A8 if none was raised (the no-show marking raises it itself). */
const NO_SHOW_LOOKBACK_DAYS = 30;

export interface RegimenReviewResult {
  noShowAlerts: number;
  paused: number;
}

/**
 * regimen.review, hourly (DOMAIN.md §2 "Regimen" auto-pause; §7 A8):
 * 1. a follow-up no-show without its A8 gets one (MEDIUM, non-clinical: staff rebook);
 * 2. an active regimen pauses ('missed_follow_up') when no follow-up took place within the clinic's
 *    N days of the one it was waiting for (packages/clinical followUpLapsed);
 * 3. an active regimen pauses when the eligibility decision it rests on expired
 *    ('eligibility_expired') or was invalidated ('eligibility_invalidated', e.g. by an A4).
 * One short transaction per item; pausing an already paused regimen is a no-op, so reruns change nothing.
 */
export async function reviewRegimens(db: Database, now = new Date(), o: { batch?: number; clinicIds?: readonly string[] } = {}): Promise<RegimenReviewResult> {
  const batch = o.batch ?? 500;
  const scopeAp = o.clinicIds ? inArray(schema.appointment.clinicId, [...o.clinicIds]) : undefined;
  const ap = schema.appointment;
  const a = schema.safetyAlert;

  // 1. No-shows without their A8 (raised once per appointment, whatever became of it).
  const noShows = await db
    .select({ id: ap.id, clinicId: ap.clinicId, patientId: ap.patientId, kind: ap.kind, status: ap.status, startsAt: ap.startsAt })
    .from(ap)
    .where(
      and(
        eq(ap.kind, "follow_up"),
        eq(ap.status, "no_show"),
        gte(ap.startsAt, new Date(now.getTime() - NO_SHOW_LOOKBACK_DAYS * DAY)),
        lte(ap.startsAt, now),
        scopeAp,
        notExists(
          db
            .select({ id: a.id })
            .from(a)
            .where(and(eq(a.clinicId, ap.clinicId), eq(a.type, "A8"), eq(a.sourceType, "appointment"), eq(a.sourceId, sql`${ap.id}::text`))),
        ),
      ),
    )
    .limit(batch);
  let noShowAlerts = 0;
  for (const n of noShows) {
    const hit = ruleA8({ appointmentKind: n.kind, status: n.status, startsAt: n.startsAt });
    if (!hit) continue;
    const { alertId } = await db.transaction((tx) =>
      raiseRuleAlert(tx, systemActor(n.clinicId, META), { clinicId: n.clinicId, patientId: n.patientId, hit, sourceType: "appointment", sourceId: n.id, now }),
    );
    if (alertId) noShowAlerts++;
  }

  // 2 and 3: active regimens, a page at a time.
  const r = schema.regimen;
  let paused = 0;
  let cursor: string | null = null;
  for (;;) {
    const regimens = await db
      .select({ id: r.id, clinicId: r.clinicId, patientId: r.patientId, activatedAt: r.activatedAt, nextFollowUpDate: r.nextFollowUpDate, timezone: schema.patient.timezone })
      .from(r)
      .innerJoin(schema.patient, and(eq(schema.patient.clinicId, r.clinicId), eq(schema.patient.id, r.patientId)))
      .where(and(eq(r.status, "active"), cursor ? gt(r.id, cursor) : undefined, o.clinicIds ? inArray(r.clinicId, [...o.clinicIds]) : undefined))
      .orderBy(asc(r.id))
      .limit(batch);
    for (const reg of regimens) {
      const didPause = await db.transaction(async (tx) => {
        const reason = await pauseReasonFor(tx, reg, now);
        if (!reason) return false;
        const res = await applyRegimenEvent(tx, systemActor(reg.clinicId, META), {
          clinicId: reg.clinicId,
          patientId: reg.patientId,
          regimenId: reg.id,
          event: { type: "pause", reason },
          sourceType: "job",
          sourceId: "regimen.review",
          now,
        });
        return res.changed;
      });
      if (didPause) paused++;
    }
    if (regimens.length < batch) break;
    cursor = regimens[regimens.length - 1]!.id;
  }
  return { noShowAlerts, paused };
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Why an active regimen must pause now, or null. */
async function pauseReasonFor(
  tx: Tx,
  reg: { clinicId: string; patientId: string; activatedAt: Date | null; nextFollowUpDate: string | null; timezone: string },
  now: Date,
): Promise<RegimenPauseReason | null> {
  const ap = schema.appointment;
  const mine = and(eq(ap.clinicId, reg.clinicId), eq(ap.patientId, reg.patientId), eq(ap.kind, "follow_up"));
  const since = reg.activatedAt ?? new Date(now.getTime() - 365 * DAY);
  const [[completed], [noShow], settings, decision] = await Promise.all([
    tx
      .select({ startsAt: ap.startsAt })
      .from(ap)
      .where(and(mine, eq(ap.status, "completed"), lte(ap.startsAt, now)))
      .orderBy(desc(ap.startsAt))
      .limit(1),
    tx
      .select({ startsAt: ap.startsAt })
      .from(ap)
      .where(and(mine, eq(ap.status, "no_show"), gte(ap.startsAt, since), lte(ap.startsAt, now)))
      .orderBy(asc(ap.startsAt))
      .limit(1),
    safetySettingsOf(tx, reg.clinicId),
    currentDecisionRow(tx, reg.clinicId, reg.patientId),
  ]);
  // The follow-up the regimen waits for: the planned date (set by the last signed follow-up note or
  // the prescription), else the first follow-up missed since it started.
  const waitingFor = reg.nextFollowUpDate ?? (noShow ? localDate(noShow.startsAt, reg.timezone) : null);
  if (
    followUpLapsed({
      nextFollowUpDate: waitingFor,
      lastCompletedFollowUpDate: completed ? localDate(completed.startsAt, reg.timezone) : null,
      today: localDate(now, reg.timezone),
      pauseDays: settings.missedFollowUpPauseDays,
    })
  ) {
    return "missed_follow_up";
  }
  if (decision) {
    // A decision whose evidence cannot be read (its intake missing) is left to a clinician: no automatic pause.
    const status = await statusOf(tx, decision, now).catch((e: unknown) => {
      if (e instanceof DomainError) return null;
      throw e;
    });
    if (status?.status === "expired") return "eligibility_expired";
    if (status?.status === "invalidated") return "eligibility_invalidated";
  }
  return null;
}
