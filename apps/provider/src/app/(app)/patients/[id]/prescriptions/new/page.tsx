import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PrescriptionPage } from "../prescription-page";

// Generic on purpose: no patient name in the tab title.
export const metadata: Metadata = { title: "New prescription" };

export default async function NewPrescriptionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  return <PrescriptionPage patientId={id} rxId={null} />;
}
