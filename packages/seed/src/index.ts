import type { Auth } from "@clearwell/auth";
import { createCredentialUser } from "@clearwell/auth/users";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { symmetricDecrypt } from "better-auth/crypto";
import { eq, inArray } from "drizzle-orm";

import { CLINICS, DEMO_PASSWORD, type DemoStaff, PATIENTS, STAFF } from "./demo-data";
import { ensureDemoCredentials } from "./demo-credentials";
import { seedDemoHistory } from "./demo-history";
import { ensureDemoPrescribing } from "./demo-prescribing";
import { ensureDemoRegimen } from "./demo-regimen";

export { DEMO_PASSWORD, CLINICS, PATIENTS, STAFF };

const MRNS = ["CW-D3M0001", "CW-D3M0002", "CW-D3M0003", "CW-D3M0004", "CW-D3M0005", "CW-D3M0006"];

/**
 * Seeds the demo clinics once (skips when the demo clinic exists). TOTP for the demo
 * prescriber is enrolled through better-auth's own endpoints, exactly as a user would.
 */
export async function seedDemo(db: Database, providerAuth: Auth) {
  const existing = await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, CLINICS[0].slug) });
  if (existing) {
    // A database seeded before issue 12 gets the demo staff and prescribing data added since.
    await ensureDemoStaff(db, providerAuth);
    await ensureDemoCredentials(db);
    await ensureDemoPrescribing(db, providerAuth);
    await ensureDemoRegimen(db, providerAuth);
    return { created: false };
  }

  const clinicIds: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  await db.transaction(async (tx) => {
    for (const c of CLINICS) {
      const [row] = await tx
        .insert(schema.clinic)
        .values({ name: c.name, slug: c.slug, timezone: c.timezone, phone: c.phone, email: c.email, enrolmentCode: c.enrolmentCode })
        .returning({ id: schema.clinic.id });
      clinicIds[c.key] = row!.id;
    }
    for (const s of STAFF) userIds[s.email] = await insertStaff(tx, s, clinicIds[s.clinic]!);
    for (const [i, p] of PATIENTS.entries()) {
      const u = await createCredentialUser(tx, { name: `${p.givenName} ${p.familyName}`, email: p.email, password: DEMO_PASSWORD, kind: "patient", emailVerified: true });
      const clinic = CLINICS.find((c) => c.key === p.clinic)!;
      const [row] = await tx
        .insert(schema.patient)
        .values({
          clinicId: clinicIds[p.clinic]!,
          userId: u.id,
          mrn: MRNS[i]!,
          status: "registered",
          givenName: p.givenName,
          familyName: p.familyName,
          email: p.email,
          dateOfBirth: p.dateOfBirth,
          stateOfResidence: p.state,
          city: p.city,
          phone: `(555) 010-${String(3000 + i).padStart(4, "0")}`,
          timezone: clinic.timezone,
          supportPersonName: p.support[0],
          supportPersonRelationship: p.support[1],
          supportPersonPhone: p.support[2],
          emergencyContactName: p.emergency[0],
          emergencyContactRelationship: p.emergency[1],
          emergencyContactPhone: p.emergency[2],
        })
        .returning({ id: schema.patient.id });
      for (const email of p.careTeam) {
        const staff = STAFF.find((s) => s.email === email)!;
        await tx.insert(schema.careTeamMember).values({
          clinicId: clinicIds[p.clinic]!,
          patientId: row!.id,
          userId: userIds[email]!,
          role: staff.roles.includes("prescriber") ? "prescriber" : "primary_provider",
        });
      }
    }
  });

  // DOMAIN.md §9: MFA for all staff; the portal refuses clinic data to an account without it.
  for (const s of STAFF) await enrolTotp(providerAuth, s.email);
  // Licences and DEA registrations in the clinics' credential record, before any visit is booked.
  await ensureDemoCredentials(db);
  await seedDemoHistory(db, { patients: PATIENTS.filter((p) => p.clinic === "demo"), providerEmail: STAFF[1]!.email });
  await ensureDemoPrescribing(db, providerAuth);
  await ensureDemoRegimen(db, providerAuth);
  return { created: true };
}

/** One demo staff member: account, roles, and for clinicians their profile and hours. */
async function insertStaff(tx: DbOrTx, s: DemoStaff, clinicId: string) {
  const u = await createCredentialUser(tx, { name: s.name, email: s.email, password: DEMO_PASSWORD, kind: "staff", emailVerified: true });
  await tx.insert(schema.clinicMembership).values(s.roles.map((role) => ({ clinicId, userId: u.id, role })));
  if (s.credentials) {
    const clinicTz = CLINICS.find((c) => c.key === s.clinic)!.timezone;
    await tx.insert(schema.providerProfile).values({ userId: u.id, credentials: s.credentials, timezone: clinicTz });
    if (s.roles.includes("provider")) {
      // Weekday clinic hours, so the demo has open slots to book.
      await tx
        .insert(schema.availabilityWindow)
        .values([1, 2, 3, 4, 5].map((weekday) => ({ clinicId, providerUserId: u.id, weekday, startMinute: 8 * 60, endMinute: 17 * 60 })));
    }
    // NPI, licences and DEA registrations: the clinic's credential record, ensureDemoCredentials.
  }
  return u.id;
}

/** Demo staff added to STAFF after a database was seeded (e.g. issue 12's second admin and prescriber). */
async function ensureDemoStaff(db: Database, auth: Auth) {
  for (const s of STAFF) {
    if (await db.query.user.findFirst({ where: eq(schema.user.email, s.email), columns: { id: true } })) continue;
    const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, CLINICS.find((c) => c.key === s.clinic)!.slug), columns: { id: true } });
    if (!clinic) continue;
    await db.transaction((tx) => insertStaff(tx, s, clinic.id));
    await enrolTotp(auth, s.email);
  }
}

async function enrolTotp(auth: Auth, email: string) {
  const signIn = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD }, returnHeaders: true });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const headers = new Headers({ cookie });
  const enabled = await auth.api.enableTwoFactor({ body: { password: DEMO_PASSWORD }, headers });
  if (enabled.method !== "totp") throw new Error("expected TOTP enrolment");
  const secret = new URL(enabled.totpURI).searchParams.get("secret") ?? "";
  const code = await createOTP(new TextDecoder().decode(base32.decode(secret)), { digits: 6, period: 30 }).totp();
  await auth.api.verifyTOTP({ body: { code }, headers });
  await auth.api.signOut({ headers });
}

/** The base32 TOTP secrets of demo staff, for printing so a demo user can add them to an authenticator. */
export async function demoTotpSecrets(db: Database, authSecret: string) {
  const emails = STAFF.map((s) => s.email);
  const rows = await db
    .select({ email: schema.user.email, secret: schema.twoFactor.secret })
    .from(schema.twoFactor)
    .innerJoin(schema.user, eq(schema.user.id, schema.twoFactor.userId))
    .where(inArray(schema.user.email, emails));
  const out: { email: string; secret: string }[] = [];
  for (const r of rows) {
    const raw = await symmetricDecrypt({ key: authSecret, data: r.secret });
    out.push({ email: r.email, secret: base32.encode(new TextEncoder().encode(raw), { padding: false }) });
  }
  return out;
}
