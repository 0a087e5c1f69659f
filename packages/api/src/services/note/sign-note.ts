import { randomUUID } from "node:crypto";

import type { Reauth } from "@clearwell/auth/reauth";
import { calendarDateIn } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";
import { ZEvaluationFindings } from "@clearwell/validators/note";
import { and, desc, eq, isNotNull } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { type ReauthVerifier, requireReauth } from "../reauth";
import { applyFollowUpPlan } from "../safety/plan";
import { assignedPatient } from "../chart/chart";
import { eligibilityRecheck } from "../decision/recheck";
import { sha256Hex, signedPayload } from "./canonical";
import { missingForSigning } from "./completeness";
import { storedFollowUp } from "./follow-up";

export type { ReauthVerifier } from "../reauth";

const n = schema.clinicalNote;

/** The author's own note in this clinic, locked for the write; anyone else's is NOT_FOUND (drafts are private). */
async function ownNoteForUpdate(tx: DbOrTx, actor: Actor, clinicId: string, noteId: string, action: string) {
  const [note] = await tx
    .select()
    .from(n)
    .where(and(eq(n.id, noteId), eq(n.clinicId, clinicId), eq(n.authorUserId, actor.userId!)))
    .for("update");
  if (!note) throw denied(actor, { action, resourceType: "clinical_note", resourceId: noteId }, "NOT_FOUND", "No such note of yours.");
  // The author must still be one of the patient's clinicians (DOMAIN.md §1 "A (author)").
  await assignedPatient(tx, actor, clinicId, note.patientId, action);
  return note;
}

/** The rule ids flagged on the patient's latest submitted intake (DOMAIN.md §3): each must be resolved. */
async function latestFlagRuleIds(tx: DbOrTx, patientId: string) {
  const [latest] = await tx
    .select({ screening: schema.intake.screening })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patientId), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.version))
    .limit(1);
  const flags = (latest?.screening as { flags?: { ruleId?: unknown }[] } | null | undefined)?.flags ?? [];
  return flags.map((f) => f.ruleId).filter((id): id is string => typeof id === "string");
}

/**
 * Signs a draft (DOMAIN.md §2 "Clinical note" draft -> signed; §1 only the author): re-authentication,
 * then in one transaction the completeness check, the attested location copied from the visit, the
 * canonical text with its SHA-256, and the audit row. The database refuses any change afterwards.
 * `now` is the clock (the demo seed signs history in the past); the audit row keeps its own time.
 */
export async function signNote(
  db: Database,
  verify: ReauthVerifier,
  actor: Actor,
  clinicId: string,
  input: { noteId: string; reauth?: Reauth | undefined; expectedVersion: Date },
  now = new Date(),
) {
  const method = await requireReauth(verify, actor, input.reauth, { action: "note.sign", resourceType: "clinical_note", resourceId: input.noteId }, "sign");
  return db.transaction(async (tx) => {
    const note = await ownNoteForUpdate(tx, actor, clinicId, input.noteId, "note.sign");
    if (note.status !== "draft" || note.kind === "addendum") throw new DomainError("INVALID_TRANSITION", "Only a draft can be signed.");
    if (note.updatedAt.getTime() !== input.expectedVersion.getTime()) {
      throw new DomainError("CONFLICT", "This draft changed since you opened it. Review the latest version before signing.");
    }
    let findings: Record<string, unknown> | null;
    if (note.kind === "evaluation") {
      const parsed: TEvaluationFindings | null = note.findings ? ZEvaluationFindings.parse(note.findings) : null;
      const missing = missingForSigning("evaluation", note.sections, parsed, await latestFlagRuleIds(tx, note.patientId));
      if (missing.length) throw new DomainError("RULE_FAILED", "This evaluation is not complete yet.", missing);
      // DOMAIN.md §2 "Visit": the location the patient attested at check-in, from the visit, never typed in.
      const visit = note.appointmentId
        ? await tx.query.visit.findFirst({ where: and(eq(schema.visit.appointmentId, note.appointmentId), eq(schema.visit.clinicId, clinicId)) })
        : undefined;
      findings = { ...(note.findings ?? {}), attestedLocation: { state: visit?.attestedState ?? null, attestedAt: visit?.attestedAt?.toISOString() ?? null } };
    } else {
      // The snapshot is signed as it stands (the clinician signs what they reviewed); from here it is frozen.
      const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId), columns: { timezone: true } });
      // DOMAIN.md §8 "A": the §3 rules re-run by the server now (never the client's copy), checked and kept with the note.
      const recheck = await eligibilityRecheck(tx, clinicId, note.patientId, now);
      const missing = missingForSigning("follow_up", note.sections as TNoteSections, storedFollowUp(note.findings), calendarDateIn(clinic!.timezone, now), recheck);
      if (missing.length) throw new DomainError("RULE_FAILED", "This note is not complete yet.", missing);
      findings = { ...(note.findings ?? {}), eligibilityRecheck: recheck };
    }
    const signedAt = now;
    const signedContent = signedPayload({ ...note, findings }, { userId: actor.userId!, signedAt }, null);
    const contentSha256 = sha256Hex(signedContent);
    const [signed] = await tx
      .update(n)
      .set({ status: "signed", findings, signedAt, signedByUserId: actor.userId!, signedContent, contentSha256, updatedAt: signedAt })
      .where(eq(n.id, note.id))
      .returning({ id: n.id, status: n.status, signedAt: n.signedAt, contentSha256: n.contentSha256 });
    await recordAudit(tx, actor, { action: "note.sign", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId, detail: { kind: note.kind, sha256: contentSha256, reauth: method } });
    // DOMAIN.md §8 "P": the signed plan drives the regimen in the same transaction.
    const plan = note.kind === "follow_up" ? storedFollowUp(findings)?.plan : null;
    if (plan) await applyFollowUpPlan(tx, actor, note, plan, now);
    return { id: signed!.id, status: signed!.status, signedAt: signed!.signedAt!, contentSha256: signed!.contentSha256! };
  });
}

/** Discards the author's draft (DOMAIN.md §2 draft -> discarded, audited). The row is kept; nothing deletes a note. */
export async function discardNote(db: Database, actor: Actor, clinicId: string, input: { noteId: string; expectedVersion: Date }) {
  return db.transaction(async (tx) => {
    const note = await ownNoteForUpdate(tx, actor, clinicId, input.noteId, "note.discard");
    if (note.status !== "draft") throw new DomainError("INVALID_TRANSITION", "Only a draft can be discarded.");
    if (note.updatedAt.getTime() !== input.expectedVersion.getTime()) {
      throw new DomainError("CONFLICT", "This draft changed since you opened it. Reload it before discarding.");
    }
    const discardedAt = new Date();
    const [row] = await tx
      .update(n)
      .set({ status: "discarded", discardedAt, updatedAt: discardedAt })
      .where(eq(n.id, note.id))
      .returning({ id: n.id, status: n.status, discardedAt: n.discardedAt });
    await recordAudit(tx, actor, { action: "note.discard", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId, detail: { kind: note.kind } });
    return { id: row!.id, status: row!.status, discardedAt: row!.discardedAt! };
  });
}

/**
 * Adds a signed addendum to a signed note (DOMAIN.md §2 "addenda are separate signed records pointing
 * at the parent"; §1 "Sign note / add addendum: A (author)"). Signed at creation with the same
 * re-authentication; its signature covers the parent's hash, and the database keeps it immutable.
 */
export async function addAddendum(db: Database, verify: ReauthVerifier, actor: Actor, clinicId: string, input: { parentNoteId: string; text: string; reauth?: Reauth | undefined }) {
  const method = await requireReauth(verify, actor, input.reauth, { action: "note.addendum", resourceType: "clinical_note", resourceId: input.parentNoteId }, "sign");
  return db.transaction(async (tx) => {
    // FOR SHARE: the parent stays as it is (signed) until the addendum commits.
    const [parent] = await tx
      .select()
      .from(n)
      .where(and(eq(n.id, input.parentNoteId), eq(n.clinicId, clinicId), eq(n.authorUserId, actor.userId!)))
      .for("share");
    if (!parent) {
      throw denied(actor, { action: "note.addendum", resourceType: "clinical_note", resourceId: input.parentNoteId }, "NOT_FOUND", "No such note of yours.");
    }
    await assignedPatient(tx, actor, clinicId, parent.patientId, "note.addendum");
    if (parent.status !== "signed" || parent.kind === "addendum") throw new DomainError("INVALID_TRANSITION", "An addendum is added to a signed note.");
    const signedAt = new Date();
    const row = {
      id: randomUUID(),
      clinicId,
      patientId: parent.patientId,
      appointmentId: null,
      kind: "addendum" as const,
      authorUserId: actor.userId!,
      sections: { subjective: "", objective: "", assessment: "", plan: "" },
      findings: null,
      body: input.text,
      parentNoteId: parent.id,
    };
    const signedContent = signedPayload(row, { userId: actor.userId!, signedAt }, parent.contentSha256);
    const contentSha256 = sha256Hex(signedContent);
    await tx.insert(n).values({ ...row, status: "signed", signedAt, signedByUserId: actor.userId!, signedContent, contentSha256, createdAt: signedAt, updatedAt: signedAt });
    await recordAudit(tx, actor, {
      action: "note.addendum",
      resourceType: "clinical_note",
      resourceId: row.id,
      patientId: parent.patientId,
      detail: { parentNoteId: parent.id, sha256: contentSha256, reauth: method },
    });
    return { id: row.id, parentNoteId: parent.id, signedAt, contentSha256 };
  });
}
