import { createHash, randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import type { Actor } from "../src/actor";
import { recordDecision } from "../src/services/decision/decision";
import { CUFF, JUSTIFICATION, type Session, bookEvaluation, evaluated, key, refusalOf, signedNote, submitIntake } from "./decision-fixtures";
import { makeClinic, makePatient, ownerDb, patientSession, staffSession, testDb } from "./harness";

const DAY_MS = 24 * 60 * 60 * 1000;
const decisionRows = (patientId: string) => testDb().select().from(schema.eligibilityDecision).where(eq(schema.eligibilityDecision.patientId, patientId));
const actorOf = (s: Session, clinicId: string, roles: string[]): Actor => ({ userId: s.user.id, kind: "staff", roles, clinicId, meta: { requestId: randomUUID(), ipAddress: null, userAgent: "vitest" } });

describe("decision.propose and decision.record over a signed evaluation (DOMAIN.md §2, §3)", () => {
  it("proposes from the latest intake and the signed note, then records eligible_at_home with its evidence hash", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId, intake } = await evaluated(clinic.id, provider);

    // Without the home cuff attested, E17 keeps the decision waiting.
    const waiting = await provider.caller.decision.propose({ patientId, noteId });
    expect(waiting.proposal.outcome).toBe("deferred");
    expect(waiting.proposal.rules.map((r) => `${r.ruleId}:${r.effect}`)).toEqual(["E17:deferred"]);

    const { proposal, intake: used } = await provider.caller.decision.propose({ patientId, noteId, attestations: CUFF });
    expect(proposal.outcome).toBe("eligible_at_home");
    expect(proposal.rules).toEqual([]);
    expect(used).toEqual({ id: intake.id, version: 1 });

    const decided = await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    expect(decided).toMatchObject({ outcome: "eligible_at_home", proposedOutcome: "eligible_at_home", noteId, supersedesId: null, intake: { id: intake.id, version: 1 } });
    expect(decided.status.status).toBe("current");
    expect(decided.expiresAt.getTime() - decided.decidedAt.getTime()).toBe(90 * DAY_MS);
    const [row] = await decisionRows(patientId);
    expect(row!.evidenceSha256).toBe(createHash("sha256").update(row!.evidence).digest("hex"));
    expect(JSON.parse(row!.evidence)).toMatchObject({ refs: { intakeId: intake.id, intakeVersion: 1, noteId }, chosen: { outcome: "eligible_at_home" } });
    const [audit] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, row!.id), eq(schema.auditEvent.action, "decision.record")));
    expect(audit!.detail).not.toHaveProperty("outcome");
  });

  it("refuses an outcome more permissive than the rules (an IO flag confirmed) with each reason, audited; the in-office outcome records", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider", "prescriber"]);
    const { patientId, noteId } = await evaluated(clinic.id, provider, { history: { psychosisHistory: "yes" }, confirm: ["E03"] });
    const { proposal } = await provider.caller.decision.propose({ patientId, noteId, attestations: CUFF });
    expect(proposal.outcome).toBe("in_office_only");
    expect(proposal.rules).toEqual([expect.objectContaining({ ruleId: "E03", effect: "in_office_only", origin: "intake", resolution: "confirm", source: expect.stringMatching(/Hull/) })]);

    const refused = await refusalOf(provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, overrides: [{ ruleId: "E03", ...JUSTIFICATION }], idempotencyKey: key() }));
    expect(refused.code).toBe("UNPROCESSABLE_CONTENT");
    expect(refused.reasons.join("\n")).toMatch(/E03/);
    expect(await decisionRows(patientId)).toHaveLength(0);
    const denials = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, noteId), eq(schema.auditEvent.action, "decision.record")));
    expect(denials.map((d) => d.outcome)).toEqual(["denied"]);

    const ok = await provider.caller.decision.record({ patientId, noteId, outcome: "in_office_only", attestations: CUFF, idempotencyKey: key() });
    expect(ok.outcome).toBe("in_office_only");
  });

  it("an OV rule is overridden only by a prescriber with a structured justification", async () => {
    const clinic = await makeClinic();
    const prescriber = await staffSession(clinic.id, ["provider", "prescriber"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId } = await evaluated(clinic.id, prescriber, { history: { priorSevereKetamineReaction: "yes" }, confirm: ["E22"] });
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId, userId: provider.user.id, role: "primary_provider" });
    const { proposal } = await provider.caller.decision.propose({ patientId, noteId, attestations: CUFF });
    expect(proposal).toMatchObject({ outcome: "in_office_only", overridable: ["E22"], atHomeByOverride: true });

    const base = { patientId, noteId, outcome: "eligible_at_home" as const, attestations: CUFF };
    const byProvider = await refusalOf(provider.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION }], idempotencyKey: key() }));
    expect(byProvider).toMatchObject({ code: "UNPROCESSABLE_CONTENT", reasons: ["Only a prescriber can override E22."] });
    const noOverride = await refusalOf(prescriber.caller.decision.record({ ...base, idempotencyKey: key() }));
    expect(noOverride.reasons).toEqual(["E22 needs a prescriber override with a justification for at-home treatment."]);
    const thin = await refusalOf(prescriber.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", reasonCode: "risk_mitigation_plan", text: "fine" }], idempotencyKey: key() }));
    expect(thin.reasons).toEqual(["E22: explain the override in at least 30 characters."]);

    const ok = await prescriber.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION }], idempotencyKey: key() });
    expect(ok.overrides).toEqual([{ ruleId: "E22", justification: { reasonCode: JUSTIFICATION.reasonCode, text: JUSTIFICATION.text }, coSigner: null }]);
    expect(ok.proposedOutcome).toBe("in_office_only");

    // A clinic requiring co-signature names a second prescriber of the care team, who must co-sign
    // before the decision takes effect (decision-co-sign.int.test.ts).
    await ownerDb().update(schema.clinic).set({ overrideCoSignRequired: true }).where(eq(schema.clinic.id, clinic.id));
    const solo = await refusalOf(prescriber.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION, coSignerUserId: provider.user.id }], idempotencyKey: key() }));
    expect(solo.reasons).toEqual(["E22: the co-signer must be a prescriber of this clinic."]);
    const second = await staffSession(clinic.id, ["prescriber"]);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId, userId: second.user.id, role: "prescriber" });
    const cosigned = await prescriber.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION, coSignerUserId: second.user.id }], idempotencyKey: key() });
    expect(cosigned.overrides[0]!.coSigner).toEqual({ userId: second.user.id, roles: ["prescriber"] });
    expect(cosigned.status.status).toBe("awaiting_co_sign");
  });

  it("refuses a draft note and another patient's note", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const a = await evaluated(clinic.id, provider);
    const b = await evaluated(clinic.id, provider);
    expect((await refusalOf(provider.caller.decision.propose({ patientId: a.patientId, noteId: b.noteId }))).code).toBe("NOT_FOUND");
    expect((await refusalOf(provider.caller.decision.record({ patientId: a.patientId, noteId: b.noteId, outcome: "deferred", idempotencyKey: key() }))).code).toBe("NOT_FOUND");
    // A second visit's note left as a draft.
    const ap = await bookEvaluation(clinic.id, a.patient, provider);
    const draftId = await signedNote(provider, ap.id, [], [], undefined, false);
    expect((await refusalOf(provider.caller.decision.record({ patientId: a.patientId, noteId: draftId, outcome: "deferred", idempotencyKey: key() }))).code).toBe("CONFLICT");
  });
});

describe("decision chain, idempotency and immutability", () => {
  it("a new decision supersedes the current one; a retry with the same key returns the same decision; the key cannot be reused for another", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId } = await evaluated(clinic.id, provider);
    const k = key();
    const input = { patientId, noteId, outcome: "deferred" as const, idempotencyKey: k };
    const first = await provider.caller.decision.record(input);
    const again = await provider.caller.decision.record(input);
    expect(again.id).toBe(first.id);
    expect(await decisionRows(patientId)).toHaveLength(1);
    expect((await refusalOf(provider.caller.decision.record({ ...input, outcome: "not_eligible" }))).code).toBe("CONFLICT");

    const second = await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    const third = await provider.caller.decision.record({ patientId, noteId, outcome: "in_office_only", attestations: CUFF, idempotencyKey: key() });
    expect([second.supersedesId, third.supersedesId]).toEqual([first.id, second.id]);
    const { decision } = await provider.caller.decision.current({ patientId });
    expect(decision!.id).toBe(third.id);
    expect(await decisionRows(patientId)).toHaveLength(3);
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE of decisions to the app role and the owner, and a crafted insert", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId, intake } = await evaluated(clinic.id, provider);
    const d = await provider.caller.decision.record({ patientId, noteId, outcome: "deferred", idempotencyKey: key() });
    const attempts = { update: sql`update eligibility_decision set outcome = 'eligible_at_home' where id = ${d.id}`, delete: sql`delete from eligibility_decision where id = ${d.id}`, truncate: sql`truncate eligibility_decision cascade` };
    for (const [who, db] of [["app", testDb()], ["owner", ownerDb()]] as const) {
      for (const [what, statement] of Object.entries(attempts)) {
        // Inside a transaction that never commits, whatever happens.
        const error = await db
          .transaction(async (tx) => {
            await tx.execute(statement);
            throw new Error("not refused");
          })
          .catch((e: unknown) => e as { message: string; cause?: { message?: string } });
        const message = error.cause?.message ?? error.message;
        // The app role holds no UPDATE/DELETE (revoked by roles.ts) nor TRUNCATE; the owner meets the triggers.
        expect([who, what, message]).toEqual([who, what, expect.stringMatching(who === "app" ? /permission denied/ : /not allowed: the table is append-only/)]);
      }
    }
    const [row] = await decisionRows(patientId);
    expect(row!.outcome).toBe("deferred");
    // The evidence must match its hash, even for the owner.
    const crafted = { ...row!, id: randomUUID(), supersedesId: row!.id, evidence: `${row!.evidence} `, intakeId: intake.id };
    const mismatch = await ownerDb()
      .insert(schema.eligibilityDecision)
      .values(crafted)
      .catch((e: unknown) => e as { cause?: { message?: string } });
    expect((mismatch as { cause?: { message?: string } }).cause?.message).toMatch(/evidence does not match its hash/);
  });
});

describe("expiry and invalidation (DOMAIN.md §2)", () => {
  it("expires once the clinic's expiry days have passed since the decision", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const actor = actorOf(provider, clinic.id, ["provider"]);
    const old = await evaluated(clinic.id, provider);
    const recent = await evaluated(clinic.id, provider);
    const input = { outcome: "eligible_at_home" as const, overrides: [], acknowledgedWarnings: [], attestations: CUFF };
    await recordDecision(testDb(), actor, clinic.id, { ...input, patientId: old.patientId, noteId: old.noteId, idempotencyKey: key() }, new Date(Date.now() - 90 * DAY_MS - 60_000));
    await recordDecision(testDb(), actor, clinic.id, { ...input, patientId: recent.patientId, noteId: recent.noteId, idempotencyKey: key() }, new Date(Date.now() - 90 * DAY_MS + 60_000));
    expect((await provider.caller.decision.current({ patientId: old.patientId })).decision!.status.status).toBe("expired");
    expect((await provider.caller.decision.current({ patientId: recent.patientId })).decision!.status.status).toBe("current");
    expect((await old.patient.caller.decision.mine()).summary!.state).toBe("needs_review");
  });

  it("is invalidated when a newer intake version adds a contraindication; the patient is asked to review, staff see only that it is due", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const admin = await staffSession(clinic.id, ["admin"]);
    const { patientId, noteId, patient } = await evaluated(clinic.id, provider);
    await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    expect((await patient.caller.decision.mine()).summary).toMatchObject({ outcome: "eligible_at_home", state: "current", headline: expect.stringMatching(/at home/) });
    expect(await admin.caller.decision.existence({ patientId })).toMatchObject({ exists: true, reDecisionDue: false });

    await submitIntake(clinic.id, patientId, 2, { psychosisHistory: "yes" });
    const { decision } = await provider.caller.decision.current({ patientId });
    expect(decision!.status).toMatchObject({ status: "invalidated", reasons: [{ code: "new_contraindication", ruleId: "E03" }] });
    const mine = await patient.caller.decision.mine();
    expect(mine.summary!.state).toBe("needs_review");
    // The words the patient reads (the test clinic's random name could spell "e10" by chance).
    const { clinic: _clinic, ...words } = mine.summary!;
    expect(JSON.stringify(words)).not.toMatch(/E\d{2}|psychos|finding/i);
    expect(await admin.caller.decision.existence({ patientId })).toMatchObject({ exists: true, reDecisionDue: true });
  });
});

describe("evaluation findings the proposal reads", () => {
  it("a BP deferral becomes pending once a later signed note has readings, and the recheck makes E06 an OV rule (DOMAIN.md §3 'deferred -> OV once controlled')", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const high = {
      vitals: {
        bpReadings: [
          { systolic: 150, diastolic: 95, takenAt: new Date("2026-03-02T15:05:00Z"), position: "sitting" as const },
          { systolic: 148, diastolic: 96, takenAt: new Date("2026-03-02T15:10:00Z"), position: "sitting" as const },
        ],
      },
    };
    const { patientId, noteId, patient } = await evaluated(clinic.id, provider, { findings: high });
    const { proposal } = await provider.caller.decision.propose({ patientId, noteId, attestations: CUFF });
    expect(proposal.outcome).toBe("deferred");
    expect(proposal.rules.map((r) => `${r.ruleId}:${r.effect}`)).toEqual(["E06:deferred"]);
    const deferred = await provider.caller.decision.record({ patientId, noteId, outcome: "deferred", attestations: CUFF, idempotencyKey: key() });
    expect(deferred.status.status).toBe("current");
    expect((await patient.caller.decision.mine()).summary!.nextSteps.join(" ")).toMatch(/Recheck your blood pressure/);

    const ap = await bookEvaluation(clinic.id, patient, provider);
    const recheck = await signedNote(provider, ap.id, [], []);
    expect((await provider.caller.decision.current({ patientId })).decision!.status).toMatchObject({ status: "pending", reason: expect.stringMatching(/recheck/) });
    const again = await provider.caller.decision.propose({ patientId, noteId: recheck, attestations: CUFF });
    expect(again.proposal).toMatchObject({ outcome: "in_office_only", overridable: ["E06"], atHomeByOverride: true });
  });

  it("a suicide plan reported at the visit fires E11 (in-office, crisis pathway) whatever intake said", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const risk = { riskAssessment: { suicideRisk: "high" as const, suicidePlanReported: true, safetyPlan: "Safety plan agreed; crisis line given.", misuseRisk: "low" as const } };
    const { patientId, noteId } = await evaluated(clinic.id, provider, { findings: risk });
    const { proposal } = await provider.caller.decision.propose({ patientId, noteId, attestations: CUFF });
    expect(proposal).toMatchObject({ outcome: "in_office_only", crisisPathway: true });
    expect(proposal.rules).toEqual([expect.objectContaining({ ruleId: "E11", effect: "in_office_only", origin: "evaluation", reason: expect.stringMatching(/found at the evaluation/) })]);
  });
});

describe("who may see and decide (DOMAIN.md §1)", () => {
  it("providers and prescribers assigned to the patient only; admin and staff are refused, other clinics and unassigned clinicians see nothing", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId } = await evaluated(clinic.id, provider);
    const record = (s: Session) => s.caller.decision.record({ patientId, noteId, outcome: "deferred", idempotencyKey: key() });
    const calls = [(s: Session) => s.caller.decision.propose({ patientId, noteId }), record, (s: Session) => s.caller.decision.current({ patientId })];
    const cases: [string[], string, string][] = [
      [["admin"], clinic.id, "FORBIDDEN"],
      [["staff"], clinic.id, "FORBIDDEN"],
      [["provider"], clinic.id, "NOT_FOUND"],
      [["prescriber"], clinic.id, "NOT_FOUND"],
      [["provider", "prescriber"], other.id, "NOT_FOUND"],
    ];
    for (const [roles, clinicId, code] of cases) {
      const s = await staffSession(clinicId, roles as ("admin" | "staff" | "provider" | "prescriber")[]);
      for (const call of calls) expect([roles.join("+"), clinicId === other.id, (await refusalOf(call(s))).code]).toEqual([roles.join("+"), clinicId === other.id, code]);
    }
    expect(await decisionRows(patientId)).toHaveLength(0);
  });

  it("admin and staff learn only that a decision exists, its date and whether it is due again; not in another clinic; clinicians are refused", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId } = await evaluated(clinic.id, provider);
    const staff = await staffSession(clinic.id, ["staff"]);
    expect(await staff.caller.decision.existence({ patientId })).toEqual({ exists: false, decidedAt: null, expiresAt: null, reDecisionDue: null, inEffect: null });
    const d = await provider.caller.decision.record({ patientId, noteId, outcome: "not_eligible", idempotencyKey: key() });
    for (const roles of [["staff"], ["admin"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      const seen = await s.caller.decision.existence({ patientId });
      expect(seen).toEqual({ exists: true, decidedAt: d.decidedAt, expiresAt: d.expiresAt, reDecisionDue: false, inEffect: true });
      expect(JSON.stringify(seen)).not.toMatch(/not_eligible|E\d{2}/);
    }
    expect((await refusalOf(provider.caller.decision.existence({ patientId }))).code).toBe("FORBIDDEN");
    const elsewhere = await staffSession(other.id, ["admin"]);
    expect((await refusalOf(elsewhere.caller.decision.existence({ patientId }))).code).toBe("NOT_FOUND");
  });

  it("a patient reads only their own decision, in plain words", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId, patient } = await evaluated(clinic.id, provider, { history: { psychosisHistory: "yes" }, confirm: ["E03"] });
    const someoneElse = await patientSession(clinic.id);
    await makePatient(clinic.id);
    expect((await patient.caller.decision.mine()).summary).toBeNull();
    await provider.caller.decision.record({ patientId, noteId, outcome: "in_office_only", attestations: CUFF, idempotencyKey: key() });
    const mine = (await patient.caller.decision.mine()).summary!;
    expect(mine.headline).toMatch(/in the clinic/);
    expect(mine.explanation[0]).toMatch(/mental health history/);
    expect(mine.nextSteps.join(" ")).toMatch(/book a supervised in-office session/);
    expect(mine.clinic.name).toBe(clinic.name);
    expect(JSON.stringify(mine)).not.toMatch(/E\d{2}|noteId|psychosis|finding/);
    expect((await someoneElse.caller.decision.mine()).summary).toBeNull();
  });
});
