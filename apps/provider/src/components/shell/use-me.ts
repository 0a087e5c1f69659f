"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

/** The signed-in staff member, their clinics and roles in the active one (cached for the session). */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.session.me.queryOptions(), staleTime: 5 * 60_000 });
  const roles = me.data?.activeClinic?.roles ?? [];
  return { ...me, roles };
}
