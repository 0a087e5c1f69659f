import { randomUUID } from "node:crypto";

import { addCalendarDays } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rxInboundHandler } from "../src/services/transmission/inbound";
import { type RelayDeps, relayOne } from "../src/services/transmission/relay";
import { httpScriptTransport } from "../src/services/transmission/vendor";
import { testDb } from "./harness";
import { key, openSession, patientOf, patientToday, prescriberCaller, regimenRow } from "./regimen-fixtures";
import { type FakeNetwork, SECRET, fakeNetwork, inboundRequest, requestCancel, rxWorld, signAndEnqueue } from "./transmission-fixtures";

// Issue 13 §1 (DOMAIN.md §2 "Rx -> regimen active"): the pharmacy's acknowledgement makes a planned
// regimen, its fill notice activates it with the units dispensed, and a cancel stops it; all in the
// transaction that applies the pharmacy's message (POST /api/rx/inbound).

let net: FakeNetwork;
let deps: RelayDeps;
const inbound = rxInboundHandler(testDb(), { secret: SECRET, maxBytes: 64 * 1024 });

beforeAll(async () => {
  net = await fakeNetwork();
  deps = { db: testDb(), transport: httpScriptTransport({ url: net.url, secret: SECRET, timeoutMs: 2000 }), leaseMs: 5000 };
});
afterAll(async () => {
  await net.close();
});

const post = async (req: Request) => (await inbound(req)).status;
const regimenOf = async (prescriptionId: string) => (await testDb().select().from(schema.regimen).where(eq(schema.regimen.prescriptionId, prescriptionId)))[0] ?? null;

async function delivered() {
  const w = await rxWorld();
  const patient = await patientOf(w);
  const firstSessionDate = addCalendarDays(patientToday(), -1);
  const { messageId, prescriptionId } = await signAndEnqueue(w, { content: (c) => ({ ...c, firstSessionDate }) });
  expect((await relayOne(deps, messageId))?.status).toBe("delivered");
  return { w, patient, messageId, prescriptionId };
}

describe("the regimen follows the pharmacy", () => {
  it("Status 010 -> planned regimen from the signed content; RxFill -> active, units on hand, first session scheduled; a duplicate notice counts once", async () => {
    const { w, patient, messageId, prescriptionId } = await delivered();
    expect(await patient.caller.regimen.mine()).toEqual({ regimen: null, supportPerson: null });
    expect(await post(inboundRequest({ type: "Status", code: "010" }, messageId))).toBe(200);
    const planned = await regimenOf(prescriptionId);
    expect(planned).toMatchObject({ status: "planned", unitsPerSession: 1, daysBetweenSessions: 7, sessionsPrescribed: 4, unitsPrescribed: 4, unitLabel: "troche", doseMgPerSession: 200, productLabel: "Ketamine HCl 200 mg troche" });
    const mine = await patient.caller.regimen.mine();
    expect(mine.regimen).toMatchObject({ status: "planned", canConfirmReceipt: true, unitsOnHand: 0, nextSession: null });
    expect(mine.regimen!.safety.instructions.join(" ")).toMatch(/drive/);
    expect(mine.regimen!.safety.fastingRule).toMatch(/2 hours/);

    const fillId = randomUUID();
    const fill = inboundRequest({ type: "RxFill", fillStatus: "Dispensed", quantity: { value: 4, codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: patientToday() }, messageId, { messageId: fillId });
    expect(await post(fill)).toBe(200);
    const active = await regimenRow(planned!.id);
    expect(active).toMatchObject({ status: "active", activationSource: "fill" });
    const fills = await testDb().select().from(schema.medicationFill).where(eq(schema.medicationFill.prescriptionId, prescriptionId));
    expect(fills).toMatchObject([{ source: "pharmacy", quantity: 4, fillStatus: "Dispensed", rxInboxMessageId: fillId, regimenId: planned!.id }]);
    const session = (await openSession(planned!.id))!;
    expect(session).toMatchObject({ sequence: 1, scheduledDate: patientToday(), status: "scheduled" });
    const after = await patient.caller.regimen.mine();
    expect(after.regimen).toMatchObject({ status: "active", unitsOnHand: 4, sessionsTaken: 0, canConfirmReceipt: false, nextSession: { id: session.id, canStartNow: true } });
    // The same notice again: a duplicate, counted once.
    const again = inboundRequest({ type: "RxFill", fillStatus: "Dispensed", quantity: { value: 4, codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: patientToday() }, messageId, { messageId: fillId });
    expect(await post(again)).toBe(200);
    expect((await patient.caller.regimen.mine()).regimen?.unitsOnHand).toBe(4);
    // The prescriber sees the fill and the history on the chart.
    const prescriber = await prescriberCaller(w.prescriberId);
    const chart = await prescriber.regimen.forPatient({ patientId: w.patientId });
    expect(chart.reconciliation).toMatchObject({ unitsDispensed: 4, unitsLogged: 0, expectedOnHand: 4, flags: [] });
    expect(chart.events.map((e) => [e.fromStatus, e.toStatus, e.sourceType])).toEqual([
      ["planned", "active", "rx_inbox"],
      [null, "planned", "prescription"],
    ]);
  });

  it("without a fill notice the patient confirms receipt: active, the prescribed quantity on hand; a retry answers the same", async () => {
    const { patient, messageId, prescriptionId } = await delivered();
    expect(await post(inboundRequest({ type: "Verify" }, messageId))).toBe(200);
    const planned = (await regimenOf(prescriptionId))!;
    const k = key();
    const out = await patient.caller.regimen.confirmReceipt({ regimenId: planned.id, idempotencyKey: k });
    expect(out.regimen).toMatchObject({ status: "active", unitsOnHand: 4, receiptConfirmed: true });
    expect(await patient.caller.regimen.confirmReceipt({ regimenId: planned.id, idempotencyKey: k })).toEqual(out);
    expect(await regimenRow(planned.id)).toMatchObject({ status: "active", activationSource: "patient_receipt" });
    // A later fill notice replaces the receipt's quantity rather than adding to it.
    expect(await post(inboundRequest({ type: "RxFill", fillStatus: "PartiallyDispensed", quantity: { value: 3, codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: patientToday() }, messageId))).toBe(200);
    expect((await patient.caller.regimen.mine()).regimen?.unitsOnHand).toBe(3);
  });

  it("a cancel the pharmacy approves stops the regimen", async () => {
    const { w, patient, messageId, prescriptionId } = await delivered();
    expect(await post(inboundRequest({ type: "Status", code: "010" }, messageId))).toBe(200);
    const planned = (await regimenOf(prescriptionId))!;
    const { messageId: cancelId } = await requestCancel(w, prescriptionId);
    expect((await relayOne(deps, cancelId))?.status).toBe("delivered");
    expect(await post(inboundRequest({ type: "CancelRxResponse", response: "Approved" }, cancelId))).toBe(200);
    expect(await regimenRow(planned.id)).toMatchObject({ status: "stopped", endReason: "prescription_cancelled" });
    expect((await patient.caller.regimen.mine()).regimen).toMatchObject({ id: planned.id, status: "stopped", nextSession: null, canConfirmReceipt: false });
  });
});
