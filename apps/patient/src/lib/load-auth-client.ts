import type * as AuthClientModule from "./auth-client";

// better-auth's client (~13 kB gzipped) is only needed when a form is sent: it loads after the page
// has hydrated (preloadAuthClient on mount) instead of with it. A failed load is retried next time.
let pending: Promise<typeof AuthClientModule> | null = null;

export async function loadAuthClient() {
  pending ??= import("./auth-client").catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return (await pending).authClient;
}

export function preloadAuthClient() {
  loadAuthClient().catch(() => undefined);
}
