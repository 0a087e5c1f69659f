/** Shape of better-auth client errors ({ status, code, message }). */
export interface AuthClientError {
  status?: number;
  code?: string;
  message?: string;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/;

/** The lockout message carries an ISO instant; show it as a local time instead. */
function localiseInstant(message: string): string {
  return message.replace(ISO_INSTANT, (iso) => {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return iso;
    return when.toLocaleString(undefined, { hour: "numeric", minute: "2-digit", weekday: "short" });
  });
}

/** Plain-language text for a failed sign-in; never says whether the email exists. */
export function signInErrorMessage(error: AuthClientError): string {
  if (error.status === 429) return "Too many sign-in attempts. Please wait a minute, then try again.";
  if (error.code === "ACCOUNT_LOCKED") {
    return localiseInstant(error.message ?? "Too many failed sign-in attempts. Try again later or reset your password.");
  }
  if (error.code === "WRONG_APP") {
    return error.message ?? "This is the patient app. Clinic staff sign in to the provider portal.";
  }
  if (error.status === 401) return "That email and password don't match. Check them and try again.";
  if (error.status === 403 && error.message) return error.message;
  return "We couldn't sign you in right now. Please try again.";
}
