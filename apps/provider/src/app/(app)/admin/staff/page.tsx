import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { StaffAdmin } from "./staff-admin";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  await requireSession();
  return <StaffAdmin />;
}
