import { randomUUID } from "node:crypto";

import { scoreGad7, scorePhq9, screenForAtHomeKetamine, screeningInputFromIntake } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import type { IntakeAnswers } from "@clearwell/validators/intake";
import type { TEvaluationFindings } from "@clearwell/validators/note";

import { PASSWORD, type makePatient, patientSession, type staffSession, testDb } from "./harness";
import { cleanIntake } from "./intake-fixtures";

/** Fixtures for eligibility decision tests: a patient with a submitted intake and a signed evaluation note. */
export type Session = Awaited<ReturnType<typeof staffSession>>;
type History = IntakeAnswers["history"];

const SOAP = { subjective: "Low mood for months.", objective: "Calm, engaged.", assessment: "MDD, moderate.", plan: "Eligibility decision today." };
export const CUFF = { homeBpCuffConfirmed: true };
export const JUSTIFICATION = { reasonCode: "risk_mitigation_plan" as const, text: "Reaction was a single episode of nausea in 2019; first dose supervised by video with support person present." };

/** Submits intake version `version` of the patient with `history` overrides, stored as intake submission stores it. */
export async function submitIntake(clinicId: string, patientId: string, version: number, history: Partial<History> = {}) {
  const db = testDb();
  const answers = cleanIntake();
  answers.history = { ...answers.history, ...history };
  const phq9 = scorePhq9(answers.phq9.items);
  const gad7 = scoreGad7(answers.gad7.items);
  const screening = screenForAtHomeKetamine(screeningInputFromIntake(answers, { phq9: phq9.total, gad7: gad7.total }), "2026-03-02");
  const [row] = await db
    .insert(schema.intake)
    .values({ clinicId, patientId, version, answers, submittedAt: new Date(), screening: { ...screening }, mostRestrictiveEffect: screening.mostRestrictive, crisisPathway: screening.crisisPathway })
    .returning();
  await db.insert(schema.questionnaireResponse).values([
    { clinicId, patientId, instrument: "phq9", context: "intake", intakeId: row!.id, answers: answers.phq9.items, total: phq9.total, severity: phq9.band },
    { clinicId, patientId, instrument: "gad7", context: "intake", intakeId: row!.id, answers: answers.gad7.items, total: gad7.total, severity: gad7.band },
  ]);
  return { row: row!, flags: [...new Set(screening.flags.map((f) => f.ruleId))] };
}

function findingsFor(flags: string[], confirm: string[], extra: Partial<TEvaluationFindings> = {}): TEvaluationFindings {
  return {
    flagReview: flags.map((ruleId) => ({ ruleId, resolution: confirm.includes(ruleId) ? ("confirm" as const) : ("refute" as const) })),
    mentalStatus: { mood: "Low", affect: "Constricted", thoughtContent: "No SI today" },
    vitals: {
      bpReadings: [
        { systolic: 128, diastolic: 82, takenAt: new Date("2026-03-02T15:05:00Z"), position: "sitting", restMinutes: 5 },
        { systolic: 124, diastolic: 80, takenAt: new Date("2026-03-02T15:10:00Z"), position: "sitting", restMinutes: 10 },
      ],
    },
    riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
    supportPerson: { confirmed: true, name: "Sam Tester" },
    ...extra,
  };
}

/**
 * The author's evaluation note on the visit of `appointmentId`, resolving `flags` (`confirm` the
 * listed ones, refute the rest; `extra` replaces parts of the findings); signed unless `sign` is false.
 */
export async function signedNote(author: Session, appointmentId: string, flags: string[], confirm: string[], extra?: Partial<TEvaluationFindings>, sign = true) {
  const draft = await author.caller.note.openForVisit({ appointmentId });
  const saved = await author.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, findings: findingsFor(flags, confirm, extra), baseUpdatedAt: draft.updatedAt });
  if (sign) await author.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt });
  return draft.id;
}

let slot = 0;

/** An evaluation visit of `author` with the patient, each one two hours after the last so none overlap. */
export async function bookEvaluation(clinicId: string, patient: Pick<Awaited<ReturnType<typeof makePatient>>, "patient" | "user">, author: Session) {
  const startsAt = new Date(Date.now() + (10 + 120 * slot++) * 60_000);
  const [appointment] = await testDb()
    .insert(schema.appointment)
    .values({ clinicId, patientId: patient.patient.id, providerUserId: author.user.id, kind: "evaluation", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), patientState: "CO", patientTimezone: "America/Denver", bookedByUserId: patient.user!.id })
    .returning();
  return appointment!;
}

/**
 * A patient (with a patient-app session) with a submitted intake, an evaluation visit of `author`
 * and the author's signed evaluation note resolving every intake flag (`confirm` the listed ones;
 * `findings` replaces parts of the note's findings).
 */
export async function evaluated(clinicId: string, author: Session, opts: { history?: Partial<History>; confirm?: string[]; findings?: Partial<TEvaluationFindings> } = {}) {
  const patient = await patientSession(clinicId);
  const intake = await submitIntake(clinicId, patient.patient.id, 1, opts.history);
  const appointment = await bookEvaluation(clinicId, patient, author);
  await testDb().insert(schema.visit).values({ clinicId, appointmentId: appointment.id, patientId: patient.patient.id, providerUserId: author.user.id, roomName: `room-${randomUUID()}`, attestedState: "CO", attestedAt: new Date() });
  const noteId = await signedNote(author, appointment.id, intake.flags, opts.confirm ?? [], opts.findings);
  return { patient, patientId: patient.patient.id, noteId, intake: intake.row, appointmentId: appointment.id };
}

export const key = () => `key-${randomUUID()}`;

/** The tRPC code and reasons of a refused call (fails the test when the call succeeds). */
export async function refusalOf(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code: string; message: string; cause?: { reasons?: string[] } } | null;
  if (!e) throw new Error("expected a refusal");
  return { code: e.code, message: e.message, reasons: e.cause?.reasons ?? [] };
}
