import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { makeClinic, patientSession, staffSession, testDb } from "./harness";
import { cleanIntake } from "./intake-fixtures";

/** A new patient who submitted a clean intake and has no clinician yet. */
async function newcomer(clinicId: string) {
  const p = await patientSession(clinicId);
  const draft = await p.caller.intake.start();
  for (const step of INTAKE_STEPS) await p.caller.intake.saveStep({ intakeId: draft.id, step, data: cleanIntake()[step] } as never);
  await p.caller.intake.submit({ intakeId: draft.id });
  return { ...p, intakeId: draft.id };
}

const auditOf = (patientId: string, action: string) =>
  testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.patientId, patientId), eq(schema.auditEvent.action, action)));

describe("taking on a new patient (DOMAIN.md §1 chart access 'A')", () => {
  it("an unassigned clinician sees neither chart nor review until they take the patient on, which is audited", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await newcomer(clinic.id);

    await expect(provider.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId: p.intakeId, releaseForScheduling: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const dash = await provider.caller.schedule.dashboard({ dayStart: new Date(), dayEnd: new Date(Date.now() + 86_400_000) });
    expect(dash.awaitingReview.find((r) => r.id === p.patient.id)).toMatchObject({ mine: false, clinicianName: null });

    const { careTeam } = await provider.caller.careTeam.claim({ patientId: p.patient.id });
    expect(careTeam).toMatchObject([{ userId: provider.user.id, role: "primary_provider" }]);
    expect(await auditOf(p.patient.id, "care_team.claim")).toHaveLength(1);

    const chart = await provider.caller.chart.get({ patientId: p.patient.id });
    expect(chart.careTeam.map((m) => m.userId)).toEqual([provider.user.id]);
    await provider.caller.chart.reviewIntake({ patientId: p.patient.id, intakeId: p.intakeId, releaseForScheduling: true });

    // Claiming again is a no-op, not a second row.
    await provider.caller.careTeam.claim({ patientId: p.patient.id });
    expect(await testDb().select().from(schema.careTeamMember).where(eq(schema.careTeamMember.patientId, p.patient.id))).toHaveLength(1);
  });

  it("a patient who already has a clinician cannot be claimed by another, and drops off their dashboard", async () => {
    const clinic = await makeClinic();
    const first = await staffSession(clinic.id, ["provider"]);
    const second = await staffSession(clinic.id, ["provider", "prescriber"]);
    const p = await newcomer(clinic.id);
    await first.caller.careTeam.claim({ patientId: p.patient.id });
    await expect(second.caller.careTeam.claim({ patientId: p.patient.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already looks after/) });
    await expect(second.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const range = { dayStart: new Date(), dayEnd: new Date(Date.now() + 86_400_000) };
    expect((await second.caller.schedule.dashboard(range)).awaitingReview.map((r) => r.id)).not.toContain(p.patient.id);
    expect((await first.caller.schedule.dashboard(range)).awaitingReview.find((r) => r.id === p.patient.id)).toMatchObject({ mine: true });
    const admin = await staffSession(clinic.id, ["admin"]);
    expect((await admin.caller.schedule.dashboard(range)).awaitingReview.find((r) => r.id === p.patient.id)).toMatchObject({ clinicianName: first.user.name });
  });

  it("only a new intake can be taken on: not an established patient, nor one booked with someone else", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const colleague = await staffSession(clinic.id, ["provider"]);
    const reviewed = await newcomer(clinic.id);
    await testDb().update(schema.patient).set({ status: "ready_to_schedule" }).where(eq(schema.patient.id, reviewed.patient.id));
    await expect(provider.caller.careTeam.claim({ patientId: reviewed.patient.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/admin/) });

    const booked = await newcomer(clinic.id);
    const startsAt = new Date(Date.now() + 86_400_000);
    await testDb().insert(schema.appointment).values({
      clinicId: clinic.id,
      patientId: booked.patient.id,
      providerUserId: colleague.user.id,
      kind: "evaluation",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: booked.user!.id,
    });
    await expect(provider.caller.careTeam.claim({ patientId: booked.patient.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/another clinician/) });
    await colleague.caller.careTeam.claim({ patientId: booked.patient.id });
    expect(await testDb().select().from(schema.careTeamMember).where(eq(schema.careTeamMember.patientId, reviewed.patient.id))).toHaveLength(0);
  });

  it("concurrent claims of one patient end with exactly one clinician", async () => {
    const clinic = await makeClinic();
    const clinicians = await Promise.all(Array.from({ length: 5 }, () => staffSession(clinic.id, ["provider"])));
    const p = await newcomer(clinic.id);
    const results = await Promise.allSettled(clinicians.map((c) => c.caller.careTeam.claim({ patientId: p.patient.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await testDb().select().from(schema.careTeamMember).where(eq(schema.careTeamMember.patientId, p.patient.id))).toHaveLength(1);
  });

  it("is for clinicians of the patient's own clinic", async () => {
    const clinic = await makeClinic();
    const p = await newcomer(clinic.id);
    for (const roles of [["staff"], ["admin"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.careTeam.claim({ patientId: p.patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.careTeam.claim({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denied = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.actorUserId, elsewhere.user.id), eq(schema.auditEvent.action, "care_team.claim")));
    expect(denied.map((e) => e.outcome)).toEqual(["denied"]);
  });
});

describe("admins manage care teams", () => {
  it("assigns and removes members in roles their clinic roles allow; the assignee gains and loses the chart", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const coordinator = await staffSession(clinic.id, ["staff"]);
    const p = await newcomer(clinic.id);

    await expect(admin.caller.careTeam.assign({ patientId: p.patient.id, userId: coordinator.user.id, role: "prescriber" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.caller.careTeam.assign({ patientId: p.patient.id, userId: prescriber.user.id, role: "primary_provider" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const { careTeam } = await admin.caller.careTeam.assign({ patientId: p.patient.id, userId: prescriber.user.id, role: "prescriber" });
    expect(careTeam).toMatchObject([{ userId: prescriber.user.id, role: "prescriber" }]);
    await admin.caller.careTeam.assign({ patientId: p.patient.id, userId: coordinator.user.id, role: "care_coordinator" });
    await admin.caller.careTeam.assign({ patientId: p.patient.id, userId: prescriber.user.id, role: "prescriber" });
    expect(await auditOf(p.patient.id, "care_team.assign")).toHaveLength(2);

    await prescriber.caller.chart.get({ patientId: p.patient.id });
    // A care coordinator holds no clinical role: the chart stays closed to staff (DOMAIN.md §1).
    await expect(coordinator.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await admin.caller.careTeam.remove({ patientId: p.patient.id, userId: prescriber.user.id, role: "prescriber" });
    await expect(prescriber.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.caller.careTeam.remove({ patientId: p.patient.id, userId: prescriber.user.id, role: "prescriber" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses non-admins, other clinics' patients, and members of other clinics", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const p = await newcomer(clinic.id);
    const provider = await staffSession(clinic.id, ["provider"]);
    for (const roles of [["provider"], ["prescriber"], ["staff"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.careTeam.assign({ patientId: p.patient.id, userId: provider.user.id, role: "primary_provider" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.careTeam.remove({ patientId: p.patient.id, userId: provider.user.id, role: "primary_provider" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const otherAdmin = await staffSession(other.id, ["admin"]);
    await expect(otherAdmin.caller.careTeam.assign({ patientId: p.patient.id, userId: provider.user.id, role: "primary_provider" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const outsider = await staffSession(other.id, ["provider"]);
    const admin = await staffSession(clinic.id, ["admin"]);
    await expect(admin.caller.careTeam.assign({ patientId: p.patient.id, userId: outsider.user.id, role: "primary_provider" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await testDb().select().from(schema.careTeamMember).where(eq(schema.careTeamMember.patientId, p.patient.id))).toHaveLength(0);
  });
});
