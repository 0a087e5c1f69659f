import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { describe, expect, it } from "vitest";

import { makeClinic, makePatient, makeStaff, testDb } from "./harness";

// Issue 10 finding 10, defence in depth: composite (clinic_id, id) foreign keys mean a row of one
// clinic can never point at another clinic's patient, appointment, intake or visit, whatever the
// code that writes it forgot. Inserted here straight through the application's connection.

/** The constraint that refused the insert (postgres-js error, possibly wrapped by Drizzle). */
async function refusedBy(insert: PromiseLike<unknown>): Promise<string | null> {
  try {
    await insert;
    return null;
  } catch (e) {
    const err = e as { constraint_name?: string; cause?: { constraint_name?: string; code?: string }; code?: string };
    const pg = err.cause ?? err;
    if (pg.code !== "23503") throw e;
    return pg.constraint_name ?? null;
  }
}

describe("cross-clinic references", () => {
  it("are refused by the database for every clinical row that names a patient, appointment, intake or visit", async () => {
    const db = testDb();
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const provider = await makeStaff(a.id, ["provider"]);
    const { patient: pa } = await makePatient(a.id);
    const { patient: pb } = await makePatient(b.id);
    const start = new Date(Date.now() + 30 * 86_400_000);
    const end = new Date(start.getTime() + 3_600_000);
    // Hour k after start: the appointments must not overlap (the exclusion constraints come first).
    const hour = (k: number) => ({ startsAt: new Date(start.getTime() + k * 3_600_000), endsAt: new Date(start.getTime() + (k + 1) * 3_600_000) });
    const appt = (clinicId: string, patientId: string) => ({
      clinicId,
      patientId,
      providerUserId: provider.id,
      bookedByUserId: provider.id,
      kind: "evaluation" as const,
      startsAt: start,
      endsAt: end,
      patientState: "CO",
      patientTimezone: "America/Denver",
    });
    // Rows of clinic B that a mistaken clinic-A write might point at.
    const [apptB] = await db.insert(schema.appointment).values(appt(b.id, pb.id)).returning();
    const [intakeB] = await db.insert(schema.intake).values({ clinicId: b.id, patientId: pb.id, version: 1 }).returning();
    const [visitB] = await db.insert(schema.visit).values({ clinicId: b.id, appointmentId: apptB!.id, patientId: pb.id, providerUserId: provider.id, roomName: `room-${randomUUID()}` }).returning();
    const [apptA] = await db.insert(schema.appointment).values({ ...appt(a.id, pa.id), ...hour(1) }).returning();
    const [apptB2] = await db.insert(schema.appointment).values({ ...appt(b.id, pb.id), ...hour(4) }).returning();

    const cases: [string, PromiseLike<unknown>][] = [
      ["appointment_patient_fk", db.insert(schema.appointment).values({ ...appt(a.id, pb.id), ...hour(2) })],
      ["appointment_rescheduled_from_fk", db.insert(schema.appointment).values({ ...appt(a.id, pa.id), ...hour(3), rescheduledFromId: apptB!.id })],
      ["intake_patient_fk", db.insert(schema.intake).values({ clinicId: a.id, patientId: pb.id, version: 2, submittedAt: new Date() })],
      ["intake_review_intake_fk", db.insert(schema.intakeReview).values({ clinicId: a.id, patientId: pa.id, intakeId: intakeB!.id, reviewerUserId: provider.id, releasedForScheduling: true })],
      ["consent_record_patient_fk", db.insert(schema.consentRecord).values({ clinicId: a.id, patientId: pb.id, kind: "telehealth", textVersion: "1", textSha256: "x", signedName: "x", acceptedAt: new Date() })],
      ["questionnaire_response_patient_fk", db.insert(schema.questionnaireResponse).values({ clinicId: a.id, patientId: pb.id, instrument: "phq9", context: "check_in", answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], total: 0, severity: "minimal" })],
      ["safety_alert_patient_fk", db.insert(schema.safetyAlert).values({ clinicId: a.id, patientId: pb.id, type: "A1", severity: "high", summary: "x", sourceType: "test" })],
      ["care_team_member_patient_fk", db.insert(schema.careTeamMember).values({ clinicId: a.id, patientId: pb.id, userId: provider.id, role: "primary_provider" })],
      ["visit_appointment_fk", db.insert(schema.visit).values({ clinicId: a.id, appointmentId: apptB2!.id, patientId: pa.id, providerUserId: provider.id, roomName: `room-${randomUUID()}` })],
      ["visit_patient_fk", db.insert(schema.visit).values({ clinicId: a.id, appointmentId: apptA!.id, patientId: pb.id, providerUserId: provider.id, roomName: `room-${randomUUID()}` })],
      ["visit_event_visit_fk", db.insert(schema.visitEvent).values({ clinicId: a.id, visitId: visitB!.id, kind: "test", occurredAt: new Date() })],
      ["visit_participant_visit_fk", db.insert(schema.visitParticipant).values({ clinicId: a.id, visitId: visitB!.id, userId: provider.id, role: "provider", identity: `provider:${provider.id}` })],
      ["clinical_note_patient_fk", db.insert(schema.clinicalNote).values({ clinicId: a.id, patientId: pb.id, authorUserId: provider.id, sections: { subjective: "", objective: "", assessment: "", plan: "" } })],
      ["clinical_note_appointment_fk", db.insert(schema.clinicalNote).values({ clinicId: a.id, patientId: pa.id, appointmentId: apptB!.id, authorUserId: provider.id, sections: { subjective: "", objective: "", assessment: "", plan: "" } })],
      ["invitation_patient_fk", db.insert(schema.invitation).values({ clinicId: a.id, kind: "patient", email: "x@example.test", patientId: pb.id, tokenHash: randomUUID(), invitedByUserId: provider.id, expiresAt: end })],
    ];
    const refused: Record<string, string | null> = {};
    for (const [name, insert] of cases) refused[name] = await refusedBy(insert);
    expect(refused).toEqual(Object.fromEntries(cases.map(([name]) => [name, name])));

    // The same rows within one clinic are accepted.
    await db.insert(schema.intake).values({ clinicId: a.id, patientId: pa.id, version: 1 });
    await db.insert(schema.careTeamMember).values({ clinicId: a.id, patientId: pa.id, userId: provider.id, role: "primary_provider" });
  });
});
