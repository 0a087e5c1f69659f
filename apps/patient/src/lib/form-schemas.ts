import { z } from "zod";

// Schema helpers for forms, apart from form-values.ts so that zod stays out of pages that only need its hooks.

/** A number typed as text: blank means "not answered" (undefined), so the schema asks for it by name. */
export function numberFromText<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v), schema);
}

/** A datetime-local input's text as a Date in the browser's zone; blank or unreadable is unanswered. */
export function dateFromLocalInput<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const d = v ? new Date(v) : null;
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  }, schema);
}
