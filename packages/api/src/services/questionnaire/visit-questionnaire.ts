import { createHash } from "node:crypto";

import {
  FREQUENCY_OPTIONS,
  FUNCTIONAL_ITEM,
  FUNCTIONAL_OPTIONS,
  GAD7,
  InvalidAnswersError,
  PHQ9,
  STEM,
  checkJoin,
  joinWindow,
  scoreGad7,
  scorePhq9,
} from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TInstrument } from "@clearwell/validators/questionnaire";
import { and, asc, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { isUniqueViolation } from "../db-errors";
import { ownPatient } from "../patient/own-patient";
import { raiseItem9Alert } from "../safety/alerts";
import { clinicSettings } from "../scheduling/find-slots";
import { type AppointmentRow, lockVisitFor } from "../visit/visit-access";

/**
 * PHQ-9 / GAD-7 given during a video visit (issue 11 §1; DOMAIN.md §6): the patient answers while
 * waiting, or the clinician enters the answers on the patient's behalf. Scored the way intake
 * scores them; item 9 >= 1 raises A1 in the same transaction through the intake's path (§7).
 * Responses are append-only (database triggers): at most one per instrument per visit.
 */
export interface VisitAnswers {
  appointmentId: string;
  instrument: TInstrument;
  items: number[];
  functional?: number | undefined;
  idempotencyKey: string;
}

const INSTRUMENT_TITLE: Record<TInstrument, string> = { phq9: "PHQ-9", gad7: "GAD-7" };
const IDEMPOTENCY_SCOPE = "questionnaire.visit";

type ResponseRow = typeof schema.questionnaireResponse.$inferSelect;

/** Whether the visit is open for questionnaires now: the join window, for an appointment still on, a visit not over. */
async function visitOpen(tx: DbOrTx, appointment: AppointmentRow, visitStatus: (typeof schema.visit.$inferSelect)["status"] | null, now: Date) {
  const clinic = await clinicSettings(tx, appointment.clinicId);
  return checkJoin(now, joinWindow(appointment.startsAt, appointment.endsAt, clinic.joinWindowMinutes), appointment.status, visitStatus);
}

function assertOpen(check: Awaited<ReturnType<typeof visitOpen>>) {
  if (check.ok) return;
  const message =
    check.code === "too_early"
      ? "Questionnaires for this visit open when its waiting room opens."
      : check.code === "too_late" || check.code === "ended"
        ? "This visit is over, so answers can no longer be added to it."
        : `Answers can't be added to this visit: ${check.reason}`;
  throw new DomainError("RULE_FAILED", message);
}

/** DOMAIN.md §6 scoring, the same functions intake uses; a malformed answer set is the caller's error. */
function score(instrument: TInstrument, items: number[]) {
  try {
    if (instrument === "phq9") {
      const s = scorePhq9(items);
      return { total: s.total, severity: s.band as string, item9Positive: s.item9Positive, item9: s.item9 };
    }
    const s = scoreGad7(items);
    return { total: s.total, severity: s.band as string, item9Positive: false, item9: 0 };
  } catch (error) {
    if (error instanceof InvalidAnswersError) throw new DomainError("BAD_INPUT", `${error.message}.`);
    throw error;
  }
}

const requestHash = (input: VisitAnswers) =>
  createHash("sha256")
    .update(JSON.stringify([input.appointmentId, input.instrument, input.items, input.functional ?? null]))
    .digest("hex");

/**
 * Claims the idempotency key. Returns the response an earlier identical request recorded (a retry),
 * or null when this request is the first; the same key with other answers is refused.
 */
async function claimKey(tx: DbOrTx, actor: Actor, input: VisitAnswers): Promise<ResponseRow | null> {
  const hash = requestHash(input);
  const k = schema.idempotencyKey;
  const [claimed] = await tx.insert(k).values({ userId: actor.userId!, scope: IDEMPOTENCY_SCOPE, key: input.idempotencyKey, requestHash: hash }).onConflictDoNothing().returning();
  if (claimed) return null;
  const [prior] = await tx
    .select()
    .from(k)
    .where(and(eq(k.userId, actor.userId!), eq(k.scope, IDEMPOTENCY_SCOPE), eq(k.key, input.idempotencyKey)));
  const responseId = (prior?.response as { responseId?: string } | null)?.responseId;
  if (prior?.requestHash !== hash || !responseId) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for different answers.");
  const [row] = await tx.select().from(schema.questionnaireResponse).where(eq(schema.questionnaireResponse.id, responseId));
  if (!row) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for different answers.");
  return row;
}

/** Scores and stores one visit response, raises A1 on item 9, and audits (last). Caller holds the appointment lock. */
async function recordResponse(tx: DbOrTx, actor: Actor, appointment: AppointmentRow, input: VisitAnswers, action: "questionnaire.submit" | "questionnaire.enter", now: Date) {
  const q = schema.questionnaireResponse;
  const [existing] = await tx
    .select({ id: q.id })
    .from(q)
    .where(and(eq(q.appointmentId, appointment.id), eq(q.instrument, input.instrument)));
  if (existing) throw new DomainError("CONFLICT", `The ${INSTRUMENT_TITLE[input.instrument]} was already answered for this visit.`);
  const s = score(input.instrument, input.items);
  let row: ResponseRow;
  try {
    [row] = (await tx
      .insert(q)
      .values({
        clinicId: appointment.clinicId,
        patientId: appointment.patientId,
        instrument: input.instrument,
        context: "visit",
        appointmentId: appointment.id,
        enteredByUserId: actor.userId!,
        answers: input.items,
        functionalDifficulty: input.functional ?? null,
        total: s.total,
        severity: s.severity,
        item9Positive: s.item9Positive,
        completedAt: now,
      })
      .returning()) as [ResponseRow];
  } catch (error) {
    // The appointment lock serialises writers; the unique index is the backstop.
    if (isUniqueViolation(error, "questionnaire_response_visit_instrument_uq")) {
      throw new DomainError("CONFLICT", `The ${INSTRUMENT_TITLE[input.instrument]} was already answered for this visit.`);
    }
    throw error;
  }
  const k = schema.idempotencyKey;
  await tx
    .update(k)
    .set({ response: { responseId: row.id } })
    .where(and(eq(k.userId, actor.userId!), eq(k.scope, IDEMPOTENCY_SCOPE), eq(k.key, input.idempotencyKey)));
  // DOMAIN.md §6 item-9 rule / §7 A1: the same path as intake, in this transaction.
  if (s.item9Positive) {
    await raiseItem9Alert(tx, actor, { clinicId: appointment.clinicId, patientId: appointment.patientId, item9: s.item9, sourceType: "questionnaire_response", sourceId: row.id });
  }
  // No answers or score in the audit detail: admins read the audit log (DOMAIN.md §1 minimum necessary).
  await recordAudit(tx, actor, {
    action,
    resourceType: "questionnaire_response",
    resourceId: row.id,
    patientId: appointment.patientId,
    clinicId: appointment.clinicId,
    detail: { instrument: input.instrument, context: "visit", appointmentId: appointment.id },
  });
  return row;
}

const patientView = (r: ResponseRow) => ({ id: r.id, instrument: r.instrument, completedAt: r.completedAt, crisis: r.item9Positive });

/**
 * The patient answers for their own visit while waiting (DOMAIN.md §1 "O"): only their own
 * appointment (another's is NOT_FOUND, audited), only while its waiting room is open and the visit
 * not over, once per instrument per visit. A retry with the same key returns the first answer.
 */
export async function submitVisitQuestionnaire(db: Database, actor: Actor, patientId: string, input: VisitAnswers, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const ctx = await lockVisitFor(tx, actor, { patientId }, input.appointmentId, "questionnaire.submit");
    const replay = await claimKey(tx, actor, input);
    if (replay) {
      await recordAudit(tx, actor, { action: "questionnaire.read", resourceType: "questionnaire_response", resourceId: replay.id, patientId, detail: { replay: true } });
      return patientView(replay);
    }
    assertOpen(await visitOpen(tx, ctx.appointment, ctx.visit?.status ?? null, now));
    return patientView(await recordResponse(tx, actor, ctx.appointment, input, "questionnaire.submit", now));
  });
}

/** What the patient already sent for this visit, and whether the questionnaires are open now. */
export async function ownVisitQuestionnaires(db: Database, actor: Actor, patientId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const a = schema.appointment;
    const [appointment] = await tx
      .select()
      .from(a)
      .where(and(eq(a.id, appointmentId), eq(a.patientId, patientId)));
    if (!appointment) {
      throw denied(actor, { action: "questionnaire.read", resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit for you.");
    }
    const [visit] = await tx.select({ status: schema.visit.status }).from(schema.visit).where(eq(schema.visit.appointmentId, appointmentId));
    const open = await visitOpen(tx, appointment, visit?.status ?? null, now);
    const q = schema.questionnaireResponse;
    const rows = await tx.select().from(q).where(eq(q.appointmentId, appointmentId)).orderBy(asc(q.completedAt));
    await recordAudit(tx, actor, { action: "questionnaire.read", resourceType: "appointment", resourceId: appointmentId, patientId, detail: { context: "visit", count: rows.length } });
    return { open: open.ok, responses: rows.map(patientView) };
  });
}

/**
 * The visit's appointment for one of the patient's clinicians: its own provider, or a clinician
 * assigned to the patient (DOMAIN.md §1 "A"). Out of clinic or not theirs: NOT_FOUND, audited.
 */
async function clinicianAppointment(tx: DbOrTx, actor: Actor, clinicId: string, appointmentId: string, action: string, lock: boolean) {
  const a = schema.appointment;
  const query = tx
    .select()
    .from(a)
    .where(and(eq(a.id, appointmentId), eq(a.clinicId, clinicId)));
  const [appointment] = lock ? await query.for("update") : await query;
  if (!appointment) throw denied(actor, { action, resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit among your patients.");
  if (appointment.providerUserId !== actor.userId) await assignedPatient(tx, actor, clinicId, appointment.patientId, action);
  const [visit] = await tx.select({ status: schema.visit.status }).from(schema.visit).where(eq(schema.visit.appointmentId, appointmentId));
  return { appointment, visitStatus: visit?.status ?? null };
}

async function scoresOf(tx: DbOrTx, appointmentId: string) {
  const q = schema.questionnaireResponse;
  const rows = await tx
    .select({ response: q, enteredByName: schema.user.name, enteredByKind: schema.user.kind })
    .from(q)
    .leftJoin(schema.user, eq(schema.user.id, q.enteredByUserId))
    .where(eq(q.appointmentId, appointmentId))
    .orderBy(asc(q.completedAt));
  return rows.map(({ response: r, enteredByName, enteredByKind }) => scoreView(r, { name: enteredByName, kind: enteredByKind }));
}

function scoreView(r: ResponseRow, enteredBy: { name: string | null; kind: "staff" | "patient" | null }) {
  return {
    id: r.id,
    instrument: r.instrument,
    total: r.total,
    severity: r.severity,
    item9Positive: r.item9Positive,
    answers: r.answers,
    functionalDifficulty: r.functionalDifficulty,
    completedAt: r.completedAt,
    enteredBy: { kind: enteredBy.kind === "staff" ? ("clinician" as const) : ("patient" as const), name: enteredBy.name ?? "" },
  };
}

/**
 * The clinician enters the patient's answers during the visit (issue 11 §1: "the clinician enters
 * answers"), same scoring and A1 path; once per instrument per visit, whoever answered first.
 */
export async function enterVisitQuestionnaire(db: Database, actor: Actor, clinicId: string, input: VisitAnswers, now = new Date()) {
  return db.transaction(async (tx) => {
    const { appointment, visitStatus } = await clinicianAppointment(tx, actor, clinicId, input.appointmentId, "questionnaire.enter", true);
    const [me] = await tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, actor.userId!));
    const replay = await claimKey(tx, actor, input);
    if (replay) {
      await recordAudit(tx, actor, { action: "questionnaire.read", resourceType: "questionnaire_response", resourceId: replay.id, patientId: replay.patientId, detail: { replay: true } });
      return scoreView(replay, { name: me?.name ?? null, kind: "staff" });
    }
    assertOpen(await visitOpen(tx, appointment, visitStatus, now));
    const row = await recordResponse(tx, actor, appointment, input, "questionnaire.enter", now);
    return scoreView(row, { name: me?.name ?? null, kind: "staff" });
  });
}

/** The instruments as published, for the clinician's entry form (DOMAIN.md §6: never paraphrased). */
const FORMS = [PHQ9, GAD7].map((d) => ({
  id: d.id,
  title: d.title,
  stem: STEM,
  items: [...d.items],
  options: FREQUENCY_OPTIONS.map((o) => ({ ...o })),
  functionalItem: FUNCTIONAL_ITEM,
  functionalOptions: FUNCTIONAL_OPTIONS.map((o) => ({ ...o })),
  maxScore: d.maxScore,
  bands: d.bands.map((b) => ({ ...b })),
}));

/** The scores recorded at one visit, for the patient's clinicians. */
export async function visitScores(db: Database, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { appointment, visitStatus } = await clinicianAppointment(tx, actor, clinicId, appointmentId, "questionnaire.read", false);
    const open = await visitOpen(tx, appointment, visitStatus, now);
    const scores = await scoresOf(tx, appointmentId);
    await recordAudit(tx, actor, { action: "questionnaire.read", resourceType: "appointment", resourceId: appointmentId, patientId: appointment.patientId, detail: { context: "visit", count: scores.length } });
    return { appointmentId, open: open.ok, scores, forms: FORMS };
  });
}
