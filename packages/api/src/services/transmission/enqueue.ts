import { createHash, randomUUID } from "node:crypto";

import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { jobSender } from "@clearwell/db/jobs";

/** What an rx.deliver job carries: ids only, never prescription content (the job tables are not PHI stores). */
export interface RxDeliverJob {
  messageId: string;
  clinicId: string;
}

export interface EnqueueRxMessage {
  clinicId: string;
  prescriptionId: string;
  type: "NewRx" | "CancelRx";
  /** The signed canonical bytes (SignedPrescriptionContent JSON): the XML is rendered from them at the edge. */
  payload: string;
  /** The pharmacy's NCPDP ID (Header/To). */
  toNcpdpId: string;
  /** CancelRx: the NewRx it cancels. Kept in the payload's chain, not a column. */
  relatesToMessageId?: string;
}

const sender = jobSender();

/**
 * DOMAIN.md §5.3 (1): the outbox row and its delivery job are written in the CALLER's transaction
 * (the one that signs or cancels), so a prescription is signed if and only if its message will
 * leave. The MessageID is minted here once and never changes (retries and replay reuse it). The
 * insert fires the rx_outbox trigger's NOTIFY on commit, which wakes the relay at once (1311.170(a));
 * the job is the durable backstop should no relay be listening.
 */
export async function enqueueRxMessage(tx: DbOrTx, m: EnqueueRxMessage, now = new Date()): Promise<{ messageId: string }> {
  const messageId = randomUUID();
  await tx.insert(schema.rxOutbox).values({
    messageId,
    clinicId: m.clinicId,
    prescriptionId: m.prescriptionId,
    type: m.type,
    toNcpdpId: m.toNcpdpId,
    payload: m.payload,
    payloadSha256: createHash("sha256").update(m.payload, "utf8").digest("hex"),
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  });
  const job: RxDeliverJob = { messageId, clinicId: m.clinicId };
  const id = await sender.send(tx, "rx.deliver", job);
  if (!id) throw new Error("The rx.deliver queue is not installed (run the migrations).");
  return { messageId };
}
