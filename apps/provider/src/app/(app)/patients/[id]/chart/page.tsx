import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { Chart } from "./chart";

// Generic on purpose: no patient name in the tab title.
export const metadata: Metadata = { title: "Chart" };

export default async function ChartPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  return <Chart patientId={id} />;
}
