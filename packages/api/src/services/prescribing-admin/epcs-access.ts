import { clinicToday } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEpcsEnterChangeInput } from "@clearwell/validators/prescribing-admin";
import { type SQL, and, desc, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import type { AuditInput } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { type TotpStepVerifier, checkFreshTotp, spendTotpStep } from "../totp-fresh";
import { clinicZone } from "./clinic-day";
import { epcsStatuses, isDeaRegistrant, rolesIn, totpEnrolled } from "./facts";

/**
 * EPCS logical access control (21 CFR 1311.125; DOMAIN.md §1 "Grant/revoke EPCS permission",
 * §5.1): one person (an admin) enters a grant or revoke; a second person, a DEA registrant of the
 * clinic, approves or rejects it with a fresh authenticator code; the enterer may withdraw it while
 * it waits. The table refuses enterer = decider and any second decision (migration 0020). Every
 * step, refusals included, is audited as an `epcs.access.*` event for the daily review (1311.150).
 */

type Change = typeof schema.epcsAccessChange.$inferSelect;

async function changeItems(db: DbOrTx, clinicId: string, where?: SQL, limit = 200) {
  const c = schema.epcsAccessChange;
  const rows = await db
    .select()
    .from(c)
    .where(and(eq(c.clinicId, clinicId), where))
    .orderBy(desc(c.enteredAt), desc(c.id))
    .limit(limit);
  const ids = [...new Set(rows.flatMap((r) => [r.subjectUserId, r.enteredByUserId, r.decidedByUserId]).filter((x): x is string => !!x))];
  const names = ids.length ? new Map((await db.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inArray(schema.user.id, ids))).map((u) => [u.id, u.name])) : new Map<string, string>();
  return rows.map((r) => ({
    id: r.id,
    subjectUserId: r.subjectUserId,
    subjectName: names.get(r.subjectUserId) ?? null,
    action: r.action,
    reason: r.reason,
    enteredByUserId: r.enteredByUserId,
    enteredByName: names.get(r.enteredByUserId) ?? null,
    enteredAt: r.enteredAt,
    status: r.status,
    decidedByUserId: r.decidedByUserId,
    decidedByName: r.decidedByUserId ? (names.get(r.decidedByUserId) ?? null) : null,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
  }));
}

/** epcs.changes: the clinic's access changes, newest first (admins and prescribers: approvers see what waits). */
export async function listEpcsChanges(db: Database, clinicId: string, status?: Change["status"]) {
  return { items: await changeItems(db, clinicId, status ? eq(schema.epcsAccessChange.status, status) : undefined) };
}

const itemOf = async (db: DbOrTx, clinicId: string, id: string) => (await changeItems(db, clinicId, eq(schema.epcsAccessChange.id, id), 1))[0]!;

/**
 * What a grant needs of its subject (1311.125(a)/(b)): a DEA registration verified as current and a
 * second factor enrolled. Checked when the grant is entered and again when it is approved.
 */
async function grantBlockers(tx: DbOrTx, clinicId: string, subjectUserId: string, today: string) {
  const reasons: string[] = [];
  if (!(await isDeaRegistrant(tx, clinicId, subjectUserId, today))) reasons.push("They have no DEA registration verified as current in this clinic: record it and have a second person verify it first.");
  if (!(await totpEnrolled(tx, [subjectUserId])).has(subjectUserId)) reasons.push("They have not set up an authenticator app (two-step sign-in), which signing needs.");
  return reasons;
}

/** epcs.enterChange (the admin, "enterer" half of 1311.125). */
export async function enterEpcsChange(db: Database, actor: Actor, clinicId: string, input: TEpcsEnterChangeInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const roles = await rolesIn(tx, clinicId, input.subjectUserId);
    if (roles.length === 0) throw new DomainError("NOT_FOUND", "No one with this id works in this clinic.");
    if (!roles.includes("prescriber")) throw new DomainError("RULE_FAILED", "Only a prescriber can hold EPCS signing permission. Give them the prescriber role first.");
    const status = (await epcsStatuses(tx, clinicId, [input.subjectUserId])).get(input.subjectUserId)!;
    if (status.pending) throw new DomainError("CONFLICT", "A change of this person's EPCS permission is already waiting for approval. Withdraw it or have it decided first.");
    if (input.action === "grant" && status.permission === "granted") throw new DomainError("CONFLICT", "This prescriber already has EPCS signing permission.");
    if (input.action === "revoke" && status.permission !== "granted") throw new DomainError("CONFLICT", "This prescriber has no EPCS signing permission to revoke.");
    if (input.action === "grant") {
      const blockers = await grantBlockers(tx, clinicId, input.subjectUserId, clinicToday(now, await clinicZone(tx, clinicId)));
      if (blockers.length) throw new DomainError("RULE_FAILED", blockers[0]!, blockers);
    }
    const [row] = await tx
      .insert(schema.epcsAccessChange)
      .values({ clinicId, subjectUserId: input.subjectUserId, action: input.action, reason: input.reason, enteredByUserId: actor.userId!, enteredAt: now })
      .returning({ id: schema.epcsAccessChange.id });
    await recordAudit(tx, actor, {
      action: "epcs.access.entered",
      resourceType: "epcs_access_change",
      resourceId: row!.id,
      detail: { subjectUserId: input.subjectUserId, change: input.action },
    });
    return itemOf(tx, clinicId, row!.id);
  });
}

/**
 * Who may decide: a DEA registrant of this clinic (verified, unexpired registration) other than the
 * enterer (1311.125(a)) and other than the subject (no one approves their own access: product choice,
 * stricter than the rule's text). Refusals are audited as the decision, denied.
 */
async function requireDecider(tx: DbOrTx, actor: Actor, clinicId: string, change: Change, event: AuditInput, today: string) {
  if (change.enteredByUserId === actor.userId) {
    throw denied(actor, { ...event, detail: { ...event.detail, reason: "enterer_cannot_decide" } }, "FORBIDDEN", "You entered this change: a second person, a DEA registrant, must approve or reject it (21 CFR 1311.125).");
  }
  if (change.subjectUserId === actor.userId) {
    throw denied(actor, { ...event, detail: { ...event.detail, reason: "subject_cannot_decide" } }, "FORBIDDEN", "This change is about your own EPCS permission: another DEA registrant must decide it.");
  }
  if (!(await isDeaRegistrant(tx, clinicId, actor.userId!, today))) {
    throw denied(
      actor,
      { ...event, detail: { ...event.detail, reason: "not_dea_registrant" } },
      "FORBIDDEN",
      "Only a DEA registrant of this clinic (a verified, unexpired DEA registration) can approve or reject EPCS access changes (21 CFR 1311.125).",
    );
  }
}

async function loadPending(tx: DbOrTx, clinicId: string, id: string, lock: boolean) {
  const c = schema.epcsAccessChange;
  const q = tx.select().from(c).where(and(eq(c.id, id), eq(c.clinicId, clinicId)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new DomainError("NOT_FOUND", "This EPCS access change was not found.");
  if (row.status !== "pending") throw new DomainError("CONFLICT", `This change was already ${row.status}.`);
  return row;
}

/**
 * epcs.approveChange / rejectChange: the second person decides with a fresh TOTP code (checked before
 * the transaction so a wrong code's lockout count stands; its time step spent inside it, so a code is
 * accepted once). An approved grant re-checks its subject (credentials may have lapsed since entry).
 */
export async function decideEpcsChange(
  db: Database,
  verifyTotp: TotpStepVerifier,
  actor: Actor,
  clinicId: string,
  input: { id: string; totp: string; note?: string },
  decision: "approved" | "rejected",
  now = new Date(),
) {
  const action = decision === "approved" ? "epcs.access.approved" : "epcs.access.rejected";
  const event: AuditInput = { action, resourceType: "epcs_access_change", resourceId: input.id, detail: {} };
  const today = clinicToday(now, await clinicZone(db, clinicId));
  // Who decides is settled before the code is checked, so a refused decider spends no code.
  const first = await loadPending(db, clinicId, input.id, false);
  const detail = { subjectUserId: first.subjectUserId, change: first.action };
  event.detail = detail;
  await requireDecider(db, actor, clinicId, first, event, today);
  const step = await checkFreshTotp(verifyTotp, actor, input.totp, event);
  return db.transaction(async (tx) => {
    const change = await loadPending(tx, clinicId, input.id, true);
    await requireDecider(tx, actor, clinicId, change, event, today);
    await spendTotpStep(tx, actor, step, action, event);
    if (decision === "approved" && change.action === "grant") {
      const blockers = await grantBlockers(tx, clinicId, change.subjectUserId, today);
      if (blockers.length) throw new DomainError("RULE_FAILED", blockers[0]!, blockers);
    }
    await tx
      .update(schema.epcsAccessChange)
      .set({ status: decision, decidedByUserId: actor.userId, decidedAt: now, decisionNote: input.note ?? null })
      .where(and(eq(schema.epcsAccessChange.id, change.id), eq(schema.epcsAccessChange.clinicId, clinicId)));
    await recordAudit(tx, actor, { ...event, detail: { ...detail, method: "totp" } });
    return itemOf(tx, clinicId, change.id);
  });
}

/** epcs.withdrawChange: the enterer takes back a change nobody has decided yet. */
export async function withdrawEpcsChange(db: Database, actor: Actor, clinicId: string, id: string, now = new Date()) {
  const event: AuditInput = { action: "epcs.access.withdrawn", resourceType: "epcs_access_change", resourceId: id };
  return db.transaction(async (tx) => {
    const change = await loadPending(tx, clinicId, id, true);
    if (change.enteredByUserId !== actor.userId) {
      throw denied(actor, { ...event, detail: { reason: "not_enterer" } }, "FORBIDDEN", "Only the person who entered this change can withdraw it.");
    }
    await tx
      .update(schema.epcsAccessChange)
      .set({ status: "withdrawn", decidedByUserId: actor.userId, decidedAt: now })
      .where(and(eq(schema.epcsAccessChange.id, change.id), eq(schema.epcsAccessChange.clinicId, clinicId)));
    await recordAudit(tx, actor, { ...event, detail: { subjectUserId: change.subjectUserId, change: change.action } });
    return itemOf(tx, clinicId, change.id);
  });
}
