import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt, inArray } from "drizzle-orm";

import { CLINICS, PATIENTS, STAFF } from "./demo-data";

const FIVE_MIN = 5 * 60_000;

/** Who meets in the demo video visit: the first demo patient (CO) and the demo provider (licensed in CO). */
export const DEMO_VISIT = { patientEmail: PATIENTS[0]!.email, providerEmail: STAFF[1]!.email, timezone: CLINICS[0].timezone };

/**
 * An evaluation starting within minutes, so the demo patient and provider can go through the
 * waiting room right after `start`. Made again on a later start once the last one is over.
 */
export async function ensureDemoVisit(db: Database, now = new Date()) {
  const [patient] = await db
    .select({ id: schema.patient.id, clinicId: schema.patient.clinicId, userId: schema.patient.userId, state: schema.patient.stateOfResidence, timezone: schema.patient.timezone })
    .from(schema.patient)
    .where(eq(schema.patient.email, DEMO_VISIT.patientEmail));
  const [provider] = await db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, DEMO_VISIT.providerEmail));
  if (!patient?.userId || !provider) return null;
  const a = schema.appointment;
  const [open] = await db
    .select()
    .from(a)
    .where(and(eq(a.patientId, patient.id), eq(a.providerUserId, provider.id), gt(a.endsAt, new Date(now.getTime() + 10 * 60_000)), inArray(a.status, ["booked", "confirmed", "checked_in", "in_progress"])))
    .limit(1);
  if (open) return open;
  const startsAt = new Date(Math.ceil(now.getTime() / FIVE_MIN) * FIVE_MIN);
  const [row] = await db.transaction(async (tx) => {
    // A demo patient needs to be past intake to be on a provider's schedule.
    await tx.update(schema.patient).set({ status: "ready_to_schedule" }).where(and(eq(schema.patient.id, patient.id), eq(schema.patient.status, "registered")));
    return tx
      .insert(a)
      .values({
        clinicId: patient.clinicId,
        patientId: patient.id,
        providerUserId: provider.id,
        kind: "evaluation",
        status: "confirmed",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 60 * 60_000),
        patientState: patient.state,
        patientTimezone: patient.timezone,
        bookedByUserId: provider.id,
      })
      .onConflictDoNothing()
      .returning();
  });
  return row ?? null;
}
