import type { ReactNode } from "react";

import { AppShell } from "~/components/shell/app-shell";
import { idleTimeoutSeconds, requireSession } from "~/server/session";

/** Everything behind sign-in. Pages repeat the check (layouts are not re-run on every navigation). */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  // The setup page lives under this layout: each page enforces the second factor itself.
  const session = await requireSession({ mfaSetup: true });
  return (
    <AppShell
      user={{ id: session.user.id, name: session.user.name, email: session.user.email }}
      idleTimeoutSeconds={idleTimeoutSeconds()}
    >
      {children}
    </AppShell>
  );
}
