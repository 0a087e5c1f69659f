import { calendarDateIn } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEvaluationFindings, TFollowUpFindings, TNoteSections } from "@clearwell/validators/note";
import type { TFollowUpSnapshot } from "@clearwell/validators/output/note";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assertPlanValid, followUpView } from "./follow-up";
import { buildIntervalSnapshot, sameSnapshotData } from "./interval-snapshot";

const EMPTY: TNoteSections = { subjective: "", objective: "", assessment: "", plan: "" };

const view = (n: typeof schema.clinicalNote.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  status: n.status,
  sections: n.sections,
  // An evaluation's findings; a follow-up note's structured parts are in `followUp`.
  findings: n.kind === "evaluation" ? n.findings : null,
  followUp: followUpView(n.kind, n.findings),
  updatedAt: n.updatedAt,
  appointmentId: n.appointmentId,
});

/**
 * The provider's draft note for one of their own visits (DOMAIN.md §1 "Write draft note: A"),
 * created the first time it is opened: an evaluation note for an evaluation visit, a follow-up
 * note otherwise. A draft is private to its author until it is signed (sign-note.ts).
 */
export async function openVisitDraft(db: Database, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = schema.appointment;
    const [appointment] = await tx
      .select({ id: a.id, patientId: a.patientId, kind: a.kind })
      .from(a)
      .where(and(eq(a.id, appointmentId), eq(a.clinicId, clinicId), eq(a.providerUserId, actor.userId!)));
    if (!appointment) {
      throw denied(actor, { action: "note.open", resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit on your schedule.");
    }
    const n = schema.clinicalNote;
    const [created] = await tx
      .insert(n)
      .values({ clinicId, patientId: appointment.patientId, appointmentId, authorUserId: actor.userId!, kind: appointment.kind, sections: EMPTY, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    // Locked: two tabs reopening at once refresh the snapshot one after the other.
    let note =
      created ??
      (await tx
        .select()
        .from(n)
        .where(and(eq(n.appointmentId, appointmentId), eq(n.authorUserId, actor.userId!), eq(n.status, "draft")))
        .for("update")
        .then((rows) => rows[0]));
    if (!note) throw new DomainError("CONFLICT", "The draft could not be opened. Please try again.");
    let snapshot: "built" | "unchanged" | undefined;
    if (note.kind === "follow_up") {
      // DOMAIN.md §8 interval data: rebuilt each time the draft is opened, until it is signed (then frozen).
      const fresh = await buildIntervalSnapshot(tx, { clinicId, patientId: appointment.patientId, appointmentId }, now);
      if (sameSnapshotData(note.findings?.snapshot as TFollowUpSnapshot | undefined, fresh)) snapshot = "unchanged";
      else {
        snapshot = "built";
        [note] = await tx
          .update(n)
          .set({ findings: { ...(note.findings ?? {}), snapshot: fresh }, updatedAt: now })
          .where(eq(n.id, note.id))
          .returning();
      }
    }
    await recordAudit(tx, actor, {
      action: created ? "note.create" : "note.read",
      resourceType: "clinical_note",
      resourceId: note!.id,
      patientId: appointment.patientId,
      ...(snapshot ? { detail: { snapshot } } : {}),
    });
    return view(note!);
  });
}

/**
 * Saves a draft by its author. A save based on an older version is refused, never silently merged.
 * Without `findings` (a SOAP-only editor) the stored findings stay as they are. `now` is the clock
 * (the demo seed writes history in the past).
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { noteId: string; sections: TNoteSections; findings?: TEvaluationFindings | undefined; followUp?: TFollowUpFindings | undefined; baseUpdatedAt: Date },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const n = schema.clinicalNote;
    const [note] = await tx
      .select()
      .from(n)
      .where(and(eq(n.id, input.noteId), eq(n.clinicId, clinicId), eq(n.authorUserId, actor.userId!)))
      .for("update");
    if (!note) {
      throw denied(actor, { action: "note.save", resourceType: "clinical_note", resourceId: input.noteId }, "NOT_FOUND", "No such draft of yours.");
    }
    if (note.status !== "draft") throw new DomainError("INVALID_TRANSITION", "This note is no longer a draft.");
    if (note.updatedAt.getTime() !== input.baseUpdatedAt.getTime()) {
      throw new DomainError("CONFLICT", "This draft was changed in another window. Reload it before saving.");
    }
    if (input.findings && note.kind !== "evaluation") throw new DomainError("BAD_INPUT", "Only an evaluation note has structured findings.");
    if (input.followUp && note.kind !== "follow_up") throw new DomainError("BAD_INPUT", "Only a follow-up note has a follow-up plan.");
    let findings: Record<string, unknown> | undefined = input.findings;
    if (input.followUp) {
      const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId), columns: { timezone: true } });
      assertPlanValid(input.followUp, calendarDateIn(clinic!.timezone, now));
      // Only the clinician's parts are taken from the client; the snapshot stays the server's (DOMAIN.md §8 read-only).
      const { subjective, objective, assessment, plan } = input.followUp;
      findings = { subjective, objective, assessment, plan, snapshot: note.findings?.snapshot ?? null };
    }
    const [saved] = await tx
      .update(n)
      .set({ sections: input.sections, ...(findings ? { findings } : {}), updatedAt: now })
      .where(eq(n.id, note.id))
      .returning();
    // Lengths and which parts changed only: the audit trail records that the note changed, not what it says.
    const lengths = Object.fromEntries(Object.entries(input.sections).map(([k, v]) => [k, v.length]));
    const sent = input.findings ?? input.followUp;
    const findingsParts = sent
      ? Object.entries(sent)
          .filter(([, v]) => v !== undefined)
          .map(([k]) => k)
          .sort()
      : undefined;
    await recordAudit(tx, actor, { action: "note.save", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId, detail: { lengths, ...(findingsParts ? { findingsParts } : {}) } });
    return view(saved!);
  });
}
