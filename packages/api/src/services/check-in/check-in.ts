import { GAD7, InvalidAnswersError, PHQ9, checkInTransition, ruleA1, ruleA2, scoreGad7, scorePhq9, trend } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TCheckInSubmitInput } from "@clearwell/validators/regimen";
import { and, asc, desc, eq, gte, inArray, lt, lte, min, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { raiseHit } from "../regimen/alerting";
import { TAKEN_STATUSES, activeRegimenOf } from "../regimen/facts";
import { claimIdempotency, storeIdempotentResponse } from "../regimen/idempotency";
import { CRISIS } from "../regimen/words";

const ci = schema.checkIn;
const q = schema.questionnaireResponse;
const DAY_MS = 86_400_000;
/** A check-in can be answered from a day before it falls due. */
const OPENS_BEFORE_MS = DAY_MS;
const HISTORY_LIMIT = 50;
/** The trend covers two years of answers. */
const TREND_DAYS = 730;

export const CHECK_IN_KIND_TEXT = {
  weekly: "Weekly check-in",
  pre_follow_up: "Check-in before your follow-up visit",
  pre_first_dose: "Check-in before your first session",
} as const;

const scoreView = (instrument: "phq9" | "gad7", total: number) => {
  const band = (instrument === "phq9" ? PHQ9 : GAD7).bands.find((b) => total >= b.min && total <= b.max)!;
  return { total, band: band.name, bandLabel: band.label };
};

/** checkIn.mine: what is due now (and soon), and what was sent or missed, with the patient's own scores. */
export async function myCheckIns(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const scope = and(eq(ci.clinicId, clinicId), eq(ci.patientId, patientId));
    const [open, past] = await Promise.all([
      tx
        .select()
        .from(ci)
        .where(and(scope, inArray(ci.status, ["due", "overdue"]), lte(ci.dueAt, new Date(now.getTime() + OPENS_BEFORE_MS))))
        .orderBy(asc(ci.dueAt))
        .limit(HISTORY_LIMIT),
      tx
        .select()
        .from(ci)
        .where(and(scope, inArray(ci.status, ["submitted", "scored", "missed"])))
        .orderBy(desc(ci.dueAt))
        .limit(HISTORY_LIMIT),
    ]);
    const ids = past.flatMap((c) => [c.phq9ResponseId, c.gad7ResponseId]).filter((x): x is string => !!x);
    const scores = ids.length
      ? await tx
          .select({ id: q.id, instrument: q.instrument, total: q.total })
          .from(q)
          .where(and(eq(q.clinicId, clinicId), eq(q.patientId, patientId), inArray(q.id, ids)))
      : [];
    const score = (id: string | null) => {
      const s = id ? scores.find((x) => x.id === id) : undefined;
      return s ? scoreView(s.instrument, s.total) : null;
    };
    await recordAudit(tx, actor, { action: "check_in.read_own", resourceType: "patient", resourceId: patientId, patientId, detail: { open: open.length, past: past.length } });
    return {
      due: open.map((c) => ({ id: c.id, kind: c.kind, kindText: CHECK_IN_KIND_TEXT[c.kind], dueAt: c.dueAt, overdueAt: c.overdueAt, status: c.status })),
      history: past.map((c) => ({
        id: c.id,
        kind: c.kind,
        kindText: CHECK_IN_KIND_TEXT[c.kind],
        dueAt: c.dueAt,
        status: c.status,
        submittedAt: c.submittedAt,
        phq9: score(c.phq9ResponseId),
        gad7: score(c.gad7ResponseId),
      })),
    };
  });
}

function scored(input: TCheckInSubmitInput) {
  try {
    return { phq9: scorePhq9(input.phq9.answers), gad7: scoreGad7(input.gad7.answers) };
  } catch (error) {
    if (error instanceof InvalidAnswersError) throw new DomainError("BAD_INPUT", `${error.message}.`);
    throw error;
  }
}

/** The patient's first taken dose (DOMAIN.md §6 baseline = the last score before it). */
async function firstDoseAt(tx: DbOrTx, clinicId: string, patientId: string): Promise<Date | null> {
  const s = schema.doseSession;
  const [row] = await tx
    .select({ at: min(s.takenAt) })
    .from(s)
    .where(and(eq(s.clinicId, clinicId), eq(s.patientId, patientId), inArray(s.status, [...TAKEN_STATUSES])));
  return row?.at ?? null;
}

/** The baseline and previous score of one instrument, for A2 (the new response excluded). */
async function a2Scores(tx: DbOrTx, clinicId: string, patientId: string, instrument: "phq9" | "gad7", current: number, excludeId: string, firstDose: Date | null) {
  const scope = and(eq(q.clinicId, clinicId), eq(q.patientId, patientId), eq(q.instrument, instrument), ne(q.id, excludeId));
  const [[previous], [baseline]] = await Promise.all([
    tx.select({ total: q.total }).from(q).where(scope).orderBy(desc(q.completedAt)).limit(1),
    firstDose
      ? tx
          .select({ total: q.total })
          .from(q)
          .where(and(scope, lte(q.completedAt, firstDose)))
          .orderBy(desc(q.completedAt))
          .limit(1)
      : Promise.resolve([]),
  ]);
  return { current, baseline: baseline?.total ?? null, previous: previous?.total ?? null };
}

export interface CheckInAnswer {
  checkInId: string;
  phq9: ReturnType<typeof scoreView>;
  gad7: ReturnType<typeof scoreView>;
  crisis: boolean;
  crisisResources: typeof CRISIS | null;
  message: string;
}

/**
 * checkIn.submit (DOMAIN.md §2 "Check-in: due -> submitted -> scored"; §6; §7 A1, A2): PHQ-9 and
 * GAD-7 stored as questionnaire_response (context check_in, append-only) linked to the check-in,
 * scored, and in the same transaction A1 on item 9 >= 1 (the crisis resources come back at once;
 * the regimen pauses when the clinic says so) and A2 against the baseline (the last score before
 * the first taken dose) or on entry into the top band. A retry with the same key answers the same.
 */
export async function submitCheckIn(db: Database, actor: Actor, clinicId: string, patientId: string, input: TCheckInSubmitInput, now = new Date()): Promise<CheckInAnswer> {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const { idempotencyKey, ...request } = input;
    const call = { scope: "checkIn.submit", key: idempotencyKey, request, patientId };
    const prior = await claimIdempotency<CheckInAnswer>(tx, actor, call);
    if (prior) return prior.replay;
    const [row] = await tx
      .select()
      .from(ci)
      .where(and(eq(ci.clinicId, clinicId), eq(ci.patientId, patientId), eq(ci.id, input.checkInId)))
      .for("no key update");
    if (!row) throw denied(actor, { action: "check_in.submit", resourceType: "check_in", resourceId: input.checkInId }, "NOT_FOUND", "No such check-in for you.");
    const step = checkInTransition(row.status, "submit");
    if (!step.ok) throw new DomainError(step.code === "already_in_state" ? "CONFLICT" : "INVALID_TRANSITION", step.message);
    if (row.dueAt.getTime() > now.getTime() + OPENS_BEFORE_MS) {
      throw new DomainError("RULE_FAILED", `This check-in opens on ${row.dueAt.toISOString().slice(0, 10)}. Come back then.`);
    }
    const s = scored(input);
    const [phq9, gad7] = await tx
      .insert(q)
      .values([
        {
          clinicId,
          patientId,
          instrument: "phq9" as const,
          context: "check_in" as const,
          enteredByUserId: actor.userId,
          answers: input.phq9.answers,
          functionalDifficulty: input.phq9.functionalDifficulty ?? null,
          total: s.phq9.total,
          severity: s.phq9.band,
          item9Positive: s.phq9.item9Positive,
          completedAt: now,
        },
        {
          clinicId,
          patientId,
          instrument: "gad7" as const,
          context: "check_in" as const,
          enteredByUserId: actor.userId,
          answers: input.gad7.answers,
          functionalDifficulty: input.gad7.functionalDifficulty ?? null,
          total: s.gad7.total,
          severity: s.gad7.band,
          item9Positive: false,
          completedAt: now,
        },
      ])
      .returning({ id: q.id });
    const where = and(eq(ci.clinicId, clinicId), eq(ci.id, row.id));
    await tx.update(ci).set({ status: "submitted", submittedAt: now, phq9ResponseId: phq9!.id, gad7ResponseId: gad7!.id, updatedAt: now }).where(where);
    await tx.update(ci).set({ status: "scored", scoredAt: now, updatedAt: now }).where(where);

    // DOMAIN.md §6 item-9 rule / §7 A1: always on, threshold fixed.
    const a1 = ruleA1({ item9: s.phq9.item9 });
    if (a1) await raiseHit(tx, actor, { clinicId, patientId, hit: a1, sourceType: "questionnaire_response", sourceId: phq9!.id, now });
    // §7 A2: against the baseline, or entry into the top band.
    const firstDose = await firstDoseAt(tx, clinicId, patientId);
    const a2 = ruleA2({
      phq9: await a2Scores(tx, clinicId, patientId, "phq9", s.phq9.total, phq9!.id, firstDose),
      gad7: await a2Scores(tx, clinicId, patientId, "gad7", s.gad7.total, gad7!.id, firstDose),
    });
    if (a2) await raiseHit(tx, actor, { clinicId, patientId, hit: a2, sourceType: "check_in", sourceId: row.id, now });
    // No answers or scores in the audit detail (admins read the audit log; DOMAIN.md §1 minimum necessary).
    await recordAudit(tx, actor, { action: "check_in.submit", resourceType: "check_in", resourceId: row.id, patientId, detail: { kind: row.kind, phq9ResponseId: phq9!.id, gad7ResponseId: gad7!.id } });
    const crisis = s.phq9.item9Positive;
    const onHold = crisis && (await activeRegimenOf(tx, clinicId, patientId))?.status === "paused";
    const answer: CheckInAnswer = {
      checkInId: row.id,
      phq9: scoreView("phq9", s.phq9.total),
      gad7: scoreView("gad7", s.gad7.total),
      crisis,
      crisisResources: crisis ? CRISIS : null,
      message: crisis
        ? `Your answers were received. You said you have had thoughts of being better off dead or of hurting yourself: please use the numbers below now if you need to. Your care team has been told and will contact you.${onHold ? " Until they have, your home sessions are on hold." : ""}`
        : "Your answers were received. Your care team will review them. If you feel worse before your next check-in, message your care team.",
    };
    await storeIdempotentResponse(tx, actor, call, answer);
    return answer;
  });
}

/** checkIn.trend: the patient's PHQ-9 and GAD-7 over two years, with bands, baseline, response and remission in plain words. */
export async function myTrend(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const rows = await tx
      .select({ id: q.id, instrument: q.instrument, total: q.total, takenAt: q.completedAt })
      .from(q)
      .where(and(eq(q.clinicId, clinicId), eq(q.patientId, patientId), gte(q.completedAt, new Date(now.getTime() - TREND_DAYS * DAY_MS)), lt(q.completedAt, new Date(now.getTime() + 60_000))))
      .orderBy(asc(q.completedAt))
      .limit(1000);
    const t = trend(rows, { firstDoseAt: await firstDoseAt(tx, clinicId, patientId) });
    await recordAudit(tx, actor, { action: "check_in.trend_own", resourceType: "patient", resourceId: patientId, patientId, detail: { count: rows.length } });
    return { phq9: { ...t.phq9, bands: [...t.phq9.bands] }, gad7: { ...t.gad7, bands: [...t.gad7.bands] } };
  });
}
