import type { Metadata } from "next";

import { ConfirmEnrolmentForm } from "./confirm-form";

export const metadata: Metadata = { title: "Finish creating your account" };

export default async function ConfirmEnrolmentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <ConfirmEnrolmentForm token={decodeURIComponent(token)} />;
}
