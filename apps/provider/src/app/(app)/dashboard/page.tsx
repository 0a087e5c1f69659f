import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { Dashboard } from "./dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requireSession();
  return <Dashboard />;
}
