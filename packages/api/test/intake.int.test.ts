import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS, type IntakeAnswers } from "@clearwell/validators/intake";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { makeClinic, patientCaller, patientSession, signIn, staffSession, testAuth, testDb } from "./harness";
import { cleanIntake } from "./intake-fixtures";

type Caller = Awaited<ReturnType<typeof patientSession>>["caller"];

async function fillAll(caller: Caller, intakeId: string, answers: IntakeAnswers) {
  for (const step of INTAKE_STEPS) {
    await caller.intake.saveStep({ intakeId, step, data: answers[step] } as Parameters<Caller["intake"]["saveStep"]>[0]);
  }
}

describe("intake drafts", () => {
  it("saves after every step and resumes on another device", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    expect(draft.version).toBe(1);
    const answers = cleanIntake();
    await p.caller.intake.saveStep({ intakeId: draft.id, step: "about", data: answers.about });
    await p.caller.intake.saveStep({ intakeId: draft.id, step: "contacts", data: answers.contacts });

    // A second sign-in stands in for another device.
    const other = await patientCaller((await signIn(testAuth("patient"), p.email)).headers);
    const resumed = await other.intake.current();
    expect(resumed.draft).toMatchObject({ id: draft.id, completedSteps: ["about", "contacts"] });
    expect(resumed.draft?.answers.contacts?.supportPerson.name).toBe("Alex Testcase");
    expect(resumed.patientStatus).toBe("intake_in_progress");
    // Starting again returns the same draft rather than a second one.
    expect((await other.intake.start()).id).toBe(draft.id);
  });

  it("refuses invalid step data field by field and writes nothing", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    const bad = { ...cleanIntake().phq9, items: [0, 1, 2, 3, 4, 0, 0, 0, 0] };
    await expect(p.caller.intake.saveStep({ intakeId: draft.id, step: "phq9", data: bad })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const history = { ...cleanIntake().history, cardiovascularEvent: "yes" as const };
    await expect(p.caller.intake.saveStep({ intakeId: draft.id, step: "history", data: history })).rejects.toThrow(/months ago/);
    expect((await p.caller.intake.current()).draft?.completedSteps).toEqual([]);
  });

  it("refuses a submission with sections missing", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    await p.caller.intake.saveStep({ intakeId: draft.id, step: "about", data: cleanIntake().about });
    await expect(p.caller.intake.submit({ intakeId: draft.id })).rejects.toThrow(/Finish these sections first: contacts/);
  });
});

describe("intake submission", () => {
  it("scores baselines, records consents with text version and hash, freezes screening flags and updates the chart", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    await fillAll(p.caller, draft.id, cleanIntake({ medications: { ...cleanIntake().medications, opioids: "yes" } }));
    const res = await p.caller.intake.submit({ intakeId: draft.id });
    expect(res).toMatchObject({ version: 1, crisis: false, canBookNow: true });

    const db = testDb();
    const [row] = await db.select().from(schema.intake).where(eq(schema.intake.id, draft.id));
    expect(row!.submittedAt).not.toBeNull();
    const flags = (row!.screening as { flags: { ruleId: string }[] }).flags.map((f) => f.ruleId);
    expect(flags).toContain("E13");
    const scores = await db.select().from(schema.questionnaireResponse).where(eq(schema.questionnaireResponse.intakeId, draft.id));
    expect(scores.map((s) => [s.instrument, s.total, s.severity]).sort()).toEqual([
      ["gad7", 11, "moderate"],
      ["phq9", 14, "moderate"],
    ]);
    const consents = await db.select().from(schema.consentRecord).where(eq(schema.consentRecord.intakeId, draft.id));
    expect(consents.map((c) => c.kind).sort()).toEqual(["controlled_substance_agreement", "telehealth"]);
    expect(consents.every((c) => /^[0-9a-f]{64}$/.test(c.textSha256) && c.signedName === "Rowan Testcase")).toBe(true);
    const [patient] = await db.select().from(schema.patient).where(eq(schema.patient.id, p.patient.id));
    // Not answered (a draft from before the question): the neutral "unknown", SCRIPT's U.
    expect(patient).toMatchObject({ status: "intake_submitted", supportPersonName: "Alex Testcase", timezone: "America/Denver", phone: "(555) 010-0142", sex: "unknown" });
  });

  it("the sex on the patient's ID is kept on their record for the pharmacy; an answer outside the list is refused, naming the field", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    const answers = cleanIntake();
    await expect(fillAll(p.caller, draft.id, { ...answers, about: { ...answers.about, sex: "x" } as unknown as typeof answers.about })).rejects.toThrow(/sex/);
    await fillAll(p.caller, draft.id, { ...answers, about: { ...answers.about, sex: "female" } });
    await p.caller.intake.submit({ intakeId: draft.id });
    const [patient] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, p.patient.id));
    expect(patient!.sex).toBe("female");
    expect((await p.caller.intake.current()).prefill.about.sex).toBe("female");
  });

  it("a submitted intake is immutable, even to raw SQL; a correction is a new version that supersedes it", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const v1 = await p.caller.intake.start();
    await fillAll(p.caller, v1.id, cleanIntake());
    await p.caller.intake.submit({ intakeId: v1.id });

    await expect(p.caller.intake.saveStep({ intakeId: v1.id, step: "about", data: cleanIntake().about })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(p.caller.intake.submit({ intakeId: v1.id })).rejects.toMatchObject({ code: "CONFLICT" });
    // As the owner: the triggers hold even for it (the app role lacks the privileges in the first place).
    const raw = postgres(inject("ownerDatabaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await expect(raw`update intake set answers = '{}'::jsonb where id = ${v1.id}`).rejects.toThrow(/submitted intake is not allowed/);
      await expect(raw`delete from intake where id = ${v1.id}`).rejects.toThrow(/submitted intake is not allowed/);
      await expect(raw`update questionnaire_response set total = 0 where intake_id = ${v1.id}`).rejects.toThrow(/append-only/);
      await expect(raw`delete from consent_record where intake_id = ${v1.id}`).rejects.toThrow(/append-only/);
    } finally {
      await raw.end();
    }

    const v2 = await p.caller.intake.start();
    expect(v2).toMatchObject({ version: 2 });
    expect(v2.completedSteps).not.toContain("consents");
    expect(v2.answers.about?.givenName).toBe("Rowan");
    await p.caller.intake.saveStep({ intakeId: v2.id, step: "consents", data: cleanIntake().consents });
    await p.caller.intake.submit({ intakeId: v2.id });
    const db = testDb();
    const rows = await db.select().from(schema.intake).where(eq(schema.intake.patientId, p.patient.id));
    expect(rows.find((r) => r.version === 2)).toMatchObject({ supersedesId: v1.id });
    expect(rows.find((r) => r.version === 1)?.answers).toMatchObject({ about: { givenName: "Rowan" } });
  });

  it("PHQ-9 item 9 above zero raises one critical A1 alert as soon as the step is saved", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    const phq9 = { items: [2, 2, 2, 2, 1, 2, 2, 1, 2], functional: 2 };
    const saved = await p.caller.intake.saveStep({ intakeId: draft.id, step: "phq9", data: phq9 });
    expect(saved.crisis).toBe(true);
    const db = testDb();
    const alerts = () => db.select().from(schema.safetyAlert).where(and(eq(schema.safetyAlert.patientId, p.patient.id), eq(schema.safetyAlert.type, "A1")));
    expect(await alerts()).toMatchObject([{ severity: "critical", status: "open", clinicId: clinic.id, detail: { item9: 2, pageBackup: true } }]);

    // Saving again and submitting keep the one open alert (DOMAIN.md §7 dedupe).
    await p.caller.intake.saveStep({ intakeId: draft.id, step: "phq9", data: phq9 });
    await fillAll(p.caller, draft.id, cleanIntake({ phq9 }));
    const res = await p.caller.intake.submit({ intakeId: draft.id });
    expect(res).toMatchObject({ crisis: true, canBookNow: false });
    expect(await alerts()).toHaveLength(1);
  });

  it("a not-eligible flag makes booking wait for the clinic", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const draft = await p.caller.intake.start();
    await fillAll(p.caller, draft.id, cleanIntake({ history: { ...cleanIntake().history, pregnant: "yes" } }));
    expect(await p.caller.intake.submit({ intakeId: draft.id })).toMatchObject({ canBookNow: false, crisis: false });
  });
});

describe("intake authorization", () => {
  it("another patient's draft is NOT_FOUND and untouched", async () => {
    const clinic = await makeClinic();
    const owner = await patientSession(clinic.id);
    const draft = await owner.caller.intake.start();
    const other = await patientSession(clinic.id);
    await expect(other.caller.intake.saveStep({ intakeId: draft.id, step: "about", data: cleanIntake().about })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.intake.submit({ intakeId: draft.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const elsewhere = await patientSession((await makeClinic()).id);
    await expect(elsewhere.caller.intake.saveStep({ intakeId: draft.id, step: "about", data: cleanIntake().about })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.caller.intake.current()).draft?.completedSteps).toEqual([]);
  });

  it("staff and anonymous callers cannot use the patient's intake procedures", async () => {
    const clinic = await makeClinic();
    const anon = await patientCaller();
    await expect(anon.intake.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const staff = await staffSession(clinic.id, ["admin", "provider"]);
    // Staff sessions are refused by the patient app itself.
    const asPatientApp = await patientCaller(staff.headers);
    await expect(asPatientApp.intake.start()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
