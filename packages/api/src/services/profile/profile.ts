import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";
import { careTeamOf } from "../patient/get-patient";
import { ownPatient } from "../patient/own-patient";

/** The signed-in patient's own chart header and care team (DOMAIN.md §1 "O"). */
export async function getOwnProfile(db: Database, actor: Actor, patientId: string) {
  return db.transaction(async (tx) => {
    const row = await ownPatient(tx, actor, patientId);
    const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, row.clinicId) });
    const careTeam = await careTeamOf(tx, row.clinicId, row.id);
    await recordAudit(tx, actor, { action: "profile.read", resourceType: "patient", resourceId: row.id, patientId: row.id });
    return {
      patient: row,
      clinic: clinic ? { name: clinic.name, phone: clinic.phone, email: clinic.email } : null,
      careTeam,
    };
  });
}

export interface ProfileUpdate {
  preferredName?: string;
  phone?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  stateOfResidence: string;
  postalCode?: string;
  supportPerson: { name: string; relationship: string; phone: string };
  emergencyContact: { name: string; relationship: string; phone: string };
  timezone?: string;
}

/** Patients keep their own contact details, support person and emergency contact current. */
export async function updateOwnProfile(db: Database, actor: Actor, patientId: string, input: ProfileUpdate) {
  const values = {
    preferredName: input.preferredName || null,
    phone: input.phone || null,
    addressLine1: input.addressLine1 || null,
    addressLine2: input.addressLine2 || null,
    city: input.city || null,
    stateOfResidence: input.stateOfResidence,
    postalCode: input.postalCode || null,
    supportPersonName: input.supportPerson.name,
    supportPersonRelationship: input.supportPerson.relationship,
    supportPersonPhone: input.supportPerson.phone,
    emergencyContactName: input.emergencyContact.name,
    emergencyContactRelationship: input.emergencyContact.relationship,
    emergencyContactPhone: input.emergencyContact.phone,
    ...(input.timezone ? { timezone: input.timezone } : {}),
  };
  return db.transaction(async (tx) => {
    const before = await ownPatient(tx, actor, patientId);
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => (before[k] ?? null) !== values[k]);
    await tx.update(schema.patient).set(values).where(eq(schema.patient.id, patientId));
    // Field names only: the audit trail must not become a second copy of the PHI.
    await recordAudit(tx, actor, { action: "profile.update", resourceType: "patient", resourceId: patientId, patientId, detail: { changed } });
    return { changed };
  });
}
