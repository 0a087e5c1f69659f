import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { AvailabilityEditor } from "./availability-editor";

export const metadata: Metadata = { title: "Availability" };

export default async function AvailabilityPage() {
  await requireSession();
  return <AvailabilityEditor />;
}
