/**
 * The at-home load test (issue 13 "a bounded load test"): virtual patients, each their own seeded
 * patient with an active regimen, a consented support person, today's session and check-ins due,
 * drive the real patient routers in this process (a fresh tRPC context per request, the session
 * resolved from a signed cookie as over HTTP): open the app, the support person's phone confirms
 * presence and shows the code, the gate with that code, the dose log, then the check-ins. Used by
 * `bench:home` (200 virtual patients, 60 s) and, smaller, by test/home-load.int.test.ts.
 * Fixtures come from home-load-seed.ts. Synthetic data only.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray, sql } from "drizzle-orm";

import { createContext } from "../src/context";
import { createPatientCaller } from "../src/root-patient";
import { PATIENT_URL, PROVIDER_URL, type LoadFixture } from "./home-load-seed";

export { type LoadFixture, type LoadPatient, loadAuth, seedLoad } from "./home-load-seed";

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
