import { dropSimDatabase, simDatabaseUrlOn, startPharmacySim, type SimProcess } from "@clearwell/pharmacy-sim/harness";
import { schema } from "@clearwell/db/client";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { type Relay, startRelay } from "../src/services/transmission/relay";
import { httpScriptTransport } from "../src/services/transmission/vendor";
import { key } from "./decision-fixtures";
import { PASSWORD, testDb } from "./harness";
import { type RxClinic, type RxPatient, prescribingClinic, readyPrescription, rxPatient } from "./prescription-fixtures";
import { inboundServer, prescriptionRow, until } from "./transmission-fixtures";

// Issue 12 item 8 and issue 13: the pharmacy simulator's own RxFill notices (not hand-built
// messages) reach Clearwell's inbound handler and drive the regimen: a partial fill activates it,
// the rest adds up, and the simulator refuses to dispense more than was prescribed (21 CFR 1306.23).

const SIM_SECRET = "pharmacy-fill-network-secret-0123456789ab";
const simDb = simDatabaseUrlOn(inject("ownerDatabaseUrl"), `clearwell_sim_fill_${process.pid}`);
let sim: SimProcess;
let inbound: Awaited<ReturnType<typeof inboundServer>>;
let relay: Relay;
let w: RxClinic;
let p: RxPatient;

beforeAll(async () => {
  inbound = await inboundServer(testDb(), SIM_SECRET);
  sim = await startPharmacySim({ databaseUrl: simDb, inboundUrl: inbound.url, secret: SIM_SECRET, env: { PHARMACY_SIM_RETRY_BASE_MS: "100" } });
  w = await prescribingClinic();
  p = await rxPatient(w);
  relay = startRelay({
    db: testDb(),
    transport: httpScriptTransport({ url: sim.scriptUrl, secret: SIM_SECRET, timeoutMs: 1500 }),
    leaseMs: 5000,
    clinicIds: [w.clinic.id],
    policy: { delaysMs: [200, 400, 800], jitter: 0.2, maxAttempts: 5, maxAgeMs: 24 * 3600_000 },
    concurrency: 2,
  });
  await relay.ready;
}, 120_000);
afterAll(async () => {
  await relay?.stop();
  await sim?.stop();
  await inbound?.close();
  await dropSimDatabase(simDb).catch(() => {});
});

const fillsOf = (prescriptionId: string) =>
  testDb().select().from(schema.medicationFill).where(eq(schema.medicationFill.prescriptionId, prescriptionId)).orderBy(asc(schema.medicationFill.recordedAt), asc(schema.medicationFill.quantity));
const regimenOf = async (prescriptionId: string) => (await testDb().select().from(schema.regimen).where(eq(schema.regimen.prescriptionId, prescriptionId)))[0] ?? null;

describe("the pharmacy simulator's fill notices reach the regimen", () => {
  it("acknowledged -> planned; a partial RxFill activates it; the rest adds up; a fill beyond the quantity is refused by the pharmacy", async () => {
    const rx = await readyPrescription(w, p);
    const out = await w.prescriber.caller.prescription.sign({ patientId: p.patientId, prescriptionIds: [rx.id], readyVersions: [rx.readyVersion!], password: PASSWORD, totp: await w.prescriber.code(), idempotencyKey: key() });
    const messageId = out.signed[0]!.messageId;
    await until(() => prescriptionRow(rx.id), (r) => r.status === "acknowledged", 15_000, "acknowledged");
    const planned = await until(() => regimenOf(rx.id), (r) => r?.status === "planned", 10_000, "a planned regimen");
    const prescribed = planned!.unitsPrescribed;
    expect(prescribed).toBeGreaterThan(1);

    // Part of it now: the simulator sends an RxFill relating to the NewRx's MessageID.
    const first = await sim.control.fill({ messageId, quantity: 1 });
    expect(first.fillStatus).toBe("PartiallyDispensed");
    await until(() => fillsOf(rx.id), (f) => f.length === 1, 10_000, "the first fill recorded");
    const active = await until(() => regimenOf(rx.id), (r) => r?.status === "active", 10_000, "an active regimen");
    expect(active).toMatchObject({ activationSource: "fill" });
    expect(await fillsOf(rx.id)).toMatchObject([{ source: "pharmacy", fillStatus: "PartiallyDispensed", quantity: 1, rxInboxMessageId: first.messageId, regimenId: planned!.id }]);

    // The rest: Dispensed, adding up to what was prescribed; the regimen stays active.
    const rest = await sim.control.fill({ messageId, quantity: prescribed - 1 });
    expect(rest.fillStatus).toBe("Dispensed");
    const both = await until(() => fillsOf(rx.id), (f) => f.length === 2, 10_000, "the second fill recorded");
    expect(both[1]).toMatchObject({ fillStatus: "Dispensed", quantity: prescribed - 1, rxInboxMessageId: rest.messageId });
    expect(both.reduce((n, f) => n + f.quantity, 0)).toBe(prescribed);
    expect((await regimenOf(rx.id))?.status).toBe("active");

    // One more unit than prescribed: the pharmacy refuses it, and nothing reaches Clearwell.
    await expect(sim.control.fill({ messageId, quantity: 1 })).rejects.toThrow(/HTTP 409/);
    const inboxFills = await testDb().select().from(schema.rxInbox).where(eq(schema.rxInbox.relatesToMessageId, messageId));
    expect(inboxFills.filter((m) => m.type === "RxFill").map((m) => m.messageId).sort()).toEqual([first.messageId, rest.messageId].sort());
    expect(await fillsOf(rx.id)).toHaveLength(2);
  });
});
