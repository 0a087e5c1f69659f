import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { requireSession } from "~/server/session";
import { VisitRoom } from "./visit-room";

export const metadata: Metadata = { title: "Video visit" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function VisitPage({ params }: { params: Promise<{ appointmentId: string }> }) {
  await requireSession();
  const { appointmentId } = await params;
  if (!UUID.test(appointmentId)) notFound();
  return <VisitRoom appointmentId={appointmentId} />;
}
