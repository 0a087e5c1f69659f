import { AppShell } from "~/components/app-shell";
import { serverParts } from "~/server/parts";
import { requireSession } from "~/server/session";

import { PatientNav } from "./patient-nav";

// Per-user pages: never prerendered or cached.
export const dynamic = "force-dynamic";

/** Signed-in area: a session is required before anything renders. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  return (
    <AppShell
      userName={session.user.name}
      userEmail={session.user.email}
      idleTimeoutSeconds={serverParts().auth.clearwell.idleTimeoutSeconds}
      nav={<PatientNav />}
    >
      {children}
    </AppShell>
  );
}
