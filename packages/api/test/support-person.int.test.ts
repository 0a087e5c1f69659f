import { createHash } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setLogDestination } from "../src/logger";
import { patientCaller, testDb } from "./harness";
import { ANSWERS_OK, BP_OK, asOwner, codeFor, homeWorld, key, mailTo, openSession, sessionRow, supportReady } from "./regimen-fixtures";

// Issue 13 §4: the support person is a participant without an account. The link is their
// credential (only its SHA-256 is stored); each session's presence is a one-time 6-digit code the
// patient types into the gate: wrong codes count (5 at most), reused, expired and replaced codes are
// refused in plain words, and one patient's code never opens another's session.

const logged: string[] = [];
beforeAll(() => {
  setLogDestination({ write: (line: string) => void logged.push(line) });
  for (const level of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, level).mockImplementation((...a: unknown[]) => void logged.push(JSON.stringify(a)));
});
afterAll(() => {
  setLogDestination();
  vi.restoreAllMocks();
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("invitation and consent", () => {
  it("the invite mails a link (no health information), stores only the token's hash; the link shows the briefing and takes the consent", async () => {
    const h = await homeWorld();
    const email = `sam-${Date.now()}@example.test`;
    const mine = await h.patient.caller.supportPerson.invite({ name: "Sam Helper", relationship: "partner", email, phone: "(555) 010-0111" });
    expect(mine.supportPerson).toMatchObject({ name: "Sam Helper", status: "invited", email });
    expect(mine.supportPerson!.inviteExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    const [mail] = await mailTo(email);
    expect(mail!.subject).toBe("Pat asked you to be their support person");
    const token = /\/support\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    expect(mail!.text).toContain(`http://patient.test.local/support/${token}`);
    // (The random token is taken out first: it could spell "mg" by chance.)
    const words = mail!.text.replace(token, "").toLowerCase();
    for (const word of ["ketamine", "dose", "troche", "depress", "mg", "session", "treatment"]) expect(words).not.toContain(word);
    const [row] = await testDb().select().from(schema.supportPerson).where(eq(schema.supportPerson.patientId, h.w.patientId));
    expect(row!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const anon = await patientCaller();
    const seen = await anon.supportPerson.byToken({ token });
    expect(seen).toMatchObject({ patientFirstName: "Pat", status: "invited", todaySession: null });
    expect(seen.briefing.sections.flatMap((s) => s.points).join(" ")).toMatch(/911/);
    expect(seen.briefing.sections.flatMap((s) => s.points).join(" ")).toMatch(/drive/);
    await expect(anon.supportPerson.confirmPresence({ token, sessionId: (await openSession(h.regimenId))!.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(anon.supportPerson.consent({ token, acknowledged: true, briefingVersion: "1999-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await anon.supportPerson.consent({ token, acknowledged: true, briefingVersion: seen.briefing.version })).toEqual({ status: "active", patientFirstName: "Pat" });
    const after = await anon.supportPerson.byToken({ token });
    expect(after.status).toBe("active");
    expect(after.todaySession?.id).toBe((await openSession(h.regimenId))!.id);
    expect((await h.patient.caller.supportPerson.mine()).supportPerson).toMatchObject({ status: "active", inviteExpiresAt: null });
    // One current support person: a second invite is refused until the first is removed.
    await expect(h.patient.caller.supportPerson.invite({ name: "Alex", relationship: "friend", email: "alex@example.test" })).rejects.toMatchObject({ code: "CONFLICT" });
    // The token never reaches a log line.
    expect(logged.filter((l) => l.includes(token))).toEqual([]);
  });

  it("resend gives a new link and the old one stops working; an expired invite and a revoked link are refused in the same words", async () => {
    const h = await homeWorld();
    const email = `resend-${Date.now()}@example.test`;
    await h.patient.caller.supportPerson.invite({ name: "Sam Helper", relationship: "friend", email });
    await h.patient.caller.supportPerson.resendInvite();
    const [first, second] = await mailTo(email);
    const oldToken = /\/support\/([A-Za-z0-9_-]+)/.exec(first!.text)![1]!;
    const newToken = /\/support\/([A-Za-z0-9_-]+)/.exec(second!.text)![1]!;
    const anon = await patientCaller();
    const gone = await anon.supportPerson.byToken({ token: oldToken }).then(
      () => ({ code: "OK", message: "" }),
      (e: { code: string; message: string }) => e,
    );
    expect(gone).toMatchObject({ code: "NOT_FOUND", message: "This link no longer works. Ask the person who invited you to send a new one." });
    expect((await anon.supportPerson.byToken({ token: newToken })).status).toBe("invited");

    await testDb().update(schema.supportPerson).set({ tokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(schema.supportPerson.patientId, h.w.patientId));
    await expect(anon.supportPerson.byToken({ token: newToken })).rejects.toMatchObject({ code: "NOT_FOUND", message: gone.message });
    await expect(anon.supportPerson.consent({ token: newToken, acknowledged: true, briefingVersion: "2026-11" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const h2 = await homeWorld();
    const ready = await supportReady(h2);
    expect((await h2.patient.caller.supportPerson.revoke()).supportPerson).toBeNull();
    await expect(ready.anon.supportPerson.byToken({ token: ready.token })).rejects.toMatchObject({ code: "NOT_FOUND", message: gone.message });
    // Refusals are audited without the token.
    const denied = await testDb().select().from(schema.auditEvent).where(sql`${schema.auditEvent.action} = 'support_person.view' and ${schema.auditEvent.outcome} = 'denied'`);
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(denied)).not.toContain(newToken);
  });

  it("the patient cannot name themselves", async () => {
    const h = await homeWorld();
    await expect(h.patient.caller.supportPerson.invite({ name: "Me", relationship: "self", email: h.patient.email })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("the presence code at the gate", () => {
  async function ready() {
    const h = await homeWorld();
    const support = await supportReady(h);
    const session = (await openSession(h.regimenId))!;
    return { h, ...support, session };
  }
  const gate = (h: Awaited<ReturnType<typeof homeWorld>>, sessionId: string, supportCode: string) =>
    h.patient.caller.dose.precheck({ sessionId, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() });

  it("a code is shown once, stored salted and hashed, and unlocks the gate once; used again it is refused", async () => {
    const { h, anon, token, session } = await ready();
    const { code, expiresAt } = await anon.supportPerson.confirmPresence({ token, sessionId: session.id });
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const [row] = await testDb().select().from(schema.supportConfirmation).where(eq(schema.supportConfirmation.doseSessionId, session.id));
    expect(row!.codeHash).toBe(sha256(`${code}:${row!.id}`));
    expect((await gate(h, session.id, code)).outcome).toBe("passed");
    expect((await sessionRow(session.id)).supportConfirmationId).toBe(row!.id);
    // Reused on the next session (its own code waiting): refused in plain words, nothing decided.
    await h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 10, sideEffects: [], supportSignoffName: "Sam Helper", idempotencyKey: key() });
    const next = (await openSession(h.regimenId))!;
    await asOwner(sql`update dose_session set scheduled_date = scheduled_date - 7 where id = ${next.id}`);
    const err = await gate(h, next.id, code).catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/no code is waiting/) });
    const nextCode = await codeFor(anon, token, next.id);
    if (nextCode !== code) {
      const counted = await gate(h, next.id, code).catch((e: { code: string; message: string }) => e);
      expect(counted).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not right/) });
    }
    expect((await sessionRow(next.id)).status).toBe("scheduled");
    // The used code's own session has moved on: nothing to unlock there either.
    await expect(h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode: code, idempotencyKey: key() })).rejects.toMatchObject({ code: "CONFLICT" });
    // Its own code is accepted (the gate then stops at the minimum interval, not at the support person).
    const own = await gate(h, next.id, nextCode);
    expect(own.outcome === "failed" && own.reasons.map((r) => r.code)).toEqual(["too_soon"]);
  });

  it("a wrong code counts (the count survives the refusal); five wrong codes burn it, then even the right one is refused", async () => {
    const { h, anon, token, session } = await ready();
    const code = await codeFor(anon, token, session.id);
    const wrong = code === "000000" ? "111111" : "000000";
    const first = await gate(h, session.id, wrong).catch((e: { code: string; message: string }) => e);
    expect(first).toMatchObject({ code: "BAD_REQUEST" });
    expect(first.message).toMatch(/4 tries left/);
    const [row] = await testDb().select().from(schema.supportConfirmation).where(eq(schema.supportConfirmation.doseSessionId, session.id));
    expect(row!.attempts).toBe(1);
    for (let i = 0; i < 4; i++) await gate(h, session.id, wrong).catch(() => null);
    const burned = await gate(h, session.id, code).catch((e: { code: string; message: string }) => e);
    expect(burned).toMatchObject({ code: "BAD_REQUEST" });
    expect(burned.message).toMatch(/Too many wrong codes/);
    expect((await sessionRow(session.id)).status).toBe("scheduled");
    // A new code replaces the burned one and works.
    const fresh = await codeFor(anon, token, session.id);
    expect((await gate(h, session.id, fresh)).outcome).toBe("passed");
  });

  it("an expired code and a replaced code are refused; the newest works", async () => {
    const { h, anon, token, session } = await ready();
    const oldCode = await codeFor(anon, token, session.id);
    const newCode = await codeFor(anon, token, session.id);
    const replaced = await gate(h, session.id, oldCode).catch((e: { message: string }) => e.message);
    // The old code matches its (replaced) row only if the codes differ.
    if (oldCode !== newCode) expect(replaced).toMatch(/newer code/);
    await asOwner(sql`update support_confirmation set expires_at = now() - interval '1 minute', created_at = now() - interval '20 minutes' where dose_session_id = ${session.id} and superseded_at is null`);
    expect(await gate(h, session.id, newCode).catch((e: { message: string }) => e.message)).toMatch(/expired/);
    const third = await codeFor(anon, token, session.id);
    expect((await gate(h, session.id, third)).outcome).toBe("passed");
  });

  it("another patient's code never opens this patient's session", async () => {
    const a = await ready();
    const b = await ready();
    const codeA = await codeFor(a.anon, a.token, a.session.id);
    await codeFor(b.anon, b.token, b.session.id);
    const err = await gate(b.h, b.session.id, codeA).catch((e: { code: string; message: string }) => e);
    // (A collision of two random 6-digit codes would make this a pass for the wrong reason.)
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    expect((await sessionRow(b.session.id)).supportConfirmationId).toBeNull();
    // A's code still works for A.
    expect((await gate(a.h, a.session.id, codeA)).outcome).toBe("passed");
    // B's support person cannot ask for a code for A's session.
    await expect(b.anon.supportPerson.confirmPresence({ token: b.token, sessionId: a.session.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
