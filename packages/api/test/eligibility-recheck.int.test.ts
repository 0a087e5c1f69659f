import { schema } from "@clearwell/db/client";
import type { TFollowUpFindings } from "@clearwell/validators/note";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { CUFF, JUSTIFICATION, type Session, evaluated, key, refusalOf, submitIntake } from "./decision-fixtures";
import { PASSWORD, makeClinic, providerCaller, staffSession, testDb } from "./harness";

// DOMAIN.md §8 "A": continued eligibility = the §3 rules re-run at the follow-up, changes highlighted.

const DAY = 86_400_000;
const SOAP = { subjective: "", objective: "", assessment: "", plan: "" };
const ASSESSMENT: NonNullable<TFollowUpFindings["assessment"]> = {
  response: "response",
  tolerability: "well_tolerated",
  riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
  continuedEligibility: "unchanged",
};
const PLAN = { action: "continue" as const, nextFollowUpOn: new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10), checkInCadence: "weekly" as const };

let slot = 0;
/** A follow-up visit of `provider` for the patient, its draft opened. */
async function followUpDraft(clinicId: string, patientId: string, provider: Session, bookedBy: string) {
  const startsAt = new Date(Date.now() + 3 * DAY + 60 * 60_000 * slot++);
  const [ap] = await testDb()
    .insert(schema.appointment)
    .values({ clinicId, patientId, providerUserId: provider.user.id, kind: "follow_up", startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000), patientState: "CO", patientTimezone: "America/Denver", bookedByUserId: bookedBy })
    .returning();
  return provider.caller.note.openForVisit({ appointmentId: ap!.id });
}

const save = (provider: Session, draft: { id: string; updatedAt: Date }, assessment: NonNullable<TFollowUpFindings["assessment"]>) =>
  provider.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, followUp: { assessment, plan: PLAN }, baseUpdatedAt: draft.updatedAt });

describe("decision.recheck: the rules re-run beside the current decision", () => {
  it("without a decision says so and still re-runs; with one, 'no change'; a new intake adding E03 is a new, stricter rule", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId } = await evaluated(clinic.id, provider);

    const none = await provider.caller.decision.recheck({ patientId });
    expect(none).toMatchObject({ decision: null, unavailable: null, comparison: null, rerun: { outcome: "deferred", evaluationNoteId: noteId, intakeVersion: 1 } });
    // Without the decision's attestation the cuff is not confirmed yet (E17 defers).
    expect(none.rerun!.rules.map((r) => `${r.ruleId}:${r.effect}`)).toEqual(["E17:deferred"]);

    const d = await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    const same = await provider.caller.decision.recheck({ patientId });
    expect(same.decision).toMatchObject({ id: d.id, outcome: "eligible_at_home", status: "current", evidenceSha256: d.evidenceSha256, decidedAt: d.decidedAt.toISOString() });
    expect(same.rerun).toMatchObject({ outcome: "eligible_at_home", rules: [] });
    expect(same.comparison).toEqual({ effectiveOutcome: "eligible_at_home", outcomeStricter: false, reasonRuleIds: [], changes: [], unchanged: true });

    await submitIntake(clinic.id, patientId, 2, { psychosisHistory: "yes" });
    const after = await provider.caller.decision.recheck({ patientId });
    expect(after.decision).toMatchObject({ status: "invalidated", statusReasons: [{ ruleId: "E03", message: expect.stringMatching(/version 2 adds E03/) }] });
    expect(after.rerun).toMatchObject({ outcome: "in_office_only", intakeVersion: 2 });
    expect(after.comparison).toMatchObject({ effectiveOutcome: "in_office_only", outcomeStricter: true, reasonRuleIds: ["E03"], unchanged: false });
    expect(after.comparison!.changes).toEqual([{ ruleId: "E03", kind: "new", before: null, now: "in_office_only", text: expect.stringMatching(/^E03 fires now \(in-office only\)/) }]);

    // Audited as a read of the decision, never on the clinical timeline.
    const audits = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, d.id), eq(schema.auditEvent.action, "decision.read")));
    expect(audits.filter((a) => (a.detail as { recheck?: boolean } | null)?.recheck === true)).toHaveLength(2);
  });

  it("an OV rule the decision overrode still stands: at home by override is not reported as stricter", async () => {
    const clinic = await makeClinic();
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const { patientId, noteId } = await evaluated(clinic.id, prescriber, { history: { priorSevereKetamineReaction: "yes" }, confirm: ["E22"] });
    await prescriber.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", overrides: [{ ruleId: "E22", ...JUSTIFICATION }], attestations: CUFF, idempotencyKey: key() });
    const r = await prescriber.caller.decision.recheck({ patientId });
    expect(r.decision).toMatchObject({ overriddenRuleIds: ["E22"], status: "current" });
    expect(r.rerun).toMatchObject({ outcome: "in_office_only", atHomeByOverride: true });
    expect(r.comparison).toMatchObject({ effectiveOutcome: "eligible_at_home", outcomeStricter: false, unchanged: true });
  });

  it("provider and prescriber on the care team only; admin and staff refused; unassigned, other clinic NOT_FOUND; a patient session refused", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, patient } = await evaluated(clinic.id, provider);
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId, userId: prescriber.user.id, role: "prescriber" });
    expect((await prescriber.caller.decision.recheck({ patientId })).decision).toBeNull();

    const cases: [("admin" | "staff" | "provider" | "prescriber")[], string, string][] = [
      [["admin"], clinic.id, "FORBIDDEN"],
      [["staff"], clinic.id, "FORBIDDEN"],
      [["provider"], clinic.id, "NOT_FOUND"],
      [["prescriber"], clinic.id, "NOT_FOUND"],
      [["provider", "prescriber"], other.id, "NOT_FOUND"],
    ];
    for (const [roles, clinicId, code] of cases) {
      const s = await staffSession(clinicId, roles);
      expect([roles.join("+"), clinicId === other.id, (await refusalOf(s.caller.decision.recheck({ patientId }))).code]).toEqual([roles.join("+"), clinicId === other.id, code]);
    }
    const denied = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, patientId), eq(schema.auditEvent.action, "decision.recheck"), eq(schema.auditEvent.outcome, "denied")));
    expect(denied.length).toBeGreaterThanOrEqual(2);

    const token = patient.headers.get("cookie")!.split("=")[1];
    const asPatient = await providerCaller(new Headers({ cookie: `cw-provider.session_token=${token}` }));
    expect((await refusalOf(asPatient.decision.recheck({ patientId }))).code).toBe("UNAUTHORIZED");
  });
});

describe("signing a follow-up note with the re-run (DOMAIN.md §8 'A')", () => {
  it("a new intake adding an IO rule after the decision refuses 'unchanged' naming the rule; a new decision needed, explained, signs and keeps what was seen", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId, patient } = await evaluated(clinic.id, provider);
    const d = await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    await submitIntake(clinic.id, patientId, 2, { psychosisHistory: "yes" });

    let draft = await followUpDraft(clinic.id, patientId, provider, patient.user!.id);
    let saved = await save(provider, draft, ASSESSMENT);
    const refused = await refusalOf(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt }));
    expect(refused.code).toBe("UNPROCESSABLE_CONTENT");
    expect(refused.reasons).toEqual([expect.stringMatching(/^Continued eligibility: .*in-office only because of E03, stricter than the current decision \(eligible at home\)/)]);

    // A client cannot write the re-run itself.
    const forged = await refusalOf(
      provider.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, followUp: { assessment: ASSESSMENT, plan: PLAN, eligibilityRecheck: { unchanged: true } } as never, baseUpdatedAt: saved.updatedAt }),
    );
    expect(forged.code).toBe("BAD_REQUEST");

    saved = await save(provider, saved, { ...ASSESSMENT, continuedEligibility: "needs_new_decision", eligibilityComment: "New psychosis history on intake v2." });
    const signed = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt });
    const note = await provider.caller.note.get({ noteId: signed.id });
    const kept = note.followUp!.eligibilityRecheck!;
    expect(kept).toMatchObject({
      decision: { id: d.id, evidenceSha256: d.evidenceSha256, outcome: "eligible_at_home", status: "invalidated" },
      rerun: { outcome: "in_office_only", intakeVersion: 2, rules: [expect.objectContaining({ ruleId: "E03", effect: "in_office_only" })] },
      comparison: { outcomeStricter: true, reasonRuleIds: ["E03"] },
    });
    // Covered by the signature's hash.
    expect(note.signedContent).toContain('"eligibilityRecheck"');
    expect(note.signedContent).toContain(d.evidenceSha256);

    // With nothing changed since a new decision, 'unchanged' signs and the note keeps "unchanged".
    await provider.caller.decision.record({ patientId, noteId, outcome: "in_office_only", attestations: CUFF, idempotencyKey: key() });
    draft = await followUpDraft(clinic.id, patientId, provider, patient.user!.id);
    saved = await save(provider, draft, ASSESSMENT);
    const ok = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt });
    const second = await provider.caller.note.get({ noteId: ok.id });
    expect(second.followUp!.eligibilityRecheck!.comparison).toMatchObject({ unchanged: true, changes: [] });
  });

  it("a new OV rule not overridden also refuses 'unchanged'; 'changed' without a comment is refused; a patient without a decision signs 'unchanged'", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patientId, noteId, patient } = await evaluated(clinic.id, provider);
    await provider.caller.decision.record({ patientId, noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
    await submitIntake(clinic.id, patientId, 2, { priorSevereKetamineReaction: "yes" });
    const draft = await followUpDraft(clinic.id, patientId, provider, patient.user!.id);
    let saved = await save(provider, draft, ASSESSMENT);
    const refused = await refusalOf(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt }));
    expect(refused.reasons).toEqual([expect.stringMatching(/because of E22/)]);
    saved = await save(provider, saved, { ...ASSESSMENT, continuedEligibility: "changed" });
    expect((await refusalOf(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: saved.updatedAt }))).reasons).toEqual([expect.stringMatching(/what changed about eligibility/)]);

    const fresh = await evaluated(clinic.id, provider);
    const other = await followUpDraft(clinic.id, fresh.patientId, provider, fresh.patient.user!.id);
    const otherSaved = await save(provider, other, ASSESSMENT);
    const ok = await provider.caller.note.sign({ noteId: other.id, reauth: { password: PASSWORD }, expectedVersion: otherSaved.updatedAt });
    expect((await provider.caller.note.get({ noteId: ok.id })).followUp!.eligibilityRecheck).toMatchObject({ decision: null, comparison: null, rerun: { outcome: "deferred" } });
  });
});
