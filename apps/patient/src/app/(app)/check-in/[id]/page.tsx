import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { CheckInFlow } from "./check-in-flow";

export const metadata: Metadata = { title: "Check-in" };

export default async function CheckInPage({ params }: { params: Promise<{ id: string }> }) {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  const { id } = await params;
  return <CheckInFlow checkInId={decodeURIComponent(id)} />;
}
