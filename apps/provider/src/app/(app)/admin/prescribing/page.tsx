import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PrescribingSettings } from "./prescribing-settings";

export const metadata: Metadata = { title: "Prescribing settings" };

export default async function PrescribingSettingsPage() {
  await requireSession();
  return <PrescribingSettings />;
}
