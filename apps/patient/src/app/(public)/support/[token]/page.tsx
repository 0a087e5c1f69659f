import type { Metadata } from "next";

import { SupportPersonView } from "./support-person-view";

export const metadata: Metadata = { title: "Support person" };

/** The support person's own page (issue 13 item 4): no account, the link's token is the key. */
export default async function SupportPersonPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SupportPersonView token={decodeURIComponent(token)} />;
}
