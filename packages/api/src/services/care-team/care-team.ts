import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import type { StaffRole } from "../../policy";
import { recordAudit } from "../audit/record-audit";
import { careTeamOf } from "../patient/get-patient";

type CareTeamRole = "primary_provider" | "prescriber" | "care_coordinator";

/** Which clinic roles may hold each care-team role (DOMAIN.md §1: clinicians treat, staff coordinate). */
const HOLDERS: Record<CareTeamRole, StaffRole[]> = {
  primary_provider: ["provider"],
  prescriber: ["prescriber"],
  care_coordinator: ["staff", "provider", "prescriber"],
};

/** The clinic's patient, locked so two concurrent care-team changes are serialised. */
async function lockedPatient(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, action: string) {
  const [row] = await tx
    .select()
    .from(schema.patient)
    .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)))
    .for("update");
  if (!row) {
    throw denied(actor, { action, resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient in this clinic.");
  }
  return row;
}

/**
 * A clinician takes on a new patient who has no clinician yet, typically to review their intake.
 * This is how an unassigned clinician gains chart access (DOMAIN.md §1 "A"): explicitly, once,
 * audited. A patient who already has a clinician is assigned by an admin instead.
 */
export async function claimPatient(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    const patient = await lockedPatient(tx, actor, clinicId, patientId, "care_team.claim");
    const team = await careTeamOf(tx, clinicId, patient.id);
    if (team.some((m) => m.userId === actor.userId && m.role !== "care_coordinator")) return { careTeam: team };
    // Only a new intake waiting for its first clinician: an established patient without one (say,
    // after staff turnover) is reassigned by an admin, never taken by whoever asks first.
    if (patient.status !== "intake_submitted") {
      throw denied(actor, { action: "care_team.claim", resourceType: "patient", resourceId: patient.id, patientId: patient.id, detail: { status: patient.status } }, "CONFLICT", "Only a new intake awaiting review can be taken on. Ask an admin to assign this patient.");
    }
    const [elsewhere] = await tx
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(and(eq(schema.appointment.patientId, patient.id), ne(schema.appointment.providerUserId, actor.userId!), ne(schema.appointment.status, "cancelled")))
      .limit(1);
    if (elsewhere) throw new DomainError("CONFLICT", "This patient is booked with another clinician. Ask an admin to assign them.");
    if (team.some((m) => m.role !== "care_coordinator")) {
      const who = team.find((m) => m.role !== "care_coordinator")!.name;
      throw new DomainError("CONFLICT", `${who} already looks after this patient. Ask an admin to add you to the care team.`);
    }
    const role: CareTeamRole = actor.roles.includes("provider") ? "primary_provider" : "prescriber";
    await tx.insert(schema.careTeamMember).values({ clinicId, patientId: patient.id, userId: actor.userId!, role });
    await recordAudit(tx, actor, { action: "care_team.claim", resourceType: "patient", resourceId: patient.id, patientId: patient.id, detail: { role } });
    return { careTeam: await careTeamOf(tx, clinicId, patient.id) };
  });
}

/** Admins assign a clinic member to a patient's care team in a role their clinic roles allow. */
export async function assignCareTeam(db: Database, actor: Actor, clinicId: string, input: { patientId: string; userId: string; role: CareTeamRole }) {
  return db.transaction(async (tx) => {
    const patient = await lockedPatient(tx, actor, clinicId, input.patientId, "care_team.assign");
    const roles = await tx
      .select({ role: schema.clinicMembership.role })
      .from(schema.clinicMembership)
      .where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, input.userId), inArray(schema.clinicMembership.role, HOLDERS[input.role])));
    if (!roles.length) throw new DomainError("BAD_INPUT", `Only a clinic member with the ${HOLDERS[input.role].join(" or ")} role can be ${input.role.replace(/_/g, " ")}.`);
    const [added] = await tx
      .insert(schema.careTeamMember)
      .values({ clinicId, patientId: patient.id, userId: input.userId, role: input.role })
      .onConflictDoNothing()
      .returning({ id: schema.careTeamMember.id });
    if (added) {
      await recordAudit(tx, actor, { action: "care_team.assign", resourceType: "patient", resourceId: patient.id, patientId: patient.id, detail: { userId: input.userId, role: input.role } });
    }
    return { careTeam: await careTeamOf(tx, clinicId, patient.id) };
  });
}

export async function removeCareTeam(db: Database, actor: Actor, clinicId: string, input: { patientId: string; userId: string; role: CareTeamRole }) {
  return db.transaction(async (tx) => {
    const patient = await lockedPatient(tx, actor, clinicId, input.patientId, "care_team.remove");
    const removed = await tx
      .delete(schema.careTeamMember)
      .where(
        and(
          eq(schema.careTeamMember.clinicId, clinicId),
          eq(schema.careTeamMember.patientId, patient.id),
          eq(schema.careTeamMember.userId, input.userId),
          eq(schema.careTeamMember.role, input.role),
        ),
      )
      .returning({ id: schema.careTeamMember.id });
    if (!removed.length) throw new DomainError("NOT_FOUND", "That person is not on this patient's care team.");
    await recordAudit(tx, actor, { action: "care_team.remove", resourceType: "patient", resourceId: patient.id, patientId: patient.id, detail: { userId: input.userId, role: input.role } });
    return { careTeam: await careTeamOf(tx, clinicId, patient.id) };
  });
}
