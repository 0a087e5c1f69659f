import { validateFormularyEntry } from "@clearwell/clinical/prescribing/formulary";
import { ZFormularyEntryFields } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { entryOf } from "./entry-form";

/**
 * The formulary entry form's schema: the server's field schema plus packages/clinical
 * validateFormularyEntry (DOMAIN.md §4.1-4.2) beside each field, so a mistake shows before anything
 * is sent. The server runs the same checks again.
 */
export const ZEntryForm = ZFormularyEntryFields.superRefine((v, ctx) => {
  for (const p of validateFormularyEntry(entryOf(v))) ctx.addIssue({ code: "custom", path: p.field.split("."), message: p.message });
  // The database requires a step above 0 (formularyProblems on the server says the same).
  if (v.bounds.maxTitrationStepMg === 0) ctx.addIssue({ code: "custom", path: ["bounds", "maxTitrationStepMg"], message: "Maximum titration step must be above 0 mg." });
});

export type EntryFormInput = z.input<typeof ZEntryForm>;
export type EntryFormOutput = z.output<typeof ZEntryForm>;
