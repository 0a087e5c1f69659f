import type { Metadata } from "next";
import { Suspense } from "react";

import { requireSession } from "~/server/session";
import { AuditLog } from "./audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireSession();
  return (
    <Suspense>
      <AuditLog />
    </Suspense>
  );
}
