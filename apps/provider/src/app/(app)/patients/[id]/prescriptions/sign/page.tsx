import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { SigningCeremony } from "../ceremony";

export const metadata: Metadata = { title: "Sign prescriptions" };

export default async function SignPrescriptionsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  return <SigningCeremony patientId={id} />;
}
