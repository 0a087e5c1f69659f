import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

/** The demo evaluation as the seed returns it (an appointment row). */
export interface DemoAppointment {
  id: string;
  clinicId: string;
  patientId: string;
  providerUserId: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
}

/**
 * The seeded demo visit (packages/seed/src/demo-visit.ts), handed to the API by the provider app
 * and the `demo-visit` command: the API does not depend on the seed, which depends on the API.
 */
export interface DemoVisitSource {
  /** The seeded demo clinic: the only clinic that has a demo visit. */
  clinicSlug: string;
  patientEmail: string;
  providerEmail: string;
  /** The demo clinic's zone, for showing the visit's time. */
  timezone: string;
  /** Keeps the open demo visit or books a new one starting within minutes; runs in the caller's transaction. */
  make(db: DbOrTx, now: Date): Promise<{ visit: DemoAppointment | null; created: boolean }>;
}

/** The demo visit offer for a clinic: only the seeded demo clinic has one (and only where a source is wired). */
export async function demoVisitOffer(db: Database, source: DemoVisitSource | null, clinicId: string) {
  const available = source ? await isDemoClinic(db, source, clinicId) : false;
  return available && source ? { available: true as const, patientEmail: source.patientEmail, providerEmail: source.providerEmail } : { available: false as const, patientEmail: null, providerEmail: null };
}

/** The seeded demo clinic's id, if this database has one. */
export async function demoClinicId(db: DbOrTx, source: DemoVisitSource): Promise<string | null> {
  const [clinic] = await db.select({ id: schema.clinic.id }).from(schema.clinic).where(eq(schema.clinic.slug, source.clinicSlug)).limit(1);
  return clinic?.id ?? null;
}

async function isDemoClinic(db: DbOrTx, source: DemoVisitSource, clinicId: string) {
  const [clinic] = await db.select({ slug: schema.clinic.slug }).from(schema.clinic).where(eq(schema.clinic.id, clinicId)).limit(1);
  return clinic?.slug === source.clinicSlug;
}

const NOT_HERE = "Demo visits exist only in the demo clinic that `./bin/clearwell start` seeds.";

/**
 * A fresh demo video visit in the demo clinic (the one `start` books is used up once ended): the
 * open one is kept, otherwise a new one starts within minutes. One transaction with its audit row;
 * a visit outside the caller's clinic is refused (the source finds people by their demo email).
 */
export async function createDemoVisit(
  db: Database,
  source: DemoVisitSource | null,
  actor: Actor,
  clinicId: string,
  urls: { providerAppUrl: string; patientAppUrl: string },
  now = new Date(),
) {
  if (!source) throw new DomainError("NOT_FOUND", NOT_HERE);
  return db.transaction(async (tx) => {
    if (!(await isDemoClinic(tx, source, clinicId))) throw new DomainError("NOT_FOUND", NOT_HERE);
    const { visit, created } = await source.make(tx, now);
    if (!visit || visit.clinicId !== clinicId) {
      throw new DomainError("CONFLICT", "The demo patient or demo provider is missing from this clinic, so no demo visit can be booked. Restart `./bin/clearwell start` to seed them again.");
    }
    await recordAudit(tx, actor, {
      action: created ? "demo_visit.create" : "demo_visit.keep",
      resourceType: "appointment",
      resourceId: visit.id,
      patientId: visit.patientId,
      clinicId,
    });
    return {
      appointmentId: visit.id,
      created,
      startsAt: visit.startsAt,
      endsAt: visit.endsAt,
      timezone: source.timezone,
      patientEmail: source.patientEmail,
      providerEmail: source.providerEmail,
      patientLink: `${urls.patientAppUrl}/visit/${visit.id}`,
      providerLink: `${urls.providerAppUrl}/visits/${visit.id}`,
    };
  });
}
