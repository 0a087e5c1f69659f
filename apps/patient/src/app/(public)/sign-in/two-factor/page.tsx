import type { Metadata } from "next";

import { TwoFactorForm } from "./two-factor-form";

export const metadata: Metadata = { title: "Authentication code" };

export default function TwoFactorPage() {
  return <TwoFactorForm />;
}
