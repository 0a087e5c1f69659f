import { ZPassword } from "@clearwell/validators/common";
import { z } from "zod";

export const PASSWORDS_DIFFER = "The passwords don't match. Type the same password twice.";

/** A new password typed twice; the second box is compared as soon as it has something in it. */
export const ZNewPasswordForm = z
  .object({ password: ZPassword, confirm: z.string().min(1, "Enter the password again.") })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: PASSWORDS_DIFFER,
    when: (p) => {
      const v = p.value as { password?: unknown; confirm?: unknown };
      return typeof v.password === "string" && typeof v.confirm === "string" && v.confirm !== "";
    },
  });

/** An existing account's password: only "is it there" (its rules were checked when it was set). */
export const ZExistingPasswordForm = z.object({ password: z.string().min(1, "Enter your Clearwell password."), confirm: z.string().optional() });
