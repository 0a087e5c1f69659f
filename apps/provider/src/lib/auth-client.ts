"use client";

import { createClearwellAuthClient, localiseIsoTimes } from "@clearwell/auth/client";

/** better-auth browser client for this app's /api/auth. 2FA redirects are handled by the sign-in form. */
export const authClient = createClearwellAuthClient();

export interface AuthErrorLike {
  status?: number;
  code?: string;
  message?: string;
}

/** Maps better-auth sign-in failures to what a person can act on. */
export function signInErrorMessage(error: AuthErrorLike): { title: string; body?: string; kind: "credentials" | "locked" | "wrong-app" | "rate" | "other" } {
  if (error.status === 429) {
    return { kind: "rate", title: "Too many attempts", body: "Please wait a minute before trying again." };
  }
  if (error.code === "ACCOUNT_LOCKED") {
    return { kind: "locked", title: "Account temporarily locked", body: localiseIsoTimes(error.message ?? "") };
  }
  if (error.code === "WRONG_APP") {
    return { kind: "wrong-app", title: "Patient accounts can't sign in here", body: error.message };
  }
  if (error.status === 401) {
    return { kind: "credentials", title: "Email or password is incorrect", body: "Check both and try again. Repeated failures lock the account for a while." };
  }
  return { kind: "other", title: "We couldn't sign you in", body: error.message || "Please try again." };
}
