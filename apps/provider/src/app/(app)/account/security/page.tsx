import type { Metadata } from "next";

import { Alert } from "@clearwell/ui/alert";
import { PageHeader } from "@clearwell/ui/page-header";
import { requireSession } from "~/server/session";
import { ChangePasswordCard } from "./change-password-card";
import { TwoFactorCard } from "./two-factor-card";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const session = await requireSession({ mfaSetup: true });
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title="Security" description={`Sign-in protection for ${session.user.email}.`} className="mb-0" />
      {!session.user.twoFactorEnabled && (
        <Alert variant="warning" title="Set up two-step sign-in to continue">
          Clinic staff sign in with a password and a code from an authenticator app. Until you set it up below, patients, schedules and
          clinic settings stay closed to your account.
        </Alert>
      )}
      <TwoFactorCard />
      <ChangePasswordCard />
    </div>
  );
}
