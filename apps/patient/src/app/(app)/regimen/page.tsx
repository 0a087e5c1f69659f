import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { RegimenView } from "./regimen-view";

export const metadata: Metadata = { title: "My treatment" };

export default async function RegimenPage() {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  return <RegimenView />;
}
