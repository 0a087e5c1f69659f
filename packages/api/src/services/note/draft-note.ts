import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";

const EMPTY: TNoteSections = { subjective: "", objective: "", assessment: "", plan: "" };

const view = (n: typeof schema.clinicalNote.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  status: n.status,
  sections: n.sections,
  findings: n.findings,
  updatedAt: n.updatedAt,
  appointmentId: n.appointmentId,
});

/**
 * The provider's draft note for one of their own visits (DOMAIN.md §1 "Write draft note: A"),
 * created the first time it is opened: an evaluation note for an evaluation visit, a follow-up
 * note otherwise. A draft is private to its author until it is signed (sign-note.ts).
 */
export async function openVisitDraft(db: Database, actor: Actor, clinicId: string, appointmentId: string) {
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
      .values({ clinicId, patientId: appointment.patientId, appointmentId, authorUserId: actor.userId!, kind: appointment.kind, sections: EMPTY })
      .onConflictDoNothing()
      .returning();
    const note = created ?? (await tx.query.clinicalNote.findFirst({ where: and(eq(n.appointmentId, appointmentId), eq(n.authorUserId, actor.userId!), eq(n.status, "draft")) }));
    if (!note) throw new DomainError("CONFLICT", "The draft could not be opened. Please try again.");
    await recordAudit(tx, actor, { action: created ? "note.create" : "note.read", resourceType: "clinical_note", resourceId: note.id, patientId: appointment.patientId });
    return view(note);
  });
}

/**
 * Saves a draft by its author. A save based on an older version is refused, never silently merged.
 * Without `findings` (a SOAP-only editor) the stored findings stay as they are.
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { noteId: string; sections: TNoteSections; findings?: TEvaluationFindings | undefined; baseUpdatedAt: Date },
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
    const [saved] = await tx
      .update(n)
      .set({ sections: input.sections, ...(input.findings ? { findings: input.findings } : {}), updatedAt: new Date() })
      .where(eq(n.id, note.id))
      .returning();
    // Lengths and which parts changed only: the audit trail records that the note changed, not what it says.
    const lengths = Object.fromEntries(Object.entries(input.sections).map(([k, v]) => [k, v.length]));
    const findingsParts = input.findings ? Object.keys(input.findings).sort() : undefined;
    await recordAudit(tx, actor, { action: "note.save", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId, detail: { lengths, ...(findingsParts ? { findingsParts } : {}) } });
    return view(saved!);
  });
}
