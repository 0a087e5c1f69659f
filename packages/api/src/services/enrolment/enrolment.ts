import { randomUUID } from "node:crypto";

import { clearPasswordFailures, consumeRateLimit, lockedUntil, recordPasswordFailure } from "@clearwell/auth";
import { hashPassword } from "@clearwell/auth/password";
import { createCredentialUser } from "@clearwell/auth/users";
import { calendarDateIn, isAdult } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db-errors";
import type { Outbound } from "../links";
import { newMrn } from "../patient/mrn";
import { hashToken, newToken } from "../tokens";

async function openClinicByCode(db: Database, code: string) {
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.enrolmentCode, code) });
  if (!clinic || !clinic.enrolmentOpen) throw new DomainError("NOT_FOUND", "This enrolment link is not valid. Ask your clinic for a new one.");
  return clinic;
}

export async function lookupEnrolment(db: Database, code: string) {
  const clinic = await openClinicByCode(db, code);
  return { clinicName: clinic.name, clinicPhone: clinic.phone };
}

export interface SelfEnrolInput {
  code: string;
  givenName: string;
  familyName: string;
  email: string;
  password: string;
  dateOfBirth: string;
  stateOfResidence: string;
  phone?: string;
}

export const ENROLMENT_LINK_TTL_HOURS = 24;
// Each request mails the address; a cap keeps the form from being used to flood someone's inbox.
const MAILS_PER_ADDRESS = { window: 3600, max: 3 };

const pendingKey = (tokenHash: string) => `enrolment:${tokenHash}`;

const ZPendingEnrolment = z.object({
  clinicId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  passwordHash: z.string(),
  dateOfBirth: z.string(),
  stateOfResidence: z.string(),
  phone: z.string().nullable(),
});

/**
 * Self sign-up through a clinic's enrolment link, step one. The answer is the same whether
 * or not the address has an account (no enumeration): a new address gets a link that
 * completes the enrolment, an existing one a note saying someone tried, with the way to
 * sign in or reset. Nothing is created until the link comes back, so the inbox is proven.
 */
export async function selfEnrol(db: Database, input: SelfEnrolInput, out: Outbound) {
  const clinic = await openClinicByCode(db, input.code);
  if (!isAdult(input.dateOfBirth, calendarDateIn(clinic.timezone, new Date()))) {
    throw new DomainError("RULE_FAILED", "Clearwell's at-home programme is for adults 18 and over.", ["E19"]);
  }
  // Hashed on both paths: the pending record keeps only the hash, and equal work keeps equal timing.
  const passwordHash = await hashPassword(input.password);
  const existing = await db.query.user.findFirst({ where: sql`lower(${schema.user.email}) = lower(${input.email})` });
  let message: { subject: string; text: string };
  if (existing) {
    message = {
      subject: "Someone tried to create a Clearwell account with your e-mail",
      text:
        `Someone asked to create a Clearwell account with ${clinic.name} using this e-mail address, which already has an account.\n` +
        `If it was you, sign in at ${out.patientAppUrl}/sign-in or choose a new password at ${out.patientAppUrl}/forgot-password.\n` +
        `To join ${clinic.name} with your existing account, ask the clinic to send you an invitation.\n` +
        "If it was not you, you can ignore this message: nothing has changed.",
    };
  } else {
    const { token, tokenHash } = newToken();
    const pending: z.infer<typeof ZPendingEnrolment> = {
      clinicId: clinic.id,
      givenName: input.givenName,
      familyName: input.familyName,
      email: input.email,
      passwordHash,
      dateOfBirth: input.dateOfBirth,
      stateOfResidence: input.stateOfResidence,
      phone: input.phone ?? null,
    };
    await db.insert(schema.verification).values({
      id: randomUUID(),
      identifier: pendingKey(tokenHash),
      value: JSON.stringify(pending),
      expiresAt: new Date(Date.now() + ENROLMENT_LINK_TTL_HOURS * 3_600_000),
    });
    message = {
      subject: `Confirm your e-mail to join ${clinic.name} on Clearwell`,
      text: `Open this link within ${ENROLMENT_LINK_TTL_HOURS} hours to finish creating your Clearwell account with ${clinic.name}:\n${out.patientAppUrl}/enrol/confirm/${token}\nIf you did not ask for this, ignore this message.`,
    };
  }
  if (await consumeRateLimit(db, `mail:enrolment:${input.email.toLowerCase()}`, MAILS_PER_ADDRESS)) {
    await out.mailer.send({ to: input.email, ...message });
  }
  return { email: input.email };
}

/**
 * Step two: the link from the e-mail. Creates the account (e-mail verified), the credential
 * and the chart in one transaction; the link works once.
 */
export async function confirmEnrolment(db: Database, actor: Actor, token: string) {
  const invalid = () => new DomainError("NOT_FOUND", "This link is not valid or has expired. Start again from your clinic's enrolment link.");
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .delete(schema.verification)
        .where(and(eq(schema.verification.identifier, pendingKey(hashToken(token))), sql`${schema.verification.expiresAt} > now()`))
        .returning({ value: schema.verification.value });
      if (!row) throw invalid();
      const pending = ZPendingEnrolment.parse(JSON.parse(row.value));
      const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, pending.clinicId) });
      if (!clinic?.enrolmentOpen) throw invalid();
      const user = await createCredentialUser(tx, {
        name: `${pending.givenName} ${pending.familyName}`,
        email: pending.email,
        passwordHash: pending.passwordHash,
        kind: "patient",
        emailVerified: true, // the link reached this inbox
      });
      const [patient] = await tx
        .insert(schema.patient)
        .values({
          clinicId: clinic.id,
          userId: user.id,
          mrn: newMrn(),
          status: "registered",
          givenName: pending.givenName,
          familyName: pending.familyName,
          email: pending.email,
          dateOfBirth: pending.dateOfBirth,
          stateOfResidence: pending.stateOfResidence,
          phone: pending.phone,
          timezone: clinic.timezone,
        })
        .returning({ id: schema.patient.id });
      if (!patient) throw new Error("patient insert returned nothing");
      await recordAudit(tx, { ...actor, userId: user.id, kind: "patient", clinicId: clinic.id }, {
        action: "patient.enrol",
        resourceType: "patient",
        resourceId: patient.id,
        patientId: patient.id,
        clinicId: clinic.id,
      });
      return { email: pending.email };
    });
  } catch (e) {
    // Only the inbox's owner holds this link, so saying the address is taken tells no one else.
    if (isUniqueViolation(e)) throw new DomainError("CONFLICT", "An account with this email already exists. Sign in instead, or reset your password.");
    throw e;
  }
}

async function openInvitation(db: Database, token: string, kind: "staff" | "patient") {
  const inv = await db.query.invitation.findFirst({
    where: and(eq(schema.invitation.tokenHash, hashToken(token)), eq(schema.invitation.kind, kind)),
  });
  if (!inv || inv.revokedAt) throw new DomainError("NOT_FOUND", "This invitation link is not valid. Ask the clinic to send a new one.");
  if (inv.acceptedAt) throw new DomainError("CONFLICT", "This invitation was already used. Sign in with the password you chose.");
  if (inv.expiresAt < new Date()) throw new DomainError("EXPIRED", "This invitation has expired. Ask the clinic to send a new one.");
  return inv;
}

export async function lookupInvitation(db: Database, token: string, kind: "staff" | "patient") {
  const inv = await openInvitation(db, token, kind);
  const clinic = await db.query.clinic.findFirst({ where: eq(schema.clinic.id, inv.clinicId) });
  const existing = await db.query.user.findFirst({ where: eq(schema.user.email, inv.email) });
  return { email: inv.email, clinicName: clinic?.name ?? "", roles: inv.roles, hasAccount: Boolean(existing) };
}

/**
 * Accepts an invitation. A new person chooses a name and password; someone who already
 * has a staff account (another clinic) proves it with their password instead.
 */
export interface PasswordCheck {
  verify: (hash: string, password: string) => Promise<boolean>;
  /** The sign-in lockout, shared so an invitation link is no way around it. */
  lockout: { threshold: number; minutes: number };
}

/** Proves an existing account's password under the same lockout as sign-in; failures are audited. */
async function proveExistingPassword(
  db: Database,
  actor: Actor,
  user: { id: string; email: string },
  inv: { id: string; clinicId: string },
  password: string,
  check: PasswordCheck,
) {
  const denied = async (reason: string, lockedNow = false) => {
    const who: Actor = { ...actor, userId: user.id, clinicId: inv.clinicId };
    await recordAudit(db, who, { action: "invitation.accept", resourceType: "invitation", resourceId: inv.id, outcome: "denied", detail: { reason } });
    if (lockedNow) await recordAudit(db, who, { action: "auth.locked_out", resourceType: "session", outcome: "denied", detail: { via: "invitation" } });
  };
  const until = await lockedUntil(db, user.email);
  if (until) {
    await denied("locked");
    throw new DomainError("FORBIDDEN", `Too many failed attempts. Try again after ${until.toISOString()} or reset your password.`);
  }
  const credential = await db.query.account.findFirst({
    where: and(eq(schema.account.userId, user.id), eq(schema.account.providerId, "credential")),
  });
  if (!credential?.password || !(await check.verify(credential.password, password))) {
    const lockedNow = await recordPasswordFailure(db, user.email, check.lockout);
    await denied("wrong password", lockedNow);
    throw new DomainError("FORBIDDEN", "That password does not match your existing Clearwell account.");
  }
  await clearPasswordFailures(db, user.email);
}

/**
 * Accepts an invitation. A new person chooses a name and password; someone who already
 * has an account of the same kind (another clinic) proves it with their password instead.
 */
export async function acceptInvitation(
  db: Database,
  actor: Actor,
  kind: "staff" | "patient",
  input: { token: string; name?: string; password: string },
  check: PasswordCheck,
) {
  const inv = await openInvitation(db, input.token, kind);
  const existing = await db.query.user.findFirst({ where: eq(schema.user.email, inv.email) });
  if (existing) {
    if (existing.kind !== kind) {
      throw new DomainError("CONFLICT", "This email is used by a different kind of account. Ask the clinic to invite another address.");
    }
    await proveExistingPassword(db, actor, existing, inv, input.password, check);
  } else if (!input.name && kind === "staff") {
    throw new DomainError("BAD_INPUT", "Enter your full name.");
  }
  try {
    return await db.transaction((tx) => claimAndLink(tx, actor, kind, inv, existing?.id ?? null, input));
  } catch (e) {
    // Two invitations for one new address accepted at the same moment: one account wins.
    if (isUniqueViolation(e, "user_email_unique")) throw new DomainError("CONFLICT", "An account with this email was just created. Sign in instead.");
    throw e;
  }
}

type Invitation = Awaited<ReturnType<typeof openInvitation>>;

async function claimAndLink(
  tx: Transaction,
  actor: Actor,
  kind: "staff" | "patient",
  inv: Invitation,
  existingUserId: string | null,
  input: { name?: string; password: string },
) {
  // Claim first so a double submit accepts once; recheck revocation and expiry here so a
  // revoke landing between lookup and claim wins.
  const [claimed] = await tx
    .update(schema.invitation)
    .set({ acceptedAt: new Date() })
    .where(
      and(
        eq(schema.invitation.id, inv.id),
        sql`${schema.invitation.acceptedAt} is null and ${schema.invitation.revokedAt} is null and ${schema.invitation.expiresAt} > now()`,
      ),
    )
    .returning({ id: schema.invitation.id });
  if (!claimed) throw new DomainError("CONFLICT", "This invitation is no longer valid: it was used, revoked or has expired.");

  const userId =
    existingUserId ??
    (
      await createCredentialUser(tx, {
        name: input.name ?? inv.email,
        email: inv.email,
        password: input.password,
        kind,
        emailVerified: true, // the link reached this inbox
      })
    ).id;

  const who: Actor = { ...actor, userId, kind, clinicId: inv.clinicId };
  if (kind === "staff") {
    await tx
      .insert(schema.clinicMembership)
      .values(inv.roles.map((role) => ({ clinicId: inv.clinicId, userId, role })))
      .onConflictDoNothing();
    await recordAudit(tx, { ...who, roles: inv.roles }, { action: "invitation.accept", resourceType: "invitation", resourceId: inv.id });
  } else {
    const [patient] = await tx
      .update(schema.patient)
      .set({ userId, status: "registered" })
      .where(and(eq(schema.patient.id, inv.patientId ?? ""), eq(schema.patient.clinicId, inv.clinicId), sql`${schema.patient.userId} is null`))
      .returning({ id: schema.patient.id });
    if (!patient) throw new DomainError("CONFLICT", "This chart is already linked to an account.");
    await recordAudit(tx, { ...who, roles: ["patient"] }, { action: "invitation.accept", resourceType: "invitation", resourceId: inv.id, patientId: patient.id });
  }
  return { email: inv.email };
}
