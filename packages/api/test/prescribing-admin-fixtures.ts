import { createHash, randomInt, randomUUID } from "node:crypto";

import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { schema } from "@clearwell/db/client";
import { isValidNpi } from "@clearwell/validators/prescribing-admin";
import { and, desc, eq } from "drizzle-orm";

import { CUFF, evaluated, key } from "./decision-fixtures";
import { PASSWORD, providerCaller, staffSession, testAuth, testDb } from "./harness";
import type { StaffRole } from "../src/policy";

/** Fixtures for the prescribing administration tests (issue 12): real TOTP, credentials, signed prescriptions. */

export type TotpSession = Awaited<ReturnType<typeof totpStaff>>;

/**
 * A staff member enrolled in TOTP the way the portal enrols them (better-auth enable + verify), with
 * `code(offset)`: the code of the current 30-second step plus `offset` (0 or 1 are accepted now), so
 * a test gets a second fresh code without waiting for the clock.
 */
export async function totpStaff(clinicId: string, roles: StaffRole[]) {
  const s = await staffSession(clinicId, roles, { mfa: false });
  const auth = testAuth("provider");
  const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
  if (enabled.method !== "totp") throw new Error("expected totp");
  const otp = createOTP(new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!)), { digits: 6, period: 30 });
  const verified = await auth.api.verifyTOTP({ body: { code: await otp.totp() }, headers: s.headers, returnHeaders: true });
  const headers = new Headers({ cookie: verified.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "user-agent": "vitest" });
  const code = (offset = 0) => otp.hotp(Math.floor(Date.now() / 30_000) + offset);
  return { ...s, headers, caller: await providerCaller(headers), code };
}

/** A synthetic DEA number with a valid check digit ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10. */
export function deaNumber(): string {
  const d = Array.from({ length: 6 }, () => randomInt(10));
  const check = (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10;
  return `F${String.fromCharCode(65 + randomInt(26))}${d.join("")}${check}`;
}

/** A synthetic NPI with a valid check digit (Luhn over 80840 + the number). */
export function npi(): string {
  const base = `1${Array.from({ length: 8 }, () => randomInt(10)).join("")}`;
  for (let c = 0; c < 10; c++) if (isValidNpi(`${base}${c}`)) return `${base}${c}`;
  throw new Error("unreachable");
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Caller = Awaited<ReturnType<typeof staffSession>>["caller"];

/** `recorder` records a DEA registration (3N, two years) for `userId`; `verifier`, another admin, verifies it. */
export async function verifiedDea(recorder: { caller: Caller }, verifier: { caller: Caller }, userId: string, opts: { state?: "CO" | "NM" | "UT"; expiresOn?: string } = {}) {
  const saved = await recorder.caller.prescriber.saveDea({ userId, number: deaNumber(), state: opts.state ?? "CO", schedules: ["2N", "3N"], expiresOn: opts.expiresOn ?? inDays(730) });
  await verifier.caller.prescriber.verifyCredential({ kind: "dea", id: saved.id, note: "Checked on the DEA registration validation lookup." });
  return saved.id;
}

export const auditRows = (clinicId: string, actionPrefix: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.clinicId, clinicId), eq(schema.auditEvent.action, actionPrefix)))
    .orderBy(schema.auditEvent.id);

/**
 * An evaluated patient (signed note, eligible_at_home decision by `provider`) for prescriptions:
 * the decision and its evaluation appointment are what a prescription row must point at.
 */
export async function decidedPatient(clinicId: string, provider: Awaited<ReturnType<typeof staffSession>>, familyName?: string) {
  const e = await evaluated(clinicId, provider);
  if (familyName) await testDb().update(schema.patient).set({ familyName }).where(eq(schema.patient.id, e.patientId));
  const decision = await provider.caller.decision.record({ patientId: e.patientId, noteId: e.noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });
  const [appointment] = await testDb()
    .select({ id: schema.appointment.id })
    .from(schema.appointment)
    .where(eq(schema.appointment.patientId, e.patientId))
    .orderBy(desc(schema.appointment.startsAt))
    .limit(1);
  return { patientId: e.patientId, noteId: e.noteId, decisionId: decision.id, appointmentId: appointment!.id };
}

/**
 * A prescription taken through draft -> pending_signature -> signed in the database (the states the
 * trigger allows), signed by `prescriberUserId` on `writtenDate`; or left a draft. For the monthly log,
 * which reads signed prescriptions whatever wrote them.
 */
export async function signedPrescription(o: {
  clinicId: string;
  patient: { patientId: string; decisionId: string; appointmentId: string };
  prescriberUserId: string;
  deaRegistrationId: string;
  formularyEntryId: string;
  pharmacyId: string;
  drugDescription: string;
  writtenDate: string;
  quantity?: number;
  sign?: boolean;
}) {
  const db = testDb();
  const p = schema.prescription;
  const [row] = await db
    .insert(p)
    .values({
      clinicId: o.clinicId,
      patientId: o.patient.patientId,
      prescriberUserId: o.prescriberUserId,
      createdByUserId: o.prescriberUserId,
      idempotencyKey: randomUUID(),
      decisionId: o.patient.decisionId,
      basisAppointmentId: o.patient.appointmentId,
      formularyEntryId: o.formularyEntryId,
      pharmacyId: o.pharmacyId,
      deaRegistrationId: o.deaRegistrationId,
      unitsPerSession: 2,
      daysBetweenSessions: 7,
      quantity: o.quantity ?? 8,
      refills: 0,
      sig: "Dissolve 2 troches under the tongue.",
      legalBasis: { kind: "temporary_flexibility", rule: "test", validUntil: "2026-12-31" },
    })
    .returning({ id: p.id });
  if (o.sign === false) return row!.id;
  const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
  await db.update(p).set({ status: "pending_signature", readyAt: new Date(), readyVersion: 1, readyContentSha256: sha("ready") }).where(eq(p.id, row!.id));
  const content = { medication: { drugDescription: o.drugDescription }, quantity: { value: o.quantity ?? 8, unit: "troche" }, prescriber: { dea: { number: "FX0000000" } } };
  const bytes = JSON.stringify(content);
  await db
    .update(p)
    .set({
      status: "signed",
      signedAt: new Date(`${o.writtenDate}T18:00:00Z`),
      signedByUserId: o.prescriberUserId,
      writtenDate: o.writtenDate,
      signedContent: content,
      signedBytes: bytes,
      signedSha256: sha(bytes),
      serverSignature: "test-signature",
      signingKeyId: "test-key",
    })
    .where(eq(p.id, row!.id));
  return row!.id;
}

/** A valid formulary entry (troche) as the admin's form sends it. */
export const trocheEntry = (strengthMg = 100) => ({
  drugName: "Ketamine HCl",
  form: "troche" as const,
  route: "sublingual" as const,
  strength: { value: strengthMg, unit: "mg" as const },
  holdMinutes: 15,
  bounds: { minDoseMgPerSession: 100, maxDoseMgPerSession: 400, maxTitrationStepMg: 100, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
});

/** A valid pharmacy as the admin's form sends it. */
export const pharmacyInput = (ncpdpId = String(randomInt(1_000_000, 9_999_999))) => ({
  name: "Test Compounding",
  ncpdpId,
  npi: npi(),
  addressLine1: "1 Test Way",
  city: "Denver",
  state: "CO" as const,
  postalCode: "80202",
  phone: "(555) 010-0199",
  shipsToStates: ["CO" as const, "NM" as const],
  epcsCapable: true,
  compounding: true,
});
