"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";

import { useMe } from "~/components/shell/use-me";
import { background, useTRPC } from "~/trpc/react";

const POLL_MS = 30_000;

/**
 * The live count beside "Alerts" in the navigation: what this person may see that is still open
 * (the server filters by role and assignment, DOMAIN.md §1), critical ones in red. The server
 * pushes the new counts on any change (`alert.onChange`) and an open inbox is refetched; polling every
 * 30 s while the stream is down. Both are background requests: they never keep an idle session alive.
 */
export function AlertsNavCount() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  // Clinic data opens only once a second factor is set up (as the waiting banner).
  const enabled = Boolean(me.data?.user.twoFactorEnabled);
  const countsOptions = trpc.alert.counts.queryOptions(undefined, background);
  const feed = useSubscription(
    trpc.alert.onChange.subscriptionOptions(undefined, {
      enabled,
      onData: (counts) => {
        qc.setQueryData(countsOptions.queryKey, counts);
        // An open inbox follows along (only queries on screen refetch).
        void qc.invalidateQueries({ queryKey: trpc.alert.list.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.alert.get.pathKey() });
      },
    }),
  );
  const counts = useQuery({
    ...countsOptions,
    enabled,
    refetchInterval: feed.status === "pending" ? false : POLL_MS,
  });
  const c = counts.data;
  if (!c || c.open === 0) return null;
  const spoken = `${c.open} open${c.critical ? `, ${c.critical} critical` : ""}`;
  return (
    <span className="ml-auto flex items-center gap-1" data-testid="alerts-nav-count">
      {c.critical ? (
        <span aria-hidden="true" className="min-w-5 rounded-full bg-red-700 px-1.5 text-center text-xs leading-5 font-semibold text-white">
          {c.critical}
        </span>
      ) : null}
      <span aria-hidden="true" className="min-w-5 rounded-full bg-slate-200 px-1.5 text-center text-xs leading-5 font-semibold text-slate-800">
        {c.open}
      </span>
      <span className="sr-only">: {spoken}</span>
    </span>
  );
}
