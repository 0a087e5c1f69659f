import type { Metadata } from "next";

import { PageHeader } from "@clearwell/ui/page-header";
import { requireSession } from "~/server/session";
import { ChangePasswordCard } from "./change-password-card";
import { TwoFactorCard } from "./two-factor-card";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const session = await requireSession();
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title="Security" description={`Sign-in protection for ${session.user.email}.`} className="mb-0" />
      <TwoFactorCard />
      <ChangePasswordCard />
    </div>
  );
}
