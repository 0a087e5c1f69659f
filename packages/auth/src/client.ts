import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Browser client; each app serves better-auth under its own /api/auth. */
export function createClearwellAuthClient(onTwoFactorRedirect?: () => void) {
  return createAuthClient({
    basePath: "/api/auth",
    plugins: [twoFactorClient({ onTwoFactorRedirect })],
  });
}

/** Server messages carry UTC instants (e.g. when a lockout ends); show them in the reader's own clock. */
export function localiseIsoTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g, (iso) => {
    const when = new Date(iso);
    return Number.isNaN(when.getTime()) ? iso : when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  });
}
