"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";

import { useTRPC } from "~/trpc/react";

/**
 * One patient's prescriptions with live status (DOMAIN.md §2: signed -> transmitted -> acknowledged
 * happen on the server after signing). The server pushes a change over server-sent events
 * (`prescription.onChange`, Postgres LISTEN/NOTIFY) with the whole list; the prescription pages
 * open on it are refetched. The list is also refetched when the window regains focus, in case the
 * stream was down.
 */
export function useLivePrescriptions(patientId: string, enabled = true) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const listOptions = trpc.prescription.forPatient.queryOptions({ patientId });
  const list = useQuery({ ...listOptions, enabled, refetchOnWindowFocus: true });
  const feed = useSubscription(
    trpc.prescription.onChange.subscriptionOptions(
      { patientId },
      {
        enabled,
        onData: (data) => {
          qc.setQueryData(listOptions.queryKey, data);
          void qc.invalidateQueries({ queryKey: trpc.prescription.get.pathKey() });
          void qc.invalidateQueries({ queryKey: trpc.prescription.readyForSigning.queryKey({ patientId }) });
        },
      },
    ),
  );
  return { list, live: feed.status === "pending" };
}
