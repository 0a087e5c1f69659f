import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { PASSWORD, makeClinic, makePatient, staffSession, testDb } from "./harness";

async function visitOf(clinicId: string, providerUserId: string, kind: "evaluation" | "follow_up" = "evaluation") {
  const { patient, user } = await makePatient(clinicId);
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const [appointment] = await testDb()
    .insert(schema.appointment)
    .values({ clinicId, patientId: patient.id, providerUserId, kind, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), patientState: "CO", patientTimezone: "America/Denver", bookedByUserId: user!.id })
    .returning();
  return { patient, appointment: appointment! };
}

const sections = { subjective: "Sleeping better since last visit.", objective: "Calm, engaged.", assessment: "Improving.", plan: "Continue; follow-up in 2 weeks." };

describe("draft visit notes (DOMAIN.md §1 'Write draft note: A')", () => {
  it("the visit's provider opens one draft, saves it, and a stale save is refused", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { patient, appointment } = await visitOf(clinic.id, provider.user.id);
    const draft = await provider.caller.note.openForVisit({ appointmentId: appointment.id });
    expect(draft).toMatchObject({ status: "draft", sections: { subjective: "", plan: "" } });
    expect((await provider.caller.note.openForVisit({ appointmentId: appointment.id })).id).toBe(draft.id);

    const saved = await provider.caller.note.saveDraft({ noteId: draft.id, sections, baseUpdatedAt: draft.updatedAt });
    expect(saved.sections).toEqual(sections);
    await expect(provider.caller.note.saveDraft({ noteId: draft.id, sections: { ...sections, plan: "Other tab" }, baseUpdatedAt: draft.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await provider.caller.note.openForVisit({ appointmentId: appointment.id })).sections).toEqual(sections);

    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.patientId, patient.id), eq(schema.auditEvent.action, "note.save")));
    expect(audit).toHaveLength(1);
    // The audit trail says that the note changed, not what it says.
    expect(JSON.stringify(audit[0]!.detail)).not.toContain("Sleeping");
  });

  it("is refused to other providers, staff, admins and other clinics", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment } = await visitOf(clinic.id, provider.user.id);
    const draft = await provider.caller.note.openForVisit({ appointmentId: appointment.id });
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    await expect(colleague.caller.note.openForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(colleague.caller.note.saveDraft({ noteId: draft.id, sections, baseUpdatedAt: draft.updatedAt })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const roles of [["staff"], ["admin"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.note.openForVisit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.note.saveDraft({ noteId: draft.id, sections, baseUpdatedAt: draft.updatedAt })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [unchanged] = await testDb().select().from(schema.clinicalNote).where(eq(schema.clinicalNote.id, draft.id));
    expect(unchanged!.sections.subjective).toBe("");
  });

  it("the database refuses to change or delete a signed note", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment } = await visitOf(clinic.id, provider.user.id, "follow_up");
    const opened = await provider.caller.note.openForVisit({ appointmentId: appointment.id });
    expect(opened.kind).toBe("follow_up");
    const nextFollowUpOn = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const followUp = {
      assessment: { response: "response" as const, tolerability: "well_tolerated" as const, riskAssessment: { suicideRisk: "low" as const, suicidePlanReported: false, misuseRisk: "low" as const }, continuedEligibility: "unchanged" as const },
      plan: { action: "continue" as const, nextFollowUpOn, checkInCadence: "weekly" as const },
    };
    const draft = await provider.caller.note.saveDraft({ noteId: opened.id, sections, followUp, baseUpdatedAt: opened.updatedAt });
    await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt });
    await expect(testDb().update(schema.clinicalNote).set({ sections: { ...sections } }).where(eq(schema.clinicalNote.id, draft.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/signed clinical note/) } });
    await expect(testDb().delete(schema.clinicalNote).where(eq(schema.clinicalNote.id, draft.id))).rejects.toThrow();
    await expect(provider.caller.note.saveDraft({ noteId: draft.id, sections, baseUpdatedAt: draft.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
