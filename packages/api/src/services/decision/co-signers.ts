import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";

import type { CoSignatureRow, DecisionRow } from "./evidence";
import { coSignStateOf } from "./evidence";

const m = schema.clinicMembership;
const u = schema.user;

/**
 * The clinic's active prescribers who are among the patient's clinicians: on the care team or
 * holding a visit with them, the test `assignedPatient` applies (DOMAIN.md §1 "Read clinical chart: A").
 * Only they can co-sign an override for this patient: co-signing is reviewing the chart.
 */
export async function careTeamPrescribers(tx: DbOrTx, clinicId: string, patientId: string) {
  return tx
    .selectDistinct({ userId: u.id, name: u.name })
    .from(m)
    .innerJoin(u, eq(u.id, m.userId))
    .where(
      and(
        eq(m.clinicId, clinicId),
        eq(m.role, "prescriber"),
        isNull(u.deactivatedAt),
        sql`(exists (select 1 from ${schema.careTeamMember} ct where ct.clinic_id = ${clinicId} and ct.patient_id = ${patientId} and ct.user_id = ${u.id})
          or exists (select 1 from ${schema.appointment} ap where ap.clinic_id = ${clinicId} and ap.patient_id = ${patientId} and ap.provider_user_id = ${u.id} and ap.status <> 'cancelled'))`,
      ),
    )
    .orderBy(asc(u.name), asc(u.id));
}

/** Each co-signer the overrides name, with their name and what they did (output `coSigners`). */
export async function coSignersView(tx: DbOrTx, row: DecisionRow, signatures: readonly CoSignatureRow[]) {
  const state = coSignStateOf(row, signatures);
  if (!state.required.length) return [];
  const names = await tx.select({ id: u.id, name: u.name }).from(u).where(inArray(u.id, state.required));
  return state.required.map((userId) => {
    const signed = signatures.find((x) => x.coSignerUserId === userId);
    return {
      userId,
      name: names.find((n) => n.id === userId)?.name ?? "",
      state: signed?.verdict ?? ("awaiting" as const),
      at: signed?.signedAt ?? null,
      method: (signed?.reauthMethod as "password" | "totp" | undefined) ?? null,
      reason: signed?.reason ?? null,
      evidenceSha256: signed?.evidenceSha256 ?? null,
    };
  });
}
