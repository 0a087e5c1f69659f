import type { Metadata } from "next";
import { Suspense } from "react";

import { requireSession } from "~/server/session";
import { AlertInbox } from "./alert-inbox";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requireSession();
  return (
    <Suspense>
      <AlertInbox />
    </Suspense>
  );
}
