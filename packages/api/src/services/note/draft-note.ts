import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";

type Sections = { subjective: string; objective: string; assessment: string; plan: string };
const EMPTY: Sections = { subjective: "", objective: "", assessment: "", plan: "" };

const view = (n: typeof schema.clinicalNote.$inferSelect) => ({ id: n.id, status: n.status, sections: n.sections, updatedAt: n.updatedAt, appointmentId: n.appointmentId });

/**
 * The provider's draft note for one of their own visits (DOMAIN.md §1 "Write draft note: A"),
 * created the first time it is opened. Signing comes with the note workflow; a draft is private
 * to its author until then.
 */
export async function openVisitDraft(db: Database, actor: Actor, clinicId: string, appointmentId: string) {
  return db.transaction(async (tx) => {
    const a = schema.appointment;
    const [appointment] = await tx
      .select({ id: a.id, patientId: a.patientId })
      .from(a)
      .where(and(eq(a.id, appointmentId), eq(a.clinicId, clinicId), eq(a.providerUserId, actor.userId!)));
    if (!appointment) {
      throw denied(actor, { action: "note.open", resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit on your schedule.");
    }
    const n = schema.clinicalNote;
    const [created] = await tx
      .insert(n)
      .values({ clinicId, patientId: appointment.patientId, appointmentId, authorUserId: actor.userId!, sections: EMPTY })
      .onConflictDoNothing()
      .returning();
    const note = created ?? (await tx.query.clinicalNote.findFirst({ where: and(eq(n.appointmentId, appointmentId), eq(n.authorUserId, actor.userId!), eq(n.status, "draft")) }));
    if (!note) throw new DomainError("CONFLICT", "The draft could not be opened. Please try again.");
    await recordAudit(tx, actor, { action: created ? "note.create" : "note.read", resourceType: "clinical_note", resourceId: note.id, patientId: appointment.patientId });
    return view(note);
  });
}

/** Saves a draft by its author. A save based on an older version is refused, never silently merged. */
export async function saveDraft(db: Database, actor: Actor, clinicId: string, input: { noteId: string; sections: Sections; baseUpdatedAt: Date }) {
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
    const [saved] = await tx.update(n).set({ sections: input.sections, updatedAt: new Date() }).where(eq(n.id, note.id)).returning();
    // Lengths only: the audit trail records that the note changed, not what it says.
    const lengths = Object.fromEntries(Object.entries(input.sections).map(([k, v]) => [k, v.length]));
    await recordAudit(tx, actor, { action: "note.save", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId, detail: { lengths } });
    return view(saved!);
  });
}
