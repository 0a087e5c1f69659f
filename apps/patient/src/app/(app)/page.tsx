import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";

import { requireSession } from "~/server/session";
import { getQueryClient, trpc } from "~/trpc/server";

import { HomeView } from "./home-view";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  const { saved } = await searchParams;
  // What the home's first paint shows, read here so the HTML carries it (a failed read is not
  // dehydrated: the card asks again in the browser and shows its own error).
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.profile.get.queryOptions()),
    queryClient.prefetchQuery(trpc.intake.current.queryOptions()),
    queryClient.prefetchQuery(trpc.booking.mine.queryOptions()),
    queryClient.prefetchQuery(trpc.decision.mine.queryOptions()),
    queryClient.prefetchQuery(trpc.prescription.mine.queryOptions()),
    queryClient.prefetchQuery(trpc.regimen.mine.queryOptions()),
    queryClient.prefetchQuery(trpc.checkIn.mine.queryOptions()),
  ]);
  // The next step also waits on an active regimen's doses and the last dose taken (next-step-card.tsx).
  const regimen = queryClient.getQueryData(trpc.regimen.mine.queryKey())?.regimen;
  if (regimen?.status === "active") {
    const doses = trpc.dose.list.queryOptions({ regimenId: regimen.id });
    await queryClient.prefetchQuery(doses);
    const taken = queryClient
      .getQueryData(doses.queryKey)
      ?.sessions.filter((d) => d.status === "taken")
      .sort((a, b) => b.sequence - a.sequence)[0];
    if (taken) await queryClient.prefetchQuery(trpc.dose.session.queryOptions({ sessionId: taken.id }));
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <HomeView saved={saved === "profile"} />
    </HydrationBoundary>
  );
}
