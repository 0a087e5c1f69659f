import { createHash, randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import type { TFollowUpFindings, TFollowUpPlan } from "@clearwell/validators/note";
import { followUpMissing } from "@clearwell/validators/note-completeness";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import type { Actor } from "../src/actor";
import { signedPayload } from "../src/services/note/canonical";
import { saveDraft } from "../src/services/note/draft-note";
import { signNote } from "../src/services/note/sign-note";
import { PASSWORD, makeClinic, makePatient, staffSession, testDb } from "./harness";

type Session = Awaited<ReturnType<typeof staffSession>>;

const DAY = 86_400_000;
const SOAP = { subjective: "Sleeping better.", objective: "Brighter affect.", assessment: "Responding to treatment.", plan: "Continue; recheck in two weeks." };
/** A calendar date `days` from now (the clinic is in America/Denver; a day's margin either side). */
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const PLAN: TFollowUpPlan = { action: "continue", nextFollowUpOn: dateIn(14), checkInCadence: "weekly" };
/** DOMAIN.md §8 "A": what signing needs besides the plan (validators followUpMissing). */
const ASSESSMENT: TFollowUpFindings["assessment"] = {
  response: "response",
  tolerability: "well_tolerated",
  riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
  continuedEligibility: "unchanged",
};

/** Item answers adding up to `total` (PHQ-9 item 9 left at 0). */
function answers(instrument: "phq9" | "gad7", total: number) {
  const items = Array<number>(instrument === "phq9" ? 9 : 7).fill(0);
  for (let i = 0, left = total; left > 0; i++, left -= 3) items[i] = Math.min(3, left);
  return items;
}

async function score(clinicId: string, patientId: string, instrument: "phq9" | "gad7", total: number, completedAt: Date, context: "intake" | "check_in" = "check_in") {
  const [row] = await testDb()
    .insert(schema.questionnaireResponse)
    .values({ clinicId, patientId, instrument, context, answers: answers(instrument, total), total, severity: "x", completedAt })
    .returning({ id: schema.questionnaireResponse.id });
  return row!.id;
}

async function appointment(clinicId: string, patientId: string, providerUserId: string, bookedBy: string, kind: "evaluation" | "follow_up", startsAt: Date, status: "booked" | "completed" | "no_show" | "cancelled" = "booked") {
  const [row] = await testDb()
    .insert(schema.appointment)
    .values({ clinicId, patientId, providerUserId, kind, status, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), patientState: "CO", patientTimezone: "America/Denver", bookedByUserId: bookedBy })
    .returning();
  return row!;
}

/**
 * A patient with intake scores (PHQ-9 16, GAD-7 12), check-in scores before the evaluation note was
 * signed (12, 9) and after it (7, 4), an alert raised before and resolved after the signature, one
 * raised after it, a no-show in the interval, and a booked follow-up visit with `provider`.
 */
async function followUpPatient(provider: Session, clinicId: string) {
  const { patient, user } = await makePatient(clinicId);
  const now = Date.now();
  await testDb()
    .insert(schema.intake)
    .values({ clinicId, patientId: patient.id, version: 1, submittedAt: new Date(now - 41 * DAY), screening: { flags: [], mostRestrictive: "none", crisisPathway: false } });
  const ids = {
    phq9Intake: await score(clinicId, patient.id, "phq9", 16, new Date(now - 40 * DAY), "intake"),
    gad7Intake: await score(clinicId, patient.id, "gad7", 12, new Date(now - 40 * DAY), "intake"),
    phq9Before: await score(clinicId, patient.id, "phq9", 12, new Date(now - 10 * DAY)),
    gad7Before: await score(clinicId, patient.id, "gad7", 9, new Date(now - 10 * DAY)),
  };
  const [alertBefore] = await testDb()
    .insert(schema.safetyAlert)
    .values({ clinicId, patientId: patient.id, type: "A2", severity: "high", summary: "PHQ-9 rise", sourceType: "questionnaire_response", createdAt: new Date(now - 20 * DAY) })
    .returning();

  // The evaluation, its signed note: the interval starts at this signature.
  const evaluation = await appointment(clinicId, patient.id, provider.user.id, user!.id, "evaluation", new Date(now - 30 * DAY), "completed");
  const draft = await provider.caller.note.openForVisit({ appointmentId: evaluation.id });
  const saved = await provider.caller.note.saveDraft({
    noteId: draft.id,
    sections: SOAP,
    findings: {
      mentalStatus: { mood: "Low", affect: "Constricted", thoughtContent: "No SI" },
      vitals: { bpReadings: [], bpNotTakenReason: "No cuff at hand." },
      riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
      supportPerson: { confirmed: true, name: "Sam" },
    },
    baseUpdatedAt: draft.updatedAt,
  });
  const evaluationNote = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt });
  const S = evaluationNote.signedAt.getTime();

  const after = {
    phq9: await score(clinicId, patient.id, "phq9", 7, new Date(S + 1)),
    gad7: await score(clinicId, patient.id, "gad7", 4, new Date(S + 1)),
  };
  // A clinical alert is resolved with a code and a linked note (migration 0022).
  await testDb()
    .update(schema.safetyAlert)
    .set({ status: "resolved", resolvedAt: new Date(S + 1), resolutionCode: "reviewed_no_action", resolutionNoteId: evaluationNote.id })
    .where(eq(schema.safetyAlert.id, alertBefore!.id));
  const [alertAfter] = await testDb()
    .insert(schema.safetyAlert)
    .values({ clinicId, patientId: patient.id, type: "A7", severity: "low", summary: "Check-in overdue", sourceType: "check_in", createdAt: new Date(S + 2) })
    .returning();
  const noShow = await appointment(clinicId, patient.id, provider.user.id, user!.id, "follow_up", new Date(S + 3), "no_show");
  const followUp = await appointment(clinicId, patient.id, provider.user.id, user!.id, "follow_up", new Date(now + 2 * 3_600_000));
  await new Promise((r) => setTimeout(r, 5));
  return { patient, evaluation, evaluationNote, ids: { ...ids, phq9After: after.phq9, gad7After: after.gad7, alertBefore: alertBefore!.id, alertAfter: alertAfter!.id, noShow: noShow.id }, followUp };
}

const noteRow = async (id: string) => (await testDb().select().from(schema.clinicalNote).where(eq(schema.clinicalNote.id, id)))[0]!;
const sectionOf = (snapshot: { sections: { kind: string }[] } | null | undefined, kind: string) => snapshot?.sections.find((s) => s.kind === kind) as Record<string, unknown> | undefined;
const idsOf = (list: unknown) => (list as { id: string }[]).map((x) => x.id);

describe("the follow-up note's interval snapshot (DOMAIN.md §8 'Interval data')", () => {
  it("is built on opening, with deltas vs baseline and previous, response/remission/MCID flags, alerts, visits and source ids", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp, evaluationNote, ids } = await followUpPatient(provider, clinic.id);
    const note = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    expect(note.kind).toBe("follow_up");
    expect(note.findings).toBeNull();
    const snap = note.followUp!.snapshot!;
    expect(snap).toMatchObject({ schemaVersion: 1, since: evaluationNote.signedAt.toISOString() });
    expect(snap.sections.map((s) => s.kind)).toEqual(["scores", "doses", "alerts", "visits"]);
    // No dose logged yet (issue 13 adds the section): empty, and the intake stands in as the baseline.
    expect(sectionOf(snap, "doses")).toMatchObject({ taken: [], missed: [], bpHighest: null });

    const scores = sectionOf(snap, "scores")!;
    // Baseline = the intake score (no doses recorded yet); previous = the check-in before the signed note.
    expect(scores.phq9).toMatchObject({
      baseline: { id: ids.phq9Intake, total: 16 },
      previous: { id: ids.phq9Before, total: 12 },
      latest: { id: ids.phq9After, total: 7 },
      vsBaseline: { change: -9, percentChange: -0.5625, meaningfulImprovement: true, meaningfulWorsening: false },
      vsPrevious: { change: -5, meaningfulImprovement: true }, // exactly the PHQ-9 MCID (5)
      response: true, // 7 <= 50% of 16
      remission: false, // 7 is not < 5
    });
    expect(scores.gad7).toMatchObject({
      baseline: { id: ids.gad7Intake, total: 12 },
      previous: { id: ids.gad7Before, total: 9 },
      latest: { id: ids.gad7After, total: 4 },
      vsBaseline: { change: -8, meaningfulImprovement: true },
      vsPrevious: { change: -5, meaningfulImprovement: true }, // past the GAD-7 MCID (4)
      response: true,
      remission: true, // 4 < 5 with a baseline >= 10
    });
    expect(idsOf(scores.inInterval).sort()).toEqual([ids.phq9After, ids.gad7After].sort());
    expect([...snap.sourceIds.scores!].sort()).toEqual(Object.values({ a: ids.phq9Intake, b: ids.phq9Before, c: ids.phq9After, d: ids.gad7Intake, e: ids.gad7Before, f: ids.gad7After }).sort());

    const alerts = sectionOf(snap, "alerts")!;
    expect(idsOf(alerts.opened)).toEqual([ids.alertAfter]);
    expect(alerts.resolved).toEqual([expect.objectContaining({ id: ids.alertBefore, ruleId: "A2", status: "resolved" })]);
    expect(idsOf(alerts.stillOpen)).toEqual([ids.alertAfter]);

    // Visits since the signed note: the no-show; not the evaluation (before) nor this visit itself.
    expect(sectionOf(snap, "visits")!.visits).toEqual([expect.objectContaining({ id: ids.noShow, kind: "follow_up", status: "no_show", modality: null })]);
    expect(snap.sourceIds.visits).toEqual([ids.noShow]);

    // Stored in the note's findings, written by the server, audited.
    expect((await noteRow(note.id)).findings).toMatchObject({ snapshot: { since: snap.since, generatedAt: snap.generatedAt } });
    const audit = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.resourceId, note.id), eq(schema.auditEvent.action, "note.create")));
    expect(audit[0]!.detail).toMatchObject({ snapshot: "built" });
  });

  it("is refreshed when the draft is reopened, only when something changed", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp, patient } = await followUpPatient(provider, clinic.id);
    const first = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const again = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    expect(again.updatedAt).toEqual(first.updatedAt);
    expect(again.followUp!.snapshot!.generatedAt).toBe(first.followUp!.snapshot!.generatedAt);

    const newer = await score(clinic.id, patient.id, "phq9", 4, new Date());
    const reopened = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    expect(reopened.id).toBe(first.id);
    expect(reopened.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    expect(sectionOf(reopened.followUp!.snapshot, "scores")!.phq9).toMatchObject({ latest: { id: newer, total: 4 }, previous: { total: 7 }, remission: true });
    // A save from the editor's older version is refused: the clinician reviews the fresh data first.
    await expect(provider.caller.note.saveDraft({ noteId: first.id, sections: SOAP, followUp: { plan: PLAN }, baseUpdatedAt: first.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("is never taken from the client: a supplied snapshot is refused by the schema and ignored by the service", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp } = await followUpPatient(provider, clinic.id);
    const note = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const forged = { ...note.followUp!.snapshot!, sections: [], sourceIds: {} };
    await expect(
      provider.caller.note.saveDraft({ noteId: note.id, sections: SOAP, followUp: { plan: PLAN, snapshot: forged } as never, baseUpdatedAt: note.updatedAt }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/generated by the server/) });
    await expect(provider.caller.note.saveDraft({ noteId: note.id, sections: SOAP, findings: { snapshot: forged } as never, baseUpdatedAt: note.updatedAt })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // Past the schema (a direct service call), the service still keeps its own snapshot.
    const actor: Actor = { userId: provider.user.id, kind: "staff", roles: ["provider"], clinicId: clinic.id, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const saved = await saveDraft(testDb(), actor, clinic.id, { noteId: note.id, sections: SOAP, followUp: { plan: PLAN, snapshot: forged } as never, baseUpdatedAt: note.updatedAt });
    expect(saved.followUp!.snapshot).toEqual(note.followUp!.snapshot);
    expect(saved.followUp!.plan).toEqual(PLAN);
    expect(((await noteRow(note.id)).findings as { snapshot: unknown }).snapshot).toEqual(note.followUp!.snapshot);
  });
});

describe("the snapshot's window without an earlier signed note", () => {
  it("starts at the patient's first visit; with no intake scores there is no baseline to compare with", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patient, user } = await makePatient(clinic.id);
    const now = Date.now();
    const first = await appointment(clinic.id, patient.id, provider.user.id, user!.id, "evaluation", new Date(now - 20 * DAY), "completed");
    await appointment(clinic.id, patient.id, provider.user.id, user!.id, "evaluation", new Date(now - 30 * DAY), "cancelled");
    const before = await score(clinic.id, patient.id, "phq9", 14, new Date(now - 25 * DAY));
    const inside = await score(clinic.id, patient.id, "phq9", 9, new Date(now - 5 * DAY));
    const followUp = await appointment(clinic.id, patient.id, provider.user.id, user!.id, "follow_up", new Date(now + 3_600_000));
    const note = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const snap = note.followUp!.snapshot!;
    // The cancelled visit does not start the window; the first visit held does (and is not "since" itself).
    expect(snap.since).toBe(first.startsAt.toISOString());
    expect(idsOf(sectionOf(snap, "scores")!.inInterval)).toEqual([inside]);
    expect(sectionOf(snap, "scores")!.phq9).toMatchObject({ baseline: { id: inside }, previous: { id: before }, vsBaseline: null, vsPrevious: { change: -5 }, response: false });
    expect(idsOf(sectionOf(snap, "visits")!.visits)).toEqual([]);
  });
});

describe("the follow-up plan (DOMAIN.md §8 'P')", () => {
  it("is validated on save with each field named, stored structured, and its regimen effects exposed", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp } = await followUpPatient(provider, clinic.id);
    let note = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const save = (plan: TFollowUpPlan) => provider.caller.note.saveDraft({ noteId: note.id, sections: SOAP, followUp: { plan }, baseUpdatedAt: note.updatedAt });
    const reasons = async (plan: TFollowUpPlan) => ((await save(plan).catch((e: unknown) => e)) as { code: string; cause: { reasons: string[] } }).cause.reasons;

    expect(await reasons({ ...PLAN, action: "titrate" })).toEqual(["plan.titrationDirection: Say whether to increase or decrease the dose."]);
    expect(await reasons({ ...PLAN, nextFollowUpOn: dateIn(-2) })).toEqual(["plan.nextFollowUpOn: The next follow-up must be after today."]);
    expect(await reasons({ ...PLAN, nextFollowUpOn: dateIn(200) })).toEqual(["plan.nextFollowUpOn: The next follow-up must be within 180 days."]);
    expect(await reasons({ ...PLAN, nextFollowUpOn: null, checkInCadence: "none" })).toEqual([
      "plan.checkInCadence: Patients on treatment keep regular check-ins.",
      "plan.nextFollowUpOn: Set the next follow-up date.",
    ]);
    expect(await reasons({ action: "refer", nextFollowUpOn: null, checkInCadence: "none" })).toEqual(["plan.referralTo: Say who the patient is referred to."]);
    await expect(save({ ...PLAN, action: "wait" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await noteRow(note.id)).findings).not.toHaveProperty("plan");

    const titrate: TFollowUpPlan = { ...PLAN, action: "titrate", titrationDirection: "increase", rationale: "Partial response at week 4." };
    note = await provider.caller.note.saveDraft({
      noteId: note.id,
      sections: SOAP,
      followUp: { plan: titrate, subjective: { patientReport: "Better mornings.", functionalDifficulty: 1 }, assessment: { response: "partial_response", tolerability: "well_tolerated" } },
      baseUpdatedAt: note.updatedAt,
    });
    expect(note.followUp).toMatchObject({ plan: titrate, planEffects: { regimen: "keep", opensPrescriptionDraft: true }, subjective: { functionalDifficulty: 1 }, snapshot: { schemaVersion: 1 } });
    expect((await noteRow(note.id)).findings).toMatchObject({ plan: titrate, assessment: { response: "partial_response" } });
    // Follow-up parts only go on a follow-up note.
    const other = await makePatient(clinic.id);
    const evaluation = await appointment(clinic.id, other.patient.id, provider.user.id, other.user!.id, "evaluation", new Date(Date.now() + 5 * 3_600_000));
    const evalDraft = await provider.caller.note.openForVisit({ appointmentId: evaluation.id });
    expect(evalDraft.followUp).toBeNull();
    await expect(provider.caller.note.saveDraft({ noteId: evalDraft.id, sections: SOAP, followUp: { plan: PLAN }, baseUpdatedAt: evalDraft.updatedAt })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("signing a follow-up note", () => {
  it("is refused without the assessment and the structured plan, naming each (not the SOAP text); signed, the snapshot is frozen and covered by the hash", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["prescriber"]);
    const { followUp, patient } = await followUpPatient(provider, clinic.id);
    const opened = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const noPlan = await provider.caller.note.saveDraft({ noteId: opened.id, sections: { ...SOAP, assessment: "" }, baseUpdatedAt: opened.updatedAt });
    const refused = await provider.caller.note.sign({ noteId: noPlan.id, reauth: { password: PASSWORD }, expectedVersion: noPlan.updatedAt }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const missing = (refused as { cause: { reasons: string[] } }).cause.reasons;
    // The page's checklist, word for word: one list for both.
    expect(missing).toEqual(followUpMissing(null));
    expect(missing).toContain("Assessment: choose the response to treatment.");
    expect(missing).toContain("Risk assessment: rate the suicide risk.");
    expect(missing.at(-1)).toMatch(/^Plan: choose continue, titrate, pause, stop/);
    // Evaluation rules do not apply: no mental status, vitals or support person asked for; nor the SOAP text.
    expect(missing.join("\n")).not.toMatch(/Mental status|blood pressure|Support person|\(SOAP\)/);

    // The assessment without its risk part is still refused, naming only what is left.
    const partial = await provider.caller.note.saveDraft({
      noteId: opened.id,
      sections: { ...SOAP, assessment: "" },
      followUp: { assessment: { ...ASSESSMENT, riskAssessment: { suicideRisk: "moderate", suicidePlanReported: false, misuseRisk: "low" } }, plan: { ...PLAN, action: "pause" } },
      baseUpdatedAt: noPlan.updatedAt,
    });
    await expect(provider.caller.note.sign({ noteId: partial.id, reauth: { password: PASSWORD }, expectedVersion: partial.updatedAt })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      cause: { reasons: ["Risk assessment: document the safety plan for a moderate or high suicide risk."] },
    });

    const draft = await provider.caller.note.saveDraft({ noteId: opened.id, sections: { ...SOAP, assessment: "" }, followUp: { assessment: ASSESSMENT, plan: { ...PLAN, action: "pause" } }, baseUpdatedAt: partial.updatedAt });
    await expect(provider.caller.note.sign({ noteId: draft.id, expectedVersion: draft.updatedAt })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const signed = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt });

    const row = await noteRow(draft.id);
    const recomputed = signedPayload(row, { userId: row.signedByUserId!, signedAt: row.signedAt! }, null);
    expect(recomputed).toBe(row.signedContent);
    expect(createHash("sha256").update(recomputed).digest("hex")).toBe(signed.contentSha256);
    const content = (JSON.parse(row.signedContent!) as { content: { findings: { snapshot: unknown; plan: unknown; assessment: unknown } } }).content;
    expect(content.findings.plan).toMatchObject({ action: "pause" });
    expect(content.findings.assessment).toEqual(ASSESSMENT);
    expect(content.findings.snapshot).toEqual(draft.followUp!.snapshot);

    // A later score changes neither the signed note nor what the chart shows of it.
    await score(clinic.id, patient.id, "phq9", 20, new Date());
    const got = await provider.caller.note.get({ noteId: draft.id });
    expect(got.followUp!.snapshot).toEqual(draft.followUp!.snapshot);
    expect(got.followUp!.planEffects).toEqual({ regimen: "pause", opensPrescriptionDraft: false });
    expect((await noteRow(draft.id)).signedContent).toBe(row.signedContent);
    const listed = (await provider.caller.note.list({ patientId: patient.id })).notes.find((n) => n.id === draft.id)!;
    expect(listed.followUp).toMatchObject({ plan: { action: "pause" }, planEffects: { regimen: "pause" }, snapshot: { generatedAt: draft.followUp!.snapshot!.generatedAt } });
    // The next follow-up's interval starts at this signature.
    const next = await appointment(clinic.id, patient.id, provider.user.id, provider.user.id, "follow_up", new Date(Date.now() + 30 * DAY));
    const nextNote = await provider.caller.note.openForVisit({ appointmentId: next.id });
    expect(nextNote.followUp!.snapshot!.since).toBe(signed.signedAt.toISOString());
    expect(sectionOf(nextNote.followUp!.snapshot, "scores")!.inInterval).toEqual([expect.objectContaining({ total: 20 })]);
  });
});

describe("the plan re-checked at signing", () => {
  it("a next follow-up that was after today when saved but has passed by signing is refused, naming the plan's date", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp } = await followUpPatient(provider, clinic.id);
    const opened = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const draft = await provider.caller.note.saveDraft({ noteId: opened.id, sections: SOAP, followUp: { assessment: ASSESSMENT, plan: { ...PLAN, nextFollowUpOn: dateIn(3) } }, baseUpdatedAt: opened.updatedAt });
    const actor: Actor = { userId: provider.user.id, kind: "staff", roles: ["provider"], clinicId: clinic.id, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const accept = async () => ({ ok: true as const, method: "password" as const });
    // Signed a week later (the service's clock), the saved date lies in the past.
    const late = signNote(testDb(), accept, actor, clinic.id, { noteId: draft.id, reauth: { password: "x" }, expectedVersion: draft.updatedAt }, new Date(Date.now() + 7 * DAY));
    await expect(late).rejects.toMatchObject({ code: "RULE_FAILED", reasons: ["Plan: The next follow-up must be after today."] });
    expect((await noteRow(draft.id)).status).toBe("draft");
  });
});

describe("authorization of follow-up notes (DOMAIN.md §1)", () => {
  it("the author writes and signs; assigned clinicians read once signed; admin/staff refused; other clinic and unassigned NOT_FOUND", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { followUp, patient } = await followUpPatient(provider, clinic.id);
    const draft = await provider.caller.note.openForVisit({ appointmentId: followUp.id });
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: patient.id, userId: colleague.user.id, role: "prescriber" });

    const calls = (s: Session) => [
      () => s.caller.note.openForVisit({ appointmentId: followUp.id }),
      () => s.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, followUp: { plan: PLAN }, baseUpdatedAt: draft.updatedAt }),
      () => s.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt }),
      () => s.caller.note.get({ noteId: draft.id }),
    ];
    // The colleague is assigned, but the visit and the draft are not theirs.
    for (const call of calls(colleague)) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const roles of [["admin"], ["staff"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      for (const call of [...calls(s), () => s.caller.note.list({ patientId: patient.id })]) await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const elsewhere = await staffSession((await makeClinic()).id, ["provider", "prescriber"]);
    for (const call of [...calls(elsewhere), () => elsewhere.caller.note.list({ patientId: patient.id })]) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });

    const saved = await provider.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, followUp: { assessment: ASSESSMENT, plan: PLAN }, baseUpdatedAt: draft.updatedAt });
    await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt });
    await expect(colleague.caller.note.get({ noteId: draft.id })).resolves.toMatchObject({ followUp: { plan: PLAN, snapshot: saved.followUp!.snapshot } });
    const unassigned = await staffSession(clinic.id, ["prescriber"]);
    await expect(unassigned.caller.note.get({ noteId: draft.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(unassigned.caller.note.list({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await noteRow(draft.id)).signedByUserId).toBe(provider.user.id);
  });
});
