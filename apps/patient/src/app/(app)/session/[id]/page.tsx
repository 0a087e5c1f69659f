import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { SessionFlow } from "./session-flow";

export const metadata: Metadata = { title: "Your session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  const { id } = await params;
  return <SessionFlow sessionId={decodeURIComponent(id)} />;
}
