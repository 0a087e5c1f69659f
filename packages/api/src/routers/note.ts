import type { TRPCRouterRecord } from "@trpc/server";
import { verifyReauth } from "@clearwell/auth/reauth";
import { ZNoteAddendumOutput, ZNoteDetail, ZNoteDiscardOutput, ZNoteDraftOutput, ZNoteListOutput, ZNoteSignOutput } from "@clearwell/validators/output/note";
import { ZNoteAddendumInput, ZNoteDiscardInput, ZNoteGetInput, ZNoteListInput, ZNoteOpenInput, ZNoteSaveInput, ZNoteSignInput } from "@clearwell/validators/note";

import { staffProcedure } from "../procedures";
import { openVisitDraft, saveDraft } from "../services/note/draft-note";
import { getNote, listNotes } from "../services/note/read-note";
import { addAddendum, discardNote, signNote } from "../services/note/sign-note";

/**
 * DOMAIN.md §1 "Write draft note", "Sign note / add addendum: A (author)" and "Read clinical chart: A":
 * providers and prescribers only (admin and staff are refused by role); the services narrow to the
 * author or the patient's assigned clinicians.
 */
export const noteRouter = {
  openForVisit: staffProcedure("provider", "prescriber")
    .input(ZNoteOpenInput)
    .output(ZNoteDraftOutput)
    .mutation(({ ctx, input }) => openVisitDraft(ctx.db, ctx.actor, ctx.clinicId, input.appointmentId)),
  saveDraft: staffProcedure("provider", "prescriber")
    .input(ZNoteSaveInput)
    .output(ZNoteDraftOutput)
    .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
  sign: staffProcedure("provider", "prescriber")
    .input(ZNoteSignInput)
    .output(ZNoteSignOutput)
    .mutation(({ ctx, input }) => signNote(ctx.db, (userId, reauth) => verifyReauth(ctx.auth, userId, reauth), ctx.actor, ctx.clinicId, input)),
  discard: staffProcedure("provider", "prescriber")
    .input(ZNoteDiscardInput)
    .output(ZNoteDiscardOutput)
    .mutation(({ ctx, input }) => discardNote(ctx.db, ctx.actor, ctx.clinicId, input)),
  addAddendum: staffProcedure("provider", "prescriber")
    .input(ZNoteAddendumInput)
    .output(ZNoteAddendumOutput)
    .mutation(({ ctx, input }) => addAddendum(ctx.db, (userId, reauth) => verifyReauth(ctx.auth, userId, reauth), ctx.actor, ctx.clinicId, input)),
  list: staffProcedure("provider", "prescriber")
    .input(ZNoteListInput)
    .output(ZNoteListOutput)
    .query(({ ctx, input }) => listNotes(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  get: staffProcedure("provider", "prescriber")
    .input(ZNoteGetInput)
    .output(ZNoteDetail)
    .query(({ ctx, input }) => getNote(ctx.db, ctx.actor, ctx.clinicId, input.noteId)),
} satisfies TRPCRouterRecord;
