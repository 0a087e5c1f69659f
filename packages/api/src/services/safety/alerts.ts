import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";

/**
 * Alert A1 (DOMAIN.md §7): PHQ-9 item 9 >= 1 is CRITICAL; >= 2 also pages the backup.
 * Deduplicated per (patient, type) while an alert is not resolved.
 */
export async function raiseItem9Alert(
  tx: DbOrTx,
  actor: Actor,
  a: { clinicId: string; patientId: string; item9: number; sourceType: string; sourceId: string },
) {
  const [row] = await tx
    .insert(schema.safetyAlert)
    .values({
      clinicId: a.clinicId,
      patientId: a.patientId,
      type: "A1",
      severity: "critical",
      summary: `PHQ-9 item 9 answered ${a.item9} (thoughts of self-harm)`,
      sourceType: a.sourceType,
      sourceId: a.sourceId,
      detail: { item9: a.item9, pageBackup: a.item9 >= 2 },
    })
    .onConflictDoNothing()
    .returning({ id: schema.safetyAlert.id });
  await recordAudit(tx, actor, {
    action: row ? "alert.raise" : "alert.deduplicated",
    resourceType: "safety_alert",
    resourceId: row?.id ?? null,
    patientId: a.patientId,
    detail: { type: "A1", item9: a.item9 },
  });
  return row?.id ?? null;
}
