import type { Metadata } from "next";
import { Suspense } from "react";

import { requireSession } from "~/server/session";
import { EpcsAccess } from "./epcs-access";

export const metadata: Metadata = { title: "EPCS access" };

export default async function EpcsAccessPage() {
  await requireSession();
  return (
    <Suspense>
      <EpcsAccess />
    </Suspense>
  );
}
