import type { Metadata } from "next";

import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Accept your invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InviteForm token={decodeURIComponent(token)} />;
}
