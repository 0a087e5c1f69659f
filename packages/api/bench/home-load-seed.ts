/**
 * Fixtures of the at-home load test (home-load-harness.ts): virtual patients written in bulk, each
 * with an active regimen, a consented support person, today's session and check-ins due. Rows the
 * services' own tests cover (decision, signed prescription) are stand-ins written by the owner with
 * triggers off; the rest goes through the application role along its state machines. Synthetic data only.
 */
import { createHmac, createHash, randomBytes, randomUUID } from "node:crypto";

import { type Auth, hashPassword, initAuth } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { localDate } from "@clearwell/clinical";
import { inArray, sql } from "drizzle-orm";

import { BRIEFING_VERSION } from "../src/services/support-person/briefing";

const TZ = "America/Denver";
export const PATIENT_URL = "http://patient.load.local";
export const PROVIDER_URL = "http://provider.load.local";
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
