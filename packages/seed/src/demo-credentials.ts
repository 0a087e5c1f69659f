import type { Actor } from "@clearwell/api/actor";
import { saveDea, saveLicence, savePrescriberProfile, verifyCredential } from "@clearwell/api/services/prescribing-admin/credentials";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TPrescriberSaveProfileInput } from "@clearwell/validators/prescribing-admin";
import { and, eq, isNull } from "drizzle-orm";

import { CLINICS, STAFF } from "./demo-data";

/**
 * The demo clinicians' NPI, state licences and DEA registrations (demo-data.ts STAFF), recorded in each
 * clinic's credential record through the Prescribers page's services, as the clinic's people would
 * (audited): the one store that booking, visit admission, the decision's licence notice, the Staff
 * page and signing read. Each is recorded by one admin and, where the clinic has a second admin,
 * verified by that other one (never the recorder, 1311.125). Only what is missing is added, so `start`
 * on an older database fills it in.
 */

const meta = { requestId: "demo-seed", ipAddress: null, userAgent: "clearwell-seed" };
const SCHEDULES = ["2", "2N", "3", "3N", "4", "5"] as const;

/** Per clinic: who records credentials, who verifies them (none: they stay unverified), and the address on the prescriber's profile. */
const RECORDING: Record<(typeof CLINICS)[number]["key"], { recorder: string; verifier: string | null; address: TPrescriberSaveProfileInput["address"] }> = {
  demo: {
    recorder: "office@clearwater.test",
    verifier: "admin@clearwater.test",
    address: { line1: "1 Clearwater Plaza", line2: "Suite 200", city: "Denver", state: "CO", postalCode: "80202" },
  },
  second: { recorder: "admin@harborlight.test", verifier: null, address: { line1: "12 Harbor Street", city: "Salem", state: "MA", postalCode: "01970" } },
};

export async function ensureDemoCredentials(db: Database) {
  for (const c of CLINICS) {
    const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, c.slug), columns: { id: true } });
    if (!clinic) continue;
    const how = RECORDING[c.key];
    const userOf = async (email: string) => (await db.query.user.findFirst({ where: eq(schema.user.email, email), columns: { id: true } }))?.id ?? null;
    const recorderId = await userOf(how.recorder);
    if (!recorderId) continue;
    const verifierId = how.verifier ? await userOf(how.verifier) : null;
    const actor = (userId: string): Actor => ({ userId, kind: "staff", roles: ["admin"], clinicId: clinic.id, meta });
    const asRecorder = actor(recorderId);
    const asVerifier = verifierId ? actor(verifierId) : null;

    for (const s of STAFF.filter((x) => x.clinic === c.key && x.credentials)) {
      const userId = await userOf(s.email);
      if (!userId) continue;
      if (s.npi) {
        const profile = await db.query.prescriberProfile.findFirst({ where: and(eq(schema.prescriberProfile.clinicId, clinic.id), eq(schema.prescriberProfile.userId, userId)) });
        if (!profile) await savePrescriberProfile(db, asRecorder, clinic.id, { userId, npi: s.npi, address: how.address, phone: c.phone });
      }
      for (const state of s.licenses ?? []) {
        const l = schema.prescriberLicence;
        let licence = await db.query.prescriberLicence.findFirst({ where: and(eq(l.clinicId, clinic.id), eq(l.userId, userId), eq(l.state, state), isNull(l.removedAt)) });
        if (!licence) {
          const saved = await saveLicence(db, asRecorder, clinic.id, { userId, state, number: `DEMO-${state}-${(s.npi ?? "0000").slice(-4)}`, expiresOn: "2028-12-31" });
          licence = await db.query.prescriberLicence.findFirst({ where: eq(l.id, saved.id) });
        }
        if (asVerifier && !licence!.verifiedAt && licence!.createdByUserId !== asVerifier.userId) {
          await verifyCredential(db, asVerifier, clinic.id, { kind: "licence", id: licence!.id, note: "Demo: checked on the state board's licence lookup." });
        }
      }
      for (const reg of s.dea ?? []) {
        const d = schema.prescriberDeaRegistration;
        let dea = await db.query.prescriberDeaRegistration.findFirst({ where: and(eq(d.clinicId, clinic.id), eq(d.userId, userId), eq(d.state, reg.state), isNull(d.removedAt)) });
        if (!dea) {
          const saved = await saveDea(db, asRecorder, clinic.id, { userId, number: reg.number, state: reg.state, schedules: [...SCHEDULES], expiresOn: "2028-06-30" });
          dea = await db.query.prescriberDeaRegistration.findFirst({ where: eq(d.id, saved.id) });
        }
        if (asVerifier && !dea!.verifiedAt && dea!.createdByUserId !== asVerifier.userId) {
          await verifyCredential(db, asVerifier, clinic.id, { kind: "dea", id: dea!.id, note: "Demo: checked on the DEA registration validation lookup." });
        }
      }
    }
  }
}
