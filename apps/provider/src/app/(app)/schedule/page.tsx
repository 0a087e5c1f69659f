import type { Metadata } from "next";
import { HydrationBoundary, dehydrate } from "@tanstack/react-query";

import { clinicToday, scheduleRange } from "~/lib/clinic-calendar";
import { requireSession } from "~/server/session";
import { getQueryClient, trpc } from "~/trpc/server";
import { Schedule } from "./schedule";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage() {
  await requireSession();
  const queryClient = getQueryClient();
  // The clinic's zone decides which days "this week" are; the session read writes no audit row.
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions()).catch(() => null);
  // No active clinic (the schedule itself is then refused): any fixed zone keeps server and browser alike.
  const timeZone = me?.activeClinic?.clinicTimezone ?? "UTC";
  const today = clinicToday(timeZone);
  // The week the page opens on, read (and audited, once) here: the same input, so the same query,
  // as the client component's first read, which then finds it fresh instead of asking again. A
  // failure never throws: the client shows it and offers to try again.
  const { from, to } = scheduleRange("week", today, timeZone);
  await queryClient.prefetchQuery(trpc.schedule.list.queryOptions({ from, to }));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Schedule timeZone={timeZone} today={today} />
    </HydrationBoundary>
  );
}
