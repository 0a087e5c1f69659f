import { randomBytes } from "node:crypto";

import type { Database } from "@clearwell/db/client";
import type { TClinicEligibilityInput } from "@clearwell/validators/decision";
import type { TClinicSchedulingInput } from "@clearwell/validators/scheduling";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

export const newEnrolmentCode = () => randomBytes(12).toString("base64url");

export async function getClinic(db: Database, clinicId: string, patientAppUrl: string) {
  const c = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    phone: c.phone,
    email: c.email,
    enrolmentOpen: c.enrolmentOpen,
    enrolmentUrl: `${patientAppUrl}/enrol/${c.enrolmentCode}`,
    scheduling: schedulingOf(c),
  };
}

const schedulingOf = (c: typeof schema.clinic.$inferSelect) => ({
  evaluationMinutes: c.evaluationMinutes,
  followUpMinutes: c.followUpMinutes,
  cancelCutoffMinutes: c.cancelCutoffMinutes,
  minBookingNoticeMinutes: c.minBookingNoticeMinutes,
  bookingHorizonDays: c.bookingHorizonDays,
  noShowGraceMinutes: c.noShowGraceMinutes,
  bookingBeforeIntakeReview: c.bookingBeforeIntakeReview,
  joinWindowMinutes: c.joinWindowMinutes,
});

/**
 * Visit lengths, cutoffs and the booking window (DOMAIN.md §2, all "C"). Changes apply to slots
 * offered from now on; booked appointments keep their length.
 */
export async function updateScheduling(db: Database, actor: Actor, clinicId: string, input: TClinicSchedulingInput) {
  return db.transaction(async (tx) => {
    const before = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
    if (!before) throw new DomainError("NOT_FOUND", "Clinic not found.");
    const [after] = await tx.update(schema.clinic).set(input).where(eq(schema.clinic.id, clinicId)).returning();
    const was = schedulingOf(before);
    const changed = Object.fromEntries(Object.entries(input).filter(([k, v]) => was[k as keyof typeof was] !== v).map(([k, v]) => [k, { from: was[k as keyof typeof was], to: v }]));
    await recordAudit(tx, actor, { action: "clinic.scheduling.update", resourceType: "clinic", resourceId: clinicId, detail: changed });
    return schedulingOf(after!);
  });
}

/** Rotating the code retires every enrolment link handed out before. */
export async function updateEnrolment(db: Database, actor: Actor, clinicId: string, input: { open?: boolean; rotate?: boolean }) {
  const changes = {
    ...(input.open === undefined ? {} : { enrolmentOpen: input.open }),
    ...(input.rotate ? { enrolmentCode: newEnrolmentCode() } : {}),
  };
  // An empty SET is a database error; callers other than the router get a clear answer too.
  if (Object.keys(changes).length === 0) throw new DomainError("BAD_INPUT", "Choose whether to open or close enrolment, or to make a new link.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.clinic)
      .set(changes)
      .where(eq(schema.clinic.id, clinicId))
      .returning({ id: schema.clinic.id });
    if (!row) throw new DomainError("NOT_FOUND", "Clinic not found.");
    await recordAudit(tx, actor, { action: "clinic.enrolment.update", resourceType: "clinic", resourceId: clinicId, detail: input });
    return { ok: true };
  });
}

const eligibilityColumns = { overrideCoSignRequired: schema.clinic.overrideCoSignRequired, eligibilityExpiryDays: schema.clinic.eligibilityExpiryDays };

/** The clinic's eligibility settings an admin changes (DOMAIN.md §2 expiry N days C; §3 OV "co-sign C"). */
export async function getEligibilitySettings(db: Database, clinicId: string) {
  const [c] = await db.select(eligibilityColumns).from(schema.clinic).where(eq(schema.clinic.id, clinicId));
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return c;
}

/**
 * Override co-signature on or off (issue 11 §3) and how many days a decision lasts (DOMAIN.md §2).
 * Both apply to decisions recorded from now on: recordDecision fixes a decision's expiresAt and its
 * co-signer requirement when it is recorded. Sets values, so a retry changes nothing and audits {}.
 */
export async function updateEligibilitySettings(db: Database, actor: Actor, clinicId: string, input: TClinicEligibilityInput) {
  const changes = {
    ...(input.overrideCoSignRequired === undefined ? {} : { overrideCoSignRequired: input.overrideCoSignRequired }),
    ...(input.eligibilityExpiryDays === undefined ? {} : { eligibilityExpiryDays: input.eligibilityExpiryDays }),
  };
  // An empty SET is a database error; callers other than the router get a clear answer too.
  if (Object.keys(changes).length === 0) throw new DomainError("BAD_INPUT", "Choose a setting to change.");
  return db.transaction(async (tx) => {
    // FOR UPDATE: two admins saving at once each audit the value they replaced.
    const [before] = await tx.select(eligibilityColumns).from(schema.clinic).where(eq(schema.clinic.id, clinicId)).for("update");
    if (!before) throw new DomainError("NOT_FOUND", "Clinic not found.");
    const [after] = await tx.update(schema.clinic).set(changes).where(eq(schema.clinic.id, clinicId)).returning(eligibilityColumns);
    // Settings values only (no patient data): which changed, from what to what.
    const detail = Object.fromEntries(
      (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => before[k] !== changes[k]).map((k) => [k, { from: before[k], to: changes[k] }]),
    );
    await recordAudit(tx, actor, { action: "clinic.eligibility.update", resourceType: "clinic", resourceId: clinicId, detail });
    return after!;
  });
}
