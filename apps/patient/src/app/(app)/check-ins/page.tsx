import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { CheckInsView } from "./check-ins-view";

export const metadata: Metadata = { title: "Check-ins" };

export default async function CheckInsPage() {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  return <CheckInsView />;
}
