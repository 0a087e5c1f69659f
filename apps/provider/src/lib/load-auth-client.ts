import type * as AuthClientModule from "./auth-client";

// better-auth's client (~13 kB gzipped) is only needed when a form is sent: it loads after the page
// has hydrated (preloadAuthClient on mount) instead of with it. A failed load is retried next time.
let pending: Promise<typeof AuthClientModule> | null = null;

/** ./auth-client: the client and its error wording (signInErrorMessage). */
export function loadAuth() {
  return (pending ??= import("./auth-client").catch((error: unknown) => {
    pending = null;
    throw error;
  }));
}

export async function loadAuthClient() {
  return (await loadAuth()).authClient;
}

export function preloadAuthClient() {
  loadAuth().catch(() => undefined);
}
