import { DEFAULT_ACK_MAPPING, DEFAULT_RETRY_POLICY, type OutboxMessage, ackMappingWith, transitionOutbox } from "@clearwell/clinical";
import { verifySignature } from "@clearwell/script";
import { describe, expect, it } from "vitest";

import { syntheticSignedContent } from "../../../test/signed-content";
import { type Claimed, type RelayDeps, sendClaimed } from "./relay";
import type { OutboxRow } from "./store";
import { type EpcsVendor, type TransportOutcome, httpScriptTransport, transportFor } from "./vendor";

// The built-in transport's classification (DOMAIN.md §5.3): what is delivered, what is retried with
// the same MessageID, what ends for good.
const SECRET = "unit-test-network-secret-0123456789abcdef";
const message = { messageId: "11111111-1111-4111-8111-111111111111", type: "NewRx" as const, toNcpdpId: "7654321", body: "<Message>…</Message>" };

function transportAnswering(answer: () => Response | Promise<Response>, seen: { headers?: Headers; body?: string } = {}, timeoutMs = 1000) {
  return httpScriptTransport({
    url: "http://network.test/script",
    secret: SECRET,
    timeoutMs,
    fetch: (async (_url: string, init: RequestInit) => {
      seen.headers = new Headers(init.headers);
      seen.body = init.body as string;
      return answer();
    }) as typeof fetch,
  });
}

const scriptError = (code: string) => `<Message xmlns="http://www.ncpdp.org/schema/SCRIPT"><Body><Error><Code>${code}</Code></Error></Body></Message>`;

describe("httpScriptTransport", () => {
  it("signs the exact bytes it sends (HMAC over timestamp and body)", async () => {
    const seen: { headers?: Headers; body?: string } = {};
    expect(await transportAnswering(() => new Response(null, { status: 202 }), seen).send(message)).toEqual({ kind: "delivered", status: 202 });
    expect(seen.body).toBe(message.body);
    expect(verifySignature(SECRET, seen.headers!, seen.body!).ok).toBe(true);
    expect(verifySignature(`${SECRET}x`, seen.headers!, seen.body!).ok).toBe(false);
  });

  it.each([
    [503, "retryable"],
    [500, "retryable"],
    [429, "retryable"],
    [408, "retryable"],
    [401, "retryable"],
    [400, "terminal"],
    [422, "terminal"],
  ])("HTTP %i -> %s", async (status, kind) => {
    expect(await transportAnswering(() => new Response("", { status })).send(message)).toMatchObject({ kind, error: `HTTP ${status}` });
  });

  it("a synchronous SCRIPT Error is classified by its code: 600/602 retry, 601/900 terminal", async () => {
    for (const code of ["600", "602"]) expect(await transportAnswering(() => new Response(scriptError(code), { status: 200 })).send(message)).toEqual({ kind: "retryable", error: `Error ${code}` });
    for (const code of ["601", "900"]) expect(await transportAnswering(() => new Response(scriptError(code), { status: 400 })).send(message)).toEqual({ kind: "terminal", error: `Error ${code}`, code });
  });

  it("a synchronous SCRIPT Error follows the clinic's acknowledgement map the relay passes (DOMAIN.md §5.4)", async () => {
    const strict = ackMappingWith({ errors: { "600": "terminal" } });
    const lenient = ackMappingWith({ errors: { "601": "retry" }, errorDefault: "retry" });
    const answer = (code: string) => transportAnswering(() => new Response(scriptError(code), { status: 200 }));
    expect(await answer("600").send(message, undefined, { ackMapping: strict })).toEqual({ kind: "terminal", error: "Error 600", code: "600" });
    expect(await answer("602").send(message, undefined, { ackMapping: strict })).toEqual({ kind: "retryable", error: "Error 602" });
    expect(await answer("601").send(message, undefined, { ackMapping: lenient })).toEqual({ kind: "retryable", error: "Error 601" });
    // A code in no table takes the map's default: terminal unless the clinic chose otherwise.
    expect(await answer("777").send(message, undefined, { ackMapping: DEFAULT_ACK_MAPPING })).toEqual({ kind: "terminal", error: "Error 777", code: "777" });
    expect(await answer("777").send(message, undefined, { ackMapping: lenient })).toEqual({ kind: "retryable", error: "Error 777" });
  });

  it("a connection error or a timeout is retried", async () => {
    const refused = transportAnswering(() => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })));
    expect(await refused.send(message)).toEqual({ kind: "retryable", error: "network error ECONNREFUSED" });
    const slow = httpScriptTransport({
      url: "http://network.test/script",
      secret: SECRET,
      timeoutMs: 50,
      fetch: ((_u: string, init: RequestInit) =>
        new Promise((_r, reject) => init.signal!.addEventListener("abort", () => reject(new DOMException("aborted", "TimeoutError"))))) as typeof fetch,
    });
    expect(await slow.send(message)).toEqual({ kind: "retryable", error: "timeout after 50 ms" });
  });
});

// Issue 12 §9: a certified EPCS vendor (DoseSpot-style readyToSign, then sendEpcs with PIN and OTP)
// plugged into the relay through the same RxTransport seam as the built-in path. The relay's
// contract holds for it: one MessageID on every attempt (the vendor transmits once), and the same
// retry / terminal mapping, by the clinic's map.
describe("an EPCS vendor behind the relay (vendor boundary)", () => {
  const MESSAGE_ID = "44444444-4444-4444-8444-444444444444";
  const VENDOR_RX = "ds-rx-1001";

  /** A fake DoseSpot: dedupes on the idempotency key, checks PIN and OTP, can fail on demand. */
  function fakeDoseSpot() {
    const calls: { step: "readyToSign" | "sendEpcs"; idempotencyKey?: string; pin?: string; otp?: string }[] = [];
    const transmitted = new Map<string, string>();
    const plan: ("unreachable" | { code: string } | "ok")[] = [];
    let ready = true;
    const vendor: EpcsVendor = {
      name: "fake-dosespot",
      async readyToSign({ prescriptionIds }) {
        calls.push({ step: "readyToSign" });
        return ready ? { ready: prescriptionIds, refused: [] } : { ready: [], refused: prescriptionIds.map((prescriptionId) => ({ prescriptionId, reason: "missing DEA" })) };
      },
      async sendEpcs({ pin, otp, prescriptionIds, idempotencyKey }) {
        calls.push({ step: "sendEpcs", idempotencyKey, pin, otp });
        const next = plan.shift() ?? "ok";
        if (next === "unreachable") throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
        if (pin !== "2468" || !/^\d{6}$/.test(otp)) return { results: prescriptionIds.map((prescriptionId) => ({ prescriptionId, status: "error" as const, error: "EpcsError: bad second factor" })) };
        if (next !== "ok") return { results: prescriptionIds.map((prescriptionId) => ({ prescriptionId, status: "error" as const, code: next.code })) };
        // Keyed by the MessageID: a retry of a message it already sent is not sent again.
        if (!transmitted.has(idempotencyKey)) transmitted.set(idempotencyKey, prescriptionIds[0]!);
        return { results: prescriptionIds.map((prescriptionId) => ({ prescriptionId, status: "sent" as const, vendorPrescriptionId: prescriptionId })) };
      },
      async transmissionStatus() {
        return "transmitted";
      },
    };
    return { vendor, calls, transmitted, plan, refuseReady: () => (ready = false) };
  }

  const content = syntheticSignedContent(
    {
      prescriptionId: "22222222-2222-4222-8222-222222222222",
      clinicId: "33333333-3333-4333-8333-333333333333",
      patientId: "p",
      prescriberUserId: "u",
      deaRegistrationId: "d",
      pharmacyId: "ph",
      formularyEntryId: "f",
      decisionId: "dec",
      appointmentId: "a",
    },
    new Date("2026-11-20T15:04:05.000Z"),
  );
  const row = { messageId: MESSAGE_ID, type: "NewRx", toNcpdpId: "7654321", createdAt: new Date("2026-11-20T15:04:06.000Z"), payload: JSON.stringify(content), attempts: 1 } as unknown as OutboxRow;
  const claimed = (attempt: number, ackMapping = DEFAULT_ACK_MAPPING): Claimed => ({ row: { ...row, attempts: attempt }, relatesToMessageId: null, ackMapping });

  function relayWith(fake: ReturnType<typeof fakeDoseSpot>, otp = "135790"): RelayDeps {
    const transport = transportFor({
      kind: "vendor",
      vendor: fake.vendor,
      // What the ceremony handed over for this message: the vendor's ids and the prescriber's PIN and OTP.
      authorize: async (m) => (m.messageId === MESSAGE_ID ? { patientId: "p", prescriberUserId: "u", vendorPrescriptionId: VENDOR_RX, pin: "2468", otp } : null),
    });
    // sendClaimed touches no database: the claim and the record are the relay's, the same for every path.
    return { db: undefined as never, transport, leaseMs: 1000 };
  }

  /** Where the relay's outbox state machine takes an outcome (recordOutcome's event). */
  const next = (outcome: TransportOutcome, attempts: number) => {
    const msg: OutboxMessage = { messageId: MESSAGE_ID, type: "NewRx", status: "in_flight", attempts, cycleStartedAt: new Date("2026-11-20T15:04:06.000Z"), nextAttemptAt: null, lastError: null };
    const event = outcome.kind === "delivered" ? { type: "delivered" as const } : outcome.kind === "retryable" ? { type: "transient_failure" as const, error: outcome.error, random: 0.5 } : { type: "terminal_failure" as const, error: outcome.error };
    const t = transitionOutbox(msg, event, { now: new Date("2026-11-20T15:05:00.000Z"), policy: DEFAULT_RETRY_POLICY });
    return t.ok ? { status: t.message.status, alert: t.alert } : { status: "refused", alert: null };
  };

  it("retries an unreachable vendor with the same MessageID, and the vendor transmits the prescription once", async () => {
    const fake = fakeDoseSpot();
    fake.plan.push("unreachable", "unreachable", "ok", "ok");
    const deps = relayWith(fake);
    const outcomes: TransportOutcome[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) outcomes.push(await sendClaimed(deps, claimed(attempt)));
    expect(outcomes.map((o) => o.kind)).toEqual(["retryable", "retryable", "delivered", "delivered"]);
    expect(next(outcomes[0]!, 1)).toEqual({ status: "retry_scheduled", alert: null });
    expect(next(outcomes[2]!, 3)).toEqual({ status: "delivered", alert: null });
    // Two steps each time (1311.140: ready, then two factors), always keyed by the one MessageID.
    const sends = fake.calls.filter((c) => c.step === "sendEpcs");
    expect(sends).toHaveLength(4);
    expect(new Set(sends.map((c) => c.idempotencyKey))).toEqual(new Set([MESSAGE_ID]));
    expect(fake.calls.filter((c) => c.step === "readyToSign")).toHaveLength(4);
    expect(sends.every((c) => c.pin === "2468" && c.otp === "135790")).toBe(true);
    expect([...fake.transmitted]).toEqual([[MESSAGE_ID, VENDOR_RX]]);
  });

  it("maps the vendor's SCRIPT Error codes with the clinic's map: 600/602 retry and 601/900 stop by default; a clinic's 600 = stop stops", async () => {
    for (const [code, kind, status] of [
      ["600", "retryable", "retry_scheduled"],
      ["602", "retryable", "retry_scheduled"],
      ["601", "terminal", "rejected"],
      ["900", "terminal", "rejected"],
    ] as const) {
      const fake = fakeDoseSpot();
      fake.plan.push({ code });
      const outcome = await sendClaimed(relayWith(fake), claimed(1));
      expect(outcome, code).toMatchObject({ kind, error: `Error ${code}` });
      expect(next(outcome, 1), code).toEqual({ status, alert: status === "rejected" ? "A9" : null });
    }
    const fake = fakeDoseSpot();
    fake.plan.push({ code: "600" });
    const outcome = await sendClaimed(relayWith(fake), claimed(1, ackMappingWith({ errors: { "600": "terminal" } })));
    expect(outcome).toEqual({ kind: "terminal", error: "Error 600", code: "600" });
    expect(next(outcome, 1)).toEqual({ status: "rejected", alert: "A9" });
  });

  it("a refusal, a rejected second factor or a message nobody authorised ends for good (a person looks: A9), never a silent retry loop", async () => {
    const refused = fakeDoseSpot();
    refused.refuseReady();
    expect(await sendClaimed(relayWith(refused), claimed(1))).toEqual({ kind: "terminal", error: "vendor refused: not ready to sign" });
    expect(refused.calls.map((c) => c.step)).toEqual(["readyToSign"]);
    const badOtp = fakeDoseSpot();
    expect(await sendClaimed(relayWith(badOtp, "12"), claimed(1))).toEqual({ kind: "terminal", error: "vendor error" });
    const unknown = fakeDoseSpot();
    expect(await sendClaimed(relayWith(unknown), { ...claimed(1), row: { ...row, messageId: "55555555-5555-4555-8555-555555555555" } })).toEqual({ kind: "terminal", error: "no vendor authorisation for this message" });
    expect(unknown.calls).toHaveLength(0);
    expect(unknown.transmitted.size + badOtp.transmitted.size + refused.transmitted.size).toBe(0);
  });
});
