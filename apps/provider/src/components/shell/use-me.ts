"use client";

import { useQuery } from "@tanstack/react-query";

import { useMounted } from "~/lib/use-mounted";
import { useTRPC } from "~/trpc/react";

/**
 * The signed-in staff member, their clinics and roles in the active one (cached for the session).
 *
 * Hydration-safe: the server renders every page without the session query (it is fetched by the
 * browser), so while React hydrates, this reads as still loading. Otherwise a part of the page that
 * hydrates late (a Suspense boundary such as the patient list) could find the answer already cached
 * by the shell and render role-dependent output the server did not (issue 15: the Patients page's
 * "Invite patient" header action was a hydration error). After hydration it is the query itself.
 */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.session.me.queryOptions(), staleTime: 5 * 60_000 });
  const hydrated = useMounted();
  const data = hydrated ? me.data : undefined;
  const roles = data?.activeClinic?.roles ?? [];
  return { ...me, data, isSuccess: hydrated && me.isSuccess, isPending: !hydrated || me.isPending, isError: hydrated && me.isError, roles };
}
