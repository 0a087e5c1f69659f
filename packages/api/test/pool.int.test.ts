import { randomUUID } from "node:crypto";

import { PoolTimeoutError, createDb, schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";

import { createContext } from "../src/context";
import { createProviderCaller } from "../src/root-provider";
import { PATIENT_URL, PROVIDER_URL, makeClinic, makePatient, staffSession, testAuth, testDb, testVideo } from "./harness";

// A pool far smaller than the number of concurrent requests, as on a busy instance.
const POOL = 3;
const small = createDb(inject("databaseUrl"), POOL, { acquireTimeoutMs: 3_000 });
afterAll(() => small.$end({ timeout: 5 }));

const callerOn = async (headers: Headers) =>
  createProviderCaller(
    await createContext({ db: small, auth: testAuth("provider"), headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
  );

describe("the connection pool under refused requests", () => {
  it("more concurrent denials than pool connections all answer NOT_FOUND, each audited once", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const { patient } = await makePatient(other.id);
    const s = await staffSession(clinic.id, ["provider"]);
    const caller = await callerOn(s.headers);
    const missingAppointments = Array.from({ length: 4 }, () => randomUUID());
    // Each of these opens a transaction, then is refused inside it (another clinic's patient, or a
    // visit that is not theirs): 4 × pool size at once.
    const calls = [
      ...Array.from({ length: 4 }, () => caller.chart.get({ patientId: patient.id })),
      ...Array.from({ length: 4 }, () => caller.patient.get({ patientId: patient.id })),
      ...missingAppointments.map((appointmentId) => caller.visit.get({ appointmentId })),
      ...Array.from({ length: 4 }, () => caller.careTeam.claim({ patientId: patient.id })),
    ];
    const outcome = await Promise.race([
      Promise.allSettled(calls),
      new Promise<"hung">((r) => setTimeout(() => r("hung"), 8_000)),
    ]);
    expect(outcome).not.toBe("hung");
    const settled = outcome as PromiseSettledResult<unknown>[];
    expect(settled.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "ok"))).toEqual(Array(calls.length).fill("NOT_FOUND"));
    const rows = await testDb()
      .select({ action: schema.auditEvent.action })
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, s.user.id), eq(schema.auditEvent.outcome, "denied")));
    expect(rows.map((r) => r.action).sort()).toEqual([...Array(4).fill("care_team.claim"), ...Array(4).fill("chart.read"), ...Array(4).fill("patient.read"), ...Array(4).fill("visit.read")]);
  });

  it("a transaction that cannot get a connection in time is refused, and never runs later", async () => {
    const one = createDb(inject("databaseUrl"), 1, { acquireTimeoutMs: 300 });
    try {
      let release!: () => void;
      const held = one.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await new Promise<void>((r) => (release = r));
      });
      let ran = false;
      const started = Date.now();
      await expect(
        one.transaction(async () => {
          ran = true;
        }),
      ).rejects.toBeInstanceOf(PoolTimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
      release();
      await held;
      // The abandoned transaction got its turn after the first ended, and rolled back at once.
      await one.execute(sql`select 1`);
      expect(ran).toBe(false);
    } finally {
      await one.$end({ timeout: 5 });
    }
  });

  it("a pool timeout reaches the caller as SERVICE_UNAVAILABLE with a plain message", async () => {
    const clinic = await makeClinic();
    const { patient } = await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["admin"]);
    const one = createDb(inject("databaseUrl"), 1, { acquireTimeoutMs: 300 });
    try {
      const caller = createProviderCaller(
        await createContext({ db: one, auth: testAuth("provider"), headers: s.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
      );
      let release!: () => void;
      const held = one.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await new Promise<void>((r) => (release = r));
      });
      await new Promise((r) => setTimeout(r, 50));
      await expect(caller.patient.get({ patientId: patient.id })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/busy/) });
      release();
      await held;
    } finally {
      await one.$end({ timeout: 5 });
    }
  });
});
