import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { SupportView } from "./support-view";

export const metadata: Metadata = { title: "Support person" };

export default async function SupportPage() {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  return <SupportView />;
}
