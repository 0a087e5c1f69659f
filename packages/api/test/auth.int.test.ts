import { schema } from "@clearwell/db/client";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createContext } from "../src/context";
import { PASSWORD, captureMailer, makeClinic, makePatient, makeStaff, markMfaEnrolled, providerCaller, signIn, testAuth, testDb } from "./harness";

describe("sign-in", () => {
  it("signs staff in to the provider app and stores an argon2id hash", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const s = await signIn(testAuth("provider"), user.email);
    expect(s.status).toBe(200);
    expect(s.cookie).toContain("cw-provider.session_token=");
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Lax/i);
    expect(s.setCookie).not.toMatch(/Secure/i);
    const me = await (await providerCaller(s.headers)).session.me();
    expect(me.user.email).toBe(user.email);
    expect(me.activeClinic?.roles).toEqual(["provider"]);
    const [acct] = await testDb().select().from(schema.account).where(eq(schema.account.userId, user.id));
    expect(acct?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("refuses a wrong password without creating a session", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["admin"]);
    const s = await signIn(testAuth("provider"), user.email, "not-the-password-1");
    expect(s.status).toBe(401);
    expect(s.cookie).not.toContain("session_token");
  });

  it("refuses a patient's correct credentials on the provider app, and staff on the patient app", async () => {
    const clinic = await makeClinic();
    const { email } = await makePatient(clinic.id);
    const onProvider = await signIn(testAuth("provider"), email);
    expect(onProvider.status).toBe(403);
    expect(onProvider.body?.code).toBe("WRONG_APP");
    expect(onProvider.cookie).not.toContain("session_token");

    const staff = await makeStaff(clinic.id, ["provider"]);
    const onPatient = await signIn(testAuth("patient"), staff.email);
    expect(onPatient.status).toBe(403);
    const sessions = await testDb().select().from(schema.session).where(eq(schema.session.userId, staff.id));
    expect(sessions).toHaveLength(0);
  });

  it("rejects a patient session token presented to the provider app", async () => {
    const clinic = await makeClinic();
    const { email } = await makePatient(clinic.id);
    const s = await signIn(testAuth("patient"), email);
    expect(s.status).toBe(200);
    const token = s.cookie.split("=")[1];
    const forged = new Headers({ cookie: `cw-provider.session_token=${token}` });
    await expect((await providerCaller(forged)).session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

it("marks cookies Secure outside development", async () => {
  const clinic = await makeClinic();
  const user = await makeStaff(clinic.id, ["provider"]);
  const s = await signIn(testAuth("provider", { secureCookies: true }), user.email);
  expect(s.setCookie).toMatch(/__Secure-cw-provider\.session_token=[^;]+;.*Secure/i);
  expect(s.setCookie).toMatch(/HttpOnly/i);
});

describe("lockout", () => {
  it("locks the account after repeated failures, even for the right password, and tells the user until when", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider");
    for (let i = 0; i < 3; i++) expect((await signIn(auth, user.email, "wrong-password-123")).status).toBe(401);
    const locked = await signIn(auth, user.email, PASSWORD);
    expect(locked.status).toBe(403);
    expect(locked.body?.code).toBe("ACCOUNT_LOCKED");
    expect(String(locked.body?.message)).toMatch(/Try again after/);
    const [row] = await testDb().select().from(schema.user).where(eq(schema.user.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const events = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, user.id)).orderBy(schema.auditEvent.id);
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "auth.sign_in:denied",
      "auth.sign_in:denied",
      "auth.sign_in:denied",
      "auth.locked_out:denied",
      "auth.sign_in:denied",
    ]);
    expect(events.every((e) => e.clinicId === clinic.id)).toBe(true);
    expect(events.at(-1)!.detail).toMatchObject({ code: "ACCOUNT_LOCKED", status: 403 });
  });

  it("resets the failure count after a successful sign-in", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider");
    await signIn(auth, user.email, "wrong-password-123");
    await signIn(auth, user.email, "wrong-password-123");
    expect((await signIn(auth, user.email)).status).toBe(200);
    await signIn(auth, user.email, "wrong-password-123");
    await signIn(auth, user.email, "wrong-password-123");
    expect((await signIn(auth, user.email)).status).toBe(200);
  });

  it("rate-limits sign-in attempts per address", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider", { signInRateLimit: { window: 60, max: 2 }, lockout: { threshold: 20, minutes: 1 }, trustedProxies: ["10.9.0.1"] });
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    expect((await signIn(auth, user.email, "wrong-password-123", ip)).status).toBe(401);
    expect((await signIn(auth, user.email, "wrong-password-123", ip)).status).toBe(401);
    expect((await signIn(auth, user.email, PASSWORD, ip)).status).toBe(429);
  });
});

describe("session lifetime", () => {
  it("ends a staff session that has been idle past the timeout", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const s = await signIn(testAuth("provider"), user.email);
    await (await providerCaller(s.headers)).session.me();
    // 16 minutes without a request: better-auth's sliding expiry has passed.
    await testDb().update(schema.session).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(schema.session.userId, user.id));
    await expect((await providerCaller(s.headers)).session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("slides the idle expiry forward while the session is used", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const s = await signIn(testAuth("provider"), user.email);
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, user.id));
    await (await providerCaller(s.headers)).session.ping();
    const [row] = await testDb().select().from(schema.session).where(eq(schema.session.userId, user.id));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it("polling marked as background does not slide the idle expiry (a tab left open still logs off)", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const s = await signIn(testAuth("provider"), user.email);
    await markMfaEnrolled(user.id);
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, user.id));
    const polling = new Headers(s.headers);
    polling.set("x-clearwell-background", "1");
    expect(await (await providerCaller(polling)).visit.live()).toEqual([]);
    const [row] = await testDb().select().from(schema.session).where(eq(schema.session.userId, user.id));
    expect(row!.expiresAt.getTime()).toBeLessThan(Date.now() + 6 * 60_000);
  });

  it("ends any session after the absolute cap, however active", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const s = await signIn(testAuth("provider"), user.email);
    await testDb().update(schema.session).set({ createdAt: sql`now() - interval '12 hours 1 minute'` }).where(eq(schema.session.userId, user.id));
    await expect((await providerCaller(s.headers)).session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await testDb().select().from(schema.session).where(eq(schema.session.userId, user.id))).toHaveLength(0);
  });

  it("gives patients a longer idle timeout than staff", async () => {
    const clinic = await makeClinic();
    const { email, user } = await makePatient(clinic.id);
    const s = await signIn(testAuth("patient", { idleTimeoutSeconds: 1800 }), email);
    expect(s.status).toBe(200);
    const [row] = await testDb().select().from(schema.session).where(eq(schema.session.userId, user!.id));
    const ttl = row!.expiresAt.getTime() - row!.createdAt.getTime();
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000 + 1000);
  });
});

it("ignores rememberMe:false, which would otherwise escape the idle timeout", async () => {
  const clinic = await makeClinic();
  const user = await makeStaff(clinic.id, ["provider"]);
  const auth = testAuth("provider");
  const res = await auth.handler(
    new Request(`${auth.clearwell.baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, "x-forwarded-for": "198.51.100.8" },
      body: JSON.stringify({ email: user.email, password: PASSWORD, rememberMe: false }),
    }),
  );
  expect(res.status).toBe(200);
  const [row] = await testDb().select().from(schema.session).where(eq(schema.session.userId, user.id));
  expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(15 * 60_000 + 1000);
});

it("ends sessions of a deactivated account at once", async () => {
  const clinic = await makeClinic();
  const user = await makeStaff(clinic.id, ["provider"]);
  const s = await signIn(testAuth("provider"), user.email);
  await testDb().update(schema.user).set({ deactivatedAt: new Date() }).where(eq(schema.user.id, user.id));
  await expect((await providerCaller(s.headers)).session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  expect((await signIn(testAuth("provider"), user.email)).status).toBe(403);
});

it("does not let users rename themselves (names appear in the audit trail)", async () => {
  const clinic = await makeClinic();
  const user = await makeStaff(clinic.id, ["provider"]);
  const auth = testAuth("provider");
  const s = await signIn(auth, user.email);
  const res = await auth.handler(
    new Request(`${auth.clearwell.baseURL}/api/auth/update-user`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, cookie: s.cookie },
      body: JSON.stringify({ name: "Someone Else" }),
    }),
  );
  expect(res.status).toBe(404);
  const [row] = await testDb().select().from(schema.user).where(eq(schema.user.id, user.id));
  expect(row!.name).toBe(user.name);
});

describe("password reset", () => {
  it("mails a one-hour link, sets the new password and signs out other sessions", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const { sent, mailer } = captureMailer();
    const auth = testAuth("provider", { mailer });
    const first = await signIn(auth, user.email);
    const req = await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/request-password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, "x-forwarded-for": "198.51.100.9" },
        body: JSON.stringify({ email: user.email, redirectTo: "/reset-password" }),
      }),
    );
    expect(req.status).toBe(200);
    expect(sent).toHaveLength(1);
    const token = /reset-password\/([^?\s]+)/.exec(sent[0]!.text)?.[1];
    expect(token).toBeTruthy();
    const reset = await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/reset-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL },
        body: JSON.stringify({ token, newPassword: "a-brand-new-passphrase-7" }),
      }),
    );
    expect(reset.status).toBe(200);
    await expect((await providerCaller(first.headers)).session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await signIn(auth, user.email)).status).toBe(401);
    expect((await signIn(auth, user.email, "a-brand-new-passphrase-7")).status).toBe(200);
  });

  it("a reset ends a lockout", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const { sent, mailer } = captureMailer();
    const auth = testAuth("provider", { mailer });
    for (let i = 0; i < 3; i++) await signIn(auth, user.email, "wrong-password-123");
    expect((await signIn(auth, user.email)).status).toBe(403);
    await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/request-password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, "x-forwarded-for": "198.51.100.11" },
        body: JSON.stringify({ email: user.email, redirectTo: "/reset-password" }),
      }),
    );
    const token = /reset-password\/([^?\s]+)/.exec(sent[0]!.text)?.[1];
    const reset = await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/reset-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL },
        body: JSON.stringify({ token, newPassword: "another-new-passphrase-8" }),
      }),
    );
    expect(reset.status).toBe(200);
    expect((await signIn(auth, user.email, "another-new-passphrase-8")).status).toBe(200);
  });
});

describe("two-factor (TOTP)", () => {
  it("enrols staff and then demands the code at sign-in", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["prescriber"]);
    const auth = testAuth("provider");
    const s = await signIn(auth, user.email);
    const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
    if (enabled.method !== "totp") throw new Error("expected totp");
    const secret = new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!));
    const totp = () => createOTP(secret, { digits: 6, period: 30 }).totp();
    await auth.api.verifyTOTP({ body: { code: await totp() }, headers: s.headers });

    const second = await signIn(auth, user.email);
    expect(second.status).toBe(200);
    expect(second.body?.twoFactorRedirect).toBe(true);
    expect(second.cookie).not.toContain("session_token");
    const [attempt] = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(eq(schema.auditEvent.actorUserId, user.id))
      .orderBy(sql`${schema.auditEvent.id} desc`)
      .limit(1);
    expect(attempt).toMatchObject({ action: "auth.sign_in", detail: expect.objectContaining({ awaitingSecondFactor: true }) });

    const wrong = await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/two-factor/verify-totp`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, cookie: second.cookie },
        body: JSON.stringify({ code: "000000" }),
      }),
    );
    expect(wrong.status).toBe(401);
    const ok = await auth.handler(
      new Request(`${auth.clearwell.baseURL}/api/auth/two-factor/verify-totp`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, cookie: second.cookie },
        body: JSON.stringify({ code: await totp() }),
      }),
    );
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const me = await (await providerCaller(new Headers({ cookie }))).session.me();
    expect(me.user.twoFactorEnabled).toBe(true);
  });
});

/** A sign-in through better-auth's handler with the given X-Forwarded-For (and socket peer, when known). */
async function signInVia(auth: ReturnType<typeof testAuth>, email: string, password: string, forwardedFor: string, peer?: string) {
  const res = await auth.handler(
    new Request(`${auth.clearwell.baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ email, password }),
    }),
    peer,
  );
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const rnd = () => Math.floor(Math.random() * 250) + 1;

describe("client address (issue 10 finding 6)", () => {
  it("a rotating X-Forwarded-For from an untrusted client does not escape the per-address limit", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const lockout = { threshold: 20, minutes: 1 };
    // No trusted proxies (the default): the header is the client's own text.
    const direct = testAuth("provider", { signInRateLimit: { window: 60, max: 3 }, lockout, trustedProxies: [] });
    const statuses = [];
    for (let i = 0; i < 14; i++) statuses.push((await signInVia(direct, user.email, "wrong-password-123", `203.0.113.${i + 1}`)).status);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(3);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);

    // A known socket peer that is not a proxy of ours is the client, whatever it forwards.
    const behindLb = testAuth("provider", { signInRateLimit: { window: 60, max: 3 }, lockout, trustedProxies: ["10.9.0.1"] });
    const peer = `192.0.2.${rnd()}`;
    const fromPeer = [];
    for (let i = 0; i < 6; i++) fromPeer.push((await signInVia(behindLb, user.email, "wrong-password-123", `203.0.113.${i + 1}`, peer)).status);
    expect(fromPeer).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it("behind a trusted proxy the address it appended is the client; what the client put in front is ignored", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider", { signInRateLimit: { window: 60, max: 3 }, lockout: { threshold: 20, minutes: 1 }, trustedProxies: ["10.9.0.0/24"] });
    const client = `198.18.${rnd()}.${rnd()}`;
    const spoofed = [];
    for (let i = 0; i < 5; i++) spoofed.push((await signInVia(auth, user.email, "wrong-password-123", `6.6.6.${i}, ${client}, 10.9.0.7`, "10.9.0.1")).status);
    expect(spoofed).toEqual([401, 401, 401, 429, 429]);
    // Another client through the same proxy has its own bucket.
    expect((await signInVia(auth, user.email, PASSWORD, `198.18.${rnd()}.${rnd()}, 10.9.0.7`, "10.9.0.1")).status).toBe(200);

    const events = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, user.id)).orderBy(schema.auditEvent.id);
    expect(events.slice(0, 3).map((e) => e.ipAddress)).toEqual([client, client, client]);
    expect(auth.clientIp(new Headers({ "x-forwarded-for": `6.6.6.6, ${client}, 10.9.0.7` }), "10.9.0.1")).toBe(client);
  });

  it("the audit row and the request context carry the resolver's answer, never the spoofable left end", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider", { trustedProxies: ["10.9.0.1"] });
    const client = `198.18.${rnd()}.${rnd()}`;
    const forwarded = `6.6.6.6, ${client}`;
    expect((await signInVia(auth, user.email, PASSWORD, forwarded)).status).toBe(200);
    const [row] = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, user.id));
    expect(row!.ipAddress).toBe(client);
    expect(row!.ipAddress).toBe(auth.clientIp(new Headers({ "x-forwarded-for": forwarded })));
    const [session] = await testDb().select().from(schema.session).where(eq(schema.session.userId, user.id));
    expect(session!.ipAddress).toBe(client);

    // tRPC requests (audit rows, public limits) resolve the same way.
    const ctx = await createContext({ db: testDb(), auth, headers: new Headers({ "x-forwarded-for": forwarded }), outbound: { providerAppUrl: "", patientAppUrl: "", mailer: { send: async () => {} } } });
    expect(ctx.meta.ipAddress).toBe(client);

    // With nothing trusted, no address is believed at all.
    const none = testAuth("provider", { trustedProxies: [] });
    expect(none.clientIp(new Headers({ "x-forwarded-for": forwarded }))).toBeNull();
    expect(none.clientIp(new Headers({ "x-forwarded-for": forwarded }), "192.0.2.9")).toBe("192.0.2.9");
  });
});

describe("account enumeration at sign-in (issue 10 finding 7)", () => {
  it("an unknown address gets the same answer as a wrong password, and locks out after the same number of failures", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider");
    const unknown = `nobody-${Math.random().toString(36).slice(2, 10)}@example.test`;
    const forReal = [];
    const forUnknown = [];
    for (let i = 0; i < 4; i++) {
      forReal.push(await signIn(auth, user.email, `wrong-password-${i}xx`));
      forUnknown.push(await signIn(auth, unknown, `wrong-password-${i}xx`));
    }
    const shape = (r: Awaited<ReturnType<typeof signIn>>) => ({ status: r.status, code: r.body?.code, message: String(r.body?.message).replace(/after \S+ /, "after <time> ") });
    expect(forUnknown.map(shape)).toEqual(forReal.map(shape));
    expect(forUnknown.map((r) => r.status)).toEqual([401, 401, 401, 403]);
    expect(forUnknown[3]!.body?.code).toBe("ACCOUNT_LOCKED");
    // Locked whatever the password, like a real account.
    expect((await signIn(auth, unknown, PASSWORD)).body?.code).toBe("ACCOUNT_LOCKED");
    expect(Object.keys(forUnknown[0]!.body ?? {}).sort()).toEqual(Object.keys(forReal[0]!.body ?? {}).sort());
  });

  it("an unknown address costs the same argon2id work as a real account's wrong password", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const auth = testAuth("provider", { lockout: { threshold: 20, minutes: 1 } });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      await signIn(auth, `nobody-${i}-${Math.random().toString(36).slice(2, 8)}@example.test`, "wrong-password-123");
      unknown.push(performance.now() - t);
      t = performance.now();
      await signIn(auth, user.email, "wrong-password-123");
      real.push(performance.now() - t);
    }
    console.info(`[timing] sign-in median over 20: unknown address ${median(unknown).toFixed(1)} ms, real account wrong password ${median(real).toFixed(1)} ms`);
    // Loose bound: the gap this guards against was a skipped argon2 verify plus the lockout writes.
    expect(median(unknown)).toBeGreaterThan(median(real) * 0.6);
  });
});
