import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Browser client; each app serves better-auth under its own /api/auth. */
export function createClearwellAuthClient(onTwoFactorRedirect?: () => void) {
  return createAuthClient({
    basePath: "/api/auth",
    plugins: [twoFactorClient({ onTwoFactorRedirect })],
  });
}
