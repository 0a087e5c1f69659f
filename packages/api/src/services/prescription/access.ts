import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { assignedPatient } from "../chart/chart";
import { careTeamPrescribers } from "../decision/co-signers";
import type { ClinicPrescribing } from "./config";
import type { PrescriptionRow } from "./facts";

/**
 * DOMAIN.md §1 "Create Rx draft: Provider A (C), Prescriber A": a prescriber always, a provider
 * only where the clinic allows provider drafts (agents may prepare, 1311.135(a)).
 */
export function assertMayDraft(actor: Actor, settings: ClinicPrescribing, event: { action: string; resourceType: string; resourceId: string; patientId?: string }) {
  if (actor.roles.includes("prescriber")) return;
  if (actor.roles.includes("provider") && settings.allowProviderDrafts) return;
  throw denied(actor, { ...event, detail: { reason: "provider_drafts_off" } }, "FORBIDDEN", "In this clinic only prescribers prepare prescriptions.");
}

/**
 * The prescription of this clinic, locked for the write, whose patient the caller is assigned to
 * (DOMAIN.md §1 "A"); anything else is NOT_FOUND (audited as denied).
 */
export async function prescriptionForUpdate(tx: DbOrTx, actor: Actor, clinicId: string, id: string, action: string): Promise<PrescriptionRow> {
  const [row] = await tx
    .select()
    .from(schema.prescription)
    .where(and(eq(schema.prescription.clinicId, clinicId), eq(schema.prescription.id, id)))
    .for("update");
  if (!row) throw denied(actor, { action, resourceType: "prescription", resourceId: id }, "NOT_FOUND", "No such prescription.");
  await assignedPatient(tx, actor, clinicId, row.patientId, action);
  return row;
}

/** The same, read without a lock. */
export async function prescriptionForRead(tx: DbOrTx, actor: Actor, clinicId: string, id: string, action: string): Promise<PrescriptionRow> {
  const [row] = await tx
    .select()
    .from(schema.prescription)
    .where(and(eq(schema.prescription.clinicId, clinicId), eq(schema.prescription.id, id)));
  if (!row) throw denied(actor, { action, resourceType: "prescription", resourceId: id }, "NOT_FOUND", "No such prescription.");
  await assignedPatient(tx, actor, clinicId, row.patientId, action);
  return row;
}

/**
 * The registrant named to sign (1311.135(a)): one of the clinic's active prescribers among the
 * patient's clinicians (they review the chart to sign, DOMAIN.md §1 "Sign Rx: A").
 */
export async function assertNamedPrescriber(tx: DbOrTx, clinicId: string, patientId: string, userId: string) {
  const options = await careTeamPrescribers(tx, clinicId, patientId);
  if (!options.some((o) => o.userId === userId)) {
    throw new DomainError("BAD_INPUT", "Name a prescriber of this clinic who is one of the patient's clinicians.", ["prescriberUserId"]);
  }
}
