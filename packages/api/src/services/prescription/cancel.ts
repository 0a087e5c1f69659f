import { transitionPrescription } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { enqueueRxMessage } from "../transmission/enqueue";
import { prescriptionForUpdate } from "./access";
import { recordPrescriptionEvent } from "./events";
import { detailOf } from "./view";

const rx = schema.prescription;

/**
 * prescription.cancel (DOMAIN.md §1 "Cancel Rx (CancelRx): Prescriber A (issuer)"; §2
 * "transmitted, acknowledged --cancel--> cancel_requested, CancelRx queued"). One transaction: the
 * status with who and why, the event, the CancelRx outbox row and job (same path as NewRx, §5.3),
 * audit last. The CancelRx carries the signed canonical bytes it cancels and relates to the NewRx.
 * A signed prescription is never modified: a change is cancel + new prescription.
 */
export async function cancelPrescription(db: Database, actor: Actor, clinicId: string, input: { id: string; reason: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForUpdate(tx, actor, clinicId, input.id, "epcs.rx.cancel");
    if (row.prescriberUserId !== actor.userId) {
      throw denied(actor, { action: "epcs.rx.cancel", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { reason: "not_issuer" } }, "FORBIDDEN", "Only the prescriber who issued this prescription can cancel it.");
    }
    const step = transitionPrescription(row.status, "request_cancel");
    if (!step.ok) {
      const why = row.status === "signed" ? " It has not reached the pharmacy yet; try again in a moment." : "";
      throw new DomainError("INVALID_TRANSITION", `${step.message}${why}`);
    }
    const [newRx] = await tx
      .select({ messageId: schema.rxOutbox.messageId, toNcpdpId: schema.rxOutbox.toNcpdpId })
      .from(schema.rxOutbox)
      .where(and(eq(schema.rxOutbox.clinicId, clinicId), eq(schema.rxOutbox.prescriptionId, row.id), eq(schema.rxOutbox.type, "NewRx")));
    if (!newRx || !row.signedBytes) throw new DomainError("INVALID_TRANSITION", "This prescription was never sent, so there is nothing to cancel at the pharmacy.");
    const [updated] = await tx
      .update(rx)
      .set({ status: "cancel_requested", cancelRequestedAt: now, cancelRequestedByUserId: actor.userId!, cancelRequestedReason: input.reason, updatedAt: now })
      .where(eq(rx.id, row.id))
      .returning();
    await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: row.status, to: "cancel_requested", event: "request_cancel", at: now });
    const { messageId } = await enqueueRxMessage(tx, { clinicId, prescriptionId: row.id, type: "CancelRx", payload: row.signedBytes, toNcpdpId: newRx.toNcpdpId, relatesToMessageId: newRx.messageId }, now);
    await recordAudit(tx, actor, { action: "epcs.rx.cancel", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { from: row.status, messageId, relatesTo: newRx.messageId } });
    return detailOf(tx, clinicId, updated!);
  });
}
