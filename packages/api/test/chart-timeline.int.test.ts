import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import type { Actor } from "../src/actor";
import { recordAudit } from "../src/services/audit/record-audit";
import { TIMELINE_LIMIT } from "../src/services/chart/timeline";
import { submitOwnIntake } from "../src/services/intake/intake";
import { makeClinic, patientSession, staffSession, testDb } from "./harness";
import { cleanIntake } from "./intake-fixtures";

const meta = { requestId: "chart-timeline-test", ipAddress: null, userAgent: null };
const DAY = 86_400_000;

/** A patient whose intake was submitted at `submittedAt` (the service's clock, as the demo seed uses it). */
async function submittedPatient(clinicId: string, submittedAt: Date) {
  const p = await patientSession(clinicId);
  const draft = await p.caller.intake.start();
  const answers = cleanIntake();
  for (const step of INTAKE_STEPS) await p.caller.intake.saveStep({ intakeId: draft.id, step, data: answers[step] } as never);
  const actor: Actor = { userId: p.user!.id, kind: "patient", roles: ["patient"], clinicId, meta };
  await submitOwnIntake(testDb(), actor, p.patient.id, clinicId, draft.id, submittedAt);
  return { ...p, intakeId: draft.id };
}

/** An appointment row of the test's own patient (never the real clock's "now" on others' rows). */
async function appointment(clinicId: string, patientId: string, providerId: string, startsAt: Date, status: "completed" | "cancelled" | "booked", kind: "evaluation" | "follow_up") {
  const [a] = await testDb()
    .insert(schema.appointment)
    .values({
      clinicId,
      patientId,
      providerUserId: providerId,
      bookedByUserId: providerId,
      kind,
      status,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 45 * 60_000),
      patientState: "CO",
      patientTimezone: "America/Denver",
      ...(status === "cancelled" ? { cancelledAt: startsAt, cancelledByUserId: providerId, cancelReason: "Changed plans" } : {}),
    })
    .returning();
  return a!;
}

describe("chart timeline and intake review (issue 15)", () => {
  it("puts the intake's submission at the time the chart and the dashboard show, and shows the review note with who and when", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    // 5:25 PM in Denver three days ago: already the next day in UTC, where the audit row is stamped now.
    const submittedAt = new Date(Math.floor((Date.now() - 3 * DAY) / 1000) * 1000);
    const p = await submittedPatient(clinic.id, submittedAt);
    await provider.caller.careTeam.claim({ patientId: p.patient.id });

    const before = await provider.caller.chart.get({ patientId: p.patient.id });
    expect(before.intake).toMatchObject({ id: p.intakeId, submittedAt, reviewedAt: null, review: null });
    const submit = before.timeline.filter((t) => t.action === "intake.submit");
    expect(submit).toEqual([{ at: submittedAt, action: "intake.submit", actorKind: "patient", actorName: null, detail: { version: 1 } }]);

    const dash = await provider.caller.schedule.dashboard({ dayStart: new Date(Date.now() - DAY), dayEnd: new Date(Date.now() + DAY) });
    expect(dash.awaitingReview.find((r) => r.id === p.patient.id)).toMatchObject({ submittedAt, mine: true });

    const note = "Sleep has been poor since October; discussed at length.\nNo blocking flags.";
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId: p.intakeId, note, releaseForScheduling: false });
    const after = await provider.caller.chart.get({ patientId: p.patient.id });
    expect(after.intake?.review).toMatchObject({ reviewerName: provider.user.name, note, releasedForScheduling: false, suicideRisk: null, riskSummary: null });
    expect(after.intake?.reviewedAt).toEqual(after.intake?.review?.reviewedAt);
    expect(Math.abs(after.intake!.review!.reviewedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(after.timeline.find((t) => t.action === "intake.review")).toMatchObject({ actorName: provider.user.name, detail: { releasedForScheduling: false } });
    // The clinician's words stay on the chart: the audit trail (and so the timeline) carries none of them.
    expect(JSON.stringify(after.timeline)).not.toContain("Sleep has been poor");
  });

  it("a review without a note says so (null), and a second clinician is refused the chart and the note", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await submittedPatient(clinic.id, new Date(Date.now() - DAY));
    await provider.caller.careTeam.claim({ patientId: p.patient.id });
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId: p.intakeId, releaseForScheduling: true });
    const chart = await provider.caller.chart.get({ patientId: p.patient.id });
    expect(chart.intake?.review).toMatchObject({ note: null, releasedForScheduling: true });
    const colleague = await staffSession(clinic.id, ["provider"]);
    await expect(colleague.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("includes completed visits (video or not) at their end, newest first, and leaves out cancelled and upcoming ones", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await patientSession(clinic.id);
    const base = Date.now() - 20 * DAY;
    const evaluation = await appointment(clinic.id, p.patient.id, provider.user.id, new Date(base), "completed", "evaluation");
    const startedAt = new Date(base + 2 * 60_000);
    const endedAt = new Date(base + 27 * 60_000);
    await testDb()
      .insert(schema.visit)
      .values({ clinicId: clinic.id, appointmentId: evaluation.id, patientId: p.patient.id, providerUserId: provider.user.id, roomName: `room-${randomUUID()}`, status: "ended", modality: "audio_video", startedAt, endedAt, firstAdmittedAt: startedAt });
    // Completed without a video room (e.g. closed by hand): on the timeline at its booked end.
    const followUp = await appointment(clinic.id, p.patient.id, provider.user.id, new Date(base + 10 * DAY), "completed", "follow_up");
    await appointment(clinic.id, p.patient.id, provider.user.id, new Date(base + 12 * DAY), "cancelled", "follow_up");
    await appointment(clinic.id, p.patient.id, provider.user.id, new Date(Date.now() + 5 * DAY), "booked", "follow_up");

    const chart = await provider.caller.chart.get({ patientId: p.patient.id });
    const visits = chart.timeline.filter((t) => t.action === "visit.complete");
    expect(visits).toEqual([
      { at: followUp.endsAt, action: "visit.complete", actorKind: "staff", actorName: provider.user.name, detail: { appointmentId: followUp.id, kind: "follow_up", modality: null, minutes: null } },
      { at: endedAt, action: "visit.complete", actorKind: "staff", actorName: provider.user.name, detail: { appointmentId: evaluation.id, kind: "evaluation", modality: "audio_video", minutes: 25 } },
    ]);
    const times = chart.timeline.map((t) => t.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("stays bounded: the newest 100 entries across the audit trail, intakes and visits", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await patientSession(clinic.id);
    const old = await appointment(clinic.id, p.patient.id, provider.user.id, new Date(Date.now() - 30 * DAY), "completed", "evaluation");
    const actor: Actor = { userId: p.user!.id, kind: "patient", roles: ["patient"], clinicId: clinic.id, meta };
    await recordAudit(
      testDb(),
      actor,
      Array.from({ length: TIMELINE_LIMIT + 5 }, () => ({ action: "profile.update", resourceType: "patient", resourceId: p.patient.id, patientId: p.patient.id })),
    );
    const chart = await provider.caller.chart.get({ patientId: p.patient.id });
    expect(chart.timeline).toHaveLength(TIMELINE_LIMIT);
    expect(chart.timeline.every((t) => t.action === "profile.update")).toBe(true);
    expect(chart.timeline.some((t) => t.detail?.appointmentId === old.id)).toBe(false);
  });
});

describe("who may open the chart (patient.get chartAccess) and the clinic's zone (session.me)", () => {
  it("is true only for the patient's clinicians, so 'Open chart' is offered only where it opens", async () => {
    const clinic = await makeClinic();
    const onTeam = await staffSession(clinic.id, ["provider"]);
    const withVisit = await staffSession(clinic.id, ["prescriber"]);
    const unassigned = await staffSession(clinic.id, ["provider"]);
    const cancelledOnly = await staffSession(clinic.id, ["provider"]);
    const admin = await staffSession(clinic.id, ["admin"]);
    const staff = await staffSession(clinic.id, ["staff"]);
    const p = await patientSession(clinic.id);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: p.patient.id, userId: onTeam.user.id, role: "primary_provider" });
    await appointment(clinic.id, p.patient.id, withVisit.user.id, new Date(Date.now() + 3 * DAY), "booked", "follow_up");
    await appointment(clinic.id, p.patient.id, cancelledOnly.user.id, new Date(Date.now() + 4 * DAY), "cancelled", "follow_up");

    const access = async (s: typeof admin) => (await s.caller.patient.get({ patientId: p.patient.id })).chartAccess;
    expect(await access(onTeam)).toBe(true);
    expect(await access(withVisit)).toBe(true);
    expect(await access(unassigned)).toBe(false);
    expect(await access(cancelledOnly)).toBe(false);
    expect(await access(admin)).toBe(false);
    expect(await access(staff)).toBe(false);
    // And it agrees with the chart itself.
    await expect(onTeam.caller.chart.get({ patientId: p.patient.id })).resolves.toBeTruthy();
    await expect(withVisit.caller.chart.get({ patientId: p.patient.id })).resolves.toBeTruthy();
    await expect(unassigned.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelledOnly.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("tells the provider app the active clinic's time zone", async () => {
    const clinic = await makeClinic();
    await testDb().update(schema.clinic).set({ timezone: "America/Phoenix" }).where(eq(schema.clinic.id, clinic.id));
    const s = await staffSession(clinic.id, ["provider"]);
    const me = await s.caller.session.me();
    expect(me.activeClinic).toMatchObject({ clinicId: clinic.id, clinicTimezone: "America/Phoenix" });
    expect(me.memberships).toEqual([expect.objectContaining({ clinicTimezone: "America/Phoenix" })]);
  });
});
