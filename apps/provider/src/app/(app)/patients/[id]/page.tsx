import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PatientDetail } from "./patient-detail";

// Generic on purpose: a patient's name in the tab title would leak into history and screen shares.
export const metadata: Metadata = { title: "Patient" };

export default async function PatientPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  return <PatientDetail patientId={id} />;
}
