import { randomUUID } from "node:crypto";

import { localDate } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TSupportPersonInviteInput } from "@clearwell/validators/regimen";
import { and, asc, eq, isNull, lte } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db-errors";
import { enqueueMail } from "../mail/outbox";
import { ownPatient } from "../patient/own-patient";
import { hashToken, newToken } from "../tokens";
import { BRIEFING_VERSION, briefing } from "./briefing";
import { CODE_TTL_MS, codeHash, newCode } from "./code";
import { type SupportPersonRow, currentSupportPerson } from "./current";

const sp = schema.supportPerson;
const INVITE_TTL_MS = 7 * 24 * 3_600_000;

/** Where the link points and the key that seals queued mail (AUTH_SECRET). */
export interface SupportMailOut {
  patientAppUrl: string;
  mailSecret: string;
}

const view = (row: SupportPersonRow | null) => ({
  supportPerson: row
    ? {
        id: row.id,
        name: row.name,
        relationship: row.relationship,
        email: row.email,
        phone: row.phone,
        status: row.status,
        invitedAt: row.invitedAt,
        inviteExpiresAt: row.status === "invited" ? row.tokenExpiresAt : null,
        consentedAt: row.consentedAt,
      }
    : null,
});

const firstName = (p: { preferredName: string | null; givenName: string }) => p.preferredName?.trim() || p.givenName;

/**
 * The invitation mail, queued in the caller's transaction (it leaves only if the invite commits).
 * The raw token exists only in this link; no health information in the body.
 */
async function mailInvite(tx: DbOrTx, out: SupportMailOut, to: { name: string; email: string }, patientFirstName: string, token: string) {
  await enqueueMail(
    tx,
    {
      to: to.email,
      subject: `${patientFirstName} asked you to be their support person`,
      text: `Hello ${to.name},\n\n${patientFirstName} has asked you to be their support person in Clearwell.\nOpen this link to read what that involves and to say yes (it works for 7 days):\n${out.patientAppUrl}/support/${token}\n\nIf you were not expecting this, you can ignore this email.`,
    },
    out.mailSecret,
  );
}

/** supportPerson.mine. */
export async function mySupportPerson(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const row = await currentSupportPerson(tx, clinicId, patientId);
    await recordAudit(tx, actor, { action: "support_person.read_own", resourceType: row ? "support_person" : "patient", resourceId: row?.id ?? patientId, patientId });
    return view(row);
  });
}

/**
 * supportPerson.invite (issue 13 §4): one current support person per patient. The link's token
 * is stored as its SHA-256 only; the mail is queued in the same transaction.
 */
export async function inviteSupportPerson(db: Database, actor: Actor, clinicId: string, patientId: string, input: TSupportPersonInviteInput, out: SupportMailOut, now = new Date()) {
  try {
    return await db.transaction(async (tx) => {
      const patient = await ownPatient(tx, actor, patientId);
      if (patient.email.toLowerCase() === input.email.toLowerCase()) {
        throw new DomainError("BAD_INPUT", "Enter the email of the person who will be with you, not your own.", ["email"]);
      }
      const existing = await currentSupportPerson(tx, clinicId, patientId, true);
      if (existing) {
        throw new DomainError("CONFLICT", `${existing.name} is already your support person${existing.status === "invited" ? " (invited)" : ""}. Remove them first to invite someone else.`);
      }
      const { token, tokenHash } = newToken();
      const [row] = await tx
        .insert(sp)
        .values({
          clinicId,
          patientId,
          name: input.name,
          relationship: input.relationship,
          email: input.email,
          phone: input.phone ?? null,
          status: "invited",
          tokenHash,
          tokenExpiresAt: new Date(now.getTime() + INVITE_TTL_MS),
          invitedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await mailInvite(tx, out, row!, firstName(patient), token);
      await recordAudit(tx, actor, { action: "support_person.invite", resourceType: "support_person", resourceId: row!.id, patientId });
      return view(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "support_person_one_current_uq")) throw new DomainError("CONFLICT", "You already have a support person. Reload the page.");
    throw error;
  }
}

/** supportPerson.resendInvite: a new link (the old one stops working) and seven more days; only before they agree. */
export async function resendSupportInvite(db: Database, actor: Actor, clinicId: string, patientId: string, out: SupportMailOut, now = new Date()) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const row = await currentSupportPerson(tx, clinicId, patientId, true);
    if (!row) throw new DomainError("NOT_FOUND", "You have not invited a support person yet.");
    if (row.status !== "invited") {
      throw new DomainError("CONFLICT", `${row.name} has already agreed, and their link still works. If they lost it, remove them and invite them again.`);
    }
    const { token, tokenHash } = newToken();
    const [updated] = await tx
      .update(sp)
      .set({ tokenHash, tokenExpiresAt: new Date(now.getTime() + INVITE_TTL_MS), invitedAt: now, updatedAt: now })
      .where(and(eq(sp.clinicId, clinicId), eq(sp.id, row.id)))
      .returning();
    await mailInvite(tx, out, updated!, firstName(patient), token);
    await recordAudit(tx, actor, { action: "support_person.resend_invite", resourceType: "support_person", resourceId: row.id, patientId });
    return view(updated!);
  });
}

/** supportPerson.revoke: their link stops working and any code waiting for them is replaced. */
export async function revokeSupportPerson(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const row = await currentSupportPerson(tx, clinicId, patientId, true);
    if (!row) throw new DomainError("NOT_FOUND", "You have no support person to remove.");
    await tx
      .update(sp)
      .set({ status: "revoked", revokedAt: now, updatedAt: now })
      .where(and(eq(sp.clinicId, clinicId), eq(sp.id, row.id)));
    const c = schema.supportConfirmation;
    await tx
      .update(c)
      .set({ supersededAt: now })
      .where(and(eq(c.clinicId, clinicId), eq(c.supportPersonId, row.id), isNull(c.usedAt), isNull(c.supersededAt)));
    await recordAudit(tx, actor, { action: "support_person.revoke", resourceType: "support_person", resourceId: row.id, patientId });
    return view(null);
  });
}

const LINK_GONE = "This link no longer works. Ask the person who invited you to send a new one.";

/**
 * The support person behind a link (public; no account). Unknown, revoked and expired invitation
 * links are all NOT_FOUND in the same words, audited without the token.
 */
async function byLink(tx: DbOrTx, actor: Actor, token: string, action: string, now: Date, lock = false) {
  const q = tx.select().from(sp).where(eq(sp.tokenHash, hashToken(token)));
  const [row] = lock ? await q.for("no key update") : await q;
  const expired = row?.status === "invited" && row.tokenExpiresAt !== null && row.tokenExpiresAt <= now;
  if (!row || row.status === "revoked" || expired) {
    throw denied(actor, { action, resourceType: "support_person", resourceId: row?.id ?? null, clinicId: row?.clinicId ?? null, detail: { reason: !row ? "unknown" : row.status === "revoked" ? "revoked" : "expired" } }, "NOT_FOUND", LINK_GONE);
  }
  const [patient] = await tx
    .select({ givenName: schema.patient.givenName, preferredName: schema.patient.preferredName, timezone: schema.patient.timezone })
    .from(schema.patient)
    .where(and(eq(schema.patient.clinicId, row.clinicId), eq(schema.patient.id, row.patientId)));
  return { row, patient: patient! };
}

/** Today's session the patient may start (patient-local day), for an active support person. */
async function todaySession(tx: DbOrTx, row: SupportPersonRow, timezone: string, now: Date, lock = false) {
  const s = schema.doseSession;
  const q = tx
    .select({ id: s.id, scheduledDate: s.scheduledDate, status: s.status, supportConfirmationId: s.supportConfirmationId, regimenStatus: schema.regimen.status })
    .from(s)
    .innerJoin(schema.regimen, eq(schema.regimen.id, s.regimenId))
    .where(and(eq(s.clinicId, row.clinicId), eq(s.patientId, row.patientId), eq(s.status, "scheduled"), lte(s.scheduledDate, localDate(now, timezone)), eq(schema.regimen.status, "active")))
    .orderBy(asc(s.scheduledDate))
    .limit(1);
  const [session] = lock ? await q.for("no key update", { of: s }) : await q;
  return session ?? null;
}

/** supportPerson.byToken (public): the patient's first name, the briefing and, once they agreed, today's session. */
export async function supportByToken(db: Database, actor: Actor, token: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { row, patient } = await byLink(tx, actor, token, "support_person.view", now);
    const today = row.status === "active" ? await todaySession(tx, row, patient.timezone, now) : null;
    await recordAudit(tx, actor, { action: "support_person.view", resourceType: "support_person", resourceId: row.id, patientId: row.patientId, clinicId: row.clinicId });
    const name = firstName(patient);
    return {
      patientFirstName: name,
      status: row.status as "invited" | "active",
      briefing: briefing(name),
      todaySession: today ? { id: today.id, scheduledDate: today.scheduledDate, presenceConfirmed: today.supportConfirmationId !== null } : null,
    };
  });
}

/** supportPerson.consent (public): they read this briefing version and agree; the link then stays valid until revoked. */
export async function supportConsent(db: Database, actor: Actor, input: { token: string; briefingVersion: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const { row, patient } = await byLink(tx, actor, input.token, "support_person.consent", now, true);
    const name = firstName(patient);
    if (row.status === "active") return { status: "active" as const, patientFirstName: name };
    if (input.briefingVersion !== BRIEFING_VERSION) {
      throw new DomainError("BAD_INPUT", "The briefing has been updated since you opened it. Reload the page, read it again and confirm.", ["briefingVersion"]);
    }
    await tx
      .update(sp)
      .set({ status: "active", consentedAt: now, briefingVersion: BRIEFING_VERSION, tokenExpiresAt: null, updatedAt: now })
      .where(eq(sp.id, row.id));
    await recordAudit(tx, actor, { action: "support_person.consent", resourceType: "support_person", resourceId: row.id, patientId: row.patientId, clinicId: row.clinicId, detail: { briefingVersion: BRIEFING_VERSION } });
    return { status: "active" as const, patientFirstName: name };
  });
}

/**
 * supportPerson.confirmPresence (public): "I'm with them now" for today's session. A new 6-digit
 * code (shown once; only its salted hash is kept) replaces any code still waiting, for 15 minutes.
 */
export async function confirmPresence(db: Database, actor: Actor, input: { token: string; sessionId: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const { row, patient } = await byLink(tx, actor, input.token, "support_person.confirm_presence", now);
    if (row.status !== "active") throw new DomainError("RULE_FAILED", "Read the briefing and agree to it first.");
    const session = await todaySession(tx, row, patient.timezone, now, true);
    if (!session || session.id !== input.sessionId) {
      throw denied(actor, { action: "support_person.confirm_presence", resourceType: "dose_session", resourceId: input.sessionId, clinicId: row.clinicId, patientId: row.patientId }, "NOT_FOUND", "There is no session to confirm today. Reload the page.");
    }
    if (session.supportConfirmationId) throw new DomainError("CONFLICT", "Your presence for this session is already confirmed.");
    const c = schema.supportConfirmation;
    await tx
      .update(c)
      .set({ supersededAt: now })
      .where(and(eq(c.clinicId, row.clinicId), eq(c.doseSessionId, session.id), isNull(c.usedAt), isNull(c.supersededAt)));
    const id = randomUUID();
    const code = newCode();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await tx.insert(c).values({ id, clinicId: row.clinicId, patientId: row.patientId, supportPersonId: row.id, doseSessionId: session.id, codeHash: codeHash(code, id), expiresAt, createdAt: now });
    await recordAudit(tx, actor, { action: "support_person.confirm_presence", resourceType: "support_confirmation", resourceId: id, patientId: row.patientId, clinicId: row.clinicId, detail: { sessionId: session.id } });
    return { code, expiresAt };
  });
}
