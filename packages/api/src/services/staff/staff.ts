import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import type { StaffRole } from "../../policy";
import { recordAudit } from "../audit/record-audit";
import { credentialDay, deaInForce, licenceInForce } from "../credentials/in-force";
import type { Outbound } from "../links";
import { newToken } from "../tokens";

export const STAFF_INVITATION_TTL_DAYS = 7;

/**
 * The clinic's staff with roles and professional credentials, plus open invitations. NPI, licences and
 * DEA registrations are this clinic's record (the Prescribers page, which alone edits them): the states
 * where each licence or registration is in force today (not removed, unexpired in the clinic's zone; the
 * rule booking and admission use, credentials/in-force.ts), verified or not.
 */
export async function listStaff(db: Database, clinicId: string, now = new Date()) {
  const m = schema.clinicMembership;
  const rows = await db
    .select({
      userId: m.userId,
      role: m.role,
      name: schema.user.name,
      email: schema.user.email,
      twoFactorEnabled: schema.user.twoFactorEnabled,
      credentials: schema.providerProfile.credentials,
      npi: schema.prescriberProfile.npi,
    })
    .from(m)
    .innerJoin(schema.user, eq(schema.user.id, m.userId))
    .leftJoin(schema.providerProfile, eq(schema.providerProfile.userId, m.userId))
    .leftJoin(schema.prescriberProfile, and(eq(schema.prescriberProfile.clinicId, m.clinicId), eq(schema.prescriberProfile.userId, m.userId)))
    .where(eq(m.clinicId, clinicId))
    .orderBy(asc(schema.user.name), asc(m.role));

  const ids = [...new Set(rows.map((r) => r.userId))];
  const l = schema.prescriberLicence;
  const d = schema.prescriberDeaRegistration;
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId), columns: { timezone: true } });
  const today = credentialDay(clinic?.timezone ?? "UTC", now);
  const [licenses, dea] = ids.length
    ? await Promise.all([
        db
          .selectDistinct({ userId: l.userId, state: l.state })
          .from(l)
          .where(licenceInForce(clinicId, ids, null, today)),
        db
          .selectDistinct({ userId: d.userId, state: d.state })
          .from(d)
          .where(deaInForce(clinicId, ids, null, today)),
      ])
    : [[], []];

  const members = new Map<
    string,
    { userId: string; name: string; email: string; roles: StaffRole[]; twoFactorEnabled: boolean; credentials: string | null; npi: string | null; licensedStates: string[]; deaStates: string[] }
  >();
  for (const r of rows) {
    const s = members.get(r.userId) ?? {
      userId: r.userId,
      name: r.name,
      email: r.email,
      roles: [],
      twoFactorEnabled: r.twoFactorEnabled,
      credentials: r.credentials,
      npi: r.npi,
      licensedStates: licenses.filter((x) => x.userId === r.userId).map((x) => x.state).sort(),
      deaStates: dea.filter((x) => x.userId === r.userId).map((x) => x.state).sort(),
    };
    s.roles.push(r.role);
    members.set(r.userId, s);
  }

  const invitations = await db
    .select({ id: schema.invitation.id, email: schema.invitation.email, roles: schema.invitation.roles, expiresAt: schema.invitation.expiresAt, createdAt: schema.invitation.createdAt })
    .from(schema.invitation)
    .where(
      and(
        eq(schema.invitation.clinicId, clinicId),
        eq(schema.invitation.kind, "staff"),
        isNull(schema.invitation.acceptedAt),
        isNull(schema.invitation.revokedAt),
        gt(schema.invitation.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(schema.invitation.createdAt));

  return { members: [...members.values()], invitations };
}

/**
 * Invites someone to the clinic's staff. The answer is only where the invitation went: the
 * link travels to that inbox alone (issue 10 finding 8), and is the same for every address,
 * so inviting cannot reveal that an address belongs to another clinic's patient (finding 7).
 */
export async function inviteStaff(db: Database, actor: Actor, clinicId: string, input: { email: string; roles: StaffRole[] }, out: Outbound) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
  const existing = await accountFor(db, input.email);
  if (existing) {
    // The admin's own clinic: they can see its staff list anyway.
    const member = await db.query.clinicMembership.findFirst({
      where: and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, existing.userId)),
    });
    if (member) throw new DomainError("CONFLICT", "This person is already on the clinic's staff. Change their roles instead.");
  }
  const roles = [...new Set(input.roles)];
  const { token, tokenHash } = newToken();
  const inv = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.invitation)
      .values({
        clinicId,
        kind: "staff",
        email: input.email,
        roles,
        tokenHash,
        invitedByUserId: actor.userId ?? "",
        expiresAt: new Date(Date.now() + STAFF_INVITATION_TTL_DAYS * 86_400_000),
      })
      .returning();
    if (!row) throw new Error("invitation insert returned nothing");
    await recordAudit(tx, actor, { action: "invitation.create", resourceType: "invitation", resourceId: row.id, detail: { roles } });
    return row;
  });
  await mailStaffInvitation(out, clinic.name, { email: input.email, roles }, token, existing?.kind ?? null);
  return { invitationId: inv.id, sentTo: input.email };
}

/**
 * Sends the invitation again with a new link; the previous link stops working (the token is
 * rotated) and the seven days start over.
 */
export async function resendStaffInvitation(db: Database, actor: Actor, clinicId: string, invitationId: string, out: Outbound) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
  const { token, tokenHash } = newToken();
  const inv = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.invitation)
      .set({ tokenHash, expiresAt: new Date(Date.now() + STAFF_INVITATION_TTL_DAYS * 86_400_000) })
      .where(
        and(
          eq(schema.invitation.id, invitationId),
          eq(schema.invitation.clinicId, clinicId),
          eq(schema.invitation.kind, "staff"),
          isNull(schema.invitation.acceptedAt),
          isNull(schema.invitation.revokedAt),
        ),
      )
      .returning({ id: schema.invitation.id, email: schema.invitation.email, roles: schema.invitation.roles });
    if (!row) throw new DomainError("NOT_FOUND", "No open invitation with that id.");
    await recordAudit(tx, actor, { action: "invitation.resend", resourceType: "invitation", resourceId: row.id });
    return row;
  });
  const existing = await accountFor(db, inv.email);
  await mailStaffInvitation(out, clinic.name, inv, token, existing?.kind ?? null);
  return { invitationId: inv.id, sentTo: inv.email };
}

const accountFor = async (db: Database, email: string) =>
  (
    await db
      .select({ userId: schema.user.id, kind: schema.user.kind })
      .from(schema.user)
      .where(sql`lower(${schema.user.email}) = lower(${email})`)
  )[0] ?? null;

/** After commit. A patient's address cannot become a staff account: that inbox is told so, without a link. */
async function mailStaffInvitation(out: Outbound, clinicName: string, inv: { email: string; roles: string[] }, token: string, existingKind: "staff" | "patient" | null) {
  if (existingKind === "patient") {
    await out.mailer.send({
      to: inv.email,
      subject: `${clinicName} tried to invite you to Clearwell as staff`,
      text: `${clinicName} tried to invite this e-mail address to its staff on Clearwell, but it is used by a patient account.\nStaff need their own work e-mail address: ask ${clinicName} to invite another one. If you were not expecting this, you can ignore this message.`,
    });
    return;
  }
  await out.mailer.send({
    to: inv.email,
    subject: `Join ${clinicName} on Clearwell`,
    text: `You have been invited to ${clinicName} as ${inv.roles.join(", ")}.\nOpen this link within ${STAFF_INVITATION_TTL_DAYS} days:\n${out.providerAppUrl}/invite/${token}`,
  });
}

/** Serialises role changes within one clinic, so two admins demoting each other cannot both win (or deadlock). */
async function lockClinicRoles(tx: DbOrTx, clinicId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`clinic-roles:${clinicId}`}))`);
}

async function adminCount(db: DbOrTx, clinicId: string, excludingUserId: string) {
  const rows = await db
    .select({ userId: schema.clinicMembership.userId })
    .from(schema.clinicMembership)
    .where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.role, "admin"), ne(schema.clinicMembership.userId, excludingUserId)));
  return rows.length;
}

/** Replaces a staff member's roles. The clinic always keeps at least one admin. */
export async function setStaffRoles(db: Database, actor: Actor, clinicId: string, userId: string, roles: StaffRole[]) {
  const wanted = [...new Set(roles)];
  return db.transaction(async (tx) => {
    await lockClinicRoles(tx, clinicId);
    const current = await tx
      .select({ role: schema.clinicMembership.role })
      .from(schema.clinicMembership)
      .where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, userId)))
      .for("update");
    if (current.length === 0) throw new DomainError("NOT_FOUND", "No such staff member in this clinic.");
    const had = current.map((c) => c.role);
    if (had.includes("admin") && !wanted.includes("admin") && (await adminCount(tx, clinicId, userId)) === 0) {
      throw new DomainError("CONFLICT", "The clinic needs at least one admin. Make someone else an admin first.");
    }
    const removed = had.filter((r) => !wanted.includes(r));
    const added = wanted.filter((r) => !had.includes(r));
    if (removed.length) {
      await tx
        .delete(schema.clinicMembership)
        .where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, userId), inArray(schema.clinicMembership.role, removed)));
    }
    if (added.length) await tx.insert(schema.clinicMembership).values(added.map((role) => ({ clinicId, userId, role })));
    await recordAudit(tx, actor, { action: "staff.roles.set", resourceType: "user", resourceId: userId, detail: { added, removed } });
    return { userId, roles: wanted };
  });
}

/** Removes someone from the clinic's staff (their account stays for other clinics). */
export async function removeStaff(db: Database, actor: Actor, clinicId: string, userId: string) {
  if (userId === actor.userId) throw new DomainError("CONFLICT", "You cannot remove yourself. Ask another admin.");
  return db.transaction(async (tx) => {
    await lockClinicRoles(tx, clinicId);
    const current = await tx
      .select({ role: schema.clinicMembership.role })
      .from(schema.clinicMembership)
      .where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, userId)))
      .for("update");
    if (current.length === 0) throw new DomainError("NOT_FOUND", "No such staff member in this clinic.");
    if (current.some((c) => c.role === "admin") && (await adminCount(tx, clinicId, userId)) === 0) {
      throw new DomainError("CONFLICT", "The clinic needs at least one admin.");
    }
    await tx.delete(schema.clinicMembership).where(and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, userId)));
    await recordAudit(tx, actor, { action: "staff.remove", resourceType: "user", resourceId: userId, detail: { roles: current.map((c) => c.role) } });
    return { userId };
  });
}

export async function revokeInvitation(db: Database, actor: Actor, clinicId: string, invitationId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.invitation)
      .set({ revokedAt: new Date() })
      .where(and(eq(schema.invitation.id, invitationId), eq(schema.invitation.clinicId, clinicId), isNull(schema.invitation.acceptedAt), isNull(schema.invitation.revokedAt)))
      .returning({ id: schema.invitation.id, patientId: schema.invitation.patientId });
    if (!row) throw new DomainError("NOT_FOUND", "No open invitation with that id.");
    await recordAudit(tx, actor, { action: "invitation.revoke", resourceType: "invitation", resourceId: row.id, patientId: row.patientId });
    return { invitationId: row.id };
  });
}
