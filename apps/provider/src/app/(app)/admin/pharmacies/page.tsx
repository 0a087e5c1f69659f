import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { PharmacyAdmin } from "./pharmacy-admin";

export const metadata: Metadata = { title: "Pharmacies" };

export default async function PharmaciesPage() {
  await requireSession();
  return <PharmacyAdmin />;
}
