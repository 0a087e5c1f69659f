import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { makeClinic, ownerDb, patientSession, staffSession, testDb } from "./harness";

/**
 * PHQ-9 / GAD-7 given during a visit (issue 11 §1; DOMAIN.md §6, §7 A1): the patient answers while
 * waiting, the appointment's provider or an assigned clinician enters answers and reads the scores.
 */
const MIN = 60_000;
const PHQ9_ZERO = [0, 0, 0, 0, 0, 0, 0, 0, 0];
const PHQ9_MODERATE = [2, 2, 1, 1, 2, 1, 1, 1, 0]; // 11, moderate
const GAD7_MILD = [1, 1, 1, 1, 1, 1, 0]; // 6, mild

/** A clinic, its provider, and a patient whose evaluation starts `startsIn` minutes from now (the room opens 15 min before). */
async function visitFixture(opts: { startsIn?: number; status?: "booked" | "checked_in" | "completed" | "cancelled" } = {}) {
  const db = testDb();
  const clinic = await makeClinic();
  const provider = await staffSession(clinic.id, ["provider"]);
  const patient = await patientSession(clinic.id);
  const appointment = await bookVisit(clinic.id, patient.patient.id, provider.user.id, patient.user!.id, opts);
  return { db, clinic, provider, patient, appointment };
}

async function bookVisit(clinicId: string, patientId: string, providerUserId: string, bookedBy: string, opts: { startsIn?: number; status?: "booked" | "checked_in" | "completed" | "cancelled" } = {}) {
  const startsAt = new Date(Date.now() + (opts.startsIn ?? 5) * MIN);
  const [appointment] = await testDb()
    .insert(schema.appointment)
    .values({
      clinicId,
      patientId,
      providerUserId,
      kind: "evaluation",
      status: opts.status ?? "checked_in",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * MIN),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: bookedBy,
    })
    .returning();
  return appointment!;
}

const answers = (appointmentId: string, instrument: "phq9" | "gad7", items: number[], extra: { functional?: number } = {}) => ({
  appointmentId,
  instrument,
  items,
  idempotencyKey: randomUUID(),
  ...extra,
});

/** The database's own words for a refused statement (drizzle wraps the driver's error). */
async function pgRefusal(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message ?? String(error);
  }
  return "accepted";
}

const responsesOf = (appointmentId: string) => testDb().select().from(schema.questionnaireResponse).where(eq(schema.questionnaireResponse.appointmentId, appointmentId));
const auditOf = (clinicId: string, action: string, outcome: "success" | "denied" = "success") =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.clinicId, clinicId), eq(schema.auditEvent.action, action), eq(schema.auditEvent.outcome, outcome)))
    // In the order written: without it the order is whatever index the planner picks.
    .orderBy(schema.auditEvent.id);

describe("the patient answers while waiting", () => {
  it("sends PHQ-9 and GAD-7 for their own visit; the provider sees both scores, labelled as the patient's, and the chart shows them as visit scores", async () => {
    const { clinic, provider, patient, appointment } = await visitFixture();
    const phq = await patient.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_MODERATE, { functional: 1 }));
    expect(phq).toMatchObject({ instrument: "phq9", crisis: false });
    // The patient is told it was sent, never the score.
    expect(Object.keys(phq).sort()).toEqual(["completedAt", "crisis", "id", "instrument"]);
    await patient.caller.questionnaire.submit(answers(appointment.id, "gad7", GAD7_MILD));

    const mine = await patient.caller.questionnaire.listForVisit({ appointmentId: appointment.id });
    expect(mine.open).toBe(true);
    expect(mine.responses.map((r) => r.instrument).sort()).toEqual(["gad7", "phq9"]);

    const listed = await provider.caller.questionnaire.listForVisit({ appointmentId: appointment.id });
    expect(listed.open).toBe(true);
    expect(listed.scores.map((s) => [s.instrument, s.total, s.severity, s.enteredBy.kind])).toEqual([
      ["phq9", 11, "moderate", "patient"],
      ["gad7", 6, "mild", "patient"],
    ]);
    expect(listed.scores[0]).toMatchObject({ answers: PHQ9_MODERATE, functionalDifficulty: 1, item9Positive: false, enteredBy: { name: "Test Patient" } });

    const rows = await responsesOf(appointment.id);
    expect(rows.every((r) => r.context === "visit" && r.enteredByUserId === patient.user!.id && r.patientId === patient.patient.id)).toBe(true);

    const chart = await provider.caller.chart.get({ patientId: patient.patient.id });
    expect(chart.scores.map((s) => [s.instrument, s.context])).toEqual([
      ["phq9", "visit"],
      ["gad7", "visit"],
    ]);

    const submitted = await auditOf(clinic.id, "questionnaire.submit");
    expect(submitted).toHaveLength(2);
    // Who, what and where; no answers and no score in the audit trail.
    expect(submitted[0]!.detail).toEqual({ instrument: "phq9", context: "visit", appointmentId: appointment.id });
    expect(await auditOf(clinic.id, "questionnaire.read")).toHaveLength(2);
  });

  it("item 9 above 'Not at all' tells the patient to see the crisis resources and raises A1 in the same request", async () => {
    const { clinic, provider, patient, appointment } = await visitFixture();
    const items = [...PHQ9_ZERO.slice(0, 8), 2];
    const sent = await patient.caller.questionnaire.submit(answers(appointment.id, "phq9", items));
    expect(sent.crisis).toBe(true);

    const alerts = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, patient.patient.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: "A1", severity: "critical", status: "open", sourceType: "questionnaire_response", sourceId: sent.id, detail: { item9: 2, pageBackup: true } });
    expect(await auditOf(clinic.id, "alert.raise")).toHaveLength(1);
    expect((await patient.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).responses[0]!.crisis).toBe(true);

    const chart = await provider.caller.chart.get({ patientId: patient.patient.id });
    expect(chart.alerts.map((a) => a.type)).toEqual(["A1"]);
  });

  it("a retry with the same key records one response; another submission of the same questionnaire is refused", async () => {
    const { provider, patient, appointment } = await visitFixture();
    const input = answers(appointment.id, "phq9", PHQ9_MODERATE);
    const first = await patient.caller.questionnaire.submit(input);
    const retry = await patient.caller.questionnaire.submit(input);
    expect(retry.id).toBe(first.id);
    expect(await responsesOf(appointment.id)).toHaveLength(1);

    await expect(patient.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The PHQ-9 was already answered for this visit.",
    });
    // The same key with other answers is not a retry.
    await expect(patient.caller.questionnaire.submit({ ...input, items: PHQ9_ZERO })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/request key/) });
    // Nor may the clinician enter a second PHQ-9 at this visit.
    await expect(provider.caller.questionnaire.enter(answers(appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await responsesOf(appointment.id)).toHaveLength(1);
  });

  it("outside the visit's window, or once it is over or cancelled, answers are refused and nothing is stored", async () => {
    const early = await visitFixture({ startsIn: 120, status: "booked" });
    await expect(early.patient.caller.questionnaire.submit(answers(early.appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "Questionnaires for this visit open when its waiting room opens.",
    });
    expect((await early.patient.caller.questionnaire.listForVisit({ appointmentId: early.appointment.id })).open).toBe(false);
    await expect(early.provider.caller.questionnaire.enter(answers(early.appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });

    // A slot that ended an hour ago (no call running, so no overrun).
    const past = await visitFixture({ startsIn: -120, status: "checked_in" });
    await expect(past.patient.caller.questionnaire.submit(answers(past.appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "This visit is over, so answers can no longer be added to it.",
    });

    const done = await visitFixture({ status: "completed" });
    await expect(done.patient.caller.questionnaire.submit(answers(done.appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(done.provider.caller.questionnaire.enter(answers(done.appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const cancelled = await visitFixture({ status: "cancelled" });
    await expect(cancelled.patient.caller.questionnaire.submit(answers(cancelled.appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "Answers can't be added to this visit: This appointment is cancelled.",
    });

    for (const f of [early, past, done, cancelled]) expect(await responsesOf(f.appointment.id)).toEqual([]);
  });

  it("a wrong number of answers, or an answer outside 0-3, is refused with a message naming the questionnaire", async () => {
    const { patient, provider, appointment } = await visitFixture();
    const err = await patient.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_ZERO.slice(0, 8))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (err as { cause?: { issues?: { path: (string | number)[]; message: string }[] } }).cause?.issues ?? [];
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([["items", "PHQ-9 has 9 questions: answer all 9."]]);

    const gad = await provider.caller.questionnaire.enter(answers(appointment.id, "gad7", PHQ9_ZERO)).catch((e: unknown) => e);
    expect((gad as { cause?: { issues?: { message: string }[] } }).cause?.issues?.map((i) => i.message)).toEqual(["GAD-7 has 7 questions: answer all 7."]);

    const range = await patient.caller.questionnaire.submit(answers(appointment.id, "gad7", [0, 0, 0, 4, 0, 0, 0])).catch((e: unknown) => e);
    expect((range as { cause?: { issues?: { path: (string | number)[]; message: string }[] } }).cause?.issues?.map((i) => [i.path.join("."), i.message])).toEqual([
      ["items.3", "Each answer is 0, 1, 2 or 3."],
    ]);
    expect(await responsesOf(appointment.id)).toEqual([]);
  });
});

describe("the clinician enters answers and reads the visit's scores", () => {
  it("the appointment's provider enters GAD-7 with a total and severity band, recorded as entered by them", async () => {
    const { clinic, provider, patient, appointment } = await visitFixture();
    const entered = await provider.caller.questionnaire.enter(answers(appointment.id, "gad7", [3, 3, 2, 2, 2, 1, 2], { functional: 2 }));
    expect(entered).toMatchObject({ instrument: "gad7", total: 15, severity: "severe", item9Positive: false, functionalDifficulty: 2, enteredBy: { kind: "clinician", name: provider.user.name } });
    const [row] = await responsesOf(appointment.id);
    expect(row).toMatchObject({ context: "visit", enteredByUserId: provider.user.id, patientId: patient.patient.id, clinicId: clinic.id });
    expect(await auditOf(clinic.id, "questionnaire.enter")).toHaveLength(1);
    // The patient's view shows it as done, so they are not asked again.
    expect((await patient.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).responses.map((r) => r.instrument)).toEqual(["gad7"]);
  });

  it("an item 9 answer entered by the clinician raises A1 the same way", async () => {
    const { provider, patient, appointment } = await visitFixture();
    const entered = await provider.caller.questionnaire.enter(answers(appointment.id, "phq9", [...PHQ9_ZERO.slice(0, 8), 1]));
    expect(entered.item9Positive).toBe(true);
    const [alert] = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, patient.patient.id));
    expect(alert).toMatchObject({ type: "A1", sourceId: entered.id, detail: { item9: 1, pageBackup: false } });
  });

  it("a clinician assigned to the patient (care team), and a prescriber, may enter and read; the score list is per visit", async () => {
    const { clinic, patient, appointment } = await visitFixture();
    const colleague = await staffSession(clinic.id, ["prescriber"]);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: patient.patient.id, userId: colleague.user.id, role: "prescriber" });
    await colleague.caller.questionnaire.enter(answers(appointment.id, "phq9", PHQ9_MODERATE));
    const listed = await colleague.caller.questionnaire.listForVisit({ appointmentId: appointment.id });
    expect(listed.scores.map((s) => [s.instrument, s.total, s.enteredBy.kind])).toEqual([["phq9", 11, "clinician"]]);
  });
});

describe("who may not", () => {
  it("admin and staff are refused by role; scores are clinical data", async () => {
    const { clinic, appointment } = await visitFixture();
    for (const role of ["admin", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      await expect(s.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.questionnaire.enter(answers(appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await auditOf(clinic.id, "procedure.denied", "denied")).toHaveLength(4);
  });

  it("an unassigned clinician of the same clinic, and a provider of another clinic, get not found (audited)", async () => {
    const { clinic, patient, appointment } = await visitFixture();
    await patient.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_MODERATE));
    const stranger = await staffSession(clinic.id, ["provider"]);
    await expect(stranger.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.questionnaire.enter(answers(appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denials = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, stranger.user.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denials.map((d) => d.action).sort()).toEqual(["questionnaire.enter", "questionnaire.read"]);

    const elsewhere = await makeClinic("Other");
    const outsider = await staffSession(elsewhere.id, ["provider", "prescriber"]);
    await expect(outsider.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.caller.questionnaire.enter(answers(appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await responsesOf(appointment.id)).toHaveLength(1);
  });

  it("another patient can neither answer for nor read this patient's visit; a patient of another clinic neither", async () => {
    const { clinic, appointment } = await visitFixture();
    const other = await patientSession(clinic.id);
    await expect(other.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.questionnaire.listForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const far = await patientSession((await makeClinic("Far")).id);
    await expect(far.caller.questionnaire.submit(answers(appointment.id, "gad7", GAD7_MILD))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denials = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, other.user!.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denials.map((d) => d.action).sort()).toEqual(["questionnaire.read", "questionnaire.submit"]);
    expect(await responsesOf(appointment.id)).toEqual([]);
  });

  it("a patient cannot file answers under another patient's appointment, even their own provider's other visit", async () => {
    const { clinic, provider, patient } = await visitFixture();
    const other = await patientSession(clinic.id);
    const theirs = await bookVisit(clinic.id, other.patient.id, provider.user.id, other.user!.id, { startsIn: 70 });
    await expect(patient.caller.questionnaire.submit(answers(theirs.id, "phq9", PHQ9_ZERO))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await responsesOf(theirs.id)).toEqual([]);
  });
});

describe("the database keeps visit responses honest", () => {
  it("refuses UPDATE and DELETE of a response, even for the owner; a correction is a new response", async () => {
    const { patient, appointment } = await visitFixture();
    const sent = await patient.caller.questionnaire.submit(answers(appointment.id, "phq9", PHQ9_MODERATE));
    const q = schema.questionnaireResponse;
    expect(await pgRefusal(ownerDb().update(q).set({ total: 0 }).where(eq(q.id, sent.id)))).toBe("UPDATE on questionnaire_response is not allowed: the table is append-only");
    expect(await pgRefusal(ownerDb().delete(q).where(eq(q.id, sent.id)))).toBe("DELETE on questionnaire_response is not allowed: the table is append-only");
    // The apps' role is not even granted UPDATE (roles.ts revokes it on append-only tables).
    expect(await pgRefusal(testDb().update(q).set({ total: 0 }).where(eq(q.id, sent.id)))).toMatch(/permission denied/);
    expect((await responsesOf(appointment.id))[0]!.total).toBe(11);
  });

  it("refuses a visit response under another patient's appointment, or entered by someone who is neither the patient nor a clinician", async () => {
    const { clinic, provider, patient, appointment } = await visitFixture();
    const other = await patientSession(clinic.id);
    const staff = await staffSession(clinic.id, ["staff"]);
    const row = { clinicId: clinic.id, instrument: "gad7" as const, context: "visit" as const, appointmentId: appointment.id, answers: [0, 0, 0, 0, 0, 0, 0], total: 0, severity: "minimal" };
    const insert = (values: Partial<typeof schema.questionnaireResponse.$inferInsert>) => pgRefusal(ownerDb().insert(schema.questionnaireResponse).values({ ...row, patientId: patient.patient.id, ...values }));
    expect(await insert({ patientId: other.patient.id, enteredByUserId: other.user!.id })).toBe("a visit questionnaire belongs to the appointment's own patient");
    expect(await insert({ enteredByUserId: staff.user.id })).toBe("a visit questionnaire is entered by the patient or by one of the clinic's clinicians");
    // A visit response names its visit and who entered it; only a visit response names a visit.
    expect(await insert({ enteredByUserId: null })).toBe("a visit questionnaire is entered by the patient or by one of the clinic's clinicians");
    expect(await insert({ appointmentId: null, enteredByUserId: provider.user.id })).toMatch(/questionnaire_response_visit_ck/);
    expect(await insert({ context: "check_in", enteredByUserId: patient.user!.id })).toMatch(/questionnaire_response_visit_ck/);
    expect(await insert({ enteredByUserId: provider.user.id })).toBe("accepted");
    expect((await responsesOf(appointment.id)).map((r) => r.enteredByUserId)).toEqual([provider.user.id]);
  });
});
