import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { IntakeWizard } from "./intake-wizard";

export const metadata: Metadata = { title: "Your intake" };

export default async function IntakePage() {
  await requireSession();
  return <IntakeWizard />;
}
