/**
 * What the simulated pharmacy does with a SCRIPT message, in one transaction per message:
 * dedupe by MessageID (a duplicate is counted and its stored answer re-sent, never processed
 * twice), decide the answer, store it in outbound_message for delivery after commit.
 */
import { createHash, randomUUID } from "node:crypto";

import type { ScriptBody, ScriptMessage, ScriptMessageInput } from "@clearwell/script";
import { renderMessage } from "@clearwell/script";

import type postgres from "postgres";

import type { Sql } from "./db";
import type { Modes } from "./modes";

export type Incoming =
  | { ok: true; message: ScriptMessage; xml: string }
  /** Unreadable as a SCRIPT message but with a MessageID: rejected with Error 900. */
  | { ok: false; messageId: string; problem: string; xml: string };

export interface ReceiveResult {
  messageId: string;
  duplicate: boolean;
  /** accepted/rejected: kept in received_message; retryable_error: answered 600/602 and not kept. */
  outcome: "accepted" | "rejected" | "retryable_error";
  responseMessageId: string | null;
}

export interface ReceiveContext {
  sql: Sql;
  modes: Modes;
  servedNcpdpIds: readonly string[];
}

type Tx = postgres.TransactionSql;

interface Addressing {
  /** Clearwell's id (the incoming From). */
  clearwellId: string;
  /** The pharmacy's NCPDP ID (the incoming To). */
  pharmacyId: string;
  relatesTo: string;
  prescriberOrderNumber: string;
  rxReferenceNumber?: string;
}

/** A response message from the pharmacy, rendered and stored for delivery. */
async function queueResponse(tx: Tx, a: Addressing, body: ScriptMessageInput["body"], messageId: string = randomUUID()): Promise<string> {
  const xml = renderMessage({
    header: {
      to: a.clearwellId,
      from: a.pharmacyId,
      messageId,
      relatesToMessageId: a.relatesTo,
      sentTime: new Date().toISOString(),
      prescriberOrderNumber: a.prescriberOrderNumber,
      ...(a.rxReferenceNumber ? { rxReferenceNumber: a.rxReferenceNumber } : {}),
    },
    body,
  });
  const code = "code" in body ? (body.code ?? null) : "response" in body ? body.response : null;
  await tx`insert into outbound_message (message_id, relates_to_message_id, type, code, payload) values (${messageId}, ${a.relatesTo}, ${body.type}, ${code}, ${xml})`;
  return messageId;
}

const rxReference = (id: string | number | bigint) => `SIM-${id}`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function headerOf(incoming: Incoming, servedNcpdpIds: readonly string[]) {
  if (incoming.ok) return incoming.message.header;
  return { to: servedNcpdpIds[0]!, from: "unknown", messageId: incoming.messageId, relatesToMessageId: undefined, prescriberOrderNumber: "unknown" };
}

export async function receive(ctx: ReceiveContext, incoming: Incoming): Promise<ReceiveResult> {
  const h = headerOf(incoming, ctx.servedNcpdpIds);
  const messageId = h.messageId;
  const payloadSha = sha256(incoming.xml);
  const type = incoming.ok ? incoming.message.body.type : "invalid";

  return ctx.sql.begin(async (tx) => {
    // Same MessageID handled one at a time: a concurrent resend waits, then finds the first.
    await tx`select pg_advisory_xact_lock(hashtextextended(${messageId}, 7400))`;
    const [existing] = await tx<{ payload_sha256: string; response_message_id: string | null; outcome: "accepted" | "rejected" }[]>`
      select payload_sha256, response_message_id, outcome from received_message where message_id = ${messageId}`;
    if (existing) {
      await tx`update received_message
        set duplicate_count = duplicate_count + 1,
            conflicting_duplicate_count = conflicting_duplicate_count + ${existing.payload_sha256 === payloadSha ? 0 : 1},
            last_duplicate_at = now()
        where message_id = ${messageId}`;
      // Answered again the same way: the same response (same MessageID) is sent once more.
      if (existing.response_message_id) {
        await tx`update outbound_message set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
          where message_id = ${existing.response_message_id} and status <> 'pending'`;
      }
      return { messageId, duplicate: true, outcome: existing.outcome, responseMessageId: existing.response_message_id };
    }

    const addressing: Addressing = { clearwellId: h.from, pharmacyId: h.to, relatesTo: messageId, prescriberOrderNumber: h.prescriberOrderNumber };
    const keep = async (outcome: "accepted" | "rejected", detail: string | null, responseMessageId: string) => {
      await tx`insert into received_message
        (message_id, type, to_id, from_id, relates_to_message_id, prescriber_order_number, payload, payload_sha256, outcome, detail, response_message_id)
        values (${messageId}, ${type}, ${h.to}, ${h.from}, ${h.relatesToMessageId ?? null}, ${h.prescriberOrderNumber}, ${incoming.xml}, ${payloadSha}, ${outcome}, ${detail}, ${responseMessageId})`;
    };
    const reject = async (code: "601" | "900", description: string): Promise<ReceiveResult> => {
      const responseId = randomUUID();
      await keep("rejected", description, responseId);
      await queueResponse(tx, addressing, { type: "Error", code, description }, responseId);
      return { messageId, duplicate: false, outcome: "rejected", responseMessageId: responseId };
    };

    if (!incoming.ok) return reject("900", incoming.problem.slice(0, 140));
    const body = incoming.message.body;
    if (body.type !== "NewRx" && body.type !== "CancelRx") return reject("900", "Unsupported transaction for a pharmacy");
    if (!ctx.servedNcpdpIds.includes(h.to)) return reject("900", "Unknown pharmacy NCPDP ID");

    const errorMode = ctx.modes.takeError();
    if (errorMode === "error_600" || errorMode === "error_602") {
      // Not received: the sender retries the same MessageID, which is then processed normally.
      const code = errorMode === "error_600" ? "600" : "602";
      await tx`insert into transport_event (mode, message_id) values (${errorMode}, ${messageId})`;
      const responseId = await queueResponse(tx, addressing, { type: "Error", code, description: code === "600" ? "Communication problem (simulated)" : "Receiver system error (simulated)" });
      return { messageId, duplicate: false, outcome: "retryable_error", responseMessageId: responseId };
    }
    if (errorMode === "error_601") return reject("601", "Receiver unable to process (simulated)");
    if (errorMode === "error_900") return reject("900", "Transaction rejected (simulated)");

    return body.type === "NewRx" ? acceptNewRx(tx, ctx, incoming.message, body, addressing, keep) : answerCancelRx(tx, ctx, incoming.message, addressing, keep);
  });
}

async function acceptNewRx(
  tx: Tx,
  ctx: ReceiveContext,
  message: ScriptMessage,
  body: Extract<ScriptBody, { type: "NewRx" }>,
  a: Addressing,
  keep: (outcome: "accepted", detail: string | null, responseMessageId: string) => Promise<void>,
): Promise<ReceiveResult> {
  const responseId = randomUUID();
  await keep("accepted", null, responseId);
  const med = body.medicationPrescribed;
  const [rx] = await tx<{ id: string }[]>`insert into pharmacy_rx
      (new_rx_message_id, prescriber_order_number, ncpdp_id, clearwell_id, drug_description, quantity, quantity_qualifier, quantity_unit)
      values (${message.header.messageId}, ${message.header.prescriberOrderNumber}, ${a.pharmacyId}, ${a.clearwellId}, ${med.drugDescription},
              ${med.quantity.value}, ${med.quantity.codeListQualifier}, ${med.quantity.unitOfMeasure})
      returning id`;
  const answer = ctx.modes.answer === "Verify" ? ({ type: "Verify", code: ctx.modes.statusCode } as const) : ({ type: "Status", code: ctx.modes.statusCode } as const);
  await queueResponse(tx, { ...a, rxReferenceNumber: rxReference(rx!.id) }, answer, responseId);
  return { messageId: message.header.messageId, duplicate: false, outcome: "accepted", responseMessageId: responseId };
}

async function answerCancelRx(
  tx: Tx,
  ctx: ReceiveContext,
  message: ScriptMessage,
  a: Addressing,
  keep: (outcome: "accepted", detail: string | null, responseMessageId: string) => Promise<void>,
): Promise<ReceiveResult> {
  const responseId = randomUUID();
  // The original: by RelatesToMessageID (its NewRx), else by PrescriberOrderNumber.
  const relates = message.header.relatesToMessageId ?? "";
  const [rx] = await tx<{ id: string; status: string; dispensed_quantity: string }[]>`
    select id, status, dispensed_quantity from pharmacy_rx
    where new_rx_message_id = ${relates} or prescriber_order_number = ${message.header.prescriberOrderNumber}
    order by (new_rx_message_id = ${relates}) desc, id desc limit 1 for update`;
  let response: { type: "CancelRxResponse"; response: "Approved" | "Denied"; reason?: string };
  if (ctx.modes.takeCancelDenied()) response = { type: "CancelRxResponse", response: "Denied", reason: "Denied by the pharmacy (simulated)" };
  else if (!rx) response = { type: "CancelRxResponse", response: "Denied", reason: "No matching prescription" };
  else if (Number(rx.dispensed_quantity) > 0) response = { type: "CancelRxResponse", response: "Denied", reason: "Already dispensed" };
  else {
    if (rx.status !== "cancelled") await tx`update pharmacy_rx set status = 'cancelled', cancelled_at = now() where id = ${rx.id}`;
    response = { type: "CancelRxResponse", response: "Approved" };
  }
  await keep("accepted", response.response, responseId);
  await queueResponse(tx, { ...a, ...(rx ? { rxReferenceNumber: rxReference(rx.id) } : {}) }, response, responseId);
  return { messageId: message.header.messageId, duplicate: false, outcome: "accepted", responseMessageId: responseId };
}

export type FillResult = { ok: true; messageId: string; fillStatus: string } | { ok: false; status: 404 | 409; problem: string };

/** An RxFill notice for the NewRx `newRxMessageId` (1306.23: partial fills add up to at most the quantity). */
export async function fill(sql: Sql, input: { messageId: string; quantity: string; fillStatus?: "Dispensed" | "PartiallyDispensed" | undefined; dispensedDate?: string | undefined }): Promise<FillResult> {
  return sql.begin(async (tx) => {
    const [rx] = await tx<{ id: string; status: string; quantity: string; dispensed_quantity: string; prescriber_order_number: string; ncpdp_id: string; clearwell_id: string; drug_description: string; quantity_qualifier: string; quantity_unit: string }[]>`
      select * from pharmacy_rx where new_rx_message_id = ${input.messageId} for update`;
    if (!rx) return { ok: false, status: 404, problem: "no NewRx with that MessageID" } as const;
    if (rx.status === "cancelled") return { ok: false, status: 409, problem: "prescription cancelled" } as const;
    const [after] = await tx<{ dispensed_quantity: string; quantity: string }[]>`
      update pharmacy_rx set dispensed_quantity = dispensed_quantity + ${input.quantity}::numeric
      where id = ${rx.id} and dispensed_quantity + ${input.quantity}::numeric <= quantity
      returning dispensed_quantity::text, quantity::text`;
    if (!after) return { ok: false, status: 409, problem: "more than the prescribed quantity left" } as const;
    const fillStatus = input.fillStatus ?? (Number(after.dispensed_quantity) >= Number(after.quantity) ? "Dispensed" : "PartiallyDispensed");
    const messageId = await queueResponse(
      tx,
      { clearwellId: rx.clearwell_id, pharmacyId: rx.ncpdp_id, relatesTo: input.messageId, prescriberOrderNumber: rx.prescriber_order_number, rxReferenceNumber: rxReference(rx.id) },
      {
        type: "RxFill",
        fillStatus,
        drugDescription: rx.drug_description,
        quantity: { value: input.quantity, codeListQualifier: rx.quantity_qualifier, unitOfMeasure: rx.quantity_unit },
        dispensedDate: input.dispensedDate ?? new Date().toISOString().slice(0, 10),
      },
    );
    return { ok: true, messageId, fillStatus } as const;
  });
}
