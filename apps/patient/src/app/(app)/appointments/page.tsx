import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { AppointmentsView } from "./appointments-view";

export const metadata: Metadata = { title: "Your appointments" };

export default async function AppointmentsPage() {
  await requireSession();
  return <AppointmentsView />;
}
