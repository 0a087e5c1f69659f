import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { systemActor } from "../src/actor";
import { updatePrescribingSettings } from "../src/services/prescribing-admin/settings";
import { type RelayDeps, relayOne } from "../src/services/transmission/relay";
import { type EpcsVendor, httpScriptTransport, transportFor } from "../src/services/transmission/vendor";
import { testDb } from "./harness";
import { type FakeNetwork, type RxWorld, SECRET, fakeNetwork, outboxRow, prescriptionRow, rxWorld, signAndEnqueue } from "./transmission-fixtures";

// Issue 12 item 8 / DOMAIN.md §5.4: the Status/Error code map is the clinic's configuration, and it
// applies to every answer the pharmacy gives: an Error answered in the HTTP reply (synchronous) is
// classified with the same map as one posted later to the inbound endpoint. And issue 12 §9: a
// vendor path runs through the same relay. Each test uses its own clinic; relayOne is called
// directly (no LISTENing relay), so nothing else sends these messages.

const FAST = { delaysMs: [20, 20, 20], jitter: 0, maxAttempts: 4, maxAgeMs: 24 * 3600_000 };
let net: FakeNetwork;

beforeAll(async () => {
  net = await fakeNetwork();
});
afterAll(async () => {
  await net.close();
});

const deps = (w: RxWorld, o: Partial<RelayDeps> = {}): RelayDeps => ({
  db: testDb(),
  transport: httpScriptTransport({ url: net.url, secret: SECRET, timeoutMs: 2000 }),
  leaseMs: 5000,
  clinicIds: [w.clinicId],
  policy: FAST,
  ...o,
});

const admin = (w: RxWorld) => ({ ...systemActor(w.clinicId, { requestId: "t", ipAddress: null, userAgent: null }), kind: "staff" as const, userId: w.adminId, roles: ["admin"] });

/** Signs a prescription whose NewRx the fake network answers in its HTTP reply with SCRIPT Error `code`. */
async function signedAnsweredWith(w: RxWorld, code: string) {
  const mine = { messageId: "" };
  const prev = net.answer;
  net.answer = (id, n) => (id === mine.messageId ? { status: 200, body: `<Message><Body><Error><Code>${code}</Code></Error></Body></Message>` } : prev(id, n));
  const r = await signAndEnqueue(w);
  mine.messageId = r.messageId;
  return r;
}

const alertsOf = (clinicId: string) => testDb().select().from(schema.safetyAlert).where(and(eq(schema.safetyAlert.clinicId, clinicId), eq(schema.safetyAlert.type, "A9")));

describe("a synchronous SCRIPT Error follows the clinic's acknowledgement map", () => {
  it("a clinic whose map says 600 = stop: a synchronous 600 rejects the message, the prescription is error and A9 is raised", async () => {
    const w = await rxWorld();
    const saved = await updatePrescribingSettings(testDb(), admin(w), w.clinicId, { ackStatusMap: { errors: { "600": "terminal" } } });
    expect(saved.ackMapping.errors["600"]).toBe("terminal");
    const { messageId, prescriptionId } = await signedAnsweredWith(w, "600");
    const step = await relayOne(deps(w), messageId);
    expect(step).toMatchObject({ messageId, attempt: 1, outcome: { kind: "terminal", error: "Error 600", code: "600" }, status: "rejected" });
    expect(await outboxRow(messageId)).toMatchObject({ status: "rejected", lastError: "Error 600" });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "error", errorCode: "600" });
    expect(await alertsOf(w.clinicId)).toMatchObject([{ type: "A9", severity: "high", status: "open", sourceType: "rx_outbox", sourceId: messageId, patientId: w.patientId }]);
    // Terminal: nothing is due any more.
    expect(await relayOne(deps(w), messageId)).toBeNull();
    expect(net.received.filter((r) => r.messageId === messageId)).toHaveLength(1);
  });

  it("a clinic on the defaults retries the same synchronous 600 with the same MessageID; its 601 override to retry is honoured too", async () => {
    const w = await rxWorld();
    const { messageId, prescriptionId } = await signedAnsweredWith(w, "600");
    expect(await relayOne(deps(w), messageId)).toMatchObject({ outcome: { kind: "retryable", error: "Error 600" }, status: "retry_scheduled" });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    expect(await alertsOf(w.clinicId)).toHaveLength(0);

    const v = await rxWorld();
    await updatePrescribingSettings(testDb(), admin(v), v.clinicId, { ackStatusMap: { errors: { "601": "retry" } } });
    const b = await signedAnsweredWith(v, "601");
    expect(await relayOne(deps(v), b.messageId)).toMatchObject({ outcome: { kind: "retryable", error: "Error 601" }, status: "retry_scheduled" });
    expect(await alertsOf(v.clinicId)).toHaveLength(0);
  });
});

describe("an EPCS vendor through the relay (vendor boundary, issue 12 §9)", () => {
  it("the relay sends through a DoseSpot-style vendor: retried with one MessageID, sent once, the prescription transmitted", async () => {
    const w = await rxWorld();
    const keys: string[] = [];
    let unreachable = 1;
    const sentOnce = new Set<string>();
    const vendor: EpcsVendor = {
      name: "fake-dosespot",
      readyToSign: async ({ prescriptionIds }) => ({ ready: prescriptionIds, refused: [] }),
      sendEpcs: async ({ prescriptionIds, idempotencyKey, pin, otp }) => {
        keys.push(idempotencyKey);
        if (unreachable-- > 0) throw new TypeError("fetch failed");
        expect({ pin, otp }).toEqual({ pin: "2468", otp: "135790" });
        sentOnce.add(idempotencyKey);
        return { results: prescriptionIds.map((prescriptionId) => ({ prescriptionId, status: "sent" as const, vendorPrescriptionId: prescriptionId })) };
      },
      transmissionStatus: async () => "transmitted",
    };
    const transport = transportFor({ kind: "vendor", vendor, authorize: async (m) => ({ patientId: w.patientId, prescriberUserId: w.prescriberId, vendorPrescriptionId: `ds-${m.messageId}`, pin: "2468", otp: "135790" }) });
    const { messageId, prescriptionId } = await signAndEnqueue(w);
    const d = deps(w, { transport });
    expect(await relayOne(d, messageId)).toMatchObject({ outcome: { kind: "retryable" }, status: "retry_scheduled" });
    await new Promise((r) => setTimeout(r, 60));
    expect(await relayOne(d, messageId)).toMatchObject({ attempt: 2, outcome: { kind: "delivered" }, status: "delivered" });
    expect(keys).toEqual([messageId, messageId]);
    expect([...sentOnce]).toEqual([messageId]);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    expect(await outboxRow(messageId)).toMatchObject({ status: "delivered", attempts: 2, messageId });
  });
});
