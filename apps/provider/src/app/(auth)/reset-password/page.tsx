import type { Metadata } from "next";
import Link from "next/link";

import { Alert } from "@clearwell/ui/alert";
import { AuthCard, linkClass } from "~/components/auth-card";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  const invalid = !token || typeof params.error === "string";
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/sign-in" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      {invalid || !token ? (
        <Alert variant="error" title="This reset link is not valid">
          It may have expired (links work for one hour) or been used already.{" "}
          <Link href="/forgot-password" className={linkClass}>
            Request a new link
          </Link>
        </Alert>
      ) : (
        <ResetPasswordForm token={token} />
      )}
    </AuthCard>
  );
}
