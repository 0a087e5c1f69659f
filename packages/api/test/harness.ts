import { randomUUID } from "node:crypto";

import type { AuthConfig, Mailer } from "@clearwell/auth";
import { initAuth } from "@clearwell/auth";
import { createCredentialUser } from "@clearwell/auth/users";
import type { Database } from "@clearwell/db/client";
import { createDb, schema } from "@clearwell/db/client";
import { type VideoService, createVideoService } from "@clearwell/video";
import { eq } from "drizzle-orm";
import { afterAll, inject } from "vitest";

import { createContext } from "../src/context";
import { createPatientCaller } from "../src/root-patient";
import { createProviderCaller } from "../src/root-provider";
import type { StaffRole } from "../src/policy";

export const PASSWORD = "correct-horse-battery-9";
export const PROVIDER_URL = "http://provider.test.local";
export const PATIENT_URL = "http://patient.test.local";

let shared: Database | undefined;
/** The test database as the least-privilege application role, the way the apps connect. */
export function testDb(): Database {
  shared ??= createDb(inject("databaseUrl"), 5);
  return shared;
}

let owner: Database | undefined;
/** As the owner, for tests that show what the database refuses even to its owner (triggers). */
export function ownerDb(): Database {
  owner ??= createDb(inject("ownerDatabaseUrl"), 1);
  return owner;
}

afterAll(async () => {
  await shared?.$end();
  shared = undefined;
  await owner?.$end();
  owner = undefined;
});

export function captureMailer() {
  const sent: { to: string; subject: string; text: string }[] = [];
  const mailer: Mailer = { send: async (m) => void sent.push(m) };
  return { sent, mailer };
}

export function testAuth(app: "provider" | "patient", overrides: Partial<AuthConfig> = {}) {
  return initAuth({
    db: testDb(),
    app,
    baseURL: app === "provider" ? PROVIDER_URL : PATIENT_URL,
    secret: "integration-test-secret-0123456789abcdef",
    trustedOrigins: [PROVIDER_URL, PATIENT_URL],
    idleTimeoutSeconds: 900,
    absoluteTimeoutSeconds: 12 * 3600,
    lockout: { threshold: 3, minutes: 15 },
    signInRateLimit: { window: 60, max: 1000 },
    twoFactorRateLimit: { window: 60, max: 10 },
    secureCookies: false,
    // As if behind a proxy at 127.0.0.1: each test's X-Forwarded-For is its client address,
    // so per-address limits never couple tests (client-ip.ts).
    trustedProxies: ["127.0.0.1"],
    mailer: { send: async () => {} },
    logLevel: "error",
    ...overrides,
  });
}

const uniq = () => randomUUID().slice(0, 8);

export async function makeClinic(name = "Test Clinic") {
  const [c] = await testDb()
    .insert(schema.clinic)
    .values({ name: `${name} ${uniq()}`, slug: `test-${uniq()}`, timezone: "America/Denver", enrolmentCode: `code-${randomUUID()}` })
    .returning();
  return c!;
}

export async function makeStaff(clinicId: string, roles: StaffRole[], email = `staff-${uniq()}@example.test`) {
  const db = testDb();
  const user = await createCredentialUser(db, { name: `Staff ${uniq()}`, email, password: PASSWORD, kind: "staff" });
  await db.insert(schema.clinicMembership).values(roles.map((role) => ({ clinicId, userId: user.id, role })));
  return user;
}

export async function makePatient(clinicId: string, opts: { withAccount?: boolean; familyName?: string } = {}) {
  const db = testDb();
  const email = `patient-${uniq()}@example.test`;
  const user = opts.withAccount === false ? null : await createCredentialUser(db, { name: "Test Patient", email, password: PASSWORD, kind: "patient" });
  const [p] = await db
    .insert(schema.patient)
    .values({
      clinicId,
      userId: user?.id ?? null,
      mrn: `CW-T${uniq()}`,
      givenName: "Pat",
      familyName: opts.familyName ?? `Tester${uniq()}`,
      email,
      dateOfBirth: "1985-05-05",
      stateOfResidence: "CO",
    })
    .returning();
  return { patient: p!, user, email };
}

/** Signs in through better-auth's HTTP handler (hooks, rate limit and cookies included). */
export async function signIn(auth: ReturnType<typeof testAuth>, email: string, password = PASSWORD, ip = "198.51.100.7") {
  const res = await auth.handler(
    new Request(`${auth.clearwell.baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: auth.clearwell.baseURL, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c!.endsWith("="))
    .join("; ");
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const setCookie = res.headers.getSetCookie().find((c) => c.includes("session_token")) ?? "";
  return { status: res.status, body, cookie, setCookie, headers: new Headers({ cookie, "x-forwarded-for": ip, "user-agent": "vitest" }) };
}

let video: VideoService | undefined;
/** The test LiveKit server started by global-setup (devkey/secret). */
export const testVideo = () => (video ??= createVideoService({ url: inject("livekitUrl"), apiKey: "devkey", apiSecret: "secret", tokenTtlSeconds: 120 }));

/** A caller without an address gets a random one of its own, for the same reason. */
function withAddress(headers: Headers) {
  if (headers.has("x-forwarded-for")) return headers;
  const h = new Headers(headers);
  h.set("x-forwarded-for", `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`);
  return h;
}

const outbound = (mailer?: Mailer) => ({ providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: mailer ?? { send: async () => {} } });

export async function providerCaller(headers: Headers = new Headers(), opts: { auth?: ReturnType<typeof testAuth>; mailer?: Mailer } = {}) {
  const auth = opts.auth ?? testAuth("provider");
  return createProviderCaller(await createContext({ db: testDb(), auth, headers: withAddress(headers), outbound: outbound(opts.mailer), video: testVideo() }));
}

export async function patientCaller(headers: Headers = new Headers(), opts: { auth?: ReturnType<typeof testAuth>; mailer?: Mailer } = {}) {
  const auth = opts.auth ?? testAuth("patient");
  return createPatientCaller(await createContext({ db: testDb(), auth, headers: withAddress(headers), outbound: outbound(opts.mailer), video: testVideo() }));
}

/** A signed-in staff caller in a fresh or given clinic. */
export async function staffSession(clinicId: string, roles: StaffRole[], opts: { mfa?: boolean } = {}) {
  const user = await makeStaff(clinicId, roles);
  const s = await signIn(testAuth("provider"), user.email);
  if (s.status !== 200) throw new Error(`staff sign-in failed: ${s.status} ${JSON.stringify(s.body)}`);
  if (opts.mfa !== false) await markMfaEnrolled(user.id);
  return { user, headers: s.headers, caller: await providerCaller(s.headers) };
}

/**
 * Staff reach clinic data only with a second factor (procedures.ts). Tests that are not about
 * sign-in mark the account enrolled once its session exists; the real TOTP enrolment and the
 * code at sign-in are tested in auth.int.test.ts and the browser tests.
 */
export async function markMfaEnrolled(userId: string) {
  await testDb().update(schema.user).set({ twoFactorEnabled: true }).where(eq(schema.user.id, userId));
}

export async function patientSession(clinicId: string) {
  const made = await makePatient(clinicId);
  const s = await signIn(testAuth("patient"), made.email);
  if (s.status !== 200) throw new Error(`patient sign-in failed: ${s.status} ${JSON.stringify(s.body)}`);
  return { ...made, headers: s.headers, caller: await patientCaller(s.headers) };
}
