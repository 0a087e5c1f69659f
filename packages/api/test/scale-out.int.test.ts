import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { schema } from "@clearwell/db/client";
import { eq, sql } from "drizzle-orm";

import { PASSWORD, makeClinic, makeStaff, markMfaEnrolled, testDb } from "./harness";

// Two API instances (separate processes, separate pools) behind an imaginary load balancer,
// sharing only Postgres: sessions, lockouts and rate-limit counters must hold across both.
const ports = [41000 + Math.floor(Math.random() * 1000), 42000 + Math.floor(Math.random() * 1000)];
const procs: ChildProcess[] = [];
const base = (i: number) => `http://127.0.0.1:${ports[i]}`;
/** The load balancer's address, which both instances serve: the Origin of every page. */
const PUBLIC_URL = "http://portal.test.local";

function start(port: number) {
  const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
  const child = spawn(tsx, [path.resolve(__dirname, "standalone-server.ts")], {
    env: { ...process.env, PORT: String(port), PUBLIC_URL, DATABASE_URL: inject("databaseUrl") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  procs.push(child);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes(`ready ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`instance on ${port} exited with ${code}`)));
  });
}

beforeAll(async () => {
  await Promise.all(ports.map(start));
}, 60_000);

afterAll(() => {
  for (const p of procs) p.kill("SIGTERM");
});

async function signIn(i: number, email: string, password: string) {
  const res = await fetch(`${base(i)}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: PUBLIC_URL, "x-forwarded-for": "192.0.2.10" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { status: res.status, body: (await res.json()) as { code?: string }, cookie, instance: res.headers.get("x-instance") };
}

const me = (i: number, cookie: string) => fetch(`${base(i)}/api/trpc/session.me`, { headers: { cookie } });

describe("two API instances on one database", () => {
  it("a session made on one instance is honoured, and ended, on the other", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const a = await signIn(0, user.email, PASSWORD);
    expect(a.status).toBe(200);
    const onB = await me(1, a.cookie);
    expect(onB.status).toBe(200);
    expect(onB.headers.get("x-instance")).not.toBe(a.instance);
    const body = (await onB.json()) as { result: { data: { json: { user: { email: string } } } } };
    expect(body.result.data.json.user.email).toBe(user.email);

    const out = await fetch(`${base(1)}/api/auth/sign-out`, { method: "POST", headers: { cookie: a.cookie, origin: PUBLIC_URL, "content-type": "application/json" }, body: "{}" });
    expect(out.status).toBe(200);
    expect((await me(0, a.cookie)).status).toBe(401);
  });

  it("a request that slides the idle expiry sends the browser a refreshed session cookie", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    const a = await signIn(0, user.email, PASSWORD);
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, user.id));
    const res = await me(1, a.cookie);
    expect(res.status).toBe(200);
    const refreshed = res.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(refreshed).toMatch(/Max-Age=900/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("failed attempts spread across instances add up to one lockout seen by both", async () => {
    const clinic = await makeClinic();
    const user = await makeStaff(clinic.id, ["provider"]);
    expect((await signIn(0, user.email, "wrong-password-1")).status).toBe(401);
    expect((await signIn(1, user.email, "wrong-password-2")).status).toBe(401);
    expect((await signIn(0, user.email, "wrong-password-3")).status).toBe(401);
    for (const i of [0, 1]) {
      const locked = await signIn(i, user.email, PASSWORD);
      expect(locked.status).toBe(403);
      expect(locked.body.code).toBe("ACCOUNT_LOCKED");
    }
  });

  it("returns zod errors field by field over HTTP", async () => {
    const clinic = await makeClinic();
    const admin = await makeStaff(clinic.id, ["admin"]);
    const { cookie } = await signIn(0, admin.email, PASSWORD);
    await markMfaEnrolled(admin.id);
    const res = await fetch(`${base(1)}/api/trpc/patient.invite`, {
      method: "POST",
      headers: { cookie, origin: PUBLIC_URL, "content-type": "application/json" },
      body: JSON.stringify({ json: { givenName: "", familyName: "Ok", email: "nope", dateOfBirth: "1990-01-01", stateOfResidence: "CO" } }),
    });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { json: { data: { code: string; fieldErrors: Record<string, string[]> } } } };
    expect(err.error.json.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(err.error.json.data.fieldErrors).sort()).toEqual(["email", "givenName"]);
    expect(err.error.json.data.fieldErrors.email?.[0]).toBe("Enter a valid email address.");
  });
});
