import { randomUUID } from "node:crypto";

import { DEFAULT_RETRY_POLICY, type InboundResponse, type RetryPolicy, mapAcknowledgement, transitionOutbox } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type ScriptMessage, parseMessage, verifySignature } from "@clearwell/script";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { systemActor } from "../../actor";
import type { RequestMeta } from "../../context";
import { BodyTooLargeError, readBoundedBody } from "../../http-edge";
import { type AuditInput, recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db-errors";
import { regimenOnFill, regimenOnPrescriptionStatus } from "../regimen/lifecycle";
import { failPrescription } from "./relay";
import { advancePrescription, clinicRxSettings, lockPrescription, notePrescriptionEvent, notifyPrescriptionChanged, outboxMessageOf, raiseA9, writeOutboxTransition } from "./store";

export type InboundOutcome =
  | { status: 200; result: "applied" | "duplicate" }
  | { status: 400; result: "invalid" }
  | { status: 401; result: "unauthorized" }
  | { status: 404; result: "unmatched" }
  | { status: 413; result: "too large" }
  | { status: 415; result: "unsupported media type" }
  | { status: 405; result: "method not allowed" }
  | { status: 422; result: "rejected" };

export interface InboundOptions {
  /** PHARMACY_SHARED_SECRET: the network signs with it (HMAC over timestamp and body). */
  secret: string;
  maxBytes: number;
  now?: Date;
  policy?: RetryPolicy;
  random?: () => number;
}

const RESPONSES = ["Status", "Verify", "Error", "CancelRxResponse", "RxFill"] as const;
type ResponseType = (typeof RESPONSES)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const anonymous = (meta: RequestMeta): Actor => ({ userId: null, kind: "anonymous", roles: [], clinicId: null, meta });

/**
 * An inbound SCRIPT message from the pharmacy network (DOMAIN.md §5.3-5.4):
 * 1. the HMAC signature and its timestamp (5-minute window) are checked before anything is parsed:
 *    unsigned, forged or stale -> 401, audited with the reason only (no health data);
 * 2. parseMessage (entities off, validated through the model) -> 400 when it is not SCRIPT;
 * 3. in ONE transaction: deduplicated on its MessageID (rx_inbox unique; a replay -> 200
 *    "duplicate", never applied twice), correlated by RelatesToMessageID to our outbox message
 *    (unknown -> 404, kept as unmatched), sender checked against the message's pharmacy, then
 *    mapAcknowledgement with the clinic's ack_status_map: Status/Verify -> outbox acked and Rx
 *    acknowledged; Error 600/602 -> retry; 601/900 -> error + A9; CancelRxResponse ->
 *    cancelled / cancel_denied (+ A9); RxFill -> kept for the regimen. prescription_event,
 *    audit and NOTIFY ride the same transaction.
 */
export async function handleRxInbound(db: Database, body: string, headers: Headers, meta: RequestMeta, o: InboundOptions): Promise<InboundOutcome> {
  const now = o.now ?? new Date();
  const verified = verifySignature(o.secret, headers, body, now.getTime());
  if (!verified.ok) {
    await recordAudit(db, anonymous(meta), { action: "rx.inbound.refused", resourceType: "rx_inbox", outcome: "denied", detail: { reason: verified.reason, bytes: body.length } });
    return { status: 401, result: "unauthorized" };
  }
  const parsed = parseMessage(body, { maxBytes: o.maxBytes });
  if (!parsed.ok) {
    await recordAudit(db, anonymous(meta), { action: "rx.inbound.invalid", resourceType: "rx_inbox", outcome: "denied", detail: { kind: parsed.kind, problem: parsed.problem } });
    return { status: 400, result: "invalid" };
  }
  const message = parsed.message;
  try {
    return await db.transaction((tx) => applyInbound(tx, message, body, meta, { ...o, now }));
  } catch (e) {
    // The same MessageID committed by a concurrent delivery: this one is the duplicate.
    if (isUniqueViolation(e, "rx_inbox_message_id_uq")) {
      await recordAudit(db, anonymous(meta), { action: "rx.inbound.duplicate", resourceType: "rx_inbox", resourceId: message.header.messageId, detail: { type: message.body.type } });
      return { status: 200, result: "duplicate" };
    }
    throw e;
  }
}

async function applyInbound(tx: Transaction, message: ScriptMessage, raw: string, meta: RequestMeta, o: InboundOptions & { now: Date }): Promise<InboundOutcome> {
  const h = message.header;
  const b = message.body;
  const type: ResponseType | "unknown" = (RESPONSES as readonly string[]).includes(b.type) ? (b.type as ResponseType) : "unknown";
  const code = b.type === "Status" || b.type === "Error" ? b.code : b.type === "Verify" ? (b.code ?? null) : b.type === "CancelRxResponse" ? b.response : null;
  const i = schema.rxInbox;

  const [seen] = await tx.select({ id: i.id }).from(i).where(eq(i.messageId, h.messageId));
  if (seen) {
    await recordAudit(tx, anonymous(meta), { action: "rx.inbound.duplicate", resourceType: "rx_inbox", resourceId: h.messageId, detail: { type: b.type } });
    return { status: 200, result: "duplicate" };
  }
  const store = (clinicId: string | null, outcome: "applied" | "unmatched" | "rejected", detail: Record<string, unknown>) =>
    tx.insert(i).values({ messageId: h.messageId, clinicId, relatesToMessageId: h.relatesToMessageId ?? null, type, code, receivedAt: o.now, payload: raw, outcome, detail });

  // Correlate (DOMAIN.md §5.3): only a response naming one of our messages is applied.
  const related = h.relatesToMessageId && UUID.test(h.relatesToMessageId) ? h.relatesToMessageId.toLowerCase() : null;
  const t = schema.rxOutbox;
  const [row] = related ? await tx.select().from(t).where(eq(t.messageId, related)).for("update") : [];
  if (!row) {
    await store(null, "unmatched", { reason: h.relatesToMessageId ? "unknown RelatesToMessageID" : "no RelatesToMessageID" });
    await recordAudit(tx, anonymous(meta), { action: "rx.inbound.unmatched", resourceType: "rx_inbox", resourceId: h.messageId, outcome: "denied", detail: { type: b.type } });
    return { status: 404, result: "unmatched" };
  }
  const actor = systemActor(row.clinicId, meta);
  const reject = async (reason: string) => {
    await store(row.clinicId, "rejected", { reason });
    await recordAudit(tx, actor, { action: "rx.inbound.rejected", resourceType: "rx_inbox", resourceId: h.messageId, outcome: "denied", detail: { type: b.type, relatesTo: row.messageId, reason } });
    return { status: 422, result: "rejected" } as const;
  };
  // Only the pharmacy the message went to may answer it.
  if (h.from !== row.toNcpdpId) return reject("sender is not the message's pharmacy");
  if (type === "unknown") return reject(`${b.type} is not a response`);

  const p = await lockPrescription(tx, row);
  const detail: Record<string, unknown> = { type: b.type, relatesTo: row.messageId, messageType: row.type, ...(code ? { code } : {}) };

  if (b.type === "RxFill") {
    // Fill notices are kept for the regimen (dispensed quantity); they change no state here.
    if (row.type !== "NewRx") return reject("RxFill must answer a NewRx");
    await store(row.clinicId, "applied", { ...detail, fillStatus: b.fillStatus, quantity: b.quantity, dispensedDate: b.dispensedDate });
    await regimenOnFill(tx, actor, { prescription: p, rxInboxMessageId: h.messageId, fillStatus: b.fillStatus, quantity: b.quantity.value, dispensedDate: b.dispensedDate, now: o.now });
    await recordAudit(tx, actor, { action: "rx.inbound.fill", resourceType: "prescription", resourceId: p.id, patientId: p.patientId, detail });
    await notifyPrescriptionChanged(tx, p);
    return { status: 200, result: "applied" };
  }

  const response: InboundResponse =
    b.type === "Status"
      ? { kind: "Status", code: b.code }
      : b.type === "Verify"
        ? { kind: "Verify" }
        : b.type === "Error"
          ? { kind: "Error", code: b.code, ...(b.description ? { description: b.description } : {}) }
          : { kind: "CancelRxResponse", response: (b as Extract<ScriptMessage["body"], { type: "CancelRxResponse" }>).response };
  const { ackMapping } = await clinicRxSettings(tx, row.clinicId);
  const decision = mapAcknowledgement(row.type, response, ackMapping);
  if (decision.unexpected) return reject(`${b.type} does not answer a ${row.type}`);
  if (decision.unmappedCode) detail.unmappedCode = true;

  const policy = o.policy ?? DEFAULT_RETRY_POLICY;
  // Audit rows go last, together: the clinic's audit chain is locked from the first one to commit.
  const audit: AuditInput[] = [];
  // Whether the prescription's status changed (its trigger then notifies the chart by itself).
  let statusChanged = false;
  if (decision.outbox === "terminal_failure") {
    // 601/900 (or an unmapped code, terminal by default): no retry; error (CancelRx: cancel_denied) + A9.
    const step = transitionOutbox(await outboxMessageOf(tx, row), { type: "terminal_failure", error: `Error ${code}` }, { now: o.now, policy });
    if (step.ok) {
      const updated = await writeOutboxTransition(tx, row, step, o.now);
      await failPrescription(tx, updated, "rejected", { kind: "terminal", error: `Error ${code}`, code: code ?? "unknown" }, o.now, "pharmacy");
      statusChanged = true;
    } else detail.outbox = step.code;
  } else if (decision.outbox) {
    const event = decision.outbox === "acked" ? ({ type: "acked" } as const) : ({ type: "transient_failure", error: `Error ${code}`, random: (o.random ?? Math.random)() } as const);
    const step = transitionOutbox(await outboxMessageOf(tx, row), event, { now: o.now, policy });
    if (step.ok) {
      const updated = await writeOutboxTransition(tx, row, step, o.now);
      if (step.alert === "A9") {
        await failPrescription(tx, updated, "dead_lettered", { kind: "retryable", error: `Error ${code}` }, o.now, "pharmacy");
        statusChanged = true;
      }
    } else detail.outbox = step.code;
  }
  if (decision.prescription && decision.outbox !== "terminal_failure") {
    const moved = await advancePrescription(tx, actor, p, decision.prescription, {
      now: o.now,
      actorKind: "pharmacy",
      detail: { messageId: row.messageId, inbound: h.messageId, type: b.type, ...(code ? { code } : {}) },
      audit,
    });
    if (!moved.changed) detail.prescription = moved.code;
    else statusChanged = true;
    if (moved.changed) await regimenOnPrescriptionStatus(tx, actor, p, moved.to, o.now);
    if (decision.alert === "A9" && moved.changed) await raiseA9(tx, actor, p, row, "cancel_denied", code ?? undefined);
    // A message replayed by an admin has already brought its prescription back (outbox-admin.ts
    // replayOutbox, lifecycle.ts `replay`: error -> transmitted, cancel_denied -> cancel_requested), so
    // its acknowledgement or Approved answer moves it on above like any other. What is left here are
    // answers to a dead letter that was NOT replayed, arriving after it was given up on: the lifecycle
    // cannot take them (error and cancel_denied are final unless replayed), and they must never be
    // dropped silently, so the chart's history records them and A9 tells the prescriber.
    if (!moved.changed && decision.prescription === "acknowledge" && p.status === "error") {
      // The pharmacy has a prescription the chart calls failed: a new one may have been issued too.
      await notePrescriptionEvent(tx, actor, p, "acknowledged_after_error", { now: o.now, actorKind: "pharmacy", detail: { messageId: row.messageId, inbound: h.messageId } });
      await raiseA9(tx, actor, p, row, "acknowledged_after_error");
    }
    if (!moved.changed && decision.prescription === "cancel_approved" && p.status === "cancel_denied") {
      // The pharmacy cancelled what the chart calls "cancel denied" (the CancelRx was given up on).
      await notePrescriptionEvent(tx, actor, p, "cancel_approved_after_denied", { now: o.now, actorKind: "pharmacy", detail: { messageId: row.messageId, inbound: h.messageId } });
      await raiseA9(tx, actor, p, row, "cancelled_after_denied");
    }
  }
  await store(row.clinicId, "applied", detail);
  if (!statusChanged) await notifyPrescriptionChanged(tx, p);
  await recordAudit(tx, actor, [...audit, { action: "rx.inbound", resourceType: "prescription", resourceId: p.id, patientId: p.patientId, detail: { inbound: h.messageId, ...detail } }]);
  return { status: 200, result: "applied" };
}

/**
 * The provider app's POST /api/rx/inbound: server to server, so no cookies and no Origin check;
 * the signature over the (bounded) raw body authenticates it. Answers JSON { result }.
 */
export function rxInboundHandler(db: Database, o: Omit<InboundOptions, "now">) {
  return async (req: Request): Promise<Response> => {
    const reply = (out: InboundOutcome) => Response.json({ result: out.result }, { status: out.status, headers: { "cache-control": "no-store" } });
    if (req.method !== "POST") return reply({ status: 405, result: "method not allowed" });
    const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/xml" && type !== "text/xml") return reply({ status: 415, result: "unsupported media type" });
    let body: string;
    try {
      const bytes = await readBoundedBody(req, o.maxBytes);
      body = new TextDecoder("utf-8", { fatal: true }).decode(bytes ?? new Uint8Array());
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reply({ status: 413, result: "too large" });
      if (error instanceof TypeError) return reply({ status: 400, result: "invalid" });
      throw error;
    }
    const meta: RequestMeta = { requestId: req.headers.get("x-request-id")?.slice(0, 100) ?? randomUUID(), ipAddress: null, userAgent: req.headers.get("user-agent")?.slice(0, 300) ?? null };
    return reply(await handleRxInbound(db, body, req.headers, meta, o));
  };
}

