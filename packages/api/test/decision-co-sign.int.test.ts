import { randomUUID } from "node:crypto";

import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import type { Actor } from "../src/actor";
import { recordDecision } from "../src/services/decision/decision";
import { CUFF, JUSTIFICATION, type Session, evaluated, key, refusalOf, submitIntake } from "./decision-fixtures";
import { PASSWORD, makeClinic, ownerDb, providerCaller, staffSession, testAuth, testDb } from "./harness";

const DAY_MS = 24 * 60 * 60 * 1000;
const db = () => testDb();
const cs = schema.decisionCoSignature;

const auditOf = (resourceId: string, action: string) =>
  db()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.resourceId, resourceId), eq(schema.auditEvent.action, action)))
    .orderBy(schema.auditEvent.occurredAt);
const coSignatureRows = (decisionId: string) => db().select().from(cs).where(eq(cs.decisionId, decisionId));
const addToCareTeam = (clinicId: string, patientId: string, s: Session, role: "prescriber" | "primary_provider" = "prescriber") =>
  db().insert(schema.careTeamMember).values({ clinicId, patientId, userId: s.user.id, role });
const actorOf = (s: Session, clinicId: string, roles: string[]): Actor => ({ userId: s.user.id, kind: "staff", roles, clinicId, meta: { requestId: randomUUID(), ipAddress: null, userAgent: "vitest" } });

/**
 * A clinic requiring override co-signature (set by its admin), a deciding prescriber (A, who held
 * the evaluation), a second prescriber on the care team (B) and a patient whose confirmed E22 (OV)
 * stands between them and at-home treatment.
 */
async function setting() {
  const clinic = await makeClinic();
  const admin = await staffSession(clinic.id, ["admin"]);
  expect(await admin.caller.clinic.eligibility()).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 90 });
  expect(await admin.caller.clinic.updateEligibility({ overrideCoSignRequired: true })).toEqual({ overrideCoSignRequired: true, eligibilityExpiryDays: 90 });
  const decider = await staffSession(clinic.id, ["provider", "prescriber"]);
  const coSigner = await staffSession(clinic.id, ["prescriber"]);
  const evaluation = await evaluated(clinic.id, decider, { history: { priorSevereKetamineReaction: "yes" }, confirm: ["E22"] });
  await addToCareTeam(clinic.id, evaluation.patientId, coSigner);
  const base = { patientId: evaluation.patientId, noteId: evaluation.noteId, outcome: "eligible_at_home" as const, attestations: CUFF };
  /** Records at-home with E22 overridden, naming `coSignerUserId` (B by default; null: nobody). */
  const decide = (coSignerUserId: string | null = coSigner.user.id) =>
    decider.caller.decision.record({ ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION, ...(coSignerUserId ? { coSignerUserId } : {}) }], idempotencyKey: key() });
  return { clinic, admin, decider, coSigner, ...evaluation, base, decide };
}

describe("an override the clinic requires co-signed is recorded, and not in effect until the named prescriber co-signs (issue 11 §3)", () => {
  it("record → awaiting_co_sign everywhere; co-sign with re-auth → current; a retry returns the same co-signature", async () => {
    const { clinic, admin, decider, coSigner, patient, patientId, decide } = await setting();

    // The decider chooses among the clinic's other prescribers on the care team: id and name only.
    expect(await decider.caller.decision.coSigners({ patientId })).toEqual({ coSigners: [{ userId: coSigner.user.id, name: coSigner.user.name }] });

    const recorded = await decide();
    expect(recorded.status).toMatchObject({ status: "awaiting_co_sign", reason: expect.stringMatching(/co-signs/) });
    expect(recorded.coSigners).toEqual([{ userId: coSigner.user.id, name: coSigner.user.name, state: "awaiting", at: null, method: null, reason: null, evidenceSha256: null }]);
    expect((await decider.caller.decision.current({ patientId })).decision!.status.status).toBe("awaiting_co_sign");
    // The patient hears it is still being decided, never the outcome.
    const waiting = (await patient.caller.decision.mine()).summary!;
    expect(waiting).toMatchObject({ outcome: null, state: "being_decided", headline: "Your clinician is still finishing your decision" });
    expect(JSON.stringify({ ...waiting, clinic: null })).not.toMatch(/at home is|eligible_at_home|E\d{2}/);
    // Admin and staff: a decision exists, not in effect, nothing to re-decide.
    expect(await admin.caller.decision.existence({ patientId })).toEqual({ exists: true, decidedAt: recorded.decidedAt, expiresAt: recorded.expiresAt, reDecisionDue: false, inEffect: false });

    // It waits on the co-signer's dashboard, not on the decider's.
    expect((await coSigner.caller.decision.awaitingMyCoSign()).items).toEqual([
      { decisionId: recorded.id, patientId, patientName: `${patient.patient.givenName} ${patient.patient.familyName}`, deciderName: decider.user.name, decidedAt: recorded.decidedAt, expiresAt: recorded.expiresAt, overriddenRuleIds: ["E22"] },
    ]);
    expect((await decider.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    expect((await auditOf(recorded.id, "decision.co_sign_queue")).map((a) => [a.actorUserId, a.patientId])).toEqual([[coSigner.user.id, patientId]]);

    const signed = await coSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } });
    expect(signed.status.status).toBe("current");
    expect(signed.coSigners).toEqual([
      { userId: coSigner.user.id, name: coSigner.user.name, state: "co_signed", at: expect.any(Date), method: "password", reason: null, evidenceSha256: recorded.evidenceSha256 },
    ]);
    // A retry (a double click, a lost response) returns the same co-signature.
    const again = await coSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } });
    expect(again.coSigners).toEqual(signed.coSigners);
    const rows = await coSignatureRows(recorded.id);
    expect(rows.map((r) => [r.coSignerUserId, r.verdict, r.reauthMethod, r.evidenceSha256])).toEqual([[coSigner.user.id, "co_signed", "password", recorded.evidenceSha256]]);
    expect((await auditOf(recorded.id, "decision.co_sign")).map((a) => [a.outcome, a.detail])).toEqual([["success", { sha256: recorded.evidenceSha256, reauth: "password", status: "current" }]]);
    expect((await auditOf(recorded.id, "decision.read")).map((a) => a.detail)).toContainEqual({ replay: "decision.co_sign", reauth: "password" });

    expect((await decider.caller.decision.current({ patientId })).decision!.status.status).toBe("current");
    // The chart's timeline shows the co-signature once (the retry was a read).
    expect((await decider.caller.chart.get({ patientId })).timeline.filter((t) => t.action === "decision.co_sign").map((t) => t.actorName)).toEqual([coSigner.user.name]);
    expect((await patient.caller.decision.mine()).summary).toMatchObject({ outcome: "eligible_at_home", state: "current" });
    expect(await admin.caller.decision.existence({ patientId })).toMatchObject({ reDecisionDue: false, inEffect: true });
    expect((await coSigner.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    // Once co-signed it cannot be declined.
    expect(await refusalOf(coSigner.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "Changed my mind about it.", reauth: { password: PASSWORD } }))).toMatchObject({ code: "CONFLICT" });

    // The clinic setting is audited; a decision already recorded keeps its co-signer requirement.
    const settings = await db().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, clinic.id), eq(schema.auditEvent.action, "clinic.eligibility.update")));
    expect(settings.map((a) => a.detail)).toEqual([{ overrideCoSignRequired: { from: false, to: true } }]);
  });

  it("refuses a missing or wrong re-authentication, audited; accepts a current TOTP code", async () => {
    const { clinic, decide, patientId } = await setting();
    // A co-signer enrolled in TOTP, the way sign-in enrols them.
    const s = await staffSession(clinic.id, ["prescriber"], { mfa: false });
    const auth = testAuth("provider");
    const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
    if (enabled.method !== "totp") throw new Error("expected totp");
    const otp = createOTP(new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!)), { digits: 6, period: 30 });
    const verified = await auth.api.verifyTOTP({ body: { code: await otp.totp() }, headers: s.headers, returnHeaders: true });
    const headers = new Headers({ cookie: verified.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "user-agent": "vitest" });
    const totpSigner = { ...s, headers, caller: await providerCaller(headers) };
    await addToCareTeam(clinic.id, patientId, totpSigner);

    const recorded = await decide(totpSigner.user.id);
    const missing = await refusalOf(totpSigner.caller.decision.coSign({ decisionId: recorded.id }));
    expect(missing).toMatchObject({ code: "PRECONDITION_FAILED", message: "Re-enter your password or an authenticator code to co-sign." });
    expect(await refusalOf(totpSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: "not-the-password-1" } }))).toMatchObject({ code: "PRECONDITION_FAILED", message: "That password is not right." });
    const code = await otp.totp();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await refusalOf(totpSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { totp: wrong } }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await coSignatureRows(recorded.id)).toEqual([]);
    expect((await auditOf(recorded.id, "decision.co_sign")).map((a) => [a.outcome, (a.detail as { reason: string }).reason])).toEqual([
      ["denied", "reauth_missing"],
      ["denied", "reauth_failed"],
      ["denied", "reauth_failed"],
    ]);

    const signed = await totpSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { totp: code } });
    expect(signed.coSigners[0]).toMatchObject({ state: "co_signed", method: "totp" });
    expect(signed.status.status).toBe("current");
  });
});

describe("who may co-sign (DOMAIN.md §1 'Override an OV rule: prescriber A ... (co-sign C)')", () => {
  it("never the decider, another prescriber not named, an unassigned prescriber, admin, staff, a provider or another clinic; each refusal audited", async () => {
    const { clinic, decider, patientId, decide } = await setting();
    const recorded = await decide();
    const other = await makeClinic();
    const notNamed = await staffSession(clinic.id, ["prescriber"]);
    await addToCareTeam(clinic.id, patientId, notNamed);
    const unassigned = await staffSession(clinic.id, ["prescriber"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    await addToCareTeam(clinic.id, patientId, provider, "primary_provider");
    const cases: [string, Session, string][] = [
      ["decider", decider, "FORBIDDEN"],
      ["another prescriber on the care team, not named", notNamed, "FORBIDDEN"],
      ["a prescriber not on the care team", unassigned, "NOT_FOUND"],
      ["admin", await staffSession(clinic.id, ["admin"]), "FORBIDDEN"],
      ["staff", await staffSession(clinic.id, ["staff"]), "FORBIDDEN"],
      ["provider on the care team", provider, "FORBIDDEN"],
      ["a prescriber of another clinic", await staffSession(other.id, ["prescriber"]), "NOT_FOUND"],
    ];
    for (const [who, s, code] of cases) {
      const refused = await refusalOf(s.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } }));
      expect([who, refused.code]).toEqual([who, code]);
      const declined = await refusalOf(s.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "I do not agree with this.", reauth: { password: PASSWORD } }));
      expect([who, declined.code]).toEqual([who, code]);
    }
    expect((await refusalOf(decider.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } }))).message).toMatch(/cannot co-sign your own decision/);
    expect((await refusalOf(notNamed.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } }))).message).toMatch(/does not name you/);
    expect(await coSignatureRows(recorded.id)).toEqual([]);
    // Refusals by the service are audited on the decision (or the patient / the decision id when out of scope).
    const denials = await db()
      .select({ actor: schema.auditEvent.actorUserId, action: schema.auditEvent.action, outcome: schema.auditEvent.outcome })
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.outcome, "denied"), sql`${schema.auditEvent.action} in ('decision.co_sign', 'decision.co_sign_decline', 'procedure.denied')`, sql`${schema.auditEvent.clinicId} in (${clinic.id}, ${other.id})`));
    for (const [, s] of cases) expect(denials.filter((x) => x.actor === s.user.id).length, s.user.name).toBeGreaterThanOrEqual(2);
    // Nothing else awaits any of them, and the queue is for prescribers.
    expect((await notNamed.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    expect((await unassigned.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    expect((await refusalOf(provider.caller.decision.awaitingMyCoSign())).code).toBe("FORBIDDEN");
    expect((await refusalOf(unassigned.caller.decision.coSigners({ patientId }))).code).toBe("NOT_FOUND");
  });

  it("record names only another prescriber on the patient's care team, and one is required when the clinic says so", async () => {
    const { clinic, decider, patientId, decide, base } = await setting();
    const unassigned = await staffSession(clinic.id, ["prescriber"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    await addToCareTeam(clinic.id, patientId, provider, "primary_provider");
    const reasons = async (coSignerUserId: string | null) => (await refusalOf(decide(coSignerUserId))).reasons;
    expect(await reasons(null)).toEqual(["E22: this clinic requires a second prescriber to co-sign overrides. Choose who co-signs."]);
    expect(await reasons(decider.user.id)).toEqual(["E22: you cannot co-sign your own override. Choose another prescriber."]);
    expect(await reasons(provider.user.id)).toEqual(["E22: the co-signer must be a prescriber of this clinic."]);
    expect(await reasons(unassigned.user.id)).toEqual(["E22: the co-signer must be on this patient's care team. Choose a prescriber who is, or ask an admin to add one."]);
    expect(await db().select().from(schema.eligibilityDecision).where(eq(schema.eligibilityDecision.patientId, patientId))).toEqual([]);
    // A retried record with its key returns the same awaiting decision.
    const k = key();
    const input = { ...base, overrides: [{ ruleId: "E22", ...JUSTIFICATION, coSignerUserId: (await decider.caller.decision.coSigners({ patientId })).coSigners[0]!.userId }], idempotencyKey: k };
    const first = await decider.caller.decision.record(input);
    expect((await decider.caller.decision.record(input)).id).toBe(first.id);
    expect(first.status.status).toBe("awaiting_co_sign");
  });

  it("co-sign is a prescriber procedure: the router refuses every other role", async () => {
    const clinic = await makeClinic();
    for (const role of ["admin", "staff", "provider"] as const) {
      const s = await staffSession(clinic.id, [role]);
      for (const call of [
        () => s.caller.decision.coSign({ decisionId: randomUUID(), reauth: { password: PASSWORD } }),
        () => s.caller.decision.declineCoSign({ decisionId: randomUUID(), reason: "Not agreed at all.", reauth: { password: PASSWORD } }),
        () => s.caller.decision.awaitingMyCoSign(),
        () => s.caller.decision.coSigners({ patientId: randomUUID() }),
      ]) {
        expect([role, (await refusalOf(call())).code]).toEqual([role, "FORBIDDEN"]);
      }
    }
    // The clinic setting is the admin's (DOMAIN.md §1 clinic admin: thresholds).
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect((await refusalOf(s.caller.clinic.updateEligibility({ overrideCoSignRequired: true }))).code).toBe("FORBIDDEN");
    }
  });
});

describe("what can no longer be co-signed", () => {
  it("a superseded decision: the decider recorded a new one meanwhile", async () => {
    const { decider, coSigner, patientId, noteId, decide } = await setting();
    const first = await decide();
    const second = await decider.caller.decision.record({ patientId, noteId, outcome: "in_office_only", attestations: CUFF, idempotencyKey: key() });
    expect(second).toMatchObject({ supersedesId: first.id, status: { status: "current" }, coSigners: [] });
    const refused = await refusalOf(coSigner.caller.decision.coSign({ decisionId: first.id, reauth: { password: PASSWORD } }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/newer decision replaces this one/) });
    expect((await auditOf(first.id, "decision.co_sign")).map((a) => [a.outcome, (a.detail as { reason: string }).reason])).toEqual([["denied", "superseded"]]);
    expect((await coSigner.caller.decision.awaitingMyCoSign()).items).toEqual([]);
  });

  it("an expired decision, and one invalidated by a newer intake", async () => {
    const { clinic, decider, coSigner, patientId, noteId } = await setting();
    const input = { patientId, noteId, outcome: "eligible_at_home" as const, attestations: CUFF, acknowledgedWarnings: [], overrides: [{ ruleId: "E22", ...JUSTIFICATION, coSignerUserId: coSigner.user.id }] };
    const old = await recordDecision(testDb(), actorOf(decider, clinic.id, ["provider", "prescriber"]), clinic.id, { ...input, idempotencyKey: key() }, new Date(Date.now() - 91 * DAY_MS));
    expect((await decider.caller.decision.current({ patientId })).decision!.status.status).toBe("expired");
    expect((await coSigner.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    expect(await refusalOf(coSigner.caller.decision.coSign({ decisionId: old.id, reauth: { password: PASSWORD } }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/expired/) });

    const fresh = await decider.caller.decision.record({ ...input, idempotencyKey: key() });
    expect(fresh.status.status).toBe("awaiting_co_sign");
    await submitIntake(clinic.id, patientId, 2, { priorSevereKetamineReaction: "yes", psychosisHistory: "yes" });
    expect((await coSigner.caller.decision.awaitingMyCoSign()).items).toEqual([]);
    expect(await refusalOf(coSigner.caller.decision.coSign({ decisionId: fresh.id, reauth: { password: PASSWORD } }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/information changed/) });
  });

  it("a declined decision: never in effect; the decider sees why and records a new one", async () => {
    const { admin, decider, coSigner, patient, patientId, decide } = await setting();
    const recorded = await decide();
    expect((await refusalOf(coSigner.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "short", reauth: { password: PASSWORD } }))).code).toBe("BAD_REQUEST");
    expect((await refusalOf(coSigner.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "Not enough evidence of the reaction history." })))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/to decline/) });
    const declined = await coSigner.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "Not enough evidence of the reaction history.", reauth: { password: PASSWORD } });
    expect(declined.status).toMatchObject({ status: "co_sign_declined", reason: expect.stringMatching(/declined/) });
    expect(declined.coSigners).toEqual([expect.objectContaining({ state: "declined", reason: "Not enough evidence of the reaction history.", method: "password" })]);
    // A retry of the decline returns it; a co-signature after it is refused.
    expect((await coSigner.caller.decision.declineCoSign({ decisionId: recorded.id, reason: "Not enough evidence of the reaction history.", reauth: { password: PASSWORD } })).status.status).toBe("co_sign_declined");
    expect(await refusalOf(coSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } }))).toMatchObject({ code: "CONFLICT" });
    expect((await decider.caller.decision.current({ patientId })).decision!.coSigners[0]!.state).toBe("declined");
    expect((await patient.caller.decision.mine()).summary).toMatchObject({ outcome: null, state: "being_decided" });
    expect(await admin.caller.decision.existence({ patientId })).toMatchObject({ reDecisionDue: true, inEffect: false });
    // The decline's words stay out of the audit log.
    const audit = await auditOf(recorded.id, "decision.co_sign_decline");
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toMatch(/evidence of the reaction/);

    const next = await decide();
    expect(next).toMatchObject({ supersedesId: recorded.id, status: { status: "awaiting_co_sign" } });
  });
});

describe("co-signatures are append-only (DOMAIN.md §2 'Immutable')", () => {
  it("the database refuses UPDATE, DELETE and TRUNCATE to the app role and the owner, and crafted inserts", async () => {
    const { decider, coSigner, decide } = await setting();
    const recorded = await decide();
    await coSigner.caller.decision.coSign({ decisionId: recorded.id, reauth: { password: PASSWORD } });
    const [row] = await coSignatureRows(recorded.id);
    const t = "eligibility_decision_co_signature";
    const attempts = {
      update: sql`update ${sql.identifier(t)} set verdict = 'declined', reason = 'rewritten afterwards' where id = ${row!.id}`,
      delete: sql`delete from ${sql.identifier(t)} where id = ${row!.id}`,
      truncate: sql`truncate ${sql.identifier(t)}`,
    };
    for (const [who, conn] of [["app", testDb()], ["owner", ownerDb()]] as const) {
      for (const [what, statement] of Object.entries(attempts)) {
        const error = await conn
          .transaction(async (tx) => {
            await tx.execute(statement);
            throw new Error("not refused");
          })
          .catch((e: unknown) => e as { message: string; cause?: { message?: string } });
        const message = error.cause?.message ?? error.message;
        expect([who, what, message]).toEqual([who, what, expect.stringMatching(who === "app" ? /permission denied/ : /not allowed: the table is append-only/)]);
      }
    }
    expect((await coSignatureRows(recorded.id)).map((r) => r.verdict)).toEqual(["co_signed"]);

    // Even the owner cannot insert a co-signature the decision does not call for.
    const second = await decide();
    const crafted = { clinicId: row!.clinicId, patientId: row!.patientId, decisionId: second.id, coSignerUserId: coSigner.user.id, verdict: "co_signed" as const, signedAt: new Date(), reauthMethod: "password", evidenceSha256: second.evidenceSha256 };
    const refused = async (values: typeof crafted) =>
      ownerDb()
        .insert(cs)
        .values(values)
        .then(
          () => "inserted",
          (e: { cause?: { message?: string } }) => e.cause?.message ?? "",
        );
    expect(await refused({ ...crafted, evidenceSha256: "0".repeat(64) })).toMatch(/evidence hash/);
    expect(await refused({ ...crafted, coSignerUserId: decider.user.id })).toMatch(/not co-signed by its decider/);
    const stranger = await staffSession(row!.clinicId, ["prescriber"]);
    expect(await refused({ ...crafted, coSignerUserId: stranger.user.id })).toMatch(/overrides name/);
    expect(await refused({ ...crafted, decisionId: recorded.id, evidenceSha256: recorded.evidenceSha256 })).toMatch(/superseded|duplicate key/);
  });
});
