import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PrescriptionPage } from "../prescription-page";

export const metadata: Metadata = { title: "Prescription" };

export default async function PrescriptionDetailPage({ params }: { params: Promise<{ id: string; rxId: string }> }) {
  await requireSession();
  const { id, rxId } = await params;
  return <PrescriptionPage patientId={id} rxId={rxId} />;
}
