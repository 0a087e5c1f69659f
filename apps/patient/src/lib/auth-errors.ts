import { localiseIsoTimes } from "@clearwell/auth/client";

/** Shape of better-auth client errors ({ status, code, message }). */
export interface AuthClientError {
  status?: number;
  code?: string;
  message?: string;
}

/** Plain-language text for a failed sign-in; never says whether the email exists. */
export function signInErrorMessage(error: AuthClientError): string {
  if (error.status === 429) return "Too many sign-in attempts. Please wait a minute, then try again.";
  if (error.code === "ACCOUNT_LOCKED") {
    return localiseIsoTimes(error.message ?? "Too many failed sign-in attempts. Try again later or reset your password.");
  }
  if (error.code === "WRONG_APP") {
    return error.message ?? "This is the patient app. Clinic staff sign in to the provider portal.";
  }
  if (error.status === 401) return "That email and password don't match. Check them and try again.";
  if (error.status === 403 && error.message) return error.message;
  return "We couldn't sign you in right now. Please try again.";
}
