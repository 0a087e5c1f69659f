import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { Schedule } from "./schedule";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage() {
  await requireSession();
  return <Schedule />;
}
