import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { calendarDateIn, isAdult } from "@clearwell/clinical";
import { and, desc, eq, isNull } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db-errors";
import type { Outbound } from "../links";
import { newToken } from "../tokens";
import { newMrn } from "./mrn";

export interface InvitePatientInput {
  givenName: string;
  familyName: string;
  email: string;
  dateOfBirth: string;
  stateOfResidence: string;
  phone?: string;
}

export const INVITATION_TTL_DAYS = 7;

/** Staff create the patient record (status `invited`) and send a one-time link to finish registration. */
export async function invitePatient(db: Database, actor: Actor, clinicId: string, input: InvitePatientInput, out: Outbound) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
  if (!isAdult(input.dateOfBirth, calendarDateIn(clinic.timezone, new Date()))) {
    throw new DomainError("RULE_FAILED", "Patients must be 18 or older.", ["E19: at-home ketamine is for adults only"]);
  }
  const { token, tokenHash } = newToken();
  try {
    const created = await db.transaction(async (tx) => {
      const [patient] = await tx
        .insert(schema.patient)
        .values({
          clinicId,
          mrn: newMrn(),
          status: "invited",
          givenName: input.givenName,
          familyName: input.familyName,
          email: input.email,
          dateOfBirth: input.dateOfBirth,
          stateOfResidence: input.stateOfResidence,
          phone: input.phone ?? null,
          timezone: clinic.timezone,
        })
        .returning();
      if (!patient) throw new Error("patient insert returned nothing");
      const [inv] = await tx
        .insert(schema.invitation)
        .values({
          clinicId,
          kind: "patient",
          email: input.email,
          patientId: patient.id,
          tokenHash,
          invitedByUserId: actor.userId ?? "",
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
        })
        .returning({ id: schema.invitation.id });
      await recordAudit(tx, actor, [
        { action: "patient.create", resourceType: "patient", resourceId: patient.id, patientId: patient.id },
        { action: "invitation.create", resourceType: "invitation", resourceId: inv?.id, patientId: patient.id },
      ]);
      return patient;
    });
    await mailPatientInvitation(out, clinic.name, input.email, token);
    // Where it went, never the link: only the patient's inbox gets the token (issue 10 finding 8).
    return { patientId: created.id, mrn: created.mrn, sentTo: input.email };
  } catch (e) {
    if (isUniqueViolation(e, "patient_clinic_email_uq")) {
      throw new DomainError("CONFLICT", "A patient with this email already exists in this clinic.");
    }
    throw e;
  }
}

/** After commit: the link goes to the patient's inbox only. */
async function mailPatientInvitation(out: Outbound, clinicName: string, email: string, token: string) {
  await out.mailer.send({
    to: email,
    subject: `${clinicName} invited you to Clearwell`,
    text: `${clinicName} has invited you to set up your Clearwell account.\nOpen this link within ${INVITATION_TTL_DAYS} days:\n${out.patientAppUrl}/invite/${token}`,
  });
}

/**
 * Sends a patient's open invitation again with a new link: the previous link stops working
 * (the token is rotated) and the seven days start over.
 */
export async function resendPatientInvitation(db: Database, actor: Actor, clinicId: string, patientId: string, out: Outbound) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
  const { token, tokenHash } = newToken();
  const inv = await db.transaction(async (tx) => {
    const open = await tx
      .select({ id: schema.invitation.id })
      .from(schema.invitation)
      .where(
        and(
          eq(schema.invitation.clinicId, clinicId),
          eq(schema.invitation.patientId, patientId),
          eq(schema.invitation.kind, "patient"),
          isNull(schema.invitation.acceptedAt),
          isNull(schema.invitation.revokedAt),
        ),
      )
      .orderBy(desc(schema.invitation.createdAt))
      .limit(1)
      .for("update");
    if (!open[0]) throw new DomainError("NOT_FOUND", "This patient has no open invitation. They may have accepted it already.");
    const [row] = await tx
      .update(schema.invitation)
      .set({ tokenHash, expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000) })
      .where(eq(schema.invitation.id, open[0].id))
      .returning({ id: schema.invitation.id, email: schema.invitation.email });
    if (!row) throw new Error("invitation update returned nothing");
    await recordAudit(tx, actor, { action: "invitation.resend", resourceType: "invitation", resourceId: row.id, patientId });
    return row;
  });
  await mailPatientInvitation(out, clinic.name, inv.email, token);
  return { invitationId: inv.id, sentTo: inv.email };
}
