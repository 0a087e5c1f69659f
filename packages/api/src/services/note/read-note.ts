import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Actor } from "../../actor";
import { denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { followUpSummary, followUpView } from "./follow-up";

const n = schema.clinicalNote;
const author = alias(schema.user, "note_author");
const signer = alias(schema.user, "note_signer");

const columns = {
  id: n.id,
  patientId: n.patientId,
  appointmentId: n.appointmentId,
  kind: n.kind,
  status: n.status,
  authorUserId: n.authorUserId,
  authorName: author.name,
  signedByUserId: n.signedByUserId,
  signerName: signer.name,
  signedAt: n.signedAt,
  contentSha256: n.contentSha256,
  discardedAt: n.discardedAt,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
  parentNoteId: n.parentNoteId,
  body: n.body,
  findings: n.findings,
};

/** Signed notes and addenda of the patient, plus the caller's own drafts and discarded drafts (a draft is private to its author). */
function visibleNotes(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, onlyIds?: string[]) {
  return tx
    .select(columns)
    .from(n)
    .innerJoin(author, eq(author.id, n.authorUserId))
    .leftJoin(signer, eq(signer.id, n.signedByUserId))
    .where(
      and(
        eq(n.clinicId, clinicId),
        eq(n.patientId, patientId),
        or(eq(n.status, "signed"), eq(n.authorUserId, actor.userId!)),
        onlyIds ? or(inArray(n.id, onlyIds), inArray(n.parentNoteId, onlyIds)) : undefined,
      ),
    )
    .orderBy(asc(n.createdAt), asc(n.id));
}

type Row = Awaited<ReturnType<typeof visibleNotes>>[number];

const person = (userId: string | null, name: string | null) => (userId ? { userId, name: name ?? "" } : null);

/** Builds each top-level note with its addenda chain, oldest addendum first (DOMAIN.md §2 "addended*"). */
function withAddenda(rows: Row[]) {
  const addenda = new Map<string, Row[]>();
  for (const r of rows) if (r.parentNoteId) addenda.set(r.parentNoteId, [...(addenda.get(r.parentNoteId) ?? []), r]);
  return rows.filter((r) => !r.parentNoteId).map((r) => summaryOf(r, addenda.get(r.id) ?? []));
}

function summaryOf(r: Row, chain: Row[]) {
  return {
    id: r.id,
    patientId: r.patientId,
    appointmentId: r.appointmentId,
    kind: r.kind,
    status: r.status,
    author: { userId: r.authorUserId, name: r.authorName },
    signer: person(r.signedByUserId, r.signerName),
    signedAt: r.signedAt,
    contentSha256: r.contentSha256,
    discardedAt: r.discardedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    addenda: [...chain]
      .sort((a, b) => a.signedAt!.getTime() - b.signedAt!.getTime() || a.id.localeCompare(b.id))
      .map((a) => ({
        id: a.id,
        author: { userId: a.authorUserId, name: a.authorName },
        signer: person(a.signedByUserId, a.signerName)!,
        signedAt: a.signedAt!,
        contentSha256: a.contentSha256!,
        text: a.body ?? "",
      })),
    // DOMAIN.md §8: a follow-up note's plan and interval snapshot (signed: as frozen at signing).
    followUp: followUpSummary(r.kind, r.findings),
  };
}

/**
 * The patient's notes for the chart (DOMAIN.md §1 "Read clinical chart: A"): each with author, status,
 * signer, time, hash and addenda chain, in a fixed number of queries whatever the number of notes.
 */
export async function listNotes(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "note.list");
    const rows = await visibleNotes(tx, actor, clinicId, patientId);
    const notes = withAddenda(rows);
    await recordAudit(tx, actor, { action: "note.list", resourceType: "patient", resourceId: patientId, patientId, detail: { count: notes.length } });
    return { notes };
  });
}

/** One note in full, with the exact signed text whose SHA-256 the chart shows. Someone else's draft is NOT_FOUND. */
export async function getNote(db: Database, actor: Actor, clinicId: string, noteId: string) {
  return db.transaction(async (tx) => {
    const note = await tx.query.clinicalNote.findFirst({ where: and(eq(n.id, noteId), eq(n.clinicId, clinicId)) });
    const refuse = () => denied(actor, { action: "note.read", resourceType: "clinical_note", resourceId: noteId }, "NOT_FOUND", "No such note among your patients'.");
    if (!note) throw refuse();
    if (note.status !== "signed" && note.authorUserId !== actor.userId) throw refuse();
    await assignedPatient(tx, actor, clinicId, note.patientId, "note.read");
    // The note and its addenda (an addendum has none of its own).
    const rows = await visibleNotes(tx, actor, clinicId, note.patientId, [note.id]);
    const self = rows.find((r) => r.id === note.id)!;
    const summary = summaryOf(self, rows.filter((r) => r.parentNoteId === note.id));
    await recordAudit(tx, actor, { action: "note.read", resourceType: "clinical_note", resourceId: note.id, patientId: note.patientId });
    return {
      ...summary,
      sections: note.sections,
      findings: note.kind === "evaluation" ? note.findings : null,
      followUp: followUpView(note.kind, note.findings),
      signedContent: note.signedContent,
    };
  });
}
