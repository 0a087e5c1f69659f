import { ZEnrolmentSignUpInput } from "@clearwell/validators/account";
import { z } from "zod";

// The sign-up's own schema (less the link's code), plus the password typed twice.
// Apart from the form so zod loads after the page (useZodForm's SchemaSource).
export const ZEnrolForm = ZEnrolmentSignUpInput.omit({ code: true })
  .extend({ confirmPassword: z.string().min(1, "Enter the password again.") })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords don't match. Type the same password twice.",
    // Checked as soon as both are typed, whatever else is missing.
    when: (p) => {
      const v = p.value as { password?: unknown; confirmPassword?: unknown };
      return typeof v.password === "string" && typeof v.confirmPassword === "string" && v.confirmPassword !== "";
    },
  });
