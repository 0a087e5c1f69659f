import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { HomeView } from "./home-view";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  const { saved } = await searchParams;
  return <HomeView saved={saved === "profile"} />;
}
