import { ZEmail } from "@clearwell/validators/common";
import { z } from "zod";

// The public forms' schemas, apart from the forms so zod loads after the page (useZodForm's SchemaSource).

// Only "is it there": the server says whether the pair is right, without saying which is wrong.
export const ZSignIn = z.object({ email: z.string().trim().min(1, "Enter your email address."), password: z.string().min(1, "Enter your password.") });

const SIX_DIGITS = "Enter the 6-digit code from your authenticator app.";
// Spaces are allowed while typing ("123 456"); the code sent is the six digits.
export const ZTotpCode = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, SIX_DIGITS)),
});

export const ZForgot = z.object({ email: ZEmail });

// Only "is it there": the password's own rules were checked when it was chosen.
export const ZConfirmEnrolment = z.object({ password: z.string().min(1, "Enter the password you chose when you signed up.") });
