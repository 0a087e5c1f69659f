import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PrescribersAdmin } from "./prescribers-admin";

export const metadata: Metadata = { title: "Prescribers" };

export default async function PrescribersPage() {
  await requireSession();
  return <PrescribersAdmin />;
}
