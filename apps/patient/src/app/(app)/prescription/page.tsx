import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { PrescriptionView } from "./prescription-view";

export const metadata: Metadata = { title: "Your prescription" };

export default async function PrescriptionPage() {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  return <PrescriptionView />;
}
