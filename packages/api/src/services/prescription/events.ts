import type { PrescriptionEvent, PrescriptionStatus } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import type { Actor } from "../../actor";

/**
 * One status change in the prescription's history (append-only prescription_event), written in
 * the transaction that changes the status. `create` has no from-status. No clinical content in
 * `detail`: ids, hashes and reasons for refusal only.
 */
export async function recordPrescriptionEvent(
  tx: DbOrTx,
  actor: Actor,
  e: { clinicId: string; prescriptionId: string; from: PrescriptionStatus | null; to: PrescriptionStatus; event: PrescriptionEvent | "create" | "update"; at: Date; detail?: Record<string, unknown> },
) {
  await tx.insert(schema.prescriptionEvent).values({
    clinicId: e.clinicId,
    prescriptionId: e.prescriptionId,
    fromStatus: e.from,
    toStatus: e.to,
    event: e.event,
    actorKind: actor.kind === "staff" ? "staff" : "system",
    actorUserId: actor.kind === "staff" ? actor.userId : null,
    at: e.at,
    detail: e.detail ?? null,
  });
}
