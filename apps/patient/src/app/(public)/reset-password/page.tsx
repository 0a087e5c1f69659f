import type { Metadata } from "next";

import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, error } = await searchParams;
  // better-auth redirects here with ?error=INVALID_TOKEN when the link is expired or used.
  const usable = typeof token === "string" && token.length > 0 && !error ? token : null;
  return <ResetPasswordForm token={usable} />;
}
