import type { TRPCRouterRecord } from "@trpc/server";
import { ZNoteDraftOutput } from "@clearwell/validators/output/clinical";
import { ZNoteOpenInput, ZNoteSaveInput } from "@clearwell/validators/note";

import { staffProcedure } from "../procedures";
import { openVisitDraft, saveDraft } from "../services/note/draft-note";

/** DOMAIN.md §1 "Write draft note: provider/prescriber, assigned (their own visit)". */
export const noteRouter = {
  openForVisit: staffProcedure("provider", "prescriber")
    .input(ZNoteOpenInput)
    .output(ZNoteDraftOutput)
    .mutation(({ ctx, input }) => openVisitDraft(ctx.db, ctx.actor, ctx.clinicId, input.appointmentId)),
  saveDraft: staffProcedure("provider", "prescriber")
    .input(ZNoteSaveInput)
    .output(ZNoteDraftOutput)
    .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
