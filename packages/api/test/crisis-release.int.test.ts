import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { randomUUID } from "node:crypto";

import { makeClinic, patientSession, staffSession, testDb } from "./harness";
import { cleanIntake } from "./intake-fixtures";

/** A new patient whose intake answered PHQ-9 item 9 above zero (A1, the crisis pathway), taken on by a provider. */
async function patientInCrisis(item9 = 1) {
  const clinic = await makeClinic();
  const provider = await staffSession(clinic.id, ["provider"]);
  const p = await patientSession(clinic.id);
  const draft = await p.caller.intake.start();
  const answers = cleanIntake({ phq9: { items: [2, 2, 2, 2, 1, 2, 2, 1, item9] } });
  for (const step of INTAKE_STEPS) await p.caller.intake.saveStep({ intakeId: draft.id, step, data: answers[step] } as never);
  await p.caller.intake.submit({ intakeId: draft.id });
  await provider.caller.careTeam.claim({ patientId: p.patient.id });
  const [alert] = await testDb()
    .select()
    .from(schema.safetyAlert)
    .where(and(eq(schema.safetyAlert.patientId, p.patient.id), eq(schema.safetyAlert.type, "A1")));
  return { clinic, provider, p, intakeId: draft.id, alert: alert! };
}

const status = async (patientId: string) => (await testDb().query.patient.findFirst({ where: eq(schema.patient.id, patientId) }))!.status;
const RISK = { suicideRisk: "low" as const, summary: "Passive ideation two weeks ago, none now; safety plan reviewed with the patient and partner." };

describe("releasing a patient on the crisis pathway (issue 11 item 4)", () => {
  it("is refused until the alert is acknowledged and a risk assessment documented, each reason named", async () => {
    const { provider, p, intakeId, alert } = await patientInCrisis();
    expect(alert).toMatchObject({ severity: "critical", status: "open" });
    const refused = (await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: true }).then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; cause?: { reasons?: string[] } } | null;
    expect(refused).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(refused?.cause?.reasons).toEqual([expect.stringMatching(/item 9 safety alert has not been acknowledged/), expect.stringMatching(/risk assessment/)]);
    expect(await status(p.patient.id)).toBe("intake_submitted");
    // Nothing half-written: no review row from the refused attempt.
    expect(await testDb().select().from(schema.intakeReview).where(eq(schema.intakeReview.patientId, p.patient.id))).toHaveLength(0);

    await provider.caller.alert.acknowledge({ alertId: alert.id });
    await expect(provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: true })).rejects.toMatchObject({
      cause: { reasons: [expect.stringMatching(/risk assessment/)] },
    });
    await expect(
      provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: true, riskAssessment: { ...RISK, suicideRisk: "high" } }),
    ).rejects.toMatchObject({ cause: { reasons: [expect.stringMatching(/crisis pathway instead/)] } });
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: true, riskAssessment: RISK });
    expect(await status(p.patient.id)).toBe("ready_to_schedule");
    // The assessment is kept with the review (append-only), its level in the audit trail.
    const reviews = await testDb().select().from(schema.intakeReview).where(eq(schema.intakeReview.patientId, p.patient.id));
    expect(reviews.map((r) => r.riskAssessment)).toEqual([RISK]);
  });

  it("reviewing without releasing needs neither; a patient off the crisis pathway is released as before", async () => {
    const { provider, p, intakeId } = await patientInCrisis();
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: false });
    expect(await status(p.patient.id)).toBe("intake_reviewed");

    const calm = await patientInCrisis(0);
    expect(calm.alert).toBeUndefined();
    await calm.provider.caller.chart.reviewIntake({ patientId: calm.p.patient.id, intakeId: calm.intakeId, releaseForScheduling: true });
    expect(await status(calm.p.patient.id)).toBe("ready_to_schedule");
  });
});

describe("acknowledging an alert (DOMAIN.md §1, §2)", () => {
  it("the patient's clinician acknowledges once (a retry changes nothing); audited", async () => {
    const { provider, p, alert } = await patientInCrisis();
    const first = await provider.caller.alert.acknowledge({ alertId: alert.id });
    expect(first).toMatchObject({ id: alert.id, status: "acknowledged" });
    const again = await provider.caller.alert.acknowledge({ alertId: alert.id });
    expect(again.acknowledgedAt).toEqual(first.acknowledgedAt);
    const events = await testDb()
      .select({ action: schema.auditEvent.action })
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.patientId, p.patient.id), eq(schema.auditEvent.action, "alert.acknowledge")));
    expect(events).toHaveLength(1);
  });

  it("is refused to staff for a critical alert, to admins by policy, to an unassigned clinician and to another clinic", async () => {
    const { clinic, alert } = await patientInCrisis();
    const staff = await staffSession(clinic.id, ["staff"]);
    await expect(staff.caller.alert.acknowledge({ alertId: alert.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await staffSession(clinic.id, ["admin"]);
    await expect(admin.caller.alert.acknowledge({ alertId: alert.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const colleague = await staffSession(clinic.id, ["provider"]);
    await expect(colleague.caller.alert.acknowledge({ alertId: alert.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.alert.acknowledge({ alertId: alert.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await testDb().query.safetyAlert.findFirst({ where: eq(schema.safetyAlert.id, alert.id) }))!.status).toBe("open");
  });
});

describe("a corrected intake after clearance (issue 11 item 5)", () => {
  it("re-opens review, shows on the dashboard again and blocks booking when it adds a contraindication", async () => {
    const { provider, p, intakeId } = await patientInCrisis(0);
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId, releaseForScheduling: true });
    expect(await status(p.patient.id)).toBe("ready_to_schedule");

    // Version 2 reports a ketamine hypersensitivity (E01, not eligible).
    const v2 = await p.caller.intake.start();
    const answers = cleanIntake({ history: { ...cleanIntake().history, ketamineHypersensitivity: "yes" } });
    for (const step of INTAKE_STEPS) await p.caller.intake.saveStep({ intakeId: v2.id, step, data: answers[step] } as never);
    const submitted = await p.caller.intake.submit({ intakeId: v2.id });
    expect(submitted).toMatchObject({ version: 2, canBookNow: false });
    expect(await status(p.patient.id)).toBe("intake_submitted");
    const dayStart = new Date(new Date().setUTCHours(0, 0, 0, 0));
    const dashboard = await provider.caller.schedule.dashboard({ dayStart, dayEnd: new Date(dayStart.getTime() + 24 * 3600_000) });
    expect(dashboard.awaitingReview.map((r) => r.id)).toContain(p.patient.id);
    await expect(
      p.caller.booking.book({ kind: "evaluation", providerUserId: provider.user.id, startsAt: new Date(Date.now() + 3 * 24 * 3600_000), idempotencyKey: randomUUID() }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/UNPROCESSABLE_CONTENT|FORBIDDEN|CONFLICT/) });
  });
});
