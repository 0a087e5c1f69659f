import type { Metadata } from "next";

import { ProvidersOnly } from "~/components/providers-only";
import { requireSession } from "~/server/session";
import { AvailabilityEditor } from "./availability-editor";

export const metadata: Metadata = { title: "Availability" };

export default async function AvailabilityPage() {
  await requireSession();
  return (
    <ProvidersOnly title="Availability">
      <AvailabilityEditor />
    </ProvidersOnly>
  );
}
