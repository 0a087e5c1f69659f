import { randomUUID } from "node:crypto";

import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { verifyTwoFactors } from "@clearwell/auth/reauth";
import { calendarDateIn } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../src/actor";
import type { TwoFactorVerifier } from "../src/services/reauth";
import { CUFF, type Session, evaluated, key } from "./decision-fixtures";
import { PASSWORD, makeClinic, providerCaller, staffSession, testAuth, testDb } from "./harness";

/**
 * Fixtures for the prescription tests. Formulary, pharmacy, credentials and EPCS grants are
 * inserted directly (the admin services are tested on their own); everything the prescription
 * procedures do goes through the routers. Synthetic data only.
 */
const db = () => testDb();
const DAY_MS = 86_400_000;

/** Check digit valid: (1+3+5) + 2*(2+4+6) = 33 -> 3 (packages/clinical test fixtures). */
export const DEA_CO = "AB1234563";
/** Luhn-valid with the 80840 prefix (the classic example NPI). */
export const NPI = "1234567893";
export const NCPDP = "7654321";

export type SettingsOverrides = Partial<typeof schema.clinicPrescribingSettings.$inferInsert>;

/** A staff member enrolled in TOTP the way sign-in enrols them; `code(k)` is the code of the 30-second step k steps from now. */
export async function enrolledStaff(clinicId: string, roles: ("provider" | "prescriber" | "admin" | "staff")[]) {
  const s = await staffSession(clinicId, roles, { mfa: false });
  const auth = testAuth("provider");
  const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
  if (enabled.method !== "totp") throw new Error("expected totp");
  const otp = createOTP(new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!)), { digits: 6, period: 30 });
  const verified = await auth.api.verifyTOTP({ body: { code: await otp.totp() }, headers: s.headers, returnHeaders: true });
  const headers = new Headers({ cookie: verified.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "user-agent": "vitest" });
  const code = (k = 0) => otp.hotp(Math.floor(Date.now() / 30_000) + k);
  return { ...s, headers, caller: await providerCaller(headers), code };
}
export type Enrolled = Awaited<ReturnType<typeof enrolledStaff>>;

export const actorOf = (s: { user: { id: string } }, clinicId: string, roles: string[]): Actor => ({
  userId: s.user.id,
  kind: "staff",
  roles,
  clinicId,
  meta: { requestId: randomUUID(), ipAddress: null, userAgent: "vitest" },
});

/** The router's verifier, for calling the signing service with a clock of the test's choosing. */
export const realVerifier: TwoFactorVerifier = (userId, factors) => verifyTwoFactors(testAuth("provider"), userId, factors);

/** Profile, a verified CO licence and DEA registration (verified by the admin), and an EPCS grant entered by the admin and approved by `approver`. */
export async function credentialPrescriber(clinicId: string, prescriberId: string, adminId: string, approverId: string, opts: { deaExpiresOn?: string; grant?: boolean } = {}) {
  await db().insert(schema.prescriberProfile).values({ clinicId, userId: prescriberId, npi: NPI, addressLine1: "1 Clinic Way", city: "Denver", state: "CO", postalCode: "80203", phone: "(555) 010-0100" });
  const verified = { verifiedAt: new Date(), verifiedByUserId: adminId, verificationNote: "Checked against the state board (synthetic)." };
  await db().insert(schema.prescriberLicence).values({ clinicId, userId: prescriberId, state: "CO", number: `CO-${randomUUID().slice(0, 6)}`, expiresOn: "2028-06-30", createdByUserId: approverId, ...verified });
  const [dea] = await db()
    .insert(schema.prescriberDeaRegistration)
    .values({ clinicId, userId: prescriberId, number: DEA_CO, state: "CO", schedules: ["2", "2N", "3", "3N", "4", "5"], expiresOn: opts.deaExpiresOn ?? "2028-06-30", createdByUserId: approverId, ...verified })
    .returning();
  if (opts.grant !== false) await epcsChange(clinicId, prescriberId, "grant", adminId, approverId);
  return { dea: dea! };
}

/** A two-person EPCS access change (1311.125): entered by `enterer`, approved by `approver`. */
export async function epcsChange(clinicId: string, subjectUserId: string, action: "grant" | "revoke", entererId: string, approverId: string) {
  const [c] = await db().insert(schema.epcsAccessChange).values({ clinicId, subjectUserId, action, reason: "Synthetic test change.", enteredByUserId: entererId }).returning();
  await db().update(schema.epcsAccessChange).set({ status: "approved", decidedByUserId: approverId, decidedAt: new Date() }).where(eq(schema.epcsAccessChange.id, c!.id));
}

/**
 * A clinic ready to prescribe: an admin, a prescriber (provider + prescriber, TOTP enrolled,
 * credentialed, EPCS granted), a second prescriber who approves grants, a troche 100 mg formulary
 * entry (100-400 mg per session, step 100, 7 days apart, at most 4 sessions a fill), an EPCS
 * pharmacy shipping to CO, and the clinic's prescribing settings (with `settings` overrides).
 */
export async function prescribingClinic(opts: { settings?: SettingsOverrides; deaExpiresOn?: string } = {}) {
  const clinic = await makeClinic("Rx Clinic");
  const admin = await staffSession(clinic.id, ["admin"]);
  const approver = await staffSession(clinic.id, ["prescriber"]);
  const prescriber = await enrolledStaff(clinic.id, ["provider", "prescriber"]);
  const { dea } = await credentialPrescriber(clinic.id, prescriber.user.id, admin.user.id, approver.user.id, { deaExpiresOn: opts.deaExpiresOn });
  const [entry] = await db()
    .insert(schema.formularyEntry)
    .values({
      clinicId: clinic.id,
      drugName: "Ketamine HCl",
      form: "troche",
      route: "sublingual",
      strengthValue: 100,
      holdMinutes: 15,
      minDoseMg: 100,
      maxDoseMg: 400,
      maxTitrationStepMg: 100,
      minDaysBetweenSessions: 7,
      maxSessionsPerFill: 4,
      deaSchedule: "3N",
    })
    .returning();
  const [pharmacy] = await db()
    .insert(schema.pharmacy)
    .values({
      clinicId: clinic.id,
      name: "Test Compounding Pharmacy",
      ncpdpId: NCPDP,
      npi: "1003000126",
      addressLine1: "9 Mortar Street",
      city: "Denver",
      state: "CO",
      postalCode: "80204",
      phone: "(555) 010-0199",
      shipsToStates: ["CO", "UT"],
      epcsCapable: true,
      compounding: true,
    })
    .returning();
  await db().insert(schema.clinicPrescribingSettings).values({ clinicId: clinic.id, ...opts.settings });
  return { clinic, admin, approver, prescriber, dea, entry: entry!, pharmacy: pharmacy! };
}
export type RxClinic = Awaited<ReturnType<typeof prescribingClinic>>;

let followUpSlot = 0;

/**
 * A patient of the prescriber ready for a prescription: evaluated by them (signed note), the visit
 * audio-video with the patient in CO, a full address, a current eligible_at_home decision, a
 * follow-up booked `followUpDays` ahead and (unless `pdmp: false`) a reviewed CO PDMP check.
 */
export async function rxPatient(w: RxClinic, opts: { followUpDays?: number; pdmp?: boolean } = {}) {
  const e = await evaluated(w.clinic.id, w.prescriber as unknown as Session);
  await db().update(schema.visit).set({ modality: "audio_video" }).where(eq(schema.visit.appointmentId, e.appointmentId));
  await db().update(schema.patient).set({ addressLine1: "12 Test Street", city: "Denver", postalCode: "80202", phone: "(555) 010-0123" }).where(eq(schema.patient.id, e.patientId));
  const decision = await w.prescriber.caller.decision.record({ patientId: e.patientId, noteId: e.noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
  const startsAt = new Date(Date.now() + (opts.followUpDays ?? 28) * DAY_MS + (60 + 120 * followUpSlot++) * 60_000);
  const [followUp] = await db()
    .insert(schema.appointment)
    .values({
      clinicId: w.clinic.id,
      patientId: e.patientId,
      providerUserId: w.prescriber.user.id,
      kind: "follow_up",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: e.patient.user!.id,
    })
    .returning();
  if (opts.pdmp !== false) {
    await w.prescriber.caller.prescription.recordPdmp({ patientId: e.patientId, state: "CO", result: "reviewed", interpretation: "No other controlled-substance prescriptions on file." });
  }
  return { ...e, decision, followUp: followUp! };
}
export type RxPatient = Awaited<ReturnType<typeof rxPatient>>;

/** A draft that passes every rule: 2 troches (200 mg) a session, 7 days apart, 2 sessions, no refills. */
export function passingDraft(w: RxClinic, p: Pick<RxPatient, "patientId" | "appointmentId">) {
  return {
    patientId: p.patientId,
    idempotencyKey: key(),
    prescriberUserId: w.prescriber.user.id,
    basisAppointmentId: p.appointmentId,
    formularyEntryId: w.entry.id,
    pharmacyId: w.pharmacy.id,
    unitsPerSession: 2,
    daysBetweenSessions: 7,
    quantity: 4,
    refills: 0,
  };
}

/** Drafted and marked ready by the prescriber: what the ceremony lists. */
export async function readyPrescription(w: RxClinic, p: RxPatient, overrides: Partial<ReturnType<typeof passingDraft>> = {}) {
  const created = await w.prescriber.caller.prescription.createDraft({ ...passingDraft(w, p), ...overrides });
  const ready = await w.prescriber.caller.prescription.markReady({ id: created.prescription.id, version: created.prescription.version });
  return ready.prescription;
}

/** The clinic's calendar day `days` from now (America/Denver, as makeClinic sets). */
export const clinicDay = (days = 0) => calendarDateIn("America/Denver", new Date(Date.now() + days * DAY_MS));

export const auditRows = (resourceId: string, action: string) =>
  db()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.resourceId, resourceId), eq(schema.auditEvent.action, action)))
    .orderBy(schema.auditEvent.id);

export const prescriptionRow = async (id: string) => (await db().select().from(schema.prescription).where(eq(schema.prescription.id, id)))[0]!;
