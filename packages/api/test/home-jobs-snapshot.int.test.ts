/**
 * The follow-up note's interval snapshot with home doses (DOMAIN.md §8 "doses taken/missed since last
 * signed note (date, dose, pre-dose BP, support attestation, side effects)"; §6 baseline = the last
 * score before the first dose), built from a dose taken through the real gate and log, and a
 * session the home sweep marked missed.
 */
import { sessionMissedAt } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { describe, expect, it } from "vitest";

import { buildIntervalSnapshot } from "../src/services/note/interval-snapshot";
import { sweepHome } from "../src/services/safety/jobs/home-sweep";
import { testDb } from "./harness";
import { ANSWERS_OK, BP_OK, PATIENT_ZONE, codeFor, homeWorld, key, openSession, supportReady } from "./regimen-fixtures";

const DAY = 86_400_000;
/** The visit the note would be written for: none of the patient's, so every visit counts. */
const NO_VISIT = "00000000-0000-4000-8000-000000000000";

async function score(clinicId: string, patientId: string, instrument: "phq9" | "gad7", total: number, context: "intake" | "check_in", completedAt: Date) {
  const answers = instrument === "phq9" ? [1, 1, 1, 1, 1, 1, 1, 1, 0] : [1, 1, 1, 1, 1, 1, 1];
  const [row] = await testDb()
    .insert(schema.questionnaireResponse)
    .values({ clinicId, patientId, instrument, context, answers, total, severity: "moderate", completedAt })
    .returning({ id: schema.questionnaireResponse.id });
  return row!.id;
}

describe("interval snapshot: doses and the baseline before the first dose", () => {
  it("lists the dose taken (BP, support attestation, side effects, mg) and the missed one; the baseline is the last score before the first dose", async () => {
    const h = await homeWorld();
    const { clinicId, patientId } = h.w;
    const t = Date.now();
    const intake = await score(clinicId, patientId, "phq9", 16, "intake", new Date(t - 20 * DAY));
    const preDose = await score(clinicId, patientId, "phq9", 14, "check_in", new Date(t - DAY));

    const support = await supportReady(h);
    const session = (await openSession(h.regimenId))!;
    const supportCode = await codeFor(support.anon, support.token, session.id);
    expect((await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() })).outcome).toBe("passed");
    await h.patient.caller.dose.log({
      sessionId: session.id,
      takenAt: new Date(),
      unitsTaken: 1,
      dissociationMinutes: 40,
      sideEffects: [{ code: "nausea", severity: "mild" }],
      supportSignoffName: "Sam Helper",
      idempotencyKey: key(),
    });
    const afterDose = await score(clinicId, patientId, "phq9", 7, "check_in", new Date(Date.now() + 1000));

    // The next session passes unlogged: the sweep marks it missed.
    const next = (await openSession(h.regimenId))!;
    const missedAt = sessionMissedAt(next.scheduledDate, PATIENT_ZONE, 6);
    expect(await sweepHome(testDb(), missedAt, { clinicIds: [clinicId] })).toMatchObject({ missedSessions: 1 });

    const snap = await testDb().transaction((tx) => buildIntervalSnapshot(tx, { clinicId, patientId, appointmentId: NO_VISIT }, new Date(missedAt.getTime() + 60_000)));
    const doses = snap.sections.find((s) => s.kind === "doses");
    expect(doses).toMatchObject({
      kind: "doses",
      sourceIds: [session.id, next.id],
      taken: [{ id: session.id, bp: "128/82", bpFirst: null, supportConfirmed: true, supportSignoffName: "Sam Helper", sideEffects: [{ code: "nausea", severity: "mild" }], unitsTaken: 1, doseMg: 200, dissociationMinutes: 40 }],
      missed: [{ id: next.id, missedAt: missedAt.toISOString() }],
      bpHighest: { systolic: 128, diastolic: 82 },
      sideEffectCounts: { nausea: { count: 1, severe: 0 } },
    });
    expect(snap.sourceIds.doses).toEqual([session.id, next.id]);
    const scores = snap.sections.find((s) => s.kind === "scores");
    // The check-in the day before the dose is the baseline, not the older intake score.
    expect(scores).toMatchObject({ phq9: { baseline: { id: preDose, total: 14 }, latest: { id: afterDose, total: 7 }, vsBaseline: { change: -7 }, response: true } });
    expect(JSON.stringify(scores)).not.toContain(`"baseline":{"id":"${intake}"`);
  });
});
