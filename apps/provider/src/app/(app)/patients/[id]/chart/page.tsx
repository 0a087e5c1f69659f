import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";

import { requireSession } from "~/server/session";
import { getQueryClient, prefetchErrorCode, trpc } from "~/trpc/server";
import { Chart } from "./chart";

// Generic on purpose: no patient name in the tab title.
export const metadata: Metadata = { title: "Chart" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ChartPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  const queryClient = getQueryClient();
  const options = trpc.chart.get.queryOptions({ patientId: id });
  // Read here (and audited here), so the first paint is the chart; a failure never throws, the
  // client shows it: a refusal as such, anything else by asking again.
  if (UUID.test(id)) await queryClient.prefetchQuery(options);
  const code = prefetchErrorCode(options.queryKey);
  // The panels' own reads, once the chart is granted (a refused chart shows none of them).
  if (UUID.test(id) && !code) {
    const patientId = id;
    await Promise.all([
      queryClient.prefetchQuery(trpc.regimen.forPatient.queryOptions({ patientId })),
      queryClient.prefetchQuery(trpc.safetySettings.get.queryOptions()),
      queryClient.prefetchQuery(trpc.note.list.queryOptions({ patientId })),
      queryClient.prefetchQuery(trpc.decision.current.queryOptions({ patientId })),
      queryClient.prefetchQuery(trpc.prescription.context.queryOptions({ patientId })),
      queryClient.prefetchQuery(trpc.prescription.forPatient.queryOptions({ patientId })),
    ]);
  }
  const refused = code === "FORBIDDEN" || code === "NOT_FOUND" ? code : null;
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Chart patientId={id} refused={refused} />
    </HydrationBoundary>
  );
}
