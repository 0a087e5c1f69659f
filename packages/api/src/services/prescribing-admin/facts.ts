import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";

/**
 * Facts about prescribers that the admin screens, EPCS access control and the prescription
 * checklist share. Every query is bounded by the clinic.
 */

export type EpcsPermissionState = "granted" | "revoked" | "none";

export interface EpcsStatus {
  /** Latest approved change: grant -> granted, revoke -> revoked; nothing approved -> none (1311.125). */
  permission: EpcsPermissionState;
  since: Date | null;
  /** A change waiting for its second person, shown beside the permission ("pending approval"). */
  pending: { id: string; action: "grant" | "revoke"; enteredAt: Date; enteredByUserId: string } | null;
}

/** EPCS signing permission of each of `userIds` in the clinic. */
export async function epcsStatuses(db: DbOrTx, clinicId: string, userIds: string[]): Promise<Map<string, EpcsStatus>> {
  const out = new Map<string, EpcsStatus>(userIds.map((id) => [id, { permission: "none", since: null, pending: null }]));
  if (userIds.length === 0) return out;
  const c = schema.epcsAccessChange;
  const [approved, pending] = await Promise.all([
    db
      .selectDistinctOn([c.subjectUserId], { subjectUserId: c.subjectUserId, action: c.action, decidedAt: c.decidedAt })
      .from(c)
      .where(and(eq(c.clinicId, clinicId), inArray(c.subjectUserId, userIds), eq(c.status, "approved")))
      .orderBy(c.subjectUserId, desc(c.decidedAt), desc(c.enteredAt)),
    db
      .select({ id: c.id, subjectUserId: c.subjectUserId, action: c.action, enteredAt: c.enteredAt, enteredByUserId: c.enteredByUserId })
      .from(c)
      .where(and(eq(c.clinicId, clinicId), inArray(c.subjectUserId, userIds), eq(c.status, "pending"))),
  ]);
  for (const a of approved) out.get(a.subjectUserId)!.permission = a.action === "grant" ? "granted" : "revoked";
  for (const a of approved) out.get(a.subjectUserId)!.since = a.decidedAt;
  for (const p of pending) out.get(p.subjectUserId)!.pending = { id: p.id, action: p.action, enteredAt: p.enteredAt, enteredByUserId: p.enteredByUserId };
  return out;
}

/** EPCS permission of one person ("granted" | "pending_approval" | "revoked" | "none", packages/clinical EpcsPermission). */
export async function epcsPermissionOf(db: DbOrTx, clinicId: string, userId: string) {
  const s = (await epcsStatuses(db, clinicId, [userId])).get(userId)!;
  return s.permission === "granted" ? "granted" : s.pending?.action === "grant" ? "pending_approval" : s.permission;
}

/**
 * DEA registrations of `userId` in the clinic that are verified by a second person and not expired
 * on `today` (the clinic's calendar day; valid through `expires_on`). 1311.125(a): only these count.
 */
export async function currentDeaRegistrations(db: DbOrTx, clinicId: string, userId: string, today: string) {
  const d = schema.prescriberDeaRegistration;
  return db
    .select({ id: d.id, number: d.number, state: d.state, schedules: d.schedules, expiresOn: d.expiresOn })
    .from(d)
    .where(and(eq(d.clinicId, clinicId), eq(d.userId, userId), isNull(d.removedAt), isNotNull(d.verifiedAt), gte(d.expiresOn, today)));
}

/** A DEA registrant here: holds at least one verified, unexpired registration in the clinic. */
export async function isDeaRegistrant(db: DbOrTx, clinicId: string, userId: string, today: string) {
  return (await currentDeaRegistrations(db, clinicId, userId, today)).length > 0;
}

/** TOTP enrolled: two-step sign-in switched on with a verified authenticator secret (1311.115 "something held"). */
export async function totpEnrolled(db: DbOrTx, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: schema.user.id })
    .from(schema.user)
    .where(
      and(
        inArray(schema.user.id, userIds),
        eq(schema.user.twoFactorEnabled, true),
        sql`exists (select 1 from ${schema.twoFactor} where ${schema.twoFactor.userId} = ${schema.user.id} and ${schema.twoFactor.verified})`,
      ),
    );
  return new Set(rows.map((r) => r.userId));
}

/** The clinic roles of `userId` (empty when not a member: callers answer NOT_FOUND). */
export async function rolesIn(db: DbOrTx, clinicId: string, userId: string) {
  const m = schema.clinicMembership;
  const rows = await db.select({ role: m.role }).from(m).where(and(eq(m.clinicId, clinicId), eq(m.userId, userId)));
  return rows.map((r) => r.role);
}
