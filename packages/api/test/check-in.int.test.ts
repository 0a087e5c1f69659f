import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { testDb } from "./harness";
import { ANSWERS_OK, BP_OK, alertsOf, codeFor, homeWorld, key, openSession, regimenRow, supportReady } from "./regimen-fixtures";

// Issue 13 §5 (DOMAIN.md §2 "Check-in: due -> submitted -> scored"; §6; §7 A1, A2): PHQ-9 and
// GAD-7 together, stored as check-in responses; item 9 >= 1 shows the crisis resources at once and
// raises A1 (the regimen pauses); A2 compares with the last score before the first dose.

const HOUR = 3_600_000;
const PHQ9_ZERO = [0, 0, 0, 0, 0, 0, 0, 0, 0];
const GAD7_ZERO = [0, 0, 0, 0, 0, 0, 0];

async function dueCheckIn(clinicId: string, patientId: string, regimenId: string | null, dueAt = new Date(Date.now() - HOUR)) {
  const [row] = await testDb()
    .insert(schema.checkIn)
    .values({ clinicId, patientId, regimenId, kind: "weekly", dueAt, overdueAt: new Date(dueAt.getTime() + 48 * HOUR) })
    .returning();
  return row!;
}

describe("checkIn.submit", () => {
  it("item 9 answered: the crisis resources come back at once, A1 is raised and the regimen paused, the answers linked to the check-in", async () => {
    const h = await homeWorld();
    const c = await dueCheckIn(h.w.clinicId, h.w.patientId, h.regimenId);
    expect((await h.patient.caller.checkIn.mine()).due).toMatchObject([{ id: c.id, kind: "weekly", kindText: "Weekly check-in", status: "due" }]);
    const out = await h.patient.caller.checkIn.submit({
      checkInId: c.id,
      phq9: { answers: [1, 1, 1, 1, 0, 0, 0, 0, 1], functionalDifficulty: 1 },
      gad7: { answers: [1, 1, 0, 0, 0, 0, 0] },
      idempotencyKey: key(),
    });
    expect(out).toMatchObject({ checkInId: c.id, crisis: true, phq9: { total: 5, band: "mild" }, gad7: { total: 2, band: "minimal" } });
    expect(out.crisisResources?.text).toContain("988");
    expect(out.message).toMatch(/on hold/);
    const [stored] = await testDb().select().from(schema.checkIn).where(eq(schema.checkIn.id, c.id));
    expect(stored).toMatchObject({ status: "scored" });
    const responses = await testDb().select().from(schema.questionnaireResponse).where(eq(schema.questionnaireResponse.patientId, h.w.patientId));
    expect(responses.map((r) => [r.id, r.instrument, r.context]).sort()).toEqual(
      [
        [stored!.phq9ResponseId, "phq9", "check_in"],
        [stored!.gad7ResponseId, "gad7", "check_in"],
      ].sort(),
    );
    expect(await alertsOf(h.w.patientId)).toMatchObject([{ type: "A1", severity: "critical", sourceType: "questionnaire_response", sourceId: stored!.phq9ResponseId }]);
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A1" });
    // No score or answer in the audit row.
    const [audit] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "check_in.submit"), eq(schema.auditEvent.resourceId, c.id)));
    expect(JSON.stringify(audit!.detail)).not.toMatch(/total|answers|item9/);
    // Sent once: a second submit is refused in plain words.
    await expect(h.patient.caller.checkIn.submit({ checkInId: c.id, phq9: { answers: PHQ9_ZERO }, gad7: { answers: GAD7_ZERO }, idempotencyKey: key() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This check-in has already been sent. Thank you.",
    });
    const mine = await h.patient.caller.checkIn.mine();
    expect(mine.due).toEqual([]);
    expect(mine.history).toMatchObject([{ id: c.id, status: "scored", phq9: { total: 5 }, gad7: { total: 2 } }]);
  });

  it("A2: PHQ-9 up 5 from the last score before the first dose (HIGH); no crisis, no pause; a retry answers the same", async () => {
    const h = await homeWorld();
    // Baseline check-in before the first dose.
    const before = await dueCheckIn(h.w.clinicId, h.w.patientId, h.regimenId, new Date(Date.now() - 3 * HOUR));
    await h.patient.caller.checkIn.submit({ checkInId: before.id, phq9: { answers: [1, 1, 1, 1, 0, 0, 0, 0, 0] }, gad7: { answers: [1, 0, 0, 0, 0, 0, 0] }, idempotencyKey: key() });
    // The first dose.
    const support = await supportReady(h);
    const session = (await openSession(h.regimenId))!;
    const supportCode = await codeFor(support.anon, support.token, session.id);
    expect((await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() })).outcome).toBe("passed");
    await h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 20, sideEffects: [], supportSignoffName: "Sam Helper", idempotencyKey: key() });
    expect(await alertsOf(h.w.patientId)).toEqual([]);

    const after = await dueCheckIn(h.w.clinicId, h.w.patientId, h.regimenId, new Date(Date.now() - HOUR));
    const input = { checkInId: after.id, phq9: { answers: [2, 2, 1, 1, 1, 1, 1, 0, 0] }, gad7: { answers: [1, 1, 0, 0, 0, 0, 0] }, idempotencyKey: key() };
    const out = await h.patient.caller.checkIn.submit(input);
    expect(out).toMatchObject({ crisis: false, crisisResources: null, phq9: { total: 9 } });
    expect(await h.patient.caller.checkIn.submit(input)).toEqual(out);
    const alerts = await alertsOf(h.w.patientId);
    expect(alerts).toMatchObject([{ type: "A2", severity: "high", sourceType: "check_in", sourceId: after.id }]);
    expect(alerts[0]!.summary).toMatch(/baseline 4/);
    expect((await regimenRow(h.regimenId)).status).toBe("active");

    const t = await h.patient.caller.checkIn.trend();
    expect(t.phq9.baseline).toBe(4);
    expect(t.phq9.latest).toBe(9);
    expect(t.phq9.points.map((p) => [p.total, p.isBaseline, p.delta])).toEqual([
      [4, true, null],
      [9, false, 5],
    ]);
    expect(t.phq9.text).toMatch(/up from 4/);
    expect(t.gad7.bands.length).toBe(4);
  });

  it("refuses answers of the wrong length, a check-in not open yet, and another patient's check-in (NOT_FOUND)", async () => {
    const h = await homeWorld();
    const other = await homeWorld();
    const c = await dueCheckIn(h.w.clinicId, h.w.patientId, h.regimenId);
    await expect(h.patient.caller.checkIn.submit({ checkInId: c.id, phq9: { answers: [0, 0, 0] }, gad7: { answers: GAD7_ZERO }, idempotencyKey: key() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const future = await dueCheckIn(h.w.clinicId, h.w.patientId, h.regimenId, new Date(Date.now() + 5 * 24 * HOUR));
    await expect(h.patient.caller.checkIn.submit({ checkInId: future.id, phq9: { answers: PHQ9_ZERO }, gad7: { answers: GAD7_ZERO }, idempotencyKey: key() })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect((await h.patient.caller.checkIn.mine()).due.map((d) => d.id)).toEqual([c.id]);
    await expect(other.patient.caller.checkIn.submit({ checkInId: c.id, phq9: { answers: PHQ9_ZERO }, gad7: { answers: GAD7_ZERO }, idempotencyKey: key() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await testDb().select().from(schema.checkIn).where(eq(schema.checkIn.id, c.id));
    expect(row!.status).toBe("due");
    const denied = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "check_in.submit"), eq(schema.auditEvent.outcome, "denied"), eq(schema.auditEvent.resourceId, c.id)));
    expect(denied).toHaveLength(1);
  });
});
