import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { ClinicSettings } from "./clinic-settings";

export const metadata: Metadata = { title: "Clinic settings" };

export default async function ClinicSettingsPage() {
  await requireSession();
  return <ClinicSettings />;
}
