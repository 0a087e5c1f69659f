/**
 * The at-home load test (issue 13 "a bounded load test"): virtual patients, each their own seeded
 * patient with an active regimen, a consented support person, today's session and check-ins due,
 * drive the real patient routers in this process (a fresh tRPC context per request, the session
 * resolved from a signed cookie as over HTTP): open the app, the support person's phone confirms
 * presence and shows the code, the gate with that code, the dose log, then the check-ins. Used by
 * `bench:home` (200 virtual patients, 60 s) and, smaller, by test/home-load.int.test.ts.
 *
 * Fixtures are written in bulk: rows the tests of the services already cover (decision, signed
 * prescription) as stand-ins by the owner with triggers off, as the transmission fixtures do; the
 * regimen, fill, session, support person and check-ins through the application role, moving
 * along their state machines (the triggers check them). Synthetic data only.
 */
import { createHmac, createHash, randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import { type Auth, hashPassword, initAuth } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { localDate } from "@clearwell/clinical";
import { and, eq, inArray, sql } from "drizzle-orm";

import { createContext } from "../src/context";
import { createPatientCaller } from "../src/root-patient";
import { BRIEFING_VERSION } from "../src/services/support-person/briefing";

const TZ = "America/Denver";
const PATIENT_URL = "http://patient.load.local";
const PROVIDER_URL = "http://provider.load.local";
const DAY = 86_400_000;

export interface LoadPatient {
  clinicId: string;
  patientId: string;
  userId: string;
  /** Cookie header of a signed-in patient session (as the browser sends it). */
  cookie: string;
  /** The support person's link token (their phone). */
  supportToken: string;
}

export interface LoadFixture {
  clinicIds: string[];
  /** patients[vu] = that virtual patient's patients, used one after the other. */
  patients: LoadPatient[][];
  auth: Auth;
}

/** The patient app's auth on `db` (sessions resolve through it as in the app). */
export function loadAuth(db: Database, secret: string) {
  return initAuth({
    db,
    app: "patient",
    baseURL: PATIENT_URL,
    secret,
    trustedOrigins: [PATIENT_URL],
    idleTimeoutSeconds: 3600,
    absoluteTimeoutSeconds: 12 * 3600,
    lockout: { threshold: 10, minutes: 15 },
    signInRateLimit: { window: 60, max: 1000 },
    twoFactorRateLimit: { window: 60, max: 10 },
    secureCookies: false,
    // Each virtual patient (and support person's phone) comes from its own address behind a proxy.
    trustedProxies: ["127.0.0.1"],
    mailer: { send: async () => {} },
    logLevel: "error",
  });
}

/** better-call's signed cookie value: `token.base64(HMAC-SHA256(secret, token))`, URI-encoded. */
const signedCookie = (token: string, secret: string) => encodeURIComponent(`${token}.${createHmac("sha256", secret).update(token).digest("base64")}`);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const chunks = <T>(xs: T[], n = 500) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * `vus` x `perVu` patients across `clinics` clinics, each with: an account and a signed-in session,
 * an acknowledged prescription (2 troches of 100 mg weekly, 4 sessions), an active regimen with 8
 * troches dispensed, session 1 scheduled today, a consented support person, and `checkIns` weekly
 * check-ins due. The clinic has a prescriber on each patient's care team (alert owner).
 */
export async function seedLoad(db: Database, owner: Database, o: { vus: number; perVu: number; checkIns: number; clinics?: number; secret: string; now?: Date }): Promise<LoadFixture> {
  const now = o.now ?? new Date();
  const today = localDate(now, TZ);
  const run = randomUUID().slice(0, 8);
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const clinicCount = o.clinics ?? 1;
  const clinics = await db
    .insert(schema.clinic)
    .values(Array.from({ length: clinicCount }, (_, i) => ({ name: `Load clinic ${run}-${i}`, slug: `load-${run}-${i}`, timezone: TZ, enrolmentCode: `load-${run}-${i}-${randomUUID()}` })))
    .returning({ id: schema.clinic.id });
  const prescribers: string[] = [];
  const rxRefs: { formularyEntryId: string; pharmacyId: string; deaRegistrationId: string }[] = [];
  for (const c of clinics) {
    const id = randomUUID();
    await db.insert(schema.user).values({ id, name: `Dr Load ${run}`, email: `dr-${id}@load.test`, kind: "staff", emailVerified: true, twoFactorEnabled: true });
    await db.insert(schema.clinicMembership).values([
      { clinicId: c.id, userId: id, role: "provider" },
      { clinicId: c.id, userId: id, role: "prescriber" },
    ]);
    prescribers.push(id);
    // What a prescription names (the prescription itself is a stand-in below).
    const [entry] = await db
      .insert(schema.formularyEntry)
      .values({ clinicId: c.id, drugName: "Ketamine HCl", form: "troche", route: "sublingual", strengthValue: 100, holdMinutes: 15, minDoseMg: 100, maxDoseMg: 400, maxTitrationStepMg: 100, minDaysBetweenSessions: 7, maxSessionsPerFill: 4, deaSchedule: "3N" })
      .returning({ id: schema.formularyEntry.id });
    const [pharmacy] = await db
      .insert(schema.pharmacy)
      .values({ clinicId: c.id, name: "Load Compounding", ncpdpId: "7654321", npi: "1003000126", addressLine1: "9 Mortar Street", city: "Denver", state: "CO", postalCode: "80204", phone: "(555) 010-0199", shipsToStates: ["CO"], epcsCapable: true, compounding: true })
      .returning({ id: schema.pharmacy.id });
    const [dea] = await db
      .insert(schema.prescriberDeaRegistration)
      .values({ clinicId: c.id, userId: id, number: "AB1234563", state: "CO", schedules: ["3", "3N"], expiresOn: "2028-06-30", createdByUserId: id })
      .returning({ id: schema.prescriberDeaRegistration.id });
    rxRefs.push({ formularyEntryId: entry!.id, pharmacyId: pharmacy!.id, deaRegistrationId: dea!.id });
  }

  const total = o.vus * o.perVu;
  const people = Array.from({ length: total }, (_, i) => {
    const ci = i % clinicCount;
    return {
      i,
      clinicId: clinics[ci]!.id,
      prescriberId: prescribers[ci]!,
      rxRefs: rxRefs[ci]!,
      userId: randomUUID(),
      patientId: randomUUID(),
      email: `p${i}-${run}@load.test`,
      sessionToken: randomBytes(24).toString("base64url"),
      supportToken: randomBytes(32).toString("base64url"),
      appointmentId: randomUUID(),
      decisionId: randomUUID(),
      prescriptionId: randomUUID(),
      regimenId: randomUUID(),
    };
  });

  for (const part of chunks(people)) {
    await db.insert(schema.user).values(part.map((p) => ({ id: p.userId, name: `Load Patient ${p.i}`, email: p.email, kind: "patient" as const, emailVerified: true })));
    await db.insert(schema.account).values(part.map((p) => ({ id: randomUUID(), accountId: p.userId, providerId: "credential", userId: p.userId, password: passwordHash })));
    await db.insert(schema.session).values(
      part.map((p) => ({ id: randomUUID(), token: p.sessionToken, userId: p.userId, app: "patient" as const, expiresAt: new Date(now.getTime() + 6 * 3_600_000), ipAddress: null, userAgent: "home-load" })),
    );
    await db.insert(schema.patient).values(
      part.map((p) => ({
        id: p.patientId,
        clinicId: p.clinicId,
        userId: p.userId,
        mrn: `CW-L${run}${String(p.i).padStart(6, "0")}`,
        status: "registered" as const,
        givenName: "Load",
        familyName: `Patient${p.i}`,
        email: p.email,
        dateOfBirth: "1985-05-05",
        stateOfResidence: "CO",
        timezone: TZ,
      })),
    );
    await db.insert(schema.careTeamMember).values(part.map((p) => ({ clinicId: p.clinicId, patientId: p.patientId, userId: p.prescriberId, role: "prescriber" as const })));
    await db.insert(schema.appointment).values(
      part.map((p) => ({
        id: p.appointmentId,
        clinicId: p.clinicId,
        patientId: p.patientId,
        providerUserId: p.prescriberId,
        kind: "evaluation" as const,
        status: "completed" as const,
        // Each at its own minute: one provider's evaluations never overlap.
        startsAt: new Date(now.getTime() - 30 * DAY + p.i * 60_000),
        endsAt: new Date(now.getTime() - 30 * DAY + p.i * 60_000 + 50_000),
        patientState: "CO",
        patientTimezone: TZ,
        bookedByUserId: p.userId,
      })),
    );
  }

  // Stand-ins the regimen only references (its numbers are its own copy): the decision and the
  // signed, acknowledged prescription, written by the owner with triggers off like the transmission fixtures.
  await owner.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const part of chunks(people)) {
      await tx.insert(schema.eligibilityDecision).values(
        part.map((p) => ({
          id: p.decisionId,
          clinicId: p.clinicId,
          patientId: p.patientId,
          noteId: randomUUID(),
          outcome: "eligible_at_home" as const,
          proposedOutcome: "eligible_at_home" as const,
          rules: [],
          overrides: [],
          acknowledgedWarnings: [],
          deciderUserId: p.prescriberId,
          deciderRoles: ["prescriber"],
          decidedAt: new Date(now.getTime() - 30 * DAY),
          expiresAt: new Date(now.getTime() + 60 * DAY),
          intakeId: randomUUID(),
          intakeVersion: 1,
          evidence: "load-test stand-in",
          evidenceSha256: sha256("load-test stand-in"),
        })),
      );
      await tx.insert(schema.prescription).values(
        part.map((p) => {
          const content = { v: 1, prescriptionId: p.prescriptionId, unitsPerSession: 2, daysBetweenSessions: 7, quantity: { value: 8, unit: "troche" }, doseMgPerSession: 200, firstSessionDate: today };
          const bytes = JSON.stringify(content);
          return {
            id: p.prescriptionId,
            clinicId: p.clinicId,
            patientId: p.patientId,
            status: "acknowledged" as const,
            prescriberUserId: p.prescriberId,
            createdByUserId: p.prescriberId,
            idempotencyKey: randomUUID(),
            decisionId: p.decisionId,
            basisAppointmentId: p.appointmentId,
            ...p.rxRefs,
            legalBasis: { kind: "telemedicine_flexibility", validUntil: "2026-12-31" },
            readyAt: new Date(now.getTime() - 3 * DAY),
            readyVersion: 1,
            readyContentSha256: sha256(bytes),
            unitsPerSession: 2,
            daysBetweenSessions: 7,
            quantity: 8,
            refills: 0,
            firstSessionDate: today,
            sig: "Dissolve 2 troches under the tongue every 7 days, support person present.",
            signedAt: new Date(now.getTime() - 3 * DAY),
            signedByUserId: p.prescriberId,
            writtenDate: localDate(new Date(now.getTime() - 3 * DAY), TZ),
            signedContent: content,
            signedBytes: bytes,
            signedSha256: sha256(bytes),
            serverSignature: "load-test",
            signingKeyId: "load-test",
            transmittedAt: new Date(now.getTime() - 3 * DAY),
            acknowledgedAt: new Date(now.getTime() - 3 * DAY),
          };
        }),
      );
    }
  });

  // The at-home records through the application role, each along its state machine.
  const activatedAt = new Date(now.getTime() - 2 * DAY);
  for (const part of chunks(people)) {
    await db.insert(schema.regimen).values(
      part.map((p) => ({
        id: p.regimenId,
        clinicId: p.clinicId,
        patientId: p.patientId,
        prescriptionId: p.prescriptionId,
        status: "planned" as const,
        unitsPerSession: 2,
        daysBetweenSessions: 7,
        sessionsPrescribed: 4,
        unitsPrescribed: 8,
        unitLabel: "troche" as const,
        doseMgPerSession: 200,
        productLabel: "Ketamine HCl 100 mg troche",
        firstSessionDate: today,
      })),
    );
    await db.insert(schema.medicationFill).values(
      part.map((p) => ({ clinicId: p.clinicId, patientId: p.patientId, regimenId: p.regimenId, prescriptionId: p.prescriptionId, source: "pharmacy" as const, fillStatus: "Dispensed", quantity: 8, dispensedDate: localDate(activatedAt, TZ), recordedAt: activatedAt })),
    );
    await db.insert(schema.doseSession).values(part.map((p) => ({ clinicId: p.clinicId, patientId: p.patientId, regimenId: p.regimenId, sequence: 1, scheduledDate: today, status: "scheduled" as const })));
    await db.insert(schema.supportPerson).values(
      part.map((p) => ({
        clinicId: p.clinicId,
        patientId: p.patientId,
        name: `Support ${p.i}`,
        relationship: "Friend",
        email: `support-${p.i}-${run}@load.test`,
        status: "invited" as const,
        tokenHash: sha256(p.supportToken),
        tokenExpiresAt: new Date(now.getTime() + 7 * DAY),
        invitedAt: activatedAt,
      })),
    );
    await db.insert(schema.checkIn).values(
      part.flatMap((p) =>
        Array.from({ length: o.checkIns }, (_, k) => {
          const dueAt = new Date(now.getTime() - (k + 1) * 3_600_000);
          return { clinicId: p.clinicId, patientId: p.patientId, regimenId: p.regimenId, kind: "weekly" as const, dueAt, overdueAt: new Date(dueAt.getTime() + 48 * 3_600_000), status: "due" as const };
        }),
      ),
    );
  }
  const ids = people.map((p) => p.regimenId);
  for (const part of chunks(ids, 1000)) {
    await db.update(schema.regimen).set({ status: "active", activatedAt, activationSource: "fill", updatedAt: activatedAt }).where(inArray(schema.regimen.id, part));
  }
  const patientIds = people.map((p) => p.patientId);
  for (const part of chunks(patientIds, 1000)) {
    await db
      .update(schema.supportPerson)
      .set({ status: "active", consentedAt: activatedAt, briefingVersion: BRIEFING_VERSION, tokenExpiresAt: null, updatedAt: activatedAt })
      .where(inArray(schema.supportPerson.patientId, part));
  }

  const byVu: LoadPatient[][] = Array.from({ length: o.vus }, () => []);
  for (const p of people) {
    byVu[p.i % o.vus]!.push({ clinicId: p.clinicId, patientId: p.patientId, userId: p.userId, cookie: `cw-patient.session_token=${signedCookie(p.sessionToken, o.secret)}`, supportToken: p.supportToken });
  }
  return { clinicIds: clinics.map((c) => c.id), patients: byVu, auth: loadAuth(db, o.secret) };
}

export interface LoadStats {
  requests: number;
  errors: number;
  errorSamples: string[];
  wallMs: number;
  perProcedure: Map<string, number[]>;
  errorsByProcedure: Map<string, number>;
  patientsStarted: number;
  doseLogs: number;
  checkInsSubmitted: number;
  gateFailures: number;
  ranOut: boolean;
}

const ANSWERS = { supportPresent: true, alcoholOrSedativesToday: false, drivingPlan: false, feeling: "calm" as const, fastingFollowed: true, calmPlace: true };

/**
 * One virtual patient: for each of its patients, the flow a real session takes (each call a new
 * request). Deterministic mixes by index: 1 in 25 has a reading at the urgent threshold (the gate
 * fails, A3 critical), 1 in 10 logs chest pain (emergency, A4 critical), 1 in 10 severe nausea (A4
 * high), 1 in 20 double-taps "log" (the same idempotency key twice at once), 1 in 20 sends two
 * check-ins with item 9 answered at once (A1 twice in parallel: deduplicated).
 */
async function virtualPatient(db: Database, fx: LoadFixture, vu: number, deadline: number, stats: LoadStats) {
  const outbound = { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } };
  const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const call = async <T>(name: string, headers: Headers, f: (c: ReturnType<typeof createPatientCaller>) => Promise<T>): Promise<T | undefined> => {
    if (performance.now() > deadline) return undefined;
    const t0 = performance.now();
    try {
      const caller = createPatientCaller(await createContext({ db, auth: fx.auth, headers, outbound }));
      const out = await f(caller);
      return out;
    } catch (e) {
      stats.errors++;
      stats.errorsByProcedure.set(name, (stats.errorsByProcedure.get(name) ?? 0) + 1);
      if (stats.errorSamples.length < 10) stats.errorSamples.push(`${name}: ${errorText(e)}`);
      return undefined;
    } finally {
      stats.requests++;
      const list = stats.perProcedure.get(name) ?? [];
      list.push(performance.now() - t0);
      stats.perProcedure.set(name, list);
    }
  };

  for (const [k, p] of fx.patients[vu]!.entries()) {
    if (performance.now() > deadline) return;
    stats.patientsStarted++;
    // The patient's index across the run: each mix below is spread over virtual patients and time.
    const n = vu + k * fx.patients.length;
    const me = new Headers({ cookie: p.cookie, "x-forwarded-for": ip(2 * n), "user-agent": "home-load" });
    const phone = new Headers({ "x-forwarded-for": ip(2 * n + 1), "user-agent": "home-load-support" });

    const home = await call("regimen.mine", me, (c) => c.regimen.mine());
    const session = home?.regimen?.nextSession;
    if (session) {
      const link = await call("supportPerson.byToken", phone, (c) => c.supportPerson.byToken({ token: p.supportToken }));
      const shown = link?.todaySession ? await call("supportPerson.confirmPresence", phone, (c) => c.supportPerson.confirmPresence({ token: p.supportToken, sessionId: session.id })) : undefined;
      const urgent = n % 25 === 7;
      const gate = shown
        ? await call("dose.precheck", me, (c) =>
            c.dose.precheck({ sessionId: session.id, bp: urgent ? { systolic: 184, diastolic: 112 } : { systolic: 112 + (n % 20), diastolic: 72 + (n % 10) }, answers: ANSWERS, supportCode: shown.code, idempotencyKey: randomUUID() }),
          )
        : undefined;
      if (gate?.outcome === "failed") stats.gateFailures++;
      if (gate?.outcome === "passed") {
        const sideEffects = n % 10 === 3 ? [{ code: "chest_pain", severity: "severe" as const }] : n % 10 === 5 ? [{ code: "nausea", severity: "severe" as const }] : [{ code: "nausea", severity: "mild" as const }];
        const log = { sessionId: session.id, takenAt: new Date(), unitsTaken: 2, dissociationMinutes: 30 + (n % 40), sideEffects, supportSignoffName: `Support ${n}`, idempotencyKey: randomUUID() };
        const tries = n % 20 === 11 ? 2 : 1;
        const logged = await Promise.all(Array.from({ length: tries }, () => call("dose.log", me, (c) => c.dose.log(log))));
        if (logged.some(Boolean)) stats.doseLogs++;
      }
    }

    const list = await call("checkIn.mine", me, (c) => c.checkIn.mine());
    const due = list?.due ?? [];
    const submit = (id: string, item9: number, j: number) =>
      call("checkIn.submit", me, (c) =>
        c.checkIn.submit({
          checkInId: id,
          phq9: { answers: [1, 1, 1, 1, 1, 1, (n + j) % 3, 0, item9], functionalDifficulty: 1 },
          gad7: { answers: [1, 1, 1, 0, 1, (n + j) % 3, 1] },
          idempotencyKey: randomUUID(),
        }),
      );
    if (n % 20 === 16 && due.length >= 2) {
      const both = await Promise.all(due.slice(0, 2).map((d, j) => submit(d.id, 1, j)));
      stats.checkInsSubmitted += both.filter(Boolean).length;
      for (const [j, d] of due.slice(2).entries()) if (await submit(d.id, 0, j + 2)) stats.checkInsSubmitted++;
    } else {
      for (const [j, d] of due.entries()) if (await submit(d.id, 0, j)) stats.checkInsSubmitted++;
    }
  }
}

/** An error in a line: a database error by its SQLSTATE and message (not the statement), else the message. */
function errorText(e: unknown): string {
  let cause: unknown = e;
  while (cause instanceof Error && cause.cause) cause = cause.cause;
  const code = (cause as { code?: unknown }).code;
  // A deadlock's detail names the locks (no data), which is what one needs to fix it.
  const detail = code === "40P01" ? ` [${String((cause as { detail?: unknown }).detail ?? "").replace(/\s+/g, " ")}]` : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  const top = e instanceof Error && e !== cause ? e.message.split("\n")[0]!.slice(0, 60) : "";
  return `${typeof code === "string" ? `${code} ` : ""}${message.slice(0, 200)}${detail}${top && !top.startsWith("Failed query") ? ` (${top})` : ""}`;
}

/** `vus` virtual patients at once until `durationMs` is over (or every patient's flow is done). */
export async function runLoad(db: Database, fx: LoadFixture, durationMs: number): Promise<LoadStats> {
  const stats: LoadStats = {
    requests: 0,
    errors: 0,
    errorSamples: [],
    wallMs: 0,
    perProcedure: new Map(),
    errorsByProcedure: new Map(),
    patientsStarted: 0,
    doseLogs: 0,
    checkInsSubmitted: 0,
    gateFailures: 0,
    ranOut: false,
  };
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(fx.patients.map((_, vu) => virtualPatient(db, fx, vu, deadline, stats)));
  stats.wallMs = performance.now() - t0;
  stats.ranOut = stats.wallMs < durationMs;
  return stats;
}

export interface LoadCheck {
  alertsByType: { type: string; severity: string; count: number }[];
  duplicateOpen: { patientId: string; type: string; count: number }[];
  takenSessions: number;
  scoredCheckIns: number;
  pausedRegimens: number;
}

/** What the database says after the run: alerts raised, no duplicate open alert per (patient, type), the counts. */
export async function checkLoad(db: Database, clinicIds: string[]): Promise<LoadCheck> {
  const a = schema.safetyAlert;
  const alertsByType = await db
    .select({ type: a.type, severity: a.severity, count: sql<number>`count(*)::int` })
    .from(a)
    .where(inArray(a.clinicId, clinicIds))
    .groupBy(a.type, a.severity)
    .orderBy(a.type, a.severity);
  const duplicateOpen = await db
    .select({ patientId: a.patientId, type: a.type, count: sql<number>`count(*)::int` })
    .from(a)
    .where(and(inArray(a.clinicId, clinicIds), sql`${a.status} <> 'resolved'`))
    .groupBy(a.patientId, a.type)
    .having(sql`count(*) > 1`);
  const [taken] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.doseSession)
    .where(and(inArray(schema.doseSession.clinicId, clinicIds), inArray(schema.doseSession.status, ["taken", "postcheck_submitted"])));
  const [scored] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.checkIn)
    .where(and(inArray(schema.checkIn.clinicId, clinicIds), inArray(schema.checkIn.status, ["submitted", "scored"])));
  const [paused] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.regimen)
    .where(and(inArray(schema.regimen.clinicId, clinicIds), eq(schema.regimen.status, "paused")));
  return { alertsByType, duplicateOpen, takenSessions: taken!.n, scoredCheckIns: scored!.n, pausedRegimens: paused!.n };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;

/** The printed report: totals, per-procedure p50/p95/p99, throughput, alerts and the duplicate check. */
export function report(stats: LoadStats, check: LoadCheck, o: { vus: number; durationMs: number }) {
  const lines = [
    `home load: ${o.vus} virtual patients for ${(o.durationMs / 1000).toFixed(0)} s${stats.ranOut ? ` (every seeded flow done after ${(stats.wallMs / 1000).toFixed(1)} s)` : ""}`,
    `requests ${stats.requests}, errors ${stats.errors}, throughput ${(stats.requests / (stats.wallMs / 1000)).toFixed(1)} req/s over ${(stats.wallMs / 1000).toFixed(1)} s`,
    `patients started ${stats.patientsStarted}, dose logs ${stats.doseLogs} (sessions taken in the database: ${check.takenSessions}), gates failed ${stats.gateFailures}, check-ins submitted ${stats.checkInsSubmitted} (in the database: ${check.scoredCheckIns}), regimens paused by an alert ${check.pausedRegimens}`,
    "",
    `${"procedure".padEnd(30)} ${"count".padStart(7)} ${"errors".padStart(7)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)} ${"p99 ms".padStart(9)} ${"max ms".padStart(9)}`,
    ...[...stats.perProcedure.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, samples]) => {
        const s = [...samples].sort((x, y) => x - y);
        const f = (v: number) => v.toFixed(1).padStart(9);
        return `${name.padEnd(30)} ${String(s.length).padStart(7)} ${String(stats.errorsByProcedure.get(name) ?? 0).padStart(7)} ${f(pct(s, 0.5))} ${f(pct(s, 0.95))} ${f(pct(s, 0.99))} ${f(s[s.length - 1] ?? 0)}`;
      }),
    "",
    `alerts raised: ${check.alertsByType.map((r) => `${r.type} ${r.severity} ${r.count}`).join(", ") || "none"} (total ${check.alertsByType.reduce((n, r) => n + r.count, 0)})`,
    `open alerts duplicated per (patient, type): ${check.duplicateOpen.length}`,
    ...stats.errorSamples.map((e) => `  error: ${e}`),
  ];
  return lines.join("\n");
}
