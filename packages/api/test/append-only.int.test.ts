import { schema } from "@clearwell/db/client";
import { DatabaseConfigError } from "@clearwell/db/app-url";
import { verifyAuditChain } from "@clearwell/db/audit-verify";
import { PrivilegeError, assertLeastPrivilege, privilegeReport } from "@clearwell/db/roles";
import { prepareAppDatabase } from "@clearwell/db/startup";
import { dbEnv } from "@clearwell/db/env";
import postgres from "postgres";
import { sql as dsql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";

import { makeClinic, makePatient, staffSession, testDb } from "./harness";

// DOMAIN.md §9 and issue 10 finding 11: append-only stores hold against TRUNCATE and against the
// application's own connection, and the audit log is a hash chain that shows any edit made around them.
const owner = postgres(inject("ownerDatabaseUrl"), { max: 4, onnotice: () => {} });
const app = postgres(inject("databaseUrl"), { max: 12, onnotice: () => {} });
afterAll(async () => {
  await owner.end();
  await app.end();
});

const pgError = (e: unknown) => (e as { message?: string }).message ?? String(e);

/** Runs `fn` in a transaction that is always rolled back, and returns the error it raised (or null). */
async function refusal(sql: postgres.Sql, fn: (tx: postgres.TransactionSql) => Promise<unknown>) {
  const ROLLBACK = new Error("rolled back");
  try {
    await sql.begin(async (tx) => {
      await tx`set local lock_timeout = '20s'`;
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (e) {
    return e === ROLLBACK ? null : pgError(e);
  }
  return null;
}

const APPEND_ONLY = ["audit_event", "visit_event", "consent_record", "questionnaire_response", "intake_review", "intake", "clinical_note", "eligibility_decision", "eligibility_decision_co_signature", "pdmp_check", "prescription_event", "rx_inbox"];

describe("append-only stores", () => {
  it.each(APPEND_ONLY)("TRUNCATE %s is refused by the database, even for the owner", async (table) => {
    // CASCADE so that a table others reference reaches its own trigger instead of the foreign-key check.
    expect(await refusal(owner, (tx) => tx.unsafe(`truncate ${table} cascade`))).toMatch(/TRUNCATE on \w+ is not allowed: the table is append-only/);
  });

  it("the apps' connection is the least-privilege role: no superuser, owns nothing, cannot bypass or disable the triggers", async () => {
    const [{ user }] = (await testDb().execute(dsql`select current_user as user`)) as unknown as [{ user: string }];
    expect(user).toBe("clearwell_app");
    expect(await privilegeReport(app)).toEqual({ user: "clearwell_app", superuser: false, bypassesRowSecurity: false, ownedTables: 0, superuserMemberships: 0 });

    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"]);
    await s.caller.patient.list({});
    const [last] = await app<{ id: string }[]>`select id from audit_event where clinic_id = ${clinic.id} order by id desc limit 1`;

    // What a superuser could do to get a DELETE past the triggers, and what the owner could.
    expect(await refusal(app, (tx) => tx`set local session_replication_role = replica`)).toMatch(/permission denied to set parameter/);
    expect(await refusal(app, (tx) => tx`alter table audit_event disable trigger audit_event_no_update_delete`)).toMatch(/must be owner/);
    expect(await refusal(app, (tx) => tx`alter table audit_event disable trigger all`)).toMatch(/must be owner/);
    expect(await refusal(app, (tx) => tx`drop trigger audit_event_no_update_delete on audit_event`)).toMatch(/must be owner/);
    expect(await refusal(app, (tx) => tx`truncate audit_event`)).toMatch(/permission denied/);
    // Purely append-only tables are SELECT and INSERT only for the role (the trigger is the second line).
    for (const table of ["audit_event", "visit_event", "consent_record", "questionnaire_response", "intake_review", "eligibility_decision", "eligibility_decision_co_signature", "pdmp_check", "prescription_event", "rx_inbox"]) {
      expect(await refusal(app, (tx) => tx.unsafe(`delete from ${table} where false`))).toMatch(/permission denied/);
      expect(await refusal(app, (tx) => tx.unsafe(`update ${table} set id = id where false`))).toMatch(/permission denied/);
    }
    expect(await refusal(app, (tx) => tx`create table public.scratch_by_app (id int)`)).toMatch(/permission denied/);
    expect(await refusal(app, (tx) => tx`create role clearwell_escalated`)).toMatch(/permission denied/);
    expect((await app`select count(*)::int as n from audit_event where id = ${last!.id}`)[0]!.n).toBe(1);
  });

  it("production refuses to start on the owner's connection, or without a database, and accepts the application role", async () => {
    const env = (over: Partial<ReturnType<typeof dbEnv>>) => ({ ...dbEnv(), DATABASE_URL: undefined, DATABASE_APP_URL: undefined, DATABASE_APP_PASSWORD: undefined, NODE_ENV: "production", ...over });
    await expect(assertLeastPrivilege(inject("ownerDatabaseUrl"))).rejects.toThrow(PrivilegeError);
    await expect(prepareAppDatabase({}, env({ DATABASE_APP_URL: inject("ownerDatabaseUrl") }))).rejects.toThrow(/Refusing to start: the database user "postgres" is a superuser/);
    await expect(prepareAppDatabase({}, env({}))).rejects.toThrow(DatabaseConfigError);
    await expect(prepareAppDatabase({}, env({}))).rejects.toThrow(/does not fall back to the embedded development database/);
    // The development password is never used in production, even when derived from DATABASE_URL.
    await expect(prepareAppDatabase({}, env({ DATABASE_URL: inject("ownerDatabaseUrl") }))).rejects.toThrow(/DATABASE_APP_PASSWORD/);
    expect(await prepareAppDatabase({}, env({ DATABASE_APP_URL: inject("databaseUrl") }))).toMatchObject({ url: inject("databaseUrl") });
  });
});

describe("hash-chained audit log", () => {
  async function clinicWithEvents(n: number) {
    const clinic = await makeClinic();
    await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["admin"]);
    for (let i = 0; i < n; i++) await s.caller.patient.list({});
    return clinic;
  }
  const chainOf = (clinicId: string) =>
    owner<{ id: string; chainSeq: string; prevHash: string; hash: string }[]>`
      select id, chain_seq as "chainSeq", prev_hash as "prevHash", hash from audit_event where clinic_id = ${clinicId} order by chain_seq`;

  it("every insert is chained by the database, whatever the insert supplies", async () => {
    const clinic = await clinicWithEvents(3);
    // A forged link from the application's own connection is overwritten.
    await app`insert into audit_event (clinic_id, actor_kind, action, resource_type, outcome, chain_seq, prev_hash, hash)
              values (${clinic.id}, 'system', 'forged', 'test', 'success', 1, ${"f".repeat(64)}, ${"e".repeat(64)})`;
    const rows = await chainOf(clinic.id);
    expect(rows.map((r) => Number(r.chainSeq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows.at(-1)!.hash).not.toBe("e".repeat(64));
    expect(await verifyAuditChain(owner, { clinicId: clinic.id })).toMatchObject({ rows: rows.length, breaks: [] });
  });

  it("an edit or a deletion made around the triggers (as a superuser) is found, at the row where it happened", async () => {
    const edited = await clinicWithEvents(4);
    const deleted = await clinicWithEvents(4);
    const [e, d] = [await chainOf(edited.id), await chainOf(deleted.id)];
    // The attack finding 11 describes: triggers off for one session, then UPDATE and DELETE go through.
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_event set outcome = 'denied' where id = ${e[2]!.id}`;
      await tx`delete from audit_event where id = ${d[1]!.id}`;
    });
    const editedResult = await verifyAuditChain(owner, { clinicId: edited.id });
    expect(editedResult.breaks).toEqual([{ clinicId: edited.id, id: Number(e[2]!.id), chainSeq: 3, problem: "hash" }]);
    const deletedResult = await verifyAuditChain(owner, { clinicId: deleted.id });
    expect(deletedResult.breaks).toEqual([{ clinicId: deleted.id, id: Number(d[2]!.id), chainSeq: 3, problem: "gap" }]);
  });

  it("concurrent inserts from many connections keep one unbroken chain per clinic", async () => {
    const clinics = [await makeClinic(), await makeClinic()];
    const insert = (clinicId: string, i: number) =>
      app.begin(async (tx) => {
        await tx`insert into audit_event (clinic_id, actor_kind, action, resource_type, outcome, detail)
                 values (${clinicId}, 'system', 'concurrency.test', 'test', 'success', ${tx.json({ i })})`;
        // Some transactions hold their place a little before committing; others write two rows.
        if (i % 5 === 0) await tx`select pg_sleep(0.01)`;
        if (i % 7 === 0) await tx`insert into audit_event (clinic_id, actor_kind, action, resource_type, outcome) values (${clinicId}, 'system', 'concurrency.second', 'test', 'success')`;
      });
    const n = 120;
    const started = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => insert(clinics[i % 2]!.id, i)));
    const ms = performance.now() - started;
    for (const c of clinics) {
      const result = await verifyAuditChain(owner, { clinicId: c.id });
      expect(result.breaks).toEqual([]);
      const rows = await chainOf(c.id);
      expect(rows.map((r) => Number(r.chainSeq))).toEqual(rows.map((_, i) => i + 1));
    }
    console.log(`audit chain: ${n} concurrent transactions over 2 clinics on 12 connections in ${ms.toFixed(0)} ms`);
  });
});

describe("audit log rows", () => {
  it("carry the chain columns in the schema the services read", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"]);
    await s.caller.patient.list({});
    const rows = await testDb().select().from(schema.auditEvent).where(dsql`${schema.auditEvent.clinicId} = ${clinic.id}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash) && r.chainSeq >= 1)).toBe(true);
  });
});
