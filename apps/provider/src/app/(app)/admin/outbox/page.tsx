import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { OutboxAdmin } from "./outbox-admin";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  await requireSession();
  return <OutboxAdmin />;
}
