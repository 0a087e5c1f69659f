import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { FormularyAdmin } from "./formulary-admin";

export const metadata: Metadata = { title: "Formulary" };

export default async function FormularyPage() {
  await requireSession();
  return <FormularyAdmin />;
}
