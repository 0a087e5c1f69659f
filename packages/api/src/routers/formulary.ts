import type { TRPCRouterRecord } from "@trpc/server";
import { ZFormularyItem, ZFormularyListOutput } from "@clearwell/validators/output/prescribing-admin";
import { ZFormularyListInput, ZFormularySaveInput, ZFormularySetEnabledInput } from "@clearwell/validators/prescribing-admin";

import { staffProcedure } from "../procedures";
import { formularyProblems, listFormulary, saveFormularyEntry, setFormularyEnabled } from "../services/prescribing-admin/formulary";

/**
 * The clinic formulary (DOMAIN.md §4.1-4.2, issue 12 §1). Clinicians read what is offered; admins also
 * see disabled entries and edit. packages/clinical validateFormularyEntry's problems come back beside
 * the field they are about (zod field errors), like any other form error.
 */
const ZSave = ZFormularySaveInput.superRefine((v, ctx) => {
  for (const p of formularyProblems(v)) ctx.addIssue({ code: "custom", path: p.field.split("."), message: p.message });
});

export const formularyRouter = {
  list: staffProcedure("admin", "provider", "prescriber")
    .input(ZFormularyListInput)
    .output(ZFormularyListOutput)
    .query(({ ctx, input }) => listFormulary(ctx.db, ctx.clinicId, !!input?.includeDisabled && ctx.roles.includes("admin"))),
  save: staffProcedure("admin")
    .input(ZSave)
    .output(ZFormularyItem)
    .mutation(({ ctx, input }) => saveFormularyEntry(ctx.db, ctx.actor, ctx.clinicId, input)),
  setEnabled: staffProcedure("admin")
    .input(ZFormularySetEnabledInput)
    .output(ZFormularyItem)
    .mutation(({ ctx, input }) => setFormularyEnabled(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
