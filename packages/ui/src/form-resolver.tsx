import { toNestErrors, validateFieldsNatively } from "@hookform/resolvers";
import type { FieldError, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

import type { Issue } from "@clearwell/validators/messages";
import { labelFor, plainMessage } from "@clearwell/validators/messages";

// Apart from form.tsx so the message mapping loads with the schema, not with the page (form.tsx).
type AnySchema = z.ZodType<FieldValues, FieldValues>;

/** The resolver: the schema's issues, each mapped to a plain sentence naming its field. */
export function zodFormResolver<S extends AnySchema>(schema: S, labelsOf: () => Readonly<Record<string, string>>): Resolver<z.input<S>, unknown, z.output<S>> {
  return async (values, _context, options) => {
    // reportInput lets the message say how long the text was; it stays in this function.
    const result = await schema.safeParseAsync(values, { reportInput: true });
    if (result.success) {
      if (options.shouldUseNativeValidation) validateFieldsNatively({}, options);
      return { values: result.data, errors: {} };
    }
    const labels = labelsOf();
    const flat: Record<string, FieldError> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join(".") || "root";
      flat[key] ??= { type: issue.code, message: plainMessage(issue as Issue, labelFor(labels, key)) };
    }
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}
