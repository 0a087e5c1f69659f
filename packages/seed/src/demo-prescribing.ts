import type { Actor } from "@clearwell/api/actor";
import { decideEpcsChange, enterEpcsChange } from "@clearwell/api/services/prescribing-admin/epcs-access";
import { epcsStatuses } from "@clearwell/api/services/prescribing-admin/facts";
import { saveFormularyEntry } from "@clearwell/api/services/prescribing-admin/formulary";
import { savePharmacy } from "@clearwell/api/services/prescribing-admin/pharmacy";
import { updatePrescribingSettings } from "@clearwell/api/services/prescribing-admin/settings";
import type { Auth } from "@clearwell/auth";
import { verifyTotpStep } from "@clearwell/auth/reauth";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TFormularyEntryFields } from "@clearwell/validators/prescribing-admin";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { symmetricDecrypt } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";

import { CLINICS, PATIENTS } from "./demo-data";

/**
 * Issue 12 demo data, written through the services as the clinic's people would (audited): prescribing
 * settings, the formulary (troche 100 mg and 200 mg, RDT 150 mg; nasal spray present but off), the
 * pharmacy simulator as the clinic's pharmacy, then (the two prescribers' NPI, licences and DEA
 * registrations being recorded and verified by demo-credentials.ts) EPCS permission entered by the
 * admin and approved by the other prescriber with a fresh authenticator code (1311.125).
 * Every part is skipped when already there, so `start` on an older database fills in what is missing.
 */

/** The pharmacy simulator (apps/pharmacy-sim) is the demo clinic's pharmacy. */
export const DEMO_PHARMACY = { name: "Clearwater Compounding (simulator)", ncpdpId: "7654321" } as const;
export const DEMO_PRESCRIBER_EMAIL = "prescriber@clearwater.test";
export const DEMO_SECOND_PRESCRIBER_EMAIL = "prescriber2@clearwater.test";
/** Dash: the demo patient the prescriber prescribes for (decided eligible at home in the seeded history). */
export const DEMO_RX_PATIENT_EMAIL = "patient3@clearwater.test";
const ADMIN_EMAIL = "admin@clearwater.test";

/** States the demo clinic's patients attest at their visits (their states of residence). */
const PATIENT_STATES = [...new Set(PATIENTS.filter((p) => p.clinic === "demo").map((p) => p.state))].sort() as ("CO" | "NM" | "UT")[];

const FORMULARY: TFormularyEntryFields[] = [
  {
    drugName: "Ketamine HCl",
    form: "troche",
    route: "sublingual",
    strength: { value: 100, unit: "mg" },
    holdMinutes: 15,
    bounds: { minDoseMgPerSession: 100, maxDoseMgPerSession: 400, maxTitrationStepMg: 100, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
    compoundingNote: "Compounded by Clearwater Compounding; flavoured base.",
  },
  {
    drugName: "Ketamine HCl",
    form: "troche",
    route: "sublingual",
    strength: { value: 200, unit: "mg" },
    holdMinutes: 15,
    bounds: { minDoseMgPerSession: 200, maxDoseMgPerSession: 600, maxTitrationStepMg: 200, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
  },
  {
    drugName: "Ketamine HCl",
    form: "rdt_odt",
    route: "sublingual",
    strength: { value: 150, unit: "mg" },
    holdMinutes: 10,
    bounds: { minDoseMgPerSession: 150, maxDoseMgPerSession: 450, maxTitrationStepMg: 150, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
  },
  // DOMAIN.md §4.1: not offered by default (multi-dose device, higher diversion risk).
  {
    drugName: "Ketamine HCl",
    form: "nasal_spray",
    route: "intranasal",
    strength: { value: 10, unit: "mg" },
    spraysPerMl: 10,
    minutesBetweenSprays: 5,
    bounds: { minDoseMgPerSession: 20, maxDoseMgPerSession: 60, maxTitrationStepMg: 20, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
    enabled: false,
  },
];

const meta = { requestId: "demo-seed", ipAddress: null, userAgent: "clearwell-seed" };

/** The current authenticator code of a demo account (its secret read the way better-auth stores it). */
async function currentTotp(db: Database, auth: Auth, userId: string) {
  const row = await db.query.twoFactor.findFirst({ where: eq(schema.twoFactor.userId, userId), columns: { secret: true } });
  if (!row) throw new Error("demo prescriber has no authenticator enrolled");
  const ctx = await auth.$context;
  const stored = await symmetricDecrypt({ key: ctx.secretConfig, data: row.secret });
  const secret = stored.startsWith("base32:") ? base32.decode(stored.slice("base32:".length).toUpperCase()) : stored;
  return createOTP(secret, { digits: 6, period: 30 }).totp();
}

export async function ensureDemoPrescribing(db: Database, auth: Auth) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, CLINICS[0].slug) });
  if (!clinic) return;
  const userOf = async (email: string) => {
    const u = await db.query.user.findFirst({ where: eq(schema.user.email, email), columns: { id: true, name: true } });
    if (!u) throw new Error(`demo account ${email} is missing`);
    return u;
  };
  const [admin, prescriber, second] = await Promise.all([ADMIN_EMAIL, DEMO_PRESCRIBER_EMAIL, DEMO_SECOND_PRESCRIBER_EMAIL].map(userOf));
  const actor = (userId: string, roles: string[]): Actor => ({ userId, kind: "staff", roles, clinicId: clinic.id, meta });
  const asAdmin = actor(admin!.id, ["admin"]);

  // Settings: the defaults, with PDMP checks required in the demo patients' states.
  const settings = await db.query.clinicPrescribingSettings.findFirst({ where: eq(schema.clinicPrescribingSettings.clinicId, clinic.id) });
  if (!settings) {
    await updatePrescribingSettings(db, asAdmin, clinic.id, {
      flexibilityValidUntil: "2026-12-31",
      maxRefills: 5,
      defaultRefills: 0,
      pdmpRequiredByState: Object.fromEntries(PATIENT_STATES.map((s) => [s, true])),
      allowProviderDrafts: true,
    });
  }

  const entries = await db.select({ id: schema.formularyEntry.id }).from(schema.formularyEntry).where(eq(schema.formularyEntry.clinicId, clinic.id)).limit(1);
  if (entries.length === 0) for (const entry of FORMULARY) await saveFormularyEntry(db, asAdmin, clinic.id, entry);

  const pharmacy = await db.query.pharmacy.findFirst({ where: and(eq(schema.pharmacy.clinicId, clinic.id), eq(schema.pharmacy.ncpdpId, DEMO_PHARMACY.ncpdpId)) });
  if (!pharmacy) {
    await savePharmacy(db, asAdmin, clinic.id, {
      ...DEMO_PHARMACY,
      npi: "1666666668",
      addressLine1: "500 Simulator Way",
      city: "Denver",
      state: "CO",
      postalCode: "80204",
      phone: "(555) 010-0150",
      shipsToStates: PATIENT_STATES,
      epcsCapable: true,
      compounding: true,
    });
  }

  // The prescribers' NPI, licences and DEA registrations (recorded by the office admin, verified by the
  // clinic admin) are written before this by ensureDemoCredentials (demo-credentials.ts).

  await dashPrescribingBasis(db, clinic.id, prescriber!.id);

  // EPCS permission for each prescriber: entered by the admin, approved by the other registrant with TOTP.
  const verifyTotp = (userId: string, code: string) => verifyTotpStep(auth, userId, code);
  const statuses = await epcsStatuses(db, clinic.id, [prescriber!.id, second!.id]);
  for (const [subject, approver] of [
    [prescriber!, second!],
    [second!, prescriber!],
  ] as const) {
    const status = statuses.get(subject.id)!;
    if (status.permission === "granted") continue;
    const changeId = status.pending?.action === "grant" ? status.pending.id : (await enterEpcsChange(db, asAdmin, clinic.id, { subjectUserId: subject.id, action: "grant", reason: "Demo: credentials verified; starts prescribing at Clearwater." })).id;
    await decideEpcsChange(db, verifyTotp, actor(approver.id, ["provider", "prescriber"]), clinic.id, { id: changeId, totp: await currentTotp(db, auth, approver.id), note: "Demo: registration and state licence verified as current." }, "approved");
  }
}

/**
 * Dash (patient3, decided eligible at home) is who the demo prescriber prescribes for: the prescriber
 * joins his care team, and his seeded past visits were video visits in the state he lives in (the
 * audio-video basis a controlled-substance prescription needs, DOMAIN.md §4.4; RX13). Only what is missing.
 */
async function dashPrescribingBasis(db: Database, clinicId: string, prescriberId: string) {
  const dash = await db.query.patient.findFirst({ where: and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.email, DEMO_RX_PATIENT_EMAIL)) });
  if (!dash) return;
  await db.insert(schema.careTeamMember).values({ clinicId, patientId: dash.id, userId: prescriberId, role: "prescriber" }).onConflictDoNothing();
  const a = schema.appointment;
  const past = await db
    .select({ id: a.id, providerUserId: a.providerUserId, startsAt: a.startsAt, endsAt: a.endsAt, patientState: a.patientState, visitId: schema.visit.id })
    .from(a)
    .leftJoin(schema.visit, eq(schema.visit.appointmentId, a.id))
    .where(and(eq(a.clinicId, clinicId), eq(a.patientId, dash.id), eq(a.status, "completed")));
  for (const p of past.filter((x) => !x.visitId)) {
    await db
      .insert(schema.visit)
      .values({
        clinicId,
        appointmentId: p.id,
        patientId: dash.id,
        providerUserId: p.providerUserId,
        roomName: `demo-${p.id}`,
        status: "ended",
        modality: "audio_video",
        attestedState: p.patientState,
        attestedAt: p.startsAt,
        startedAt: p.startsAt,
        endedAt: p.endsAt,
      })
      .onConflictDoNothing();
  }
}
