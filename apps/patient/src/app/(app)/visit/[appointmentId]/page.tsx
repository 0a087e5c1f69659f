import type { Metadata } from "next";
import { ZUuid } from "@clearwell/validators/common";
import { notFound } from "next/navigation";

import { requireSession } from "~/server/session";

import { VisitFlow } from "./visit-flow";

export const metadata: Metadata = { title: "Video visit" };

export default async function VisitPage({ params }: { params: Promise<{ appointmentId: string }> }) {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  const { appointmentId } = await params;
  // The same rule the API applies, so a mistyped link is a 404 rather than an error screen.
  if (!ZUuid.safeParse(appointmentId).success) notFound();
  return <VisitFlow appointmentId={appointmentId} />;
}
