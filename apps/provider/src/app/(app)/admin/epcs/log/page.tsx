import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { MonthlyLog } from "./monthly-log";

export const metadata: Metadata = { title: "Controlled-substance log" };

export default async function MonthlyLogPage() {
  await requireSession();
  return <MonthlyLog />;
}
