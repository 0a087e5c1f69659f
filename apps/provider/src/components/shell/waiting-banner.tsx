"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { BellRing } from "lucide-react";
import { Button } from "@clearwell/ui/button";

import { isClinician } from "~/lib/roles";
import { background, useTRPC } from "~/trpc/react";

const sinceLabel = (since: Date | null, now: number) => {
  if (!since) return "";
  const minutes = Math.max(0, Math.round((now - new Date(since).getTime()) / 60_000));
  return minutes < 1 ? "just now" : `for ${minutes} min`;
};

/**
 * "Patient is waiting", on every page, without a reload: the visits with a patient in the waiting
 * room, pushed by the server (a stream never keeps an idle session alive).
 */
export function WaitingBanner({ roles, userId }: { roles: readonly string[]; userId: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const enabled = roles.length > 0;
  // Pushed over server-sent events whenever a visit this user may see changes; polling only while the stream is down.
  const liveOptions = trpc.visit.live.queryOptions(undefined, background);
  const feed = useSubscription(trpc.visit.liveFeed.subscriptionOptions(undefined, { enabled, onData: (data) => queryClient.setQueryData(liveOptions.queryKey, data) }));
  const live = useQuery({ ...liveOptions, refetchInterval: feed.status === "error" ? 15_000 : false, enabled });
  const waiting = (live.data ?? []).filter((v) => v.status === "patient_waiting" && !pathname.startsWith(`/visits/${v.appointmentId}`));
  const now = useNow(30_000);
  if (!waiting.length) return <div aria-live="polite" className="sr-only" />;
  return (
    <div aria-live="polite" className="mb-6 flex flex-col gap-2">
      {waiting.map((v) => {
        const own = v.providerUserId === userId && isClinician(roles);
        return (
          <div key={v.visitId} role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3">
            <p className="flex items-center gap-2 text-sm text-amber-950">
              <BellRing aria-hidden="true" className="size-4 shrink-0 animate-pulse text-amber-700 motion-reduce:animate-none" />
              <span>
                <strong>
                  {v.givenName} {v.familyName}
                </strong>{" "}
                is waiting {sinceLabel(v.waitingSince, now)} for their {v.kind === "evaluation" ? "evaluation" : "follow-up"}
                {own ? "" : ` with ${v.providerName}`}.
              </span>
            </p>
            {own ? (
              <Button asChild size="sm">
                <Link href={`/visits/${v.appointmentId}`}>Open visit</Link>
              </Button>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** The time, re-read every `ms`, so "waiting for N min" moves on between pushes. */
function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
