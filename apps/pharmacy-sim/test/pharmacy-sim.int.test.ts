import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import type { ScriptMessage, ScriptMessageInput } from "@clearwell/script";
import { parseMessage, renderMessage, signedHeaders, verifySignature } from "@clearwell/script";
import { sampleNewRx } from "@clearwell/script/fixtures";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";

import type { SimProcess } from "../src/harness";
import { dropSimDatabase, simDatabaseUrlOn, startPharmacySim } from "../src/harness";

// The simulator as a separate process on its own database, answering a local receiver that
// stands in for Clearwell's inbound endpoint and checks every callback's signature.
const SECRET = "pharmacy-sim-test-secret-0123456789abcdef";
const databaseUrl = simDatabaseUrlOn(inject("ownerDatabaseUrl"), `clearwell_pharmacy_sim_t${process.pid}`);

interface Received {
  message: ScriptMessage;
  signatureOk: boolean;
  raw: string;
}

/** Clearwell's inbound endpoint, as far as the simulator can tell: answers 200, or 503 while told to. */
async function startReceiver(port = 0) {
  const received: Received[] = [];
  const refused: string[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      if (failNext > 0) {
        failNext--;
        refused.push(raw);
        return void res.writeHead(503).end();
      }
      const parsed = parseMessage(raw);
      if (!parsed.ok) return void res.writeHead(400).end(parsed.problem);
      received.push({ message: parsed.message, signatureOk: verifySignature(SECRET, req.headers, raw).ok, raw });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/api/rx/inbound`,
    received,
    refused,
    failNext: (n: number) => void (failNext = n),
    answering: (messageId: string) => received.filter((r) => r.message.header.relatesToMessageId === messageId),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const newRx = (to = "7654321") => {
  const m = sampleNewRx({ messageId: randomUUID(), prescriberOrderNumber: randomUUID(), to });
  return { model: m, xml: renderMessage(m), id: m.header.messageId };
};

function cancelRx(original: ScriptMessageInput) {
  const m: ScriptMessageInput = {
    header: { ...original.header, messageId: randomUUID(), relatesToMessageId: original.header.messageId, sentTime: new Date().toISOString() },
    body: { ...(original.body as Extract<ScriptMessageInput["body"], { type: "NewRx" }>), type: "CancelRx" },
  };
  return { model: m, xml: renderMessage(m), id: m.header.messageId };
}

const simEnv = { PHARMACY_SIM_RETRY_BASE_MS: "30", PHARMACY_SIM_RETRY_MAX_MS: "200", PHARMACY_SIM_HANG_MS: "3000", PHARMACY_SIM_CALLBACK_TIMEOUT_MS: "1000" };

let receiver: Receiver;
let sim: SimProcess;

beforeAll(async () => {
  await dropSimDatabase(databaseUrl);
  receiver = await startReceiver();
  sim = await startPharmacySim({ databaseUrl, inboundUrl: receiver.url, secret: SECRET, env: simEnv });
});

afterAll(async () => {
  await sim?.stop();
  await receiver?.close();
  await dropSimDatabase(databaseUrl);
});

beforeEach(async () => {
  await sim.control.reset();
  receiver.received.length = 0;
  receiver.refused.length = 0;
  receiver.failNext(0);
});

describe("authentication", () => {
  it("refuses unsigned, wrongly signed and stale requests with 401, and receives nothing", async () => {
    const { xml } = newRx();
    expect((await sim.control.sendScript(xml, { sign: false })).status).toBe(401);
    expect((await sim.control.sendScript(xml, { secret: "another-secret-0123456789abcdefghijkl" })).status).toBe(401);
    expect((await sim.control.sendScript(xml, { timestampMs: Date.now() - 6 * 60_000 })).status).toBe(401);
    expect((await sim.control.sendScript(xml, { timestampMs: Date.now() + 6 * 60_000 })).status).toBe(401);
    // Signed over other bytes.
    const headers = signedHeaders(SECRET, xml);
    const tampered = await fetch(sim.scriptUrl, { method: "POST", headers: { "content-type": "application/xml", ...headers }, body: xml.replace("<DaysSupply>28", "<DaysSupply>90") });
    expect(tampered.status).toBe(401);
    expect((await sim.control.stats()).processed).toBe(0);
  });

  it("refuses control calls without the shared secret", async () => {
    for (const [method, path] of [
      ["POST", "/control/mode"],
      ["POST", "/control/reset"],
      ["POST", "/control/fill"],
      ["GET", "/control/stats"],
    ] as const) {
      const res = await fetch(`${sim.url}${path}`, { method, ...(method === "POST" ? { body: JSON.stringify({ mode: "http_503", count: 5 }) } : {}) });
      expect(res.status, path).toBe(401);
    }
    const forged = await fetch(`${sim.url}/control/mode`, { method: "POST", headers: signedHeaders("not-the-secret-0123456789abcdefghijkl", "{}"), body: "{}" });
    expect(forged.status).toBe(401);
    expect((await sim.control.stats()).mode.mode).toBe("normal");
  });
});

describe("NewRx", () => {
  it("answers 202, then delivers a signed Status 010 relating to the NewRx, with its own MessageID", async () => {
    const rx = newRx();
    const res = await sim.control.sendScript(rx.xml);
    expect(res.status).toBe(202);
    const [answer] = await until("Status", () => receiver.answering(rx.id).length > 0 && receiver.answering(rx.id));
    expect(answer!.signatureOk).toBe(true);
    expect(answer!.message.body).toEqual({ type: "Status", code: "010" });
    expect(answer!.message.header).toMatchObject({ relatesToMessageId: rx.id, to: "clearwell-test", from: "7654321", prescriberOrderNumber: rx.model.header.prescriberOrderNumber });
    expect(answer!.message.header.messageId).not.toBe(rx.id);
    expect(answer!.message.header.rxReferenceNumber).toMatch(/^SIM-\d+$/);
    // The receiver answered before the simulator recorded the delivery.
    const stats = await until("delivery recorded", async () => {
      const s = await sim.control.stats([rx.id]);
      return s.byMessageId![rx.id]?.response?.status === "delivered" && s;
    });
    expect(stats).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 0, processed: 1, distinctPrescriptions: 1 });
    expect(stats.byMessageId![rx.id]).toMatchObject({ type: "NewRx", outcome: "accepted", duplicateCount: 0, response: { type: "Status", code: "010", status: "delivered" } });
  });

  it("dedupes by MessageID: a resend is counted and answered again with the same response, never processed twice", async () => {
    const rx = newRx();
    expect((await sim.control.sendScript(rx.xml)).status).toBe(202);
    const [first] = await until("Status", () => receiver.answering(rx.id).length === 1 && receiver.answering(rx.id));
    const again = await sim.control.sendScript(rx.xml);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ messageId: rx.id, duplicate: true });
    const answers = await until("the same Status again", () => receiver.answering(rx.id).length === 2 && receiver.answering(rx.id));
    expect(answers[1]!.message.header.messageId).toBe(first!.message.header.messageId);
    expect(answers[1]!.raw).toBe(first!.raw);
    const stats = await sim.control.stats([rx.id]);
    expect(stats).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 1, processed: 1, distinctPrescriptions: 1, prescriptionsWithSeveralNewRx: 0 });
    expect(stats.byMessageId![rx.id]!.duplicateCount).toBe(1);
  });

  it("twenty concurrent copies of one message: one processed, nineteen duplicates", async () => {
    const rx = newRx();
    const statuses = await Promise.all(Array.from({ length: 20 }, () => sim.control.sendScript(rx.xml).then((r) => r.status)));
    expect(statuses.every((s) => s === 202)).toBe(true);
    const stats = await sim.control.stats();
    expect(stats).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 19, processed: 1 });
  });

  it("counts a resend whose bytes differ as a conflicting duplicate (a MessageID must never be reused)", async () => {
    const rx = newRx();
    await sim.control.sendScript(rx.xml);
    await sim.control.sendScript(rx.xml.replace("<DaysSupply>28", "<DaysSupply>27"));
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 1, conflictingDuplicates: 1 });
  });

  it("answers with the configured Status code or with Verify", async () => {
    await sim.control.setMode({ statusCode: "000" });
    const a = newRx();
    await sim.control.sendScript(a.xml);
    const [s] = await until("Status 000", () => receiver.answering(a.id).length > 0 && receiver.answering(a.id));
    expect(s!.message.body).toEqual({ type: "Status", code: "000" });
    await sim.control.setMode({ answer: "Verify", statusCode: "010" });
    const b = newRx();
    await sim.control.sendScript(b.xml);
    const [v] = await until("Verify", () => receiver.answering(b.id).length > 0 && receiver.answering(b.id));
    expect(v!.message.body).toEqual({ type: "Verify", code: "010" });
  });

  it("rejects with Error 900 a message it cannot use but can name; refuses with 400 one it cannot even name", async () => {
    const wrongPharmacy = newRx("1111111");
    expect((await sim.control.sendScript(wrongPharmacy.xml)).status).toBe(202);
    const [e1] = await until("Error 900", () => receiver.answering(wrongPharmacy.id).length > 0 && receiver.answering(wrongPharmacy.id));
    expect(e1!.message.body).toMatchObject({ type: "Error", code: "900" });

    const invalid = newRx();
    expect((await sim.control.sendScript(invalid.xml.replace("<DEANumber>AP1234563</DEANumber>", "<DEANumber>nope</DEANumber>"))).status).toBe(202);
    const [e2] = await until("Error 900", () => receiver.answering(invalid.id).length > 0 && receiver.answering(invalid.id));
    expect(e2!.message.body).toMatchObject({ type: "Error", code: "900" });
    expect(JSON.stringify(e2!.message.body)).toContain("deaNumber");

    for (const bad of ["not xml", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Message/>`, newRx().xml.replace("<SigText>", "<SigText>\u0000")]) {
      const res = await sim.control.sendScript(bad);
      expect(res.status).toBe(400);
    }
    const wrongType = await fetch(sim.scriptUrl, { method: "POST", headers: { "content-type": "application/json", ...signedHeaders(SECRET, "{}") }, body: "{}" });
    expect(wrongType.status).toBe(415);
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 0, rejected: 2, processed: 2 });
  });
});

describe("failure modes", () => {
  it("http_503: the next N requests fail without being received; the resend is processed once", async () => {
    await sim.control.setMode({ mode: "http_503", count: 2 });
    const rx = newRx();
    expect((await sim.control.sendScript(rx.xml)).status).toBe(503);
    expect((await sim.control.sendScript(rx.xml)).status).toBe(503);
    expect((await sim.control.sendScript(rx.xml)).status).toBe(202);
    const stats = await sim.control.stats();
    expect(stats).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 0, transportFailures: { http_503: 2 } });
    await until("Status", () => receiver.answering(rx.id).length === 1);
  });

  it("http_503_after_commit: received and answered, but the sender hears 503; its resend is a duplicate", async () => {
    await sim.control.setMode({ mode: "http_503_after_commit" });
    const rx = newRx();
    expect((await sim.control.sendScript(rx.xml)).status).toBe(503);
    expect((await sim.control.sendScript(rx.xml)).status).toBe(202);
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 1, duplicatesSeen: 1, processed: 1 });
  });

  it("hang: the request times out and nothing is received; hang_after_commit: received, the resend is a duplicate", async () => {
    await sim.control.setMode({ mode: "hang" });
    const a = newRx();
    await expect(sim.control.sendScript(a.xml, { timeoutMs: 300 })).rejects.toThrow();
    expect((await sim.control.stats()).processed).toBe(0);
    expect((await sim.control.sendScript(a.xml)).status).toBe(202);

    await sim.control.setMode({ mode: "hang_after_commit" });
    const b = newRx();
    await expect(sim.control.sendScript(b.xml, { timeoutMs: 300 })).rejects.toThrow();
    await until("Status for the hung request", () => receiver.answering(b.id).length === 1);
    expect((await sim.control.sendScript(b.xml)).status).toBe(202);
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 2, duplicatesSeen: 1, transportFailures: { hang: 1, hang_after_commit: 1 } });
  });

  it("error_600 / error_602: a retryable Error; the retry with the same MessageID is then processed normally", async () => {
    for (const code of ["600", "602"] as const) {
      await sim.control.setMode({ mode: `error_${code}` });
      const rx = newRx();
      expect((await sim.control.sendScript(rx.xml)).status).toBe(202);
      const [err] = await until(`Error ${code}`, () => receiver.answering(rx.id).length > 0 && receiver.answering(rx.id));
      expect(err!.message.body).toMatchObject({ type: "Error", code });
      expect(err!.signatureOk).toBe(true);
      expect((await sim.control.sendScript(rx.xml)).status).toBe(202);
      const answers = await until("Status after the retry", () => receiver.answering(rx.id).length === 2 && receiver.answering(rx.id));
      expect(answers[1]!.message.body).toEqual({ type: "Status", code: "010" });
    }
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 2, duplicatesSeen: 0, transportFailures: { error_600: 1, error_602: 1 } });
  });

  it("error_601 / error_900: a terminal Error; a resend is a duplicate answered with the same Error", async () => {
    for (const code of ["601", "900"] as const) {
      await sim.control.setMode({ mode: `error_${code}` });
      const rx = newRx();
      await sim.control.sendScript(rx.xml);
      const [err] = await until(`Error ${code}`, () => receiver.answering(rx.id).length > 0 && receiver.answering(rx.id));
      expect(err!.message.body).toMatchObject({ type: "Error", code });
      await sim.control.sendScript(rx.xml);
      const answers = await until("the same Error again", () => receiver.answering(rx.id).length === 2 && receiver.answering(rx.id));
      expect(answers[1]!.message.header.messageId).toBe(err!.message.header.messageId);
    }
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 0, rejected: 2, duplicatesSeen: 2, processed: 2 });
  });
});

describe("CancelRx and fills", () => {
  it("approves a cancel of an unfilled prescription, by RelatesToMessageID", async () => {
    const rx = newRx();
    await sim.control.sendScript(rx.xml);
    const cancel = cancelRx(rx.model);
    expect((await sim.control.sendScript(cancel.xml)).status).toBe(202);
    const [answer] = await until("CancelRxResponse", () => receiver.answering(cancel.id).length > 0 && receiver.answering(cancel.id));
    expect(answer!.message.body).toEqual({ type: "CancelRxResponse", response: "Approved" });
    expect(answer!.signatureOk).toBe(true);
    expect(await sim.control.stats()).toMatchObject({ distinctNewRx: 1, distinctCancelRx: 1, cancelled: 1 });
    // A cancelled prescription is not filled.
    await expect(sim.control.fill({ messageId: rx.id, quantity: 1 })).rejects.toThrow(/409/);
  });

  it("denies when told to (cancel_denied), when already dispensed, and when it has no such prescription", async () => {
    const a = newRx();
    await sim.control.sendScript(a.xml);
    await sim.control.setMode({ mode: "cancel_denied" });
    const c1 = cancelRx(a.model);
    await sim.control.sendScript(c1.xml);
    const [d1] = await until("Denied", () => receiver.answering(c1.id).length > 0 && receiver.answering(c1.id));
    expect(d1!.message.body).toMatchObject({ type: "CancelRxResponse", response: "Denied" });

    const b = newRx();
    await sim.control.sendScript(b.xml);
    await sim.control.fill({ messageId: b.id, quantity: 1 });
    const c2 = cancelRx(b.model);
    await sim.control.sendScript(c2.xml);
    const [d2] = await until("Denied", () => receiver.answering(c2.id).length > 0 && receiver.answering(c2.id));
    expect(d2!.message.body).toEqual({ type: "CancelRxResponse", response: "Denied", reason: "Already dispensed" });

    const orphan = cancelRx(newRx().model);
    await sim.control.sendScript(orphan.xml);
    const [d3] = await until("Denied", () => receiver.answering(orphan.id).length > 0 && receiver.answering(orphan.id));
    expect(d3!.message.body).toEqual({ type: "CancelRxResponse", response: "Denied", reason: "No matching prescription" });
  });

  it("sends RxFill notices: partial then complete, never more than prescribed", async () => {
    const rx = newRx();
    await sim.control.sendScript(rx.xml);
    await until("Status", () => receiver.answering(rx.id).length === 1);
    const partial = await sim.control.fill({ messageId: rx.id, quantity: 1, dispensedDate: "2026-11-21" });
    expect(partial.fillStatus).toBe("PartiallyDispensed");
    const rest = await sim.control.fill({ messageId: rx.id, quantity: 3 });
    expect(rest.fillStatus).toBe("Dispensed");
    await expect(sim.control.fill({ messageId: rx.id, quantity: 1 })).rejects.toThrow(/409/);
    await expect(sim.control.fill({ messageId: randomUUID(), quantity: 1 })).rejects.toThrow(/404/);
    const fills = await until("two RxFill", () => {
      const f = receiver.answering(rx.id).filter((r) => r.message.body.type === "RxFill");
      return f.length === 2 && f;
    });
    const first = fills.find((f) => f.message.header.messageId === partial.messageId)!;
    expect(first.signatureOk).toBe(true);
    expect(first.message.body).toMatchObject({ type: "RxFill", fillStatus: "PartiallyDispensed", quantity: { value: "1", codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: "2026-11-21" });
  });
});

describe("callback delivery", () => {
  it("retries with backoff while Clearwell answers 503, then delivers the same message", async () => {
    receiver.failNext(3);
    const rx = newRx();
    await sim.control.sendScript(rx.xml);
    const [answer] = await until("Status after retries", () => receiver.answering(rx.id).length > 0 && receiver.answering(rx.id));
    expect(receiver.refused).toHaveLength(3);
    expect(receiver.refused.every((raw) => raw === answer!.raw)).toBe(true);
    const stats = await until("delivery recorded", async () => {
      const s = await sim.control.stats([rx.id]);
      return s.byMessageId![rx.id]?.response?.status === "delivered" && s;
    });
    expect(stats.byMessageId![rx.id]!.response).toMatchObject({ status: "delivered", attempts: 4 });
  });

  it("keeps undelivered answers across a restart (SIGKILL) and delivers them once Clearwell is back", async () => {
    // Clearwell is down: nothing listens on the inbound port.
    const down = await startReceiver();
    const port = down.port;
    await down.close();
    const db2 = simDatabaseUrlOn(inject("ownerDatabaseUrl"), `clearwell_pharmacy_sim_r${process.pid}`);
    await dropSimDatabase(db2);
    let first: SimProcess | undefined;
    let second: SimProcess | undefined;
    let back: Receiver | undefined;
    try {
      first = await startPharmacySim({ databaseUrl: db2, inboundUrl: `http://127.0.0.1:${port}/api/rx/inbound`, secret: SECRET, env: simEnv });
      const rx = newRx();
      expect((await first.control.sendScript(rx.xml)).status).toBe(202);
      await until("a failed attempt", async () => ((await first!.control.stats([rx.id])).byMessageId![rx.id]!.response!.attempts ?? 0) >= 1);
      first.kill("SIGKILL");
      await first.exited;

      back = await startReceiver(port);
      second = await startPharmacySim({ databaseUrl: db2, inboundUrl: `http://127.0.0.1:${port}/api/rx/inbound`, secret: SECRET, env: simEnv });
      const [answer] = await until("Status after the restart", () => back!.answering(rx.id).length > 0 && back!.answering(rx.id), 15_000);
      expect(answer!.signatureOk).toBe(true);
      expect(answer!.message.body).toEqual({ type: "Status", code: "010" });
      const stats = await until("delivery recorded", async () => {
        const s = await second!.control.stats();
        return s.responses.delivered === 1 && s;
      });
      expect(stats).toMatchObject({ distinctNewRx: 1, processed: 1, responses: { delivered: 1, pending: 0 } });
    } finally {
      first?.kill("SIGKILL");
      await second?.stop();
      await back?.close();
      await dropSimDatabase(db2);
    }
  });
});
